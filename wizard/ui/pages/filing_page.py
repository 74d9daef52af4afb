"""Journey step: the mini-program's own filing (小程序备案), its materials, stages and number."""

from __future__ import annotations

import datetime

from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
)

from wizard.core import filing_guide as guide
from wizard.core import platform_facts as facts
from wizard.core.i18n import _, join_sentences
from wizard.core.steps import filing as step
from wizard.core.steps import registration as registration_step
from wizard.core.steps.filing import FilingAnswers, FilingState
from wizard.core.steps.registration import Subject
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext
from wizard.ui.widgets.common import Notice, UrlButton, check_kind, fit_text, wrapping_label


def bullets(lines: tuple[str, ...]) -> str:
    return "\n".join(f"• {_(line)}" for line in lines)


class FilingPage(BasePage):
    """Why filing matters, what to prepare, where in the console, and where it stands."""

    step_id = step.ID

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.intro = wrapping_label()

        self.before_box = QGroupBox()
        self.before_label = wrapping_label()
        QVBoxLayout(self.before_box).addWidget(self.before_label)

        self.materials_box = QGroupBox()
        self.materials_label = wrapping_label()
        self.approval_label = wrapping_label()
        materials_layout = QVBoxLayout(self.materials_box)
        materials_layout.addWidget(self.materials_label)
        materials_layout.addWidget(self.approval_label)

        self.console_box = QGroupBox()
        self.console_label = wrapping_label()
        self.console_button = UrlButton(facts.CONSOLE_URL)
        self.waits_label = wrapping_label()
        console_row = QHBoxLayout()
        console_row.addWidget(self.console_label, 1)
        console_row.addWidget(self.console_button)
        console_layout = QVBoxLayout(self.console_box)
        console_layout.addLayout(console_row)
        console_layout.addWidget(self.waits_label)

        self.status_box = QGroupBox()
        self.state_group = QButtonGroup(self)
        self.state_buttons: dict[FilingState, QRadioButton] = {}
        status_layout = QVBoxLayout(self.status_box)
        for state in FilingState:
            radio = QRadioButton()
            self.state_group.addButton(radio)
            self.state_buttons[state] = radio
            status_layout.addWidget(radio)
            radio.toggled.connect(self._on_state_toggled)
        self.state_notice = Notice()
        self.dates_label = wrapping_label()
        status_layout.addWidget(self.state_notice)
        status_layout.addWidget(self.dates_label)
        # Returned: the reason as pasted, and what to do.
        self.reason_label = QLabel()
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMaximumHeight(90)
        self.reason_label.setBuddy(self.reason_edit)
        self.reason_edit.textChanged.connect(self._save_reason)
        self.returned_label = wrapping_label()
        status_layout.addWidget(self.reason_label)
        status_layout.addWidget(self.reason_edit)
        status_layout.addWidget(self.returned_label)
        # Filed: the filing number, checked as it is typed.
        self.number_label = QLabel()
        self.number_edit = QLineEdit()
        self.number_edit.setMaxLength(facts.FILING_NUMBER_MAX_CHARS)
        fit_text(self.number_edit, facts.FILING_NUMBER_EXAMPLE + "MMMM")
        self.number_label.setBuddy(self.number_edit)
        self.number_edit.textChanged.connect(self._on_number_changed)
        self.number_notice = Notice()
        number_row = QHBoxLayout()
        number_row.addWidget(self.number_label)
        number_row.addWidget(self.number_edit)
        number_row.addStretch(1)
        status_layout.addLayout(number_row)
        status_layout.addWidget(self.number_notice)

        self.set_scrolling_content(
            self.intro,
            self.before_box,
            self.materials_box,
            self.console_box,
            self.status_box,
        )
        self.retranslate()

    # Texts ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setTitle(_("File the mini-program (备案)"))
        self.setSubTitle(
            self.step_heading(_("The MIIT filing: the longest wait, so start it early."))
        )
        self.intro.setText(_(guide.WHY))
        self.before_box.setTitle(_("Before you can file"))
        self.before_label.setText(bullets(guide.PREREQUISITES))
        self.console_box.setTitle(_("Where to file"))
        self.console_label.setText(
            _("In the console, open {path} and click {button}.").format(
                path=step.console_path(), button=f"「{facts.FILING_BUTTON}」"
            )
        )
        self.console_button.setText(_("Open the console"))
        self.console_button.setAccessibleName(_("Open the console to file the mini-program"))
        self.console_button.setToolTip(facts.CONSOLE_URL)
        low, high = step.total_expected_working_days()
        self.waits_label.setText(
            _(
                "Usual waits: the platform's first review {p_low}–{p_high} working days; the "
                "MIIT's SMS check, to answer within {hours} hours; the provincial bureau "
                "{b_low}–{b_high} working days. In all about {low}–{high} working days."
            ).format(
                p_low=facts.FILING_PLATFORM_WORKING_DAYS[0],
                p_high=facts.FILING_PLATFORM_WORKING_DAYS[1],
                hours=facts.FILING_SMS_CHECK_HOURS,
                b_low=facts.FILING_BUREAU_WORKING_DAYS[0],
                b_high=facts.FILING_BUREAU_WORKING_DAYS[1],
                low=low,
                high=high,
            )
        )
        self.status_box.setTitle(_("Your filing"))
        labels = self.state_labels()
        for state, radio in self.state_buttons.items():
            radio.setText(labels[state])
            radio.setAccessibleName(labels[state])
        self.reason_label.setText(_("The reason it came back (&optional):"))
        self.reason_edit.setAccessibleName(_("Reason the filing came back"))
        self.reason_edit.setPlaceholderText(_("Paste the reason from the console or the message"))
        self.returned_label.setText(bullets(guide.RETURNED_ADVICE))
        self.number_label.setText(_("Filing &number (备案号):"))
        self.number_edit.setAccessibleName(_("Filing number"))
        self.number_edit.setPlaceholderText(facts.FILING_NUMBER_EXAMPLE)
        self._show_materials()
        self._show_state()

    @staticmethod
    def state_labels() -> dict[FilingState, str]:
        return {
            FilingState.NOT_STARTED: _("Not started yet"),
            FilingState.SUBMITTED: _("Submitted to the platform (平台初审)"),
            FilingState.SMS_CHECK: _("The MIIT's SMS check (工信部短信核验)"),
            FilingState.BUREAU: _("With the provincial bureau (管局审核)"),
            FilingState.FILED: _("Filed: I have the filing number"),
            FilingState.RETURNED: _("Returned (备案驳回): I need to correct it"),
        }

    def _show_materials(self) -> None:
        subject = registration_step.subject(self.program)
        titles = {
            Subject.ENTERPRISE: _("Materials to prepare (enterprise subject, 企业)"),
            Subject.INDIVIDUAL: _("Materials to prepare (individual subject, 个人)"),
            Subject.UNKNOWN: _("Materials to prepare (enterprise or individual subject)"),
        }
        self.materials_box.setTitle(titles[subject])
        self.materials_label.setText(
            "\n\n".join(
                f"{_(title)}\n{bullets(lines)}" for title, lines in guide.material_sections(subject)
            )
        )
        self.approval_label.setText(_(guide.PRIOR_APPROVAL))

    # Answers ⇄ widgets --------------------------------------------------------------------
    def answers_now(self) -> FilingAnswers:
        return FilingAnswers.read(self.program)

    def load_answers(self) -> None:
        answers = self.answers_now()
        self.state_buttons[answers.state].setChecked(True)
        self.reason_edit.setPlainText(answers.returned_reason)
        self.number_edit.setText(answers.number)
        self._show_materials()
        self._show_state()

    def chosen_state(self) -> FilingState:
        return next(
            (s for s, radio in self.state_buttons.items() if radio.isChecked()),
            FilingState.NOT_STARTED,
        )

    def _on_state_toggled(self, checked: bool) -> None:
        if not checked or self._loading:
            return
        changes = step.choose_state(self.answers_now(), self.chosen_state(), self.today())
        if changes:
            self.save(**changes)
        self._show_state()
        self.reveal(self.state_notice)

    def _save_reason(self) -> None:
        self.save(**step.returned_reason(self.reason_edit.toPlainText()))

    def _on_number_changed(self, typed: str) -> None:
        self.save(**step.record_number(typed))
        self._show_number_check()

    @staticmethod
    def today() -> datetime.date:
        return datetime.date.today()

    def _show_state(self) -> None:
        state = self.chosen_state()
        returned = state is FilingState.RETURNED
        filed = state is FilingState.FILED
        for widget in (self.reason_label, self.reason_edit, self.returned_label):
            widget.setVisible(returned)
        for widget in (self.number_label, self.number_edit):
            widget.setVisible(filed)
        dates = step.dates_line(self.answers_now())
        self.dates_label.setText(dates)
        self.dates_label.setVisible(bool(dates))
        kind, sentence = self.state_sentence(state)
        if sentence:
            self.state_notice.show_message(kind, sentence)
        else:
            self.state_notice.clear()
        self._show_number_check()

    def state_sentence(self, state: FilingState) -> tuple[str, str]:
        """The notice under the choices: when this stage began, how long it usually takes."""
        answers = self.answers_now()
        wait = step.current_wait(answers, self.today())
        since = wait.since.isoformat() if wait is not None else ""
        days = wait.working_days if wait is not None else 0
        if state is FilingState.NOT_STARTED:
            low, high = step.total_expected_working_days()
            return "info", _(
                "When you have submitted the filing in the console, choose “Submitted to the "
                "platform” here. From then on the whole filing usually takes {low}–{high} "
                "working days; you can go on with the next steps meanwhile."
            ).format(low=low, high=high)
        if state is FilingState.SUBMITTED:
            low, high = facts.FILING_PLATFORM_WORKING_DAYS
            sentence = _(
                "The platform's first review usually takes {low}–{high} working days."
            ).format(low=low, high=high)
            if wait is not None:
                sentence = _(
                    "Submitted on {date}, {days} working days so far. The platform's first "
                    "review usually takes {low}–{high} working days."
                ).format(date=since, days=days, low=low, high=high)
        elif state is FilingState.SMS_CHECK:
            sentence = _(guide.SMS_ADVICE)
            if wait is not None:
                sentence = _("Since {date}: {advice}").format(date=since, advice=sentence)
        elif state is FilingState.BUREAU:
            low, high = facts.FILING_BUREAU_WORKING_DAYS
            sentence = _(
                "The bureau usually takes {low}–{high} working days and tells the person in "
                "charge by text message and e-mail."
            ).format(low=low, high=high)
            if wait is not None:
                sentence = join_sentences(
                    _("With the bureau since {date}, {days} working days so far.").format(
                        date=since, days=days
                    ),
                    sentence,
                )
        elif state is FilingState.FILED:
            return "ok", _(guide.FILED_ADVICE)
        else:
            return "warning", _(
                "The filing came back. Correct what the reason names and submit again."
            )
        if wait is not None and wait.longer_than_expected:
            return "warning", join_sentences(
                sentence,
                _("This is longer than usual: look at the console's filing page for a message."),
            )
        return "wait", sentence

    def _show_number_check(self) -> None:
        if self.chosen_state() is not FilingState.FILED:
            self.number_notice.clear()
            return
        check = step.check_number(self.number_edit.text())
        if check.ok and not check.message:
            self.number_notice.show_message("ok", _("Filing number recorded."))
        else:
            self.number_notice.show_message(check_kind(check), check.message)

    def demo_fill(self) -> None:
        program = self.program
        if program is None:
            return
        start = self.today() - datetime.timedelta(days=8)
        answers = FilingAnswers.read(program)
        self.save(**step.choose_state(answers, FilingState.SUBMITTED, start))
        self.save(**step.choose_state(self.answers_now(), FilingState.BUREAU, start))
        self.load_now()
