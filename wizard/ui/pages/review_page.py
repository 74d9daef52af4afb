"""Journey step: the checklist before 提交审核, the submission, and the review's outcome.

The review takes days: the page shows where it stands whenever the merchant comes back, asks
them to record what the console says (通过 / 不通过 with its reason / 撤回审核), and after a
rejection shows the likely fix and the way back (fix, new version, upload, resubmit).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wizard.core import platform_facts as facts
from wizard.core.i18n import _
from wizard.core.release_guide import AGREEMENTS, console_path
from wizard.core.releases import ReleaseRuleError, ReviewState, local_day
from wizard.core.state import MiniProgram
from wizard.core.steps import review as step
from wizard.core.steps import version as version_step
from wizard.core.steps.review import ReviewAnswers
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext
from wizard.ui.widgets.common import (
    Notice,
    UrlButton,
    WrappingCheckBox,
    plain_label,
    wrapping_label,
)
from wizard.ui.widgets.platform_answers import CategoriesView
from wizard.ui.widgets.platform_setup import AfterLaunchBox
from wizard.ui.widgets.releases import demo_history


class ReviewPage(BasePage):
    """Checklist and agreements, 提交审核 recorded, then the outcome as the console shows it."""

    step_id = step.ID

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.state_notice = Notice()
        self.back_to_version = QPushButton()
        self.back_to_version.clicked.connect(lambda: self.request_step(version_step.ID))

        # Before submitting.
        self.before_box = QWidget()
        before_layout = QVBoxLayout(self.before_box)
        before_layout.setContentsMargins(0, 0, 0, 0)
        self.checklist_box = QGroupBox()
        self.checklist_layout = QGridLayout(self.checklist_box)
        self.item_boxes: dict[str, WrappingCheckBox] = {}
        self.item_details: dict[str, QLabel] = {}
        self.agreements_box = QGroupBox()
        agreements_layout = QVBoxLayout(self.agreements_box)
        self.agreement_buttons = [UrlButton(agreement.url) for agreement in AGREEMENTS]
        buttons_row = QHBoxLayout()
        for button in self.agreement_buttons:
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)
        self.agreements_read = WrappingCheckBox()
        self.agreements_read.toggled.connect(lambda checked: self.save(agreements_read=checked))
        self.agreements_read.toggled.connect(lambda _checked: self.refresh())
        agreements_layout.addLayout(buttons_row)
        agreements_layout.addWidget(self.agreements_read)
        self.submit_box = QGroupBox()
        submit_layout = QVBoxLayout(self.submit_box)
        self.submit_label = wrapping_label()
        self.console_button = UrlButton(facts.CONSOLE_URL)
        self.auto_publish = WrappingCheckBox()
        self.submit_button = QPushButton()
        self.submit_button.clicked.connect(self.record_submitted)
        submit_row = QHBoxLayout()
        submit_row.addWidget(self.console_button)
        submit_row.addWidget(self.submit_button)
        submit_row.addStretch(1)
        submit_layout.addWidget(self.submit_label)
        submit_layout.addWidget(self.auto_publish)
        submit_layout.addLayout(submit_row)
        # Host apps, capabilities granted only after launch, the trial period.
        self.after_launch_box = AfterLaunchBox()
        before_layout.addWidget(self.checklist_box)
        before_layout.addWidget(self.after_launch_box)
        before_layout.addWidget(self.agreements_box)
        before_layout.addWidget(self.submit_box)

        # While in review.
        self.waiting_box = QGroupBox()
        waiting_layout = QVBoxLayout(self.waiting_box)
        self.waiting_label = wrapping_label()
        self.approved_button = QPushButton()
        self.withdrawn_button = QPushButton()
        self.reason_label = QLabel()
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMaximumHeight(self.fontMetrics().height() * 4)
        self.reason_label.setBuddy(self.reason_edit)
        self.rejected_button = QPushButton()
        self.approved_button.clicked.connect(self.record_approved)
        self.withdrawn_button.clicked.connect(self.record_withdrawn)
        self.rejected_button.clicked.connect(self.record_rejected)
        self.reason_edit.textChanged.connect(self.refresh)
        outcome_row = QHBoxLayout()
        outcome_row.addWidget(self.approved_button)
        outcome_row.addWidget(self.withdrawn_button)
        outcome_row.addStretch(1)
        waiting_layout.addWidget(self.waiting_label)
        waiting_layout.addLayout(outcome_row)
        waiting_layout.addWidget(self.reason_label)
        waiting_layout.addWidget(self.reason_edit)
        rejected_row = QHBoxLayout()
        rejected_row.addWidget(self.rejected_button)
        rejected_row.addStretch(1)
        waiting_layout.addLayout(rejected_row)

        # After a rejection.
        self.rejected_box = QGroupBox()
        rejected_layout = QVBoxLayout(self.rejected_box)
        self.rejection_text = plain_label(selectable=True)
        self.fixes_label = wrapping_label()
        self.way_back_label = wrapping_label()
        self.new_version_button = QPushButton()
        self.new_version_button.clicked.connect(lambda: self.request_step(version_step.ID))
        rejected_layout.addWidget(self.rejection_text)
        rejected_layout.addWidget(self.fixes_label)
        rejected_layout.addWidget(self.way_back_label)
        new_version_row = QHBoxLayout()
        new_version_row.addWidget(self.new_version_button)
        new_version_row.addStretch(1)
        rejected_layout.addLayout(new_version_row)

        self.action_notice = Notice()
        back_row = QHBoxLayout()
        back_row.addWidget(self.back_to_version)
        back_row.addStretch(1)
        self.platform_view = CategoriesView(context)  # the platform's own answer (issue 22)
        self.set_scrolling_content(
            self.state_notice,
            back_row,
            self.action_notice,
            self.waiting_box,
            self.rejected_box,
            self.before_box,
            self.platform_view,
        )
        self._build_checklist()
        self.retranslate()

    def _build_checklist(self) -> None:
        """One tick per checklist item for this mini-program (login items only with a login)."""
        for box in self.item_boxes.values():
            box.setParent(None)
        for label in self.item_details.values():
            label.setParent(None)
        self.item_boxes.clear()
        self.item_details.clear()
        for row, item in enumerate(step.items_for(self.program)):
            box = WrappingCheckBox()
            box.toggled.connect(self._save_checklist)
            detail = wrapping_label()
            detail.setIndent(self.fontMetrics().height() * 2)
            self.item_boxes[item.key] = box
            self.item_details[item.key] = detail
            self.checklist_layout.addWidget(box, row * 2, 0)
            self.checklist_layout.addWidget(detail, row * 2 + 1, 0)

    def retranslate(self) -> None:
        self.platform_view.retranslate()
        self.setTitle(_("Submit for review"))
        self.after_launch_box.retranslate()
        self.setSubTitle(
            self.step_heading(_("Check what reviewers look for, submit, and record the result."))
        )
        self.back_to_version.setText(_("Go to the version step"))
        self.checklist_box.setTitle(_("Before you submit: what reviewers check"))
        for item in step.items_for(self.program):
            if item.key in self.item_boxes:
                self.item_boxes[item.key].setText(_(item.title))
                self.item_details[item.key].setText(_(item.detail))
        self.agreements_box.setTitle(_("Agreements to read"))
        for agreement, button in zip(AGREEMENTS, self.agreement_buttons, strict=True):
            button.setText(agreement.name)
            button.setAccessibleName(_("Open {name}").format(name=agreement.name))
            button.setToolTip(agreement.url)
        self.agreements_read.setText(_("I have read both agreements"))
        self.submit_box.setTitle(_("Submit in the console"))
        self.submit_label.setText(
            _(
                "In the console: {path}. Choose the host apps, add three screenshots, and click "
                "「提交审核」. Then record it here."
            ).format(path=console_path("submit"))
        )
        self.console_button.setText(_("Open the console"))
        self.console_button.setToolTip(facts.CONSOLE_URL)
        self.auto_publish.setText(
            _("I ticked 自动发布 (the version goes live as soon as it is approved)")
        )
        self.waiting_box.setTitle(_("In review"))
        self.approved_button.setText(_("The review passed (通过)"))
        self.withdrawn_button.setText(_("I withdrew it (撤回审核)"))
        self.reason_label.setText(_("If it did not pass (不通过), paste the reviewers' &reason:"))
        self.reason_edit.setAccessibleName(_("The reviewers' reason"))
        self.rejected_button.setText(_("Record: did not pass"))
        self.rejected_box.setTitle(_("Not passed"))
        self.way_back_label.setText(
            _(
                "The way back: fix what the reviewers named, upload a new version with a greater "
                "number, look at it on the phone, and submit it again."
            )
        )
        self.new_version_button.setText(_("Upload a new version"))
        self.refresh()

    def load_answers(self) -> None:
        self.platform_view.show_remembered()
        self._build_checklist()
        answers = ReviewAnswers.read(self.program)
        for key, box in self.item_boxes.items():
            box.setChecked(answers.checklist.get(key, False))
        self.agreements_read.setChecked(answers.agreements_read)
        self.auto_publish.setChecked(False)
        self.reason_edit.clear()
        self.action_notice.clear()
        self.retranslate()

    def _save_checklist(self) -> None:
        self.save(checklist={key: box.isChecked() for key, box in self.item_boxes.items()})
        self.refresh()

    def refresh(self) -> None:
        """Show the part that fits where the latest version stands."""
        program = self.program
        history = version_step.history(program)
        latest = history.in_review() or history.latest()
        state = latest.state if latest is not None and history.version_done() else None
        in_review = state is ReviewState.SUBMITTED
        rejected = latest is not None and latest.state is ReviewState.REJECTED
        self.before_box.setVisible(state is ReviewState.UPLOADED)
        self.waiting_box.setVisible(in_review)
        self.rejected_box.setVisible(rejected)
        self.back_to_version.setVisible(latest is None)
        if latest is None:
            self.state_notice.show_message(
                "wait", _("No version is uploaded for this release yet: upload one first.")
            )
        elif rejected:
            self.state_notice.show_message(
                "error",
                _("Version {version} did not pass the review.").format(version=latest.version),
            )
            self._show_rejection(latest.rejection_reason)
        elif in_review:
            self._show_waiting(latest.version, latest.submitted_at)
        elif state in (ReviewState.APPROVED, ReviewState.PUBLISHED):
            self.state_notice.show_message(
                "ok",
                _("Version {version} passed the review. Continue with publishing.").format(
                    version=latest.version
                ),
            )
        else:
            self.state_notice.show_message(
                "info",
                _("Version {version} is uploaded and ready to submit.").format(
                    version=latest.version
                ),
            )
        ready = step.ready_to_submit(program)
        self.submit_button.setEnabled(ready and state is ReviewState.UPLOADED)
        self.submit_button.setText(
            _("I clicked 提交审核") if ready else _("Tick every item and the agreements first")
        )
        self.rejected_button.setEnabled(bool(self.reason_edit.toPlainText().strip()))
        self.completeChanged.emit()

    def _show_waiting(self, version: str, submitted: float | None) -> None:
        wait = version_step.history(self.program).review_wait()
        low, high = facts.REVIEW_TYPICAL_DAYS
        words = _(
            "Version {version} was submitted on {date}. A review usually takes {low}–{high} "
            "working days. You can close 发布助手: when you open it again, it shows where the "
            "review stands. When the console shows the result, record it here."
        ).format(version=version, date=local_day(submitted), low=low, high=high)
        self.waiting_label.setText(words)
        if wait is not None and wait.longer_than_usual:
            self.state_notice.show_message(
                "warning",
                _(
                    "The review has taken {days} working days, longer than usual. Look in the "
                    "console ({path}): there may be a result or a question from the reviewers."
                ).format(days=wait.working_days, path=console_path("test_version")),
            )
        else:
            self.state_notice.show_message(
                "wait", _("Version {version} is in review.").format(version=version)
            )

    def _show_rejection(self, reason: str) -> None:
        self.rejection_text.setText(
            _("The reviewers' reason: {reason}").format(reason=reason or _("(not recorded)"))
        )
        fixes = step.fixes_for_rejection(self.program)
        if fixes:
            self.fixes_label.setText(
                _("Likely fix:")
                + "\n"
                + "\n".join(
                    "• " + _("{title}: {fix}").format(title=_(item.title), fix=_(item.fix))
                    for item in fixes
                )
            )
        else:
            self.fixes_label.setText(
                _(
                    "发布助手 does not recognise this reason. Read it with your provider and fix "
                    "what it names."
                )
            )

    def _apply(self, change: Callable[[MiniProgram], dict[str, Any]]) -> None:
        program = self.program
        if program is None:
            return
        try:
            values = change(program)
        except ReleaseRuleError as exc:
            self.action_notice.show_message("error", exc.message)
            self.reveal(self.action_notice)
            return
        self.action_notice.clear()
        if values:
            self.context.update_answers(program, version_step.ID, **values)
        self.refresh()

    def record_submitted(self) -> None:
        auto = self.auto_publish.isChecked()
        self._apply(lambda program: step.record_submitted(program, auto_publish=auto))

    def record_approved(self) -> None:
        self._apply(step.record_approved)

    def record_withdrawn(self) -> None:
        self._apply(step.record_withdrawn)

    def record_rejected(self) -> None:
        reason = self.reason_edit.toPlainText().strip()
        if reason:
            self._apply(lambda program: step.record_rejected(program, reason))
            self.reason_edit.clear()

    def page_complete(self) -> bool:
        return step.is_done(self.program) if self.program else False

    def demo_fill(self) -> None:
        program = self.program
        if program is not None:
            history = demo_history(ReviewState.UPLOADED, time.time())
            self.context.update_answers(program, version_step.ID, **version_step.saved(history))
        for index, box in enumerate(self.item_boxes.values()):
            box.setChecked(index < 4)
