"""Journey step: how to upload, from this app (recommended) or with the developer tool.

Choosing this app asks for the mini-program's upload token (「开发」→「开发配置」, 「立即启用」),
entered like the AppSecret: checked as typed, kept in the keychain. A preview QR code made
right here shows at once that the token and the code package work.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
)

from wizard.core import platform_facts
from wizard.core.credentials import check_upload_token, normalize_upload_token
from wizard.core.i18n import _
from wizard.core.logs import register_secret
from wizard.core.secrets import SecretKind, SecretTooLongError
from wizard.core.steps import package as package_step
from wizard.core.steps import route as step
from wizard.core.steps.route import Route, RouteAnswers
from wizard.core.upload.cli_runner import cli_missing_message, find_cli
from wizard.core.upload.outcome import UploadOutcome
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext
from wizard.ui.widgets.common import Notice, UrlButton, check_kind, wrapping_label
from wizard.ui.widgets.upload_panel import UploadPanel


class RoutePage(BasePage):
    """Two routes, the upload token for the app's route, and a preview to try it."""

    step_id = step.ID

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.intro = wrapping_label()
        self.route_group = QButtonGroup(self)
        self.app_radio = QRadioButton()
        self.app_note = wrapping_label()
        self.devtool_radio = QRadioButton()
        self.devtool_note = wrapping_label()
        self.route_group.addButton(self.app_radio)
        self.route_group.addButton(self.devtool_radio)
        for radio in (self.app_radio, self.devtool_radio):
            # As wide as its words: a click beside the words does not look like a choice.
            radio.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.tool_notice = Notice()
        routes = QVBoxLayout()
        for widget in (self.app_radio, self.app_note, self.devtool_radio, self.devtool_note):
            routes.addWidget(widget)
        routes.addWidget(self.tool_notice)

        self.token_box = QGroupBox()
        self.where_label = wrapping_label()
        self.open_console = UrlButton(platform_facts.CONSOLE_URL)
        where_row = QHBoxLayout()
        where_row.addWidget(self.where_label, 1)
        where_row.addWidget(self.open_console)
        self.once_notice = Notice()
        grid = QGridLayout()
        self.token_label = QLabel()
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_label.setBuddy(self.token_edit)
        self.token_show = QPushButton()
        self.token_show.setCheckable(True)
        self.token_show.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.token_verdict = Notice()
        self.storage_notice = Notice()
        grid.addWidget(self.token_label, 0, 0)
        grid.addWidget(self.token_edit, 0, 1)
        grid.addWidget(self.token_show, 0, 2)
        grid.addWidget(self.token_verdict, 1, 1, 1, 2)
        grid.addWidget(self.storage_notice, 2, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        token_layout = QVBoxLayout(self.token_box)
        token_layout.addLayout(where_row)
        token_layout.addWidget(self.once_notice)
        token_layout.addLayout(grid)

        self.try_box = QGroupBox()
        self.try_note = wrapping_label()
        self.preview_button = QPushButton()
        self.preview_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.panel = UploadPanel(context)
        try_layout = QVBoxLayout(self.try_box)
        try_layout.addWidget(self.try_note)
        try_layout.addWidget(self.preview_button)
        try_layout.addWidget(self.panel)

        self.set_scrolling_content(self.intro, routes, self.token_box, self.try_box)

        self.app_radio.toggled.connect(lambda on: on and self._choose(Route.APP))
        self.devtool_radio.toggled.connect(lambda on: on and self._choose(Route.DEVTOOL))
        self.token_edit.textChanged.connect(self._on_token_changed)
        self.token_show.toggled.connect(self._on_show_toggled)
        self.preview_button.clicked.connect(self.start_preview)
        self.panel.finished.connect(lambda _pid, _outcome: self.refresh())
        self.retranslate()

    # Text ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setTitle(_("How to upload"))
        self.setSubTitle(
            self.step_heading(_("Upload from this app, or with the Douyin developer tool."))
        )
        self.intro.setText(
            _(
                "The code package has to be uploaded to the platform as a new version. This app "
                "can do it for you with the platform's official upload tool: no developer tool "
                "to install, no member account to log in with."
            )
        )
        self.app_radio.setText(_("Upload from this app (recommended)"))
        self.app_note.setText(
            _(
                "Needs the mini-program's upload token, made once in the console. The app keeps "
                "it in this computer's password store, like the AppSecret."
            )
        )
        self.devtool_radio.setText(_("Upload with the Douyin developer tool"))
        self.devtool_note.setText(
            _(
                "Install 抖音开发者工具 (Windows 64-bit or macOS), log in with an account that is "
                "a member of the mini-program, import the folder and upload. The next steps "
                "guide you."
            )
        )
        self.token_box.setTitle(_("Upload token"))
        self.where_label.setText(
            _(
                "Where to get it: developer platform → your mini-program → 「开发」→「开发配置」 "
                "→ 「立即启用」 beside the upload token (an SMS code is sent to the "
                "administrator's phone)."
            )
        )
        self.open_console.setText(_("Open developer platform"))
        self.open_console.setAccessibleName(_("Open the developer platform in the browser"))
        self.once_notice.show_message(
            "warning",
            _(
                "The platform shows the upload token only once: paste it here as soon as you "
                "see it. Anyone with it can upload versions of your mini-program."
            ),
        )
        self.token_label.setText(_("Upload &token:"))
        self.token_edit.setAccessibleName(_("Upload token"))
        self.token_edit.setPlaceholderText(_("Paste the upload token here"))
        self._update_show_text()
        self.try_box.setTitle(_("Try it (optional)"))
        self.try_note.setText(
            _(
                "Make a preview QR code of the unpacked code package: it shows that the token "
                "works, without creating a version."
            )
        )
        self.preview_button.setText(_("Make a preview QR code"))
        self.panel.retranslate()
        self.refresh()

    def _update_show_text(self) -> None:
        shown = self.token_show.isChecked()
        self.token_show.setText(_("Hide") if shown else _("Show"))
        self.token_show.setAccessibleName(
            _("Hide the upload token") if shown else _("Show the upload token")
        )

    # Answers ⇄ widgets -----------------------------------------------------------------
    def answers_now(self) -> RouteAnswers:
        program = self.context.program
        return RouteAnswers.read(program) if program else RouteAnswers()

    def load_answers(self) -> None:
        program = self.context.program
        answers = self.answers_now()
        self.route_group.setExclusive(False)
        self.app_radio.setChecked(answers.route is Route.APP)
        self.devtool_radio.setChecked(answers.route is Route.DEVTOOL)
        self.route_group.setExclusive(True)
        token = None
        if program is not None and program.appid:
            token = self.context.secrets.get(program.appid, SecretKind.UPLOAD_TOKEN)
        self.token_edit.setText(token or "")
        if token is None and answers.token_saved and program is not None:
            # Kept for one run only (no password store), or removed outside the app.
            self.context.update_answers(program, self.step_id, token_saved=False)
        self.token_show.setChecked(False)
        self.refresh()

    def refresh(self) -> None:
        """Show what applies to the chosen route, and the verdicts."""
        program = self.context.program
        answers = self.answers_now()
        app_route = answers.route is Route.APP
        self.token_box.setVisible(app_route)
        self.try_box.setVisible(app_route)
        if app_route and find_cli() is None:
            self.tool_notice.show_message("warning", cli_missing_message())
        else:
            self.tool_notice.clear()
        text = self.token_edit.text()
        check = check_upload_token(text)
        if not text:
            self.token_verdict.clear()
        elif program is None or not program.appid:
            self.token_verdict.show_message(
                "error", _("Enter the AppID on the step “AppID and AppSecret” first.")
            )
        else:
            self.token_verdict.show_message(
                check_kind(check), check.message or _("Upload token looks right.")
            )
        message = (
            self.context.secrets.persistence_message(SecretKind.UPLOAD_TOKEN) if program else ""
        )
        if message:
            self.storage_notice.show_message("warning", message)
        elif check.ok and answers.token_saved:
            self.storage_notice.show_message(
                "ok", _("The upload token is saved in this computer's password store.")
            )
        else:
            self.storage_notice.clear()
        folder = package_step.package_folder(program) if program else None
        self.preview_button.setEnabled(
            answers.token_saved and folder is not None and not self.panel.running()
        )
        if folder is None and app_route:
            self.try_note.setText(
                _("Unpack the code package on the step before to make a preview QR code.")
            )
        self.completeChanged.emit()

    def page_complete(self) -> bool:
        program = self.context.program
        return step.is_done(program) if program else False

    def _choose(self, route: Route) -> None:
        self.save(**step.choose(route))
        self.refresh()

    def _on_token_changed(self, text: str) -> None:
        if not self._loading:
            self._store_token(text)
        self.refresh()

    def _store_token(self, text: str) -> None:
        program = self.context.program
        if program is None or not program.appid:
            return
        kept = step.token_entered(text)
        if kept is None:
            # Not a token (yet): nothing is kept, and an earlier one no longer counts.
            if self.answers_now().token_saved:
                self.context.secrets.delete(program.appid, SecretKind.UPLOAD_TOKEN)
                self.save(token_saved=False)
            return
        token = normalize_upload_token(text)
        register_secret(token)
        try:
            self.context.secrets.set(program.appid, token, SecretKind.UPLOAD_TOKEN)
        except SecretTooLongError as exc:
            self.token_verdict.show_message("error", exc.message)
            return
        self.save(**kept)

    def _on_show_toggled(self, shown: bool) -> None:
        self.token_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self._update_show_text()

    # Preview -----------------------------------------------------------------------------
    def start_preview(self) -> None:
        program = self.context.program
        folder = package_step.package_folder(program) if program else None
        if program is None or folder is None:
            return
        self.preview_button.setEnabled(False)
        if not self.panel.start_preview(program, folder):
            self.refresh()

    def last_outcome(self) -> UploadOutcome | None:
        return self.panel.outcome

    def stop_work(self) -> None:
        self.panel.stop_work()

    def demo_fill(self) -> None:
        self.app_radio.setChecked(True)
        # A made-up token, shown masked: screenshots never carry a real one.
        self.token_edit.setText("demo-upload-token-0123456789")
