"""Journey step: open the uploaded test version on a phone and look at it before the review."""

from __future__ import annotations

import time

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
)

from wizard.core import journey
from wizard.core import platform_facts as facts
from wizard.core.i18n import _, join_sentences
from wizard.core.release_guide import console_path
from wizard.core.releases import ReviewState
from wizard.core.steps import preview as step
from wizard.core.steps import version as version_step
from wizard.core.steps.preview import PHONE_CHECKS, PreviewAnswers
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext
from wizard.ui.widgets.common import (
    Notice,
    UrlButton,
    WrappingCheckBox,
    plain_label,
    wrapping_label,
)
from wizard.ui.widgets.qr_code import QrCodeView
from wizard.ui.widgets.releases import demo_history


class PreviewPage(BasePage):
    """Where the test version's QR code is, who can scan it, what to look at on the phone."""

    step_id = step.ID

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.version_notice = Notice()
        self.back_to_version = QPushButton()
        self.back_to_version.clicked.connect(lambda: self.request_step(version_step.ID))

        self.how_box = QGroupBox()
        self.how_label = wrapping_label()
        self.console_button = UrlButton(facts.CONSOLE_URL)
        # The QR code the app's own upload made (the CLI writes it with a transparent
        # background, so it is drawn on white to scan from a dark screen too).
        self.qr_label = QrCodeView()
        self.link_label = plain_label(selectable=True)  # the link comes from the state
        self.link_label.hide()
        how_layout = QVBoxLayout(self.how_box)
        how_layout.addWidget(self.how_label)
        how_layout.addWidget(self.qr_label)
        self.qr_notice = Notice()
        how_layout.addWidget(self.qr_notice)
        how_layout.addWidget(self.link_label)
        how_layout.addWidget(self.console_button)

        self.members_box = QGroupBox()
        self.members_label = wrapping_label()
        QVBoxLayout(self.members_box).addWidget(self.members_label)

        self.checks_box = QGroupBox()
        checks_layout = QVBoxLayout(self.checks_box)
        self.check_boxes: dict[str, WrappingCheckBox] = {}
        for key in PHONE_CHECKS:
            box = WrappingCheckBox()
            box.toggled.connect(self._save_checks)
            self.check_boxes[key] = box
            checks_layout.addWidget(box)
        self.blank_notice = Notice()
        self.domains_button = QPushButton()
        self.domains_button.clicked.connect(lambda: self.request_step("domains"))
        checks_layout.addWidget(self.blank_notice)
        checks_layout.addWidget(self.domains_button)

        self.confirm_button = QPushButton()
        self.confirm_button.clicked.connect(self.confirm_previewed)
        self.done_notice = Notice()
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.confirm_button)
        confirm_row.addStretch(1)

        back_row = QHBoxLayout()
        back_row.addWidget(self.back_to_version)
        back_row.addStretch(1)
        self.set_scrolling_content(
            self.version_notice,
            back_row,
            self.how_box,
            self.members_box,
            self.checks_box,
            confirm_row,
            self.done_notice,
        )
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Preview on a phone"))
        self.setSubTitle(self.step_heading(_("Look at the test version before the reviewers do.")))
        self.back_to_version.setText(_("Go to the version step"))
        self.how_box.setTitle(_("Open the test version"))
        self.how_label.setText(
            _(
                "In the console, open your mini-program, then {path}. Scan the test version's QR "
                "code with one of these apps: {apps}."
            ).format(path=console_path("test_version"), apps="、".join(facts.PREVIEW_HOST_APPS))
        )
        self.console_button.setText(_("Open the console"))
        self.console_button.setToolTip(facts.CONSOLE_URL)
        self.members_box.setTitle(_("Who can scan it"))
        self.members_label.setText(
            _(
                "The Douyin account on the phone must be a member of the mini-program. To add "
                "one: {path}, then enter the account (an administrator must do this)."
            ).format(path=console_path("members"))
        )
        self.checks_box.setTitle(_("What to look at on the phone"))
        for key, box in self.check_boxes.items():
            box.setText(_(PHONE_CHECKS[key]))
        self.blank_notice.show_message(
            "info",
            _(
                "A blank page usually means a domain missing from the server domain lists, or an "
                "http:// address (previews allow it, the released mini-program does not)."
            ),
        )
        self.domains_button.setText(_("Check the server domains"))
        self.domains_button.setVisible(journey.step_by_id("domains") is not None)
        self.refresh()

    def load_answers(self) -> None:
        answers = PreviewAnswers.read(self.program)
        for key, box in self.check_boxes.items():
            box.setChecked(answers.checked.get(key, False))
        self.done_notice.clear()
        self.refresh()

    def _save_checks(self) -> None:
        self.save(checked={key: box.isChecked() for key, box in self.check_boxes.items()})
        self.refresh()

    def refresh(self) -> None:
        history = version_step.history(self.program)
        latest = history.latest()
        uploaded = history.version_done() and latest is not None
        if uploaded and latest is not None:
            self.version_notice.show_message(
                "info", _("Version to preview: {version}.").format(version=latest.version)
            )
            self.confirm_button.setText(
                _("I looked at {version} on my phone").format(version=latest.version)
            )
        else:
            self.version_notice.show_message(
                "wait", _("No version is uploaded for this release yet: upload one first.")
            )
            self.confirm_button.setText(_("I looked at it on my phone"))
        self.back_to_version.setVisible(not uploaded)
        valid = uploaded and latest is not None and latest.preview_valid()
        shown = self.qr_label.show_code(latest.qr_code if valid and latest else "")
        if self.qr_label.problem:  # the state names a path that is no QR code file
            self.qr_notice.show_message(
                "warning",
                join_sentences(
                    _("The QR code of this version cannot be shown."),
                    self.qr_label.problem,
                    _("Open 测试版本 in the console to scan it there."),
                ),
            )
        else:
            self.qr_notice.clear()
        if shown:
            self.qr_label.setToolTip(_("发布助手 made this QR code when it uploaded the version."))
        link = latest.preview_link if valid and latest else ""
        self.link_label.setText(_("Preview link: {link}").format(link=link))
        self.link_label.setVisible(bool(link))
        self.confirm_button.setEnabled(uploaded)
        if step.is_done(self.program) if self.program else False:
            self.done_notice.show_message("ok", _("Preview done. Continue with the review."))
        self.completeChanged.emit()

    def confirm_previewed(self) -> None:
        program = self.program
        if program is None:
            return
        values = step.confirm_previewed(program)
        if values:
            self.context.update_answers(program, version_step.ID, **values)
        self.refresh()
        self.reveal(self.done_notice)

    def page_complete(self) -> bool:
        return step.is_done(self.program) if self.program else False

    def demo_fill(self) -> None:
        program = self.program
        if program is not None:
            history = demo_history(ReviewState.UPLOADED, time.time())
            self.context.update_answers(program, version_step.ID, **version_step.saved(history))
        for index, box in enumerate(self.check_boxes.values()):
            box.setChecked(index < 2)
