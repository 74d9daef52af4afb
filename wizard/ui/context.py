"""What every page shares: the stores, the chosen mini-program, and a way to save safely."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from wizard.core import i18n, journey
from wizard.core.paths import AppPaths
from wizard.core.settings import Settings, SettingsStore
from wizard.core.state import MiniProgram, ProgramStore
from wizard.core.steps import StepChange, StepStatus
from wizard.core.storage import StorageError
from wizard.ui.jobs import JobCenter

if TYPE_CHECKING:
    from wizard.core.secrets import SecretStore

log = logging.getLogger(__name__)

# A burst of typing is one write: answers reach the disk this long after the last change
# (leaving a page, finishing a job and closing the window write at once).
SAVE_DELAY_MS = 400


class AppContext(QObject):
    """The app's shared state, with signals the pages and the side panel listen to."""

    program_changed = Signal()  # another mini-program was chosen (or none)
    answers_changed = Signal()  # an answer of some mini-program changed (statuses recomputed)
    save_failed = Signal(str)  # a sentence: the disk refused; answers are kept in memory
    language_changed = Signal(str)

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.settings_store = SettingsStore(paths)
        self.programs = ProgramStore(paths)
        self.program: MiniProgram | None = None
        # Each renders its sentence in the language current when called (see LoadResult).
        self.startup_problems: list[Callable[[], str]] = []
        self.last_save_error = ""
        self.unsaved = False  # a write failed: try again at the next change or on close
        self._secrets: SecretStore | None = None
        self.jobs = JobCenter(self)
        # Step statuses per program id, computed once per change and shared by every view.
        self._statuses: dict[str, dict[str, StepStatus]] = {}
        self._save_timer: QTimer | None = None

    def load(self) -> None:
        """Read settings and state; damaged files were set aside and are reported once."""
        for result in (self.settings_store.load(), self.programs.load()):
            if result.problem_text is not None:
                self.startup_problems.append(result.problem_text)
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
        """The answers of a step of the current mini-program, read-only (empty if none chosen)."""
        if self.program is None:
            return {}
        return dict(self.program.answers.get(step_id, {}))

    def update_answers(self, program: MiniProgram | None, step_id: str, **values: object) -> None:
        """The one way answers change: for the named mini-program, saved shortly, broadcast once.

        A result of long work names the program it was started for; when that program was
        removed meanwhile, nothing is kept.
        """
        if program is None or self.programs.get(program.id) is not program:
            return
        program.answer(step_id).update(values)
        self.programs.touch(program)
        self.answers_changed_for(program)

    def apply(self, program: MiniProgram | None, step_id: str, change: StepChange | None) -> None:
        """A named step operation's result (`wizard.core.steps.StepChange`): a new AppID for the
        mini-program and the step's answers, saved and broadcast once."""
        if change is None or program is None or self.programs.get(program.id) is not program:
            return
        if change.appid is not None:
            program.appid = change.appid
        self.update_answers(program, step_id, **change.answers)

    def answers_changed_for(self, program: MiniProgram) -> None:
        """Something of this program changed (answers, AppID): recompute once, save soon."""
        self._statuses.pop(program.id, None)
        self.save_soon()
        self.answers_changed.emit()

    def step_statuses(self, program: MiniProgram) -> dict[str, StepStatus]:
        """Done / to do / not applicable per step, computed once per change of the program."""
        cached = self._statuses.get(program.id)
        if cached is None:
            cached = journey.statuses(program, current_step="")
            self._statuses[program.id] = cached
        return cached

    def set_current_step(self, step_id: str) -> None:
        if self.program is not None and self.program.current_step != step_id:
            self.program.current_step = step_id
            self.save_soon()

    def save_soon(self) -> None:
        """Write the state after a short pause (a burst of changes is one write)."""
        self.unsaved = True
        if self._save_timer is None:
            self._save_timer = QTimer(self)
            self._save_timer.setSingleShot(True)
            self._save_timer.setInterval(SAVE_DELAY_MS)
            self._save_timer.timeout.connect(self.flush)
        self._save_timer.start()

    def flush(self) -> None:
        """Write now whatever is waiting (leaving a page, closing the window)."""
        if self._save_timer is not None:
            self._save_timer.stop()
        if self.unsaved:
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
        """On close: write what is waiting, and retry a write that failed earlier."""
        if self._save_timer is not None:
            self._save_timer.stop()
        if self.unsaved:
            self.unsaved = not (self.save_state() and self.save_settings())

    def set_language(self, language: str, remember: bool = True) -> None:
        from wizard.ui.qt_i18n import apply_language

        apply_language(language)
        if remember:
            self.settings.language = language
            self.save_settings()
        self.language_changed.emit(i18n.current_language())
