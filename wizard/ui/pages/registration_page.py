"""Journey step 1: register on the developer platform and get the mini-program approved."""

from __future__ import annotations

import datetime

from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from wizard.core import platform_facts
from wizard.core.i18n import _
from wizard.core.registration import CHECKLIST, DOCUMENTS_TO_HAVE_READY
from wizard.core.steps import registration as step
from wizard.core.steps.registration import RegistrationAnswers, RegistrationStatus, Subject
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext
from wizard.ui.provider import current_profile, follow_changes
from wizard.ui.widgets.common import Notice, UrlButton, WrappingCheckBox, wrapping_label
from wizard.ui.widgets.platform_answers import CategoriesView
from wizard.ui.widgets.platform_setup import CategoriesPaymentBox


class RegistrationPage(BasePage):
    """前期准备 as a checklist with platform buttons, and the application's review state."""

    step_id = step.ID

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.intro = wrapping_label()
        self.done_before_button = QPushButton()
        self.done_before_button.clicked.connect(self.mark_done_before)

        self.checklist_box = QGroupBox()
        grid = QGridLayout(self.checklist_box)
        self.item_boxes: dict[str, WrappingCheckBox] = {}
        self.item_where: dict[str, QLabel] = {}
        self.item_buttons: dict[str, UrlButton] = {}
        for row, item in enumerate(CHECKLIST):
            box = WrappingCheckBox()
            box.toggled.connect(self._save_checklist)
            where = wrapping_label()
            button = UrlButton(item.url)
            self.item_boxes[item.id] = box
            self.item_where[item.id] = where
            self.item_buttons[item.id] = button
            text_column = QVBoxLayout()
            text_column.addWidget(box)
            text_column.addWidget(where)
            grid.addLayout(text_column, row, 0)
            grid.addWidget(button, row, 1)
        grid.setColumnStretch(0, 1)

        self.documents_box = QGroupBox()
        self.documents_label = wrapping_label()
        QVBoxLayout(self.documents_box).addWidget(self.documents_label)
        self.payments_notice = Notice(framed=True)

        # The subject (企业 / 个人): it decides the filing's materials and whether payments exist.
        self.subject_box = QGroupBox()
        self.subject_group = QButtonGroup(self)
        self.subject_buttons: dict[Subject, QRadioButton] = {}
        subject_layout = QVBoxLayout(self.subject_box)
        for subject in (Subject.ENTERPRISE, Subject.INDIVIDUAL):
            radio = QRadioButton()
            self.subject_group.addButton(radio)
            self.subject_buttons[subject] = radio
            subject_layout.addWidget(radio)
            radio.toggled.connect(self._on_subject_toggled)
        self.setup_box = CategoriesPaymentBox()

        self.status_box = QGroupBox()
        self.status_group = QButtonGroup(self)
        self.status_buttons: dict[RegistrationStatus, QRadioButton] = {}
        status_layout = QVBoxLayout(self.status_box)
        for status in RegistrationStatus:
            radio = QRadioButton()
            self.status_group.addButton(radio)
            self.status_buttons[status] = radio
            status_layout.addWidget(radio)
            radio.toggled.connect(self._on_status_toggled)
        self.status_notice = Notice()
        status_layout.addWidget(self.status_notice)
        self.rejection_label = QLabel()
        self.rejection_edit = QPlainTextEdit()
        self.rejection_edit.setTabChangesFocus(True)
        self.rejection_label.setBuddy(self.rejection_edit)
        self.rejection_edit.textChanged.connect(self._save_rejection)
        status_layout.addWidget(self.rejection_label)
        status_layout.addWidget(self.rejection_edit)

        top = QHBoxLayout()
        top.addWidget(self.intro, 1)
        done_before_row = QHBoxLayout()
        done_before_row.addWidget(self.done_before_button)
        done_before_row.addStretch(1)
        self.platform_view = CategoriesView(context)  # the platform's own answer (issue 22)
        self.set_scrolling_content(
            top,
            done_before_row,
            self.checklist_box,
            self.documents_box,
            self.payments_notice,
            self.subject_box,
            self.setup_box,
            self.platform_view,
            self.status_box,
        )
        follow_changes(context, self._show_setup)
        self.retranslate()

    def retranslate(self) -> None:
        self.platform_view.retranslate()
        self.setTitle(_("Register on the developer platform"))
        self.setSubTitle(
            self.step_heading(_("An account, the mini-program application, and its approval."))
        )
        self.intro.setText(
            _(
                "Tick each item when it is done. The buttons open the Douyin Open Platform in "
                "your browser. The review of a new application can take a few days: you can "
                "close this app meanwhile, it remembers where you are."
            )
        )
        self.done_before_button.setText(_("I have done all of this before"))
        self.done_before_button.setAccessibleName(
            _("Mark every preparation item as done and the application as approved")
        )
        self.checklist_box.setTitle(_("Preparation (前期准备)"))
        for item in CHECKLIST:
            self.item_boxes[item.id].setText(_(item.text))
            where = _(item.where) if item.where else ""
            self.item_where[item.id].setText(_("Where: {path}").format(path=where))
            self.item_where[item.id].setVisible(bool(where))
            self.item_buttons[item.id].setText(_("Open platform"))
            self.item_buttons[item.id].setAccessibleName(
                _("Open the developer platform for: {item}").format(item=_(item.text))
            )
            self.item_buttons[item.id].setToolTip(item.url)
        self.documents_box.setTitle(_("Documents to have ready"))
        self.documents_label.setText("\n".join(f"• {_(d)}" for d in DOCUMENTS_TO_HAVE_READY))
        self.payments_notice.show_message(
            "info",
            _(
                "Only an enterprise subject (企业主体) can open payments in a mini-program. If you "
                "plan to take payments, register with your company, not as an individual."
            ),
        )
        self.subject_box.setTitle(_("Who the mini-program belongs to (主体)"))
        self.subject_buttons[Subject.ENTERPRISE].setText(
            _("An enterprise or other organisation with a business licence (企业主体)")
        )
        self.subject_buttons[Subject.INDIVIDUAL].setText(_("An individual (个人主体)"))
        self._show_setup()
        self.status_box.setTitle(_("Your application"))
        labels = {
            RegistrationStatus.NOT_STARTED: _("Not submitted yet"),
            RegistrationStatus.UNDER_REVIEW: _("Submitted, under review"),
            RegistrationStatus.REJECTED: _("Rejected: I need to fix it and resubmit"),
            RegistrationStatus.APPROVED: _("Approved"),
        }
        for status, radio in self.status_buttons.items():
            radio.setText(labels[status])
            radio.setAccessibleName(labels[status])
        self.rejection_label.setText(_("The platform's reason for the rejection (&optional):"))
        self.rejection_edit.setAccessibleName(_("Reason for the rejection"))
        self.rejection_edit.setPlaceholderText(_("Paste the reason from the platform's notice"))
        self._show_status_notice()

    # Answers ⇄ widgets ----------------------------------------------------------------
    def answers_now(self) -> RegistrationAnswers:
        program = self.context.program
        return RegistrationAnswers.read(program) if program else RegistrationAnswers()

    def load_answers(self) -> None:
        self.platform_view.show_remembered()
        answers = self.answers_now()
        for item_id, box in self.item_boxes.items():
            box.setChecked(answers.checklist.get(item_id, False))
        self.status_buttons[answers.status].setChecked(True)
        self.rejection_edit.setPlainText(answers.rejection_reason)
        self.subject_group.setExclusive(False)
        for subject, radio in self.subject_buttons.items():
            radio.setChecked(subject is answers.subject)
        self.subject_group.setExclusive(True)
        self._show_setup()
        self._show_status_notice()

    def current_status(self) -> RegistrationStatus:
        return self.answers_now().status

    def _save_checklist(self) -> None:
        self.save(checklist={item_id: box.isChecked() for item_id, box in self.item_boxes.items()})

    def _on_status_toggled(self, checked: bool) -> None:
        if not checked:
            return
        status = next(s for s, radio in self.status_buttons.items() if radio.isChecked())
        self.save(**step.choose_status(self.answers_now(), status, datetime.date.today()))
        self._show_status_notice()
        if not self._loading:
            self.reveal(self.status_notice)

    def _on_subject_toggled(self, checked: bool) -> None:
        if not checked:
            return
        chosen = next(s for s, radio in self.subject_buttons.items() if radio.isChecked())
        self.save(subject=chosen.value)
        self._show_setup()

    def _show_setup(self, *_changed: object) -> None:
        chosen = next(
            (s for s, radio in self.subject_buttons.items() if radio.isChecked()), Subject.UNKNOWN
        )
        self.setup_box.show_for(chosen, current_profile(self.context).profile)

    def _save_rejection(self) -> None:
        self.save(rejection_reason=self.rejection_edit.toPlainText())

    def _show_status_notice(self) -> None:
        status = next(
            (s for s, radio in self.status_buttons.items() if radio.isChecked()),
            RegistrationStatus.NOT_STARTED,
        )
        rejected = status is RegistrationStatus.REJECTED
        self.rejection_label.setVisible(rejected)
        self.rejection_edit.setVisible(rejected)
        low, high = platform_facts.REVIEW_TYPICAL_DAYS
        if status is RegistrationStatus.UNDER_REVIEW:
            submitted = self.answers_now().submitted_on
            self.status_notice.show_message(
                "wait",
                _(
                    "Submitted on {date}. A review usually takes {low}–{high} working days. You "
                    "can close the app; when you open it again you will be right here."
                ).format(date=submitted or "—", low=low, high=high),
            )
        elif rejected:
            self.status_notice.show_message(
                "warning",
                _(
                    "Read the reason in the platform's notice, fix what it names (often a "
                    "document that is unclear or does not match), then resubmit and choose "
                    "“Submitted, under review” here."
                ),
            )
        elif status is RegistrationStatus.APPROVED:
            self.status_notice.show_message("ok", _("Approved. Continue with the next step."))
        else:
            self.status_notice.clear()

    def mark_done_before(self) -> None:
        self.save(**step.done_before())
        self.load_now()

    def demo_fill(self) -> None:
        for index, box in enumerate(self.item_boxes.values()):
            box.setChecked(index < 3)
        self.status_buttons[RegistrationStatus.UNDER_REVIEW].setChecked(True)
