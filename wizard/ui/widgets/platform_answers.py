"""Asking the platform from a page: one helper that reads the keychain and starts the asker, and
a small view of the service categories and capability applications for the registration and
review pages (each with the time it was asked)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from wizard.core.i18n import _
from wizard.core.platform_api import memory
from wizard.core.platform_api.answers import CategoriesAnswer, no_credentials_sentence
from wizard.net.platform_api import PlatformAnswers, PlatformAsker
from wizard.ui.context import AppContext
from wizard.ui.widgets.common import Notice, plain_label


def start_asking(context: AppContext, asker: PlatformAsker, **which: bool) -> str:
    """Start asking for the current mini-program; "" when started, else the sentence why not.
    The AppSecret is read from the keychain here and handed on, never kept."""
    program = context.program
    secret = context.secrets.get(program.appid) if program is not None and program.appid else None
    if program is None or not secret:
        return no_credentials_sentence()
    asker.start(program.appid, secret, **which)
    return ""


def remember(context: AppContext, program_id: str, answers: PlatformAnswers) -> None:
    """Keep the last real answers of this mini-program (a failed ask keeps the earlier ones)."""
    program = context.programs.get(program_id)
    values: dict[str, object] = {}
    if answers.privacy is not None:
        values.update(memory.privacy_values(answers.privacy))
    if answers.categories is not None:
        values.update(memory.categories_values(answers.categories))
    if program is not None and values:
        context.update_answers(program, memory.PLATFORM_KEY, **values)


class CategoriesView(QGroupBox):
    """The service categories (approved / in review, edits left) and the capability
    applications, as the platform answered, with a button to ask again."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.asker = PlatformAsker(self)
        self.asker.finished.connect(self._on_answers)
        self.ask_button = QPushButton()
        self.ask_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.notice = Notice()
        self.report = plain_label(selectable=True)
        self._program_id = ""
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.ask_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.notice)
        layout.addWidget(self.report)
        self.ask_button.clicked.connect(self.ask)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Service categories and capabilities, as the platform says"))
        self.ask_button.setText(_("Ask the platform for the categories"))
        self.show_remembered()

    def show_remembered(self) -> None:
        """What the platform said last time for the current mini-program (or nothing)."""
        program = self.context.program
        remembered = memory.remembered_categories(program) if program is not None else None
        self.report.setText("\n".join(remembered.lines()) if remembered is not None else "")
        self.report.setVisible(remembered is not None)

    def ask(self) -> None:
        if self.asker.is_running():
            return
        program = self.context.program
        self._program_id = program.id if program is not None else ""
        why_not = start_asking(self.context, self.asker, privacy=False)
        if why_not:
            self.notice.show_message("info", why_not)
            return
        self.ask_button.setEnabled(False)
        self.notice.show_message("wait", _("Asking the platform…"))

    def _on_answers(self, answers: PlatformAnswers) -> None:
        self.ask_button.setEnabled(True)
        remember(self.context, self._program_id, answers)
        program = self.context.program
        if program is None or program.id != self._program_id:
            return
        lines: list[str] = []
        categories: CategoriesAnswer | None = answers.categories
        if categories is not None:
            lines += categories.lines()
        if answers.capacities is not None:
            lines += answers.capacities.lines()
        self.notice.clear()
        self.report.setText("\n".join(lines))
        self.report.setVisible(bool(lines))

    def stop_work(self) -> None:
        self.asker.cancel()
