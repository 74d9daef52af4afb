"""Welcome: choose the mini-program to publish, start a new one, or remove one (asks first)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from wizard.core import journey
from wizard.core.i18n import _, join_sentences
from wizard.core.state import MiniProgram
from wizard.core.steps import filing as filing_step
from wizard.core.steps import version as version_step
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext

if TYPE_CHECKING:
    from wizard.ui.provider import ProviderHeader
from wizard.ui.widgets.common import Notice, ask_yes_no, wrapping_label

# Qt.ItemDataRole.UserRole and Qt.Key.Key_Return / Key_Enter as numbers: this page is built
# before the first paint, when the Qt namespace is not loaded yet (see widgets/common.py).
PROGRAM_ROLE = 0x0100
ENTER_KEYS = (0x01000004, 0x01000005)


class WelcomePage(BasePage):
    """Lists the merchant's mini-programs; Next resumes the chosen one where it was left."""

    step_id = journey.WELCOME

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.intro = wrapping_label()
        self.problems = Notice(framed=True)
        self.list_label = QLabel()
        self.program_list = QListWidget()
        self.program_list.setWordWrap(True)
        self.program_list.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.empty_hint = wrapping_label()
        self.remove_button = QPushButton()
        self.name_label = QLabel()
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(60)
        self.create_button = QPushButton()
        self.name_label.setBuddy(self.name_edit)
        self.list_label.setBuddy(self.program_list)

        # The provider's name and logo arrive just after the first paint (attach_provider).
        self.provider: ProviderHeader | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.problems)
        layout.addWidget(self.list_label)
        layout.addWidget(self.program_list, 1)
        layout.addWidget(self.empty_hint)
        list_buttons = QHBoxLayout()
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.remove_button)
        layout.addLayout(list_buttons)
        new_row = QHBoxLayout()
        new_row.addWidget(self.name_label)
        new_row.addWidget(self.name_edit, 1)
        new_row.addWidget(self.create_button)
        layout.addLayout(new_row)

        self.program_list.currentItemChanged.connect(self._on_current_changed)
        # Enter reaches the wizard's default Next button; a double click does the same.
        self.program_list.itemDoubleClicked.connect(self._on_activated)
        self.remove_button.clicked.connect(self.ask_remove_current)
        self.create_button.clicked.connect(self.create_from_field)
        # Enter in the name field adds the mini-program and stays here (not the wizard's Next).
        self.name_edit.installEventFilter(self)
        self.name_edit.textChanged.connect(self._update_buttons)
        context.answers_changed.connect(self.refresh_list)
        self.retranslate()

    def attach_provider(self) -> None:
        """The provider's name, logo and "open profile" button, at the top (after first paint)."""
        if self.provider is None:
            from wizard.ui.provider import ProviderHeader

            self.provider = ProviderHeader(self.context)
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(0, self.provider)
            # (A child added to a shown page is shown on the next event-loop turn otherwise.)
            self.provider.show()

    def retranslate(self) -> None:
        self.setTitle(_("Welcome"))
        self.setSubTitle(_("Choose the mini-program you are publishing, or start a new one."))
        self.intro.setText(
            _(
                "This assistant walks you through publishing your Douyin / Toutiao mini-program "
                "step by step. Everything you enter is saved as you go, so you can close the app "
                "and continue later, even after days of waiting for a review."
            )
        )
        self.list_label.setText(_("&Your mini-programs:"))
        self.program_list.setAccessibleName(_("Your mini-programs"))
        self.empty_hint.setText(
            _("You have no mini-program here yet. Type its name below and press Add.")
        )
        self.remove_button.setText(_("&Remove…"))
        self.remove_button.setAccessibleName(_("Remove the chosen mini-program"))
        self.name_label.setText(_("New mini-program na&me:"))
        self.name_edit.setPlaceholderText(_("for example: 小明的花店"))
        self.name_edit.setAccessibleName(_("New mini-program name"))
        self.create_button.setText(_("&Add"))
        self.create_button.setAccessibleName(_("Add a new mini-program"))
        self.refresh_list()
        self._show_problems()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if (
            watched is self.name_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and int(event.key()) in ENTER_KEYS
        ):
            self.create_from_field()
            return True
        return super().eventFilter(watched, event)

    def _show_problems(self) -> None:
        problems = self.context.startup_problems
        if problems:
            self.problems.show_message(
                "warning", join_sentences(*(render() for render in problems))
            )
        else:
            self.problems.clear()

    def describe(self, program: MiniProgram) -> str:
        done, total = journey.progress(program)
        step = journey.step_by_id(journey.resume_step(program))
        where = _(step.title) if step else ""
        appid = program.appid or _("no AppID yet")
        line = _("{name} ({appid}) · {done} of {total} steps done · next: {where}").format(
            name=program.name, appid=appid, done=done, total=total, where=where
        )
        # Where the release stands, in words ("in review, submitted 2 days ago"), so a
        # merchant opening the app days later knows at once.
        release = version_step.welcome_words(program)
        # The filing is the longest wait of all: where it stands, on its own line.
        filing = filing_step.where_it_stands(program)
        return "\n".join(part for part in (line, release, filing) if part)

    def refresh_list(self) -> None:
        chosen = self.context.program
        self.program_list.blockSignals(True)
        self.program_list.clear()
        for program in self.context.programs.ordered():
            item = QListWidgetItem(self.describe(program))
            item.setData(PROGRAM_ROLE, program.id)
            self.program_list.addItem(item)
            if chosen is not None and program.id == chosen.id:
                self.program_list.setCurrentItem(item)
        self.program_list.blockSignals(False)
        has_programs = self.program_list.count() > 0
        self.empty_hint.setVisible(not has_programs)
        self.program_list.setVisible(has_programs)
        self.list_label.setVisible(has_programs)
        self._update_buttons()
        self.completeChanged.emit()

    def initializePage(self) -> None:
        self.refresh_list()
        if self.program_list.count() == 0:
            self.name_edit.setFocus()
        else:
            self.program_list.setFocus()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.program_list.currentItem() is not None)
        self.create_button.setEnabled(bool(self.name_edit.text().strip()))

    def _on_current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        program = self.context.programs.get(current.data(PROGRAM_ROLE)) if current else None
        self.context.select(program)
        self._update_buttons()
        self.completeChanged.emit()

    def _on_activated(self, _item: QListWidgetItem) -> None:
        if self.isComplete() and self.wizard() is not None:
            self.wizard().next()

    def create_from_field(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            return
        self.context.create_program(name)
        self.name_edit.clear()
        self.refresh_list()
        self.program_list.setFocus()

    def ask_remove_current(self) -> None:
        program = self.context.program
        if program is None:
            return
        question = _(
            "Remove “{name}” and everything you entered for it from this app? Your files "
            "on disk and your account on the developer platform are not touched."
        ).format(name=program.name)
        if self.context.has_secret(program):
            question = join_sentences(
                question,
                _(
                    "The AppSecret saved for it in this computer's password store is deleted "
                    "too: make sure you have it elsewhere (for example in your provider's admin)."
                ),
            )
        if ask_yes_no(self, _("Remove mini-program"), question):
            self.remove_program(program)

    def remove_program(self, program: MiniProgram) -> None:
        """Remove without asking (the question was asked by ask_remove_current)."""
        self.context.remove_program(program)
        self.refresh_list()

    def page_complete(self) -> bool:
        return self.context.program is not None

    def validatePage(self) -> bool:  # Qt override
        return self.context.program is not None
