"""Journey step 2: the AppID and AppSecret, checked as typed, kept in the OS keychain."""

from __future__ import annotations

import logging

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from wizard.core import platform_facts
from wizard.core.checks import Check
from wizard.core.credentials import check_appid, check_secret, normalize_appid, normalize_secret
from wizard.core.i18n import _
from wizard.core.logs import register_secret
from wizard.core.secrets import SecretTooLongError
from wizard.core.steps import credentials as step
from wizard.core.steps.credentials import CredentialsAnswers, SecretChoice
from wizard.core.token_check import DEFAULT_ENDPOINT, TokenCheckOutcome, endpoint_note
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext
from wizard.ui.network_jobs import CredentialCheckJob
from wizard.ui.provider import ProviderAdminRow
from wizard.ui.widgets.common import (
    Notice,
    UrlButton,
    WrappingCheckBox,
    check_kind,
    fit_text,
    message_box,
    wrapping_label,
)

log = logging.getLogger(__name__)

DEMO_SECRET_LENGTH = platform_facts.SECRET_HEX_LENGTH


class CredentialsPage(BasePage):
    """AppID and AppSecret fields with live verdicts, copy buttons and an optional online check."""

    step_id = step.ID

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self._asking = False
        self.check_job = CredentialCheckJob(self)  # QtNetwork loads on first use
        self.check_job.finished.connect(self._on_check_finished)
        self.intro = wrapping_label()
        self.where_label = wrapping_label()
        self.open_console = UrlButton(platform_facts.CONSOLE_URL)
        self.once_notice = Notice(framed=True)

        self.fields_box = QGroupBox()
        grid = QGridLayout(self.fields_box)
        self.appid_label = QLabel()
        self.appid_edit = QLineEdit()
        self.appid_label.setBuddy(self.appid_edit)
        self.appid_copy = QPushButton()
        self.appid_verdict = Notice()
        self.secret_label = QLabel()
        self.secret_edit = QLineEdit()
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        # Wide enough to compare what was pasted with the console, character by character.
        fit_text(self.appid_edit, "tt" + "0" * 18)
        fit_text(self.secret_edit, "0" * platform_facts.SECRET_HEX_LENGTH)
        self.secret_label.setBuddy(self.secret_edit)
        self.secret_show = QPushButton()
        self.secret_show.setCheckable(True)
        self.secret_copy = QPushButton()
        self.secret_verdict = Notice()
        self.storage_notice = Notice(framed=True)
        grid.addWidget(self.appid_label, 0, 0)
        grid.addWidget(self.appid_edit, 0, 1)
        grid.addWidget(self.appid_copy, 0, 2)
        grid.addWidget(self.appid_verdict, 1, 1, 1, 2)
        grid.addWidget(self.secret_label, 2, 0)
        grid.addWidget(self.secret_edit, 2, 1)
        # Show and Copy beside the field, Copy under Show like the AppID's: the whole 40
        # characters fit in the field on a laptop screen.
        grid.addWidget(self.secret_show, 2, 2)
        grid.addWidget(self.secret_verdict, 3, 1)
        grid.addWidget(self.secret_copy, 3, 2)
        grid.addWidget(self.storage_notice, 4, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        for button in (self.appid_copy, self.secret_show, self.secret_copy):
            # Buttons as wide as their words; the fields take the rest of the width.
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

        self.admin_box = QGroupBox()
        self.admin_steps = wrapping_label()
        self.pasted_box = WrappingCheckBox()
        # With a provider profile, its admin and menu path stand in for the generic steps.
        self.provider_admin = ProviderAdminRow(context, replaces=self.admin_steps)
        admin_layout = QVBoxLayout(self.admin_box)
        admin_layout.addWidget(self.provider_admin)
        admin_layout.addWidget(self.admin_steps)
        admin_layout.addWidget(self.pasted_box)

        self.check_box = QGroupBox()
        self.check_note = wrapping_label()
        self.check_button = QPushButton()
        self.cancel_check_button = QPushButton()
        self.cancel_check_button.hide()
        self.check_result = Notice()
        check_layout = QVBoxLayout(self.check_box)
        check_layout.addWidget(self.check_note)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.cancel_check_button)
        check_row.addStretch(1)
        check_layout.addLayout(check_row)
        check_layout.addWidget(self.check_result)

        where_row = QHBoxLayout()
        where_row.addWidget(self.where_label, 1)
        where_row.addWidget(self.open_console)
        self.set_scrolling_content(
            self.intro, where_row, self.once_notice, self.fields_box, self.admin_box, self.check_box
        )

        # Enter finishes a field and moves on within the step; it never presses Next.
        self.on_enter(self.appid_edit, self._enter_in_appid)
        self.on_enter(self.secret_edit, self._enter_in_secret)
        self.appid_edit.textChanged.connect(self._on_appid_changed)
        self.appid_edit.editingFinished.connect(self._on_appid_finished)
        self.secret_edit.textChanged.connect(self._on_secret_changed)
        self.secret_show.toggled.connect(self._on_show_toggled)
        self.appid_copy.clicked.connect(self.copy_appid)
        self.secret_copy.clicked.connect(self.copy_secret)
        self.pasted_box.toggled.connect(self._on_pasted_toggled)
        self.check_button.clicked.connect(self.start_online_check)
        self.cancel_check_button.clicked.connect(self.cancel_online_check)
        self.retranslate()

    # Text ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setTitle(_("AppID and AppSecret"))
        self.setSubTitle(
            self.step_heading(_("Copy them from the platform; this app keeps them safe."))
        )
        self.intro.setText(
            _(
                "Your provider's admin needs your mini-program's AppID and AppSecret. Copy both "
                "from the developer platform and paste them here: the app checks them as you "
                "type and keeps the AppSecret in this computer's password store."
            )
        )
        self.where_label.setText(
            _("Where to find them: developer platform → your mini-program → 开发 → 开发配置.")
        )
        self.open_console.setText(_("Open developer platform"))
        self.open_console.setAccessibleName(_("Open the developer platform in the browser"))
        self.once_notice.show_message(
            "warning",
            _(
                "The platform shows the AppSecret only once. If it is lost it must be reset, "
                "which can stop your live mini-program until the provider gets the new one. "
                "Paste it here as soon as you see it."
            ),
        )
        self.fields_box.setTitle(_("Your mini-program's keys"))
        self.appid_label.setText(_("App&ID:"))
        self.appid_edit.setAccessibleName(_("AppID"))
        self.appid_edit.setPlaceholderText(platform_facts.APPID_EXAMPLE)
        self.appid_copy.setText(_("Copy"))
        self.appid_copy.setAccessibleName(_("Copy the AppID"))
        self.secret_label.setText(_("App&Secret:"))
        self.secret_edit.setAccessibleName(_("AppSecret"))
        self.secret_edit.setPlaceholderText(_("40 characters: digits 0–9 and letters a–f"))
        self._update_show_text()
        self.secret_copy.setText(_("Copy"))
        self.secret_copy.setAccessibleName(_("Copy the AppSecret"))
        self.admin_box.setTitle(_("In your provider's admin"))
        self.admin_steps.setText(
            _(
                "1. Log in to your provider's admin.\n"
                "2. Open 【字节跳动小程序】→【小程序配置】.\n"
                "3. Paste the AppID and the AppSecret with the Copy buttons above, then save."
            )
        )
        self.pasted_box.setText(_("I have pasted both into my provider's admin and saved"))
        self.check_box.setTitle(_("Check online (optional)"))
        # One line here; the whole explanation comes once, in the question before the check.
        self.check_note.setText(
            _(
                "Optional: ask the platform whether this AppID and AppSecret belong together. "
                "Before the first check you are told what it does."
            )
        )
        self.check_button.setText(_("Check with the platform…"))
        self.check_button.setAccessibleName(_("Check the AppID and AppSecret with the platform"))
        self.cancel_check_button.setText(_("Stop checking"))
        self.refresh_verdicts()

    def _update_show_text(self) -> None:
        shown = self.secret_show.isChecked()
        self.secret_show.setText(_("Hide") if shown else _("Show"))
        self.secret_show.setAccessibleName(
            _("Hide the AppSecret") if shown else _("Show the AppSecret")
        )

    # Answers ⇄ widgets -----------------------------------------------------------------
    def answers_now(self) -> CredentialsAnswers:
        program = self.context.program
        return CredentialsAnswers.read(program) if program else CredentialsAnswers()

    def load_answers(self) -> None:
        program = self.context.program
        answers = self.answers_now()
        self.appid_edit.setText(step.appid_to_show(program) if program else "")
        secret = self.context.secrets.get(program.appid) if program and program.appid else None
        self.secret_edit.setText(secret or "")
        if secret is None and answers.secret_saved:
            # Kept for one run only (no password store), or removed outside the app.
            self.context.update_answers(program, self.step_id, secret_saved=False)
        self.secret_show.setChecked(False)
        self.pasted_box.setChecked(answers.pasted_in_admin)
        self.check_result.clear()
        self.refresh_verdicts()

    def refresh_verdicts(self) -> None:
        appid_check = check_appid(self.appid_edit.text())
        secret_check = check_secret(self.secret_edit.text())
        self._show_verdict(
            self.appid_verdict, self.appid_edit, appid_check, _("AppID looks right.")
        )
        self._show_verdict(
            self.secret_verdict, self.secret_edit, secret_check, _("AppSecret looks right.")
        )
        message = self.context.secrets.persistence_message() if self.context.program else ""
        if message:
            self.storage_notice.show_message("warning", message)
        elif secret_check.ok and self.answers_now().secret_saved:
            self.storage_notice.show_message(
                "ok", _("The AppSecret is saved in this computer's password store.")
            )
        else:
            self.storage_notice.clear()
        self.appid_copy.setEnabled(appid_check.ok)
        self.secret_copy.setEnabled(secret_check.ok)
        self.check_button.setEnabled(appid_check.ok and secret_check.ok)

    @staticmethod
    def _show_verdict(notice: Notice, field: QLineEdit, check: Check, fine: str) -> None:
        """The verdict beside a field, in words with a symbol; nothing while it is empty."""
        if not field.text():
            notice.clear()
        else:
            notice.show_message(check_kind(check), check.message or fine)

    def _on_appid_changed(self, text: str) -> None:
        kept = step.typed_appid(text)
        if kept is not None:
            self.save(**kept)
        self.refresh_verdicts()
        self.completeChanged.emit()

    def _on_appid_finished(self) -> None:
        """A complete, valid AppID becomes the mini-program's; its stored secret follows it."""
        program = self.context.program
        if program is None or self._loading or self._asking:
            return  # (the question's own window takes the focus: editing "finishes" again)
        change = step.change_appid(
            program,
            self.appid_edit.text(),
            self.context.secrets,
            old_appid_shared=self.context.appid_shared(program, program.appid),
            ask=self._ask_about_old_secret,
        )
        if change is None:
            return
        if change.answers.get("secret_saved") is False:
            self.secret_edit.clear()
        self.context.apply(program, self.step_id, change)
        secret = self.secret_edit.text()
        if check_secret(secret).ok:
            self._store_secret(secret)

    def _ask_about_old_secret(self, old_appid: str, new_appid: str) -> SecretChoice:
        box = message_box(
            self,
            QMessageBox.Icon.Question,
            _("AppID changed"),
            _(
                "An AppSecret is saved for the previous AppID {old}. Move it to the new AppID "
                "{new}, or delete it?"
            ).format(old=old_appid, new=new_appid),
        )
        move = box.addButton(_("Move it"), QMessageBox.ButtonRole.AcceptRole)
        delete = box.addButton(_("Delete it"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(move)
        self._asking = True
        try:
            box.exec()
        finally:
            self._asking = False
        return SecretChoice.DELETE if box.clickedButton() is delete else SecretChoice.MOVE

    def _on_secret_changed(self, text: str) -> None:
        if not self._loading and check_secret(text).ok:
            self._store_secret(text)
        self.refresh_verdicts()
        self.completeChanged.emit()

    def _store_secret(self, text: str) -> None:
        program = self.context.program
        if program is None:
            return
        secret = normalize_secret(text)
        register_secret(secret)
        try:
            change = step.store_secret(
                program, self.appid_edit.text(), secret, self.context.secrets
            )
        except SecretTooLongError as exc:
            self.secret_verdict.show_message("error", exc.message)
            return
        self.context.apply(program, self.step_id, change)

    def first_focus(self) -> QWidget | None:
        if not check_appid(self.appid_edit.text()).ok:
            return self.appid_edit
        if not check_secret(self.secret_edit.text()).ok:
            return self.secret_edit
        return self.pasted_box.box

    def _enter_in_appid(self) -> None:
        self._on_appid_finished()
        if check_appid(self.appid_edit.text()).ok:
            self.secret_edit.setFocus()

    def _enter_in_secret(self) -> None:
        if check_secret(self.secret_edit.text()).ok:
            self.pasted_box.box.setFocus()

    def _on_show_toggled(self, shown: bool) -> None:
        self.secret_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self._update_show_text()

    def _on_pasted_toggled(self, checked: bool) -> None:
        self.save(pasted_in_admin=checked)

    def copy_appid(self) -> None:
        QGuiApplication.clipboard().setText(normalize_appid(self.appid_edit.text()))
        self.appid_verdict.show_message(
            "ok", _("AppID copied. Paste it into your provider's admin.")
        )

    def copy_secret(self) -> None:
        QGuiApplication.clipboard().setText(normalize_secret(self.secret_edit.text()))
        self.secret_verdict.show_message(
            "ok", _("AppSecret copied. Paste it into your provider's admin.")
        )

    # Online check ----------------------------------------------------------------------
    def start_online_check(self) -> None:
        if not self.answers_now().online_check_understood:
            box = message_box(
                self,
                QMessageBox.Icon.Information,
                _("Before the online check"),
                endpoint_note(DEFAULT_ENDPOINT),
            )
            go = box.addButton(_("Check now"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is not go:
                return
            self.save(online_check_understood=True)
        program = self.context.program
        if program is None:
            return
        self.check_result.show_message("wait", _("Asking the platform…"))
        self.check_button.setEnabled(False)
        self.cancel_check_button.show()
        self.check_job.configure(
            DEFAULT_ENDPOINT,
            normalize_appid(self.appid_edit.text()),
            normalize_secret(self.secret_edit.text()),
        )
        self.context.jobs.start(self.check_job, program.id)

    def cancel_online_check(self) -> None:
        self.check_job.cancel()

    def _on_check_finished(self, program_id: str, outcome: TokenCheckOutcome) -> None:
        self.cancel_check_button.hide()
        if self.context.programs.get(program_id) is not self.context.program:
            return  # the merchant chose another mini-program meanwhile: not its answer
        self.refresh_verdicts()
        kind = "ok" if outcome.ok else ("error" if outcome.blocks else "warning")
        self.check_result.show_message(kind, outcome.message)
        log.info(
            "online check: %s (code %s, HTTP %s)",
            outcome.kind.name,
            outcome.code,
            outcome.http_status,
        )

    def demo_fill(self) -> None:
        self.appid_edit.setText(platform_facts.APPID_EXAMPLE)
        self._on_appid_finished()
        # A made-up secret, shown masked: screenshots never carry a real one.
        self.secret_edit.setText("0123456789abcdef" * 2 + "01234567")
        self.pasted_box.setChecked(True)
