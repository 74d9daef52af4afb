"""Journey step: the version number and changelog, checked as typed, and the upload guided.

Two routes share this page: the developer tool (the merchant uploads there and confirms here,
with the tool's failure texts explained) and, once that module exists, the app's own upload,
which adds itself with `add_upload_route()` and records through `steps.version.record_upload`.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wizard.core.checks import State
from wizard.core.i18n import _
from wizard.core.release_guide import UPLOAD_FAILURES, console_path, explain_upload_failure
from wizard.core.releases import ReleaseRuleError, Route, local_day
from wizard.core.secrets import SecretKind
from wizard.core.state import MiniProgram
from wizard.core.steps import package as package_step
from wizard.core.steps import route as route_step
from wizard.core.steps import version as step
from wizard.core.steps.version import VersionAnswers
from wizard.core.upload.changelog import WARN_LENGTH, check_changelog
from wizard.core.upload.outcome import UploadOutcome
from wizard.core.versions import check_live_version, suggestions
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext
from wizard.ui.widgets.common import (
    Notice,
    WrappingCheckBox,
    check_kind,
    open_folder,
    wrapping_label,
)
from wizard.ui.widgets.releases import CopyRow, HistoryTable
from wizard.ui.widgets.upload_panel import UploadPanel


class VersionPage(BasePage):
    """Version and changelog with inline reasons; the upload in the developer tool, guided."""

    step_id = step.ID

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.known_secrets: list[str] = []
        self.has_token = False
        self.intro = wrapping_label()

        # The version currently live, for a merchant new to the app (only before any upload).
        self.live_box = QGroupBox()
        self.live_label = wrapping_label()
        self.live_edit = QLineEdit()
        self.live_label.setBuddy(self.live_edit)
        self.live_notice = Notice()
        live_layout = QVBoxLayout(self.live_box)
        live_layout.addWidget(self.live_label)
        live_layout.addWidget(self.live_edit)
        live_layout.addWidget(self.live_notice)
        self.live_edit.textChanged.connect(self._on_live_changed)

        # The version to upload.
        self.version_box = QGroupBox()
        self.version_label = QLabel()
        self.version_edit = QLineEdit()
        self.version_label.setBuddy(self.version_edit)
        self.patch_button = QPushButton()
        self.minor_button = QPushButton()
        self.version_notice = Notice()
        row = QHBoxLayout()
        row.addWidget(self.version_edit, 1)
        row.addWidget(self.patch_button)
        row.addWidget(self.minor_button)
        version_layout = QVBoxLayout(self.version_box)
        version_layout.addWidget(self.version_label)
        version_layout.addLayout(row)
        version_layout.addWidget(self.version_notice)
        self.version_edit.textChanged.connect(self._on_version_changed)
        self.patch_button.clicked.connect(lambda: self.version_edit.setText(self._suggested()[0]))
        self.minor_button.clicked.connect(lambda: self.version_edit.setText(self._suggested()[1]))

        # The changelog.
        self.changelog_box = QGroupBox()
        self.login_box = WrappingCheckBox()
        self.changelog_label = QLabel()
        self.changelog_edit = QPlainTextEdit()
        self.changelog_edit.setTabChangesFocus(True)
        self.changelog_edit.setMaximumHeight(self.fontMetrics().height() * 6)
        self.changelog_label.setBuddy(self.changelog_edit)
        self.counter = QLabel()
        self.changelog_notice = Notice()
        changelog_layout = QVBoxLayout(self.changelog_box)
        changelog_layout.addWidget(self.login_box)
        changelog_layout.addWidget(self.changelog_label)
        changelog_layout.addWidget(self.changelog_edit)
        changelog_layout.addWidget(self.counter)
        changelog_layout.addWidget(self.changelog_notice)
        self.login_box.toggled.connect(self._on_login_toggled)
        self.changelog_edit.textChanged.connect(self._on_changelog_changed)

        # The upload: one tab per route; the developer tool's is built here.
        self.routes = QTabWidget()
        # Upload from this app (the official CLI, run safely): a button and the shared panel.
        self.app_route = QWidget()
        self.routes.addTab(self.app_route, "")
        app_layout = QVBoxLayout(self.app_route)
        self.app_upload_button = QPushButton()
        self.app_upload_button.clicked.connect(self.upload_from_app)
        self.upload_panel = UploadPanel(context)
        self.upload_panel.finished.connect(self._on_app_upload_finished)
        self._uploading: tuple[str, str] | None = None
        app_button_row = QHBoxLayout()
        app_button_row.addWidget(self.app_upload_button)
        app_button_row.addStretch(1)
        app_layout.addLayout(app_button_row)
        app_layout.addWidget(self.upload_panel)
        self.devtool_route = QWidget()
        self.routes.addTab(self.devtool_route, "")
        devtool_layout = QVBoxLayout(self.devtool_route)
        self.copy_box = QGroupBox()
        copy_grid = QGridLayout(self.copy_box)
        self.folder_label = QLabel()
        self.folder_row = CopyRow()
        self.open_folder_button = QPushButton()
        self.open_folder_button.clicked.connect(self._open_folder)
        self.version_copy_label = QLabel()
        self.version_copy = CopyRow()
        self.changelog_copy_label = QLabel()
        self.changelog_copy = CopyRow()
        copy_grid.addWidget(self.folder_label, 0, 0)
        copy_grid.addWidget(self.folder_row, 0, 1)
        copy_grid.addWidget(self.open_folder_button, 0, 2)
        copy_grid.addWidget(self.version_copy_label, 1, 0)
        copy_grid.addWidget(self.version_copy, 1, 1, 1, 2)
        copy_grid.addWidget(self.changelog_copy_label, 2, 0)
        copy_grid.addWidget(self.changelog_copy, 2, 1, 1, 2)
        copy_grid.setColumnStretch(1, 1)
        self.steps_label = wrapping_label()
        self.failures_box = QGroupBox()
        self.failures_box.setCheckable(True)
        self.failures_box.setChecked(False)
        self.failures_label = wrapping_label(selectable=True)
        self.message_label = QLabel()
        self.message_edit = QLineEdit()
        self.message_label.setBuddy(self.message_edit)
        self.message_notice = Notice()
        failures_layout = QVBoxLayout(self.failures_box)
        failures_layout.addWidget(self.message_label)
        failures_layout.addWidget(self.message_edit)
        failures_layout.addWidget(self.message_notice)
        failures_layout.addWidget(self.failures_label)
        self.failures_box.toggled.connect(self.failures_label.setVisible)
        self.failures_label.setVisible(False)
        self.message_edit.textChanged.connect(self._on_tool_message)
        self.confirm_button = QPushButton()
        self.confirm_button.clicked.connect(self.confirm_devtool_upload)
        self.upload_notice = Notice()
        devtool_layout.addWidget(self.copy_box)
        devtool_layout.addWidget(self.steps_label)
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.confirm_button)
        confirm_row.addStretch(1)
        devtool_layout.addLayout(confirm_row)
        devtool_layout.addWidget(self.upload_notice)
        devtool_layout.addWidget(self.failures_box)
        devtool_layout.addStretch(1)

        self.history_box = QGroupBox()
        self.history_table = HistoryTable()
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.history_table)
        history_layout.addWidget(self.history_table.notice)

        self.set_scrolling_content(
            self.intro,
            self.live_box,
            self.version_box,
            self.changelog_box,
            self.routes,
            self.history_box,
        )
        self.retranslate()

    # Room for the app's own upload (built by the upload module) ---------------------------
    def add_upload_route(self, widget: QWidget, title: str) -> int:
        """Add another way to upload as a tab; it records with steps.version.record_upload."""
        return self.routes.addTab(widget, title)

    # Texts -------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setTitle(_("Version and upload"))
        self.setSubTitle(
            self.step_heading(_("A version number, a changelog for the reviewers, the upload."))
        )
        self.intro.setText(
            _(
                "Each upload needs a version number greater than the one before and a changelog "
                "(更新日志). 发布助手 checks both as you type, so the upload is not refused "
                "halfway."
            )
        )
        self.live_box.setTitle(_("Version currently live"))
        self.live_label.setText(
            _(
                "If this mini-program is already online, type the version the console shows "
                "under {path}, so the next number is right. Leave it empty if nothing is live "
                "yet."
            ).format(path=console_path("live_version"))
        )
        self.live_edit.setPlaceholderText(_("for example 1.0.3"))
        self.live_edit.setAccessibleName(_("Version currently live"))
        self.version_box.setTitle(_("Version number"))
        self.version_label.setText(_("&Version to upload:"))
        self.version_edit.setAccessibleName(_("Version to upload"))
        patch, minor = self._suggested()
        self.version_edit.setPlaceholderText(_("for example {version}").format(version=patch))
        self.patch_button.setText(_("Use {version}").format(version=patch))
        self.patch_button.setAccessibleName(
            _("Use the next version, {version}").format(version=patch)
        )
        self.minor_button.setText(_("Use {version}").format(version=minor))
        self.minor_button.setAccessibleName(
            _("Use the next bigger version, {version}").format(version=minor)
        )
        self.minor_button.setVisible(minor != patch)
        self.changelog_box.setTitle(_("Changelog (更新日志)"))
        self.login_box.setText(
            _("This mini-program has a login (the reviewers then need a test account)")
        )
        self.changelog_label.setText(_("&What is new in this version:"))
        self.changelog_edit.setAccessibleName(_("Changelog"))
        self.changelog_edit.setPlaceholderText(
            _("For example: 首页改版。测试账号：13800000000 密码：123456")
        )
        self.routes.setTabText(0, _("Upload from this app"))
        self.routes.setTabText(1, _("Upload in the developer tool"))
        self.app_upload_button.setText(_("&Upload this version"))
        self.app_upload_button.setAccessibleName(
            _("Upload this version with its changelog from this app")
        )
        self.copy_box.setTitle(_("Copy these into the developer tool"))
        self.folder_label.setText(_("Project folder:"))
        self.folder_row.retranslate(_("the project folder"))
        self.folder_row.field.setPlaceholderText(_("Unpack the code package in its step first"))
        self.open_folder_button.setText(_("Open folder"))
        self.version_copy_label.setText(_("Version:"))
        self.version_copy.retranslate(_("the version"))
        self.changelog_copy_label.setText(_("Changelog:"))
        self.changelog_copy.retranslate(_("the changelog"))
        self.steps_label.setText(
            _(
                "1. In 抖音开发者工具, open the project folder (the first time, click "
                "「信任并运行」).\n"
                "2. Click 「上传」 at the top right.\n"
                "3. Paste the version and the changelog, then click 「确定」 (sometimes "
                "「继续上传」).\n"
                "4. Wait for 上传成功. Then click the button below."
            )
        )
        self.confirm_button.setText(_("The tool said 上传成功: record the upload"))
        self.failures_box.setTitle(_("The tool showed an error"))
        self.message_label.setText(_("Paste or type the tool's &message:"))
        self.message_edit.setAccessibleName(_("The developer tool's error message"))
        self.failures_label.setText(
            "\n\n".join(
                f"{failure.shown}\n{_(failure.meaning)}\n→ {_(failure.todo)}"
                for failure in UPLOAD_FAILURES
            )
        )
        self.history_box.setTitle(_("Versions uploaded"))
        self.history_table.retranslate()
        self.refresh()

    # Answers ⇄ widgets ----------------------------------------------------------------------
    def answers_now(self) -> VersionAnswers:
        return VersionAnswers.read(self.program)

    def load_answers(self) -> None:
        program = self.program
        secrets = (
            [
                self.context.secrets.get(program.appid),
                self.context.secrets.get(program.appid, SecretKind.UPLOAD_TOKEN),
            ]
            if program and program.appid
            else []
        )
        self.known_secrets = [secret for secret in secrets if secret]
        self.has_token = len(secrets) == 2 and bool(secrets[1])  # read once, not per keystroke
        # The tab of the route chosen in the route step comes first to the eye.
        self.routes.setCurrentWidget(
            self.app_route
            if program and route_step.uses_app_upload(program)
            else self.devtool_route
        )
        answers = self.answers_now()
        self.login_box.setChecked(answers.has_login)
        self.live_edit.setText(answers.history.declared_live)
        self.version_edit.setText(answers.draft_version)
        self.changelog_edit.setPlainText(answers.draft_changelog)
        self.message_edit.clear()
        self.upload_notice.clear()
        self.refresh()

    def _suggested(self) -> tuple[str, str]:
        return step.suggested_versions(self.program)

    def _on_live_changed(self, typed: str) -> None:
        check = check_live_version(typed)
        if check.ok and self.program is not None and not self._loading:
            current = step.history(self.program)
            current.declare_live(typed)
            self.save(**step.saved(current))
        self.refresh()

    def _on_version_changed(self, typed: str) -> None:
        self.save(draft_version=typed)
        self.refresh()

    def _on_login_toggled(self, checked: bool) -> None:
        self.save(has_login=checked)
        self.refresh()

    def _on_changelog_changed(self) -> None:
        typed = self.changelog_edit.toPlainText()
        # A secret pasted by mistake is never written to the state file, even as a draft.
        self.save(draft_changelog=step.draft_changelog_to_keep(typed, self.known_secrets))
        self.refresh()

    def refresh(self) -> None:
        """Every check and button from the answers and what is typed now."""
        program = self.program
        answers = self.answers_now()
        history = answers.history
        self.live_box.setVisible(not history.releases)
        live = check_live_version(self.live_edit.text())
        if live.message:
            self.live_notice.show_message(check_kind(live), live.message)
        else:
            self.live_notice.clear()

        # The history is read once per refresh (every keystroke): the checks use that copy.
        version_check = history.check_new_version(self.version_edit.text())
        if version_check.message:
            self.version_notice.show_message(check_kind(version_check), version_check.message)
        else:
            self.version_notice.show_message("ok", _("This version can be uploaded."))
        patch, minor = (str(v) for v in suggestions(history.highest_known()))
        self.patch_button.setText(_("Use {version}").format(version=patch))
        self.minor_button.setText(_("Use {version}").format(version=minor))
        self.minor_button.setVisible(minor != patch)

        typed = self.changelog_edit.toPlainText()
        report = check_changelog(
            typed, has_login=answers.has_login, known_secrets=self.known_secrets
        )
        self.counter.setText(
            _("{count} characters (reviewers see up to {limit})").format(
                count=report.length, limit=WARN_LENGTH
            )
        )
        if report.check.message:
            self.changelog_notice.show_message(check_kind(report.check), report.check.message)
        else:
            self.changelog_notice.clear()

        folder = package_step.package_folder(program) if program else None
        self.folder_row.set_value(str(folder) if folder else "")
        self.open_folder_button.setEnabled(folder is not None)
        self.version_copy.set_value(self.version_edit.text().strip() if version_check.ok else "")
        self.changelog_copy.set_value(typed.strip() if report.check.ok else "")
        ready = version_check.ok and report.check.ok
        self.confirm_button.setEnabled(ready)
        self.app_upload_button.setEnabled(ready and folder is not None and self.has_token)
        self.history_table.show_history(history)
        self.history_box.setVisible(bool(history.releases))
        self.completeChanged.emit()

    def _on_tool_message(self, typed: str) -> None:
        failure = explain_upload_failure(typed) if typed.strip() else None
        if failure is None:
            if typed.strip():
                self.message_notice.show_message(
                    "info",
                    _(
                        "发布助手 does not know this message. Read it to the end; if it does not "
                        "say what to do, send it to your provider."
                    ),
                )
            else:
                self.message_notice.clear()
            return
        self.message_notice.show_message(
            "error",
            _("“{shown}”: {meaning} {todo}").format(
                shown=failure.shown, meaning=_(failure.meaning), todo=_(failure.todo)
            ),
        )
        self.reveal(self.message_notice)

    def _open_folder(self) -> None:
        folder = package_step.package_folder(self.program) if self.program else None
        if folder is not None:
            open_folder(str(folder))

    def confirm_devtool_upload(self) -> None:
        """The merchant saw 上传成功 in the developer tool: the version enters the history."""
        if self.program is not None and self._upload_acceptable():
            self._record(self.program, self.version_edit.text(), Route.DEVTOOL)

    def _upload_acceptable(self) -> bool:
        program = self.program
        if program is None:
            return False
        changelog = self.changelog_edit.toPlainText()
        report = step.check_changelog_for(program, changelog, self.known_secrets)
        version = step.check_version_for(program, self.version_edit.text())
        return report.check.state is State.ACCEPTABLE and version.ok

    def upload_from_app(self) -> None:
        """Upload with the official CLI, as a job for this mini-program."""
        program = self.program
        if program is None or not self._upload_acceptable():
            self.upload_notice.show_message(
                "error", _("Fix the version number and the changelog first (see above).")
            )
            self.reveal(self.upload_notice)
            return
        folder = package_step.package_folder(program)
        if folder is None:
            self.upload_notice.show_message(
                "error", _("Unpack the code package first (step “Code package”).")
            )
            return
        self._uploading = (self.version_edit.text().strip(), self.changelog_edit.toPlainText())
        self.upload_panel.start_upload(program, folder, *self._uploading)

    def _on_app_upload_finished(self, program_id: str, outcome: UploadOutcome) -> None:
        program = self.context.programs.get(program_id)
        uploading, self._uploading = self._uploading, None
        if program is None or uploading is None or not outcome.ok:
            return  # the panel shows the outcome's sentence
        version, changelog = uploading
        self._record(
            program,
            version,
            Route.APP,
            changelog=changelog,
            qr_code=str(outcome.qrcode_path or ""),
            preview_link=outcome.short_link or "",
            preview_expires_at=outcome.expires_at,
        )

    def _record(
        self,
        program: MiniProgram,
        version: str,
        route: Route,
        *,
        changelog: str | None = None,
        qr_code: str = "",
        preview_link: str = "",
        preview_expires_at: float | None = None,
    ) -> None:
        """An upload happened (confirmed, or done by the app): the version enters the history."""
        changelog = self.changelog_edit.toPlainText() if changelog is None else changelog
        try:
            release, values = step.record_upload(
                program,
                version,
                changelog,
                route,
                qr_code=qr_code,
                preview_link=preview_link,
                preview_expires_at=preview_expires_at,
            )
        except ReleaseRuleError as exc:
            self.upload_notice.show_message("error", exc.message)
            self.reveal(self.upload_notice)
            return
        self.context.update_answers(program, self.step_id, **values)
        if program is not self.program:
            return  # recorded for the mini-program it was uploaded for; this page shows another
        self._loading = True
        try:
            self.version_edit.clear()
            self.changelog_edit.setPlainText(changelog)  # kept: the next upload often reuses it
        finally:
            self._loading = False
        self.save(draft_changelog=step.draft_changelog_to_keep(changelog, self.known_secrets))
        self.upload_notice.show_message(
            "ok",
            _(
                "Version {version} recorded as uploaded on {date}. Continue with the preview."
            ).format(version=release.version, date=local_day(release.uploaded_at)),
        )
        self.refresh()
        self.reveal(self.upload_notice)

    def stop_work(self) -> None:
        self.upload_panel.stop_work()

    def page_complete(self) -> bool:
        return step.is_done(self.program) if self.program else False

    def demo_fill(self) -> None:
        self.login_box.setChecked(True)
        self.version_edit.setText("1.0.0")
        self.changelog_edit.setPlainText(
            "首次发布：商品展示与下单。测试账号：13800000000 密码：123456"
        )
