"""What every page shares: the stores, the chosen mini-program, and a way to save safely."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from wizard.core import i18n
from wizard.core.paths import AppPaths
from wizard.core.settings import Settings, SettingsStore
from wizard.core.state import MiniProgram, ProgramStore
from wizard.core.storage import StorageError

if TYPE_CHECKING:
    from wizard.core.secrets import SecretStore

log = logging.getLogger(__name__)


class AppContext(QObject):
    """The app's shared state, with signals the pages and the side panel listen to."""

    program_changed = Signal()  # another mini-program was chosen (or none)
    answers_changed = Signal()  # an answer of the current mini-program changed
    save_failed = Signal(str)  # a sentence: the disk refused; answers are kept in memory
    language_changed = Signal(str)

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.settings_store = SettingsStore(paths)
        self.programs = ProgramStore(paths)
        self.program: MiniProgram | None = None
        self.startup_problems: list[str] = []
        self.last_save_error = ""
        self.unsaved = False  # a write failed: try again at the next change or on close
        self._secrets: SecretStore | None = None

    def load(self) -> None:
        """Read settings and state; damaged files were set aside and are reported once."""
        for result in (self.settings_store.load(), self.programs.load()):
            if result.problem:
                self.startup_problems.append(result.problem)
        last = self.programs.get(self.settings_store.settings.last_program_id)
        self.program = last

    @property
    def secrets(self) -> SecretStore:
        """The AppSecret store, created on first use (loading keyring takes a moment)."""
        if self._secrets is None:
            from wizard.core.secrets import SecretStore

            self._secrets = SecretStore()
        return self._secrets

    @secrets.setter
    def secrets(self, store: SecretStore) -> None:
        self._secrets = store

    def has_secret(self, program: MiniProgram) -> bool:
        return bool(program.appid) and self.secrets.get(program.appid) is not None

    @property
    def settings(self) -> Settings:
        return self.settings_store.settings

    def select(self, program: MiniProgram | None) -> None:
        if program is self.program:
            return
        self.program = program
        self.settings.last_program_id = program.id if program else ""
        self.save_settings()
        self.program_changed.emit()

    def create_program(self, name: str) -> MiniProgram:
        program = self.programs.create(name)
        self.save_state()
        self.select(program)
        return program

    def remove_program(self, program: MiniProgram, *, delete_secret: bool = True) -> None:
        """Remove a mini-program; its AppSecret leaves the keychain too unless asked not to."""
        if delete_secret and program.appid and not self.appid_shared(program, program.appid):
            self.secrets.delete(program.appid)
        self.programs.remove(program.id)
        if self.program is program:
            self.select(None)
        self.save_state()

    def appid_shared(self, program: MiniProgram, appid: str) -> bool:
        """Another mini-program entry uses this AppID (then its secret is theirs too)."""
        return any(
            other.appid == appid
            for other in self.programs.programs.values()
            if other.id != program.id
        )

    def answers(self, step_id: str) -> dict[str, object]:
        """The live answers dict of a step of the current mini-program (empty if none chosen)."""
        if self.program is None:
            return {}
        return self.program.answer(step_id)

    def update_answers(self, step_id: str, **values: object) -> None:
        """Store answers of the current mini-program and write them to disk at once."""
        if self.program is None:
            return
        self.program.answer(step_id).update(values)
        self.programs.touch(self.program)
        self.save_state()
        self.answers_changed.emit()

    def set_current_step(self, step_id: str) -> None:
        if self.program is not None and self.program.current_step != step_id:
            self.program.current_step = step_id
            self.save_state()

    def save_state(self) -> bool:
        saved = self._save(self.programs.save)
        if saved:
            self.unsaved = False
        return saved

    def save_settings(self) -> bool:
        return self._save(self.settings_store.save)

    def _save(self, write: Callable[[], None]) -> bool:
        try:
            write()
        except StorageError as exc:
            # Kept in memory; the next successful save writes everything.
            self.unsaved = True
            if exc.message != self.last_save_error:
                self.last_save_error = exc.message
                self.save_failed.emit(exc.message)
            return False
        self.last_save_error = ""
        return True

    def save_if_unsaved(self) -> None:
        """On close: everything is written as it changes, unless a write failed earlier."""
        if self.unsaved:
            self.unsaved = not (self.save_state() and self.save_settings())

    def set_language(self, language: str, remember: bool = True) -> None:
        from wizard.ui.qt_i18n import apply_language

        apply_language(language)
        if remember:
            self.settings.language = language
            self.save_settings()
        self.language_changed.emit(i18n.current_language())
