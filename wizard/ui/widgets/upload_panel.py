"""A reusable panel that uploads a version or makes a preview QR code, with the official CLI.

The ``version`` step's page embeds it: ``start_upload(program, folder, version, changelog)``
or ``start_preview(program, folder)``; it shows a live status line and a Cancel button while
the CLI runs (a job of the one contract, so Back/Next wait and closing the window stops it),
then the outcome sentence, the QR code drawn on white (the CLI's PNG is transparent), the short
link with a Copy button, and who can scan it. ``finished(program_id, UploadOutcome)`` tells the
page how it ended, for the mini-program it was started for.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from wizard.core import platform_facts as facts
from wizard.core.i18n import _
from wizard.core.releases import preview_still_valid
from wizard.core.secrets import SecretKind
from wizard.core.state import MiniProgram
from wizard.core.upload.cli_runner import CliLocation
from wizard.core.upload.outcome import KIND_CANCELLED, KIND_TOKEN_MISSING, UploadOutcome
from wizard.core.upload.uploader import make_preview, upload_version
from wizard.ui.context import AppContext
from wizard.ui.jobs import JobFailure, ThreadJob
from wizard.ui.widgets.common import Notice, plain_label, wrapping_label
from wizard.ui.widgets.qr_code import QrCodeView


class UploadPanel(QWidget):
    """Upload / preview with the official CLI: status, Cancel, outcome, QR code and link."""

    finished = Signal(str, object)  # program id the job was started for, UploadOutcome

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        # The one job contract; the CLI's status lines arrive as the progress line.
        self.job = ThreadJob(_unexpected_upload_problem, self)
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_finished)
        # Where the CLI's traffic goes: the system proxy (QtNetwork knows it; Node does not).
        # Tests point these at the loopback fake of the platform.
        self.proxy_for_run: Callable[[], str | None] = _system_proxy
        self.ca_file: Path | None = None
        self.location: CliLocation | None = None
        self.outcome: UploadOutcome | None = None
        self._started = 0.0
        self._command = ""
        self._last_status = ""
        # The CLI prints little while it sends the code: the seconds keep counting meanwhile,
        # so a long upload never looks stuck.
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._show_status)

        self.status = Notice()
        self.cancel_button = QPushButton()
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        self.result = Notice()
        self.qr_label = QrCodeView()
        self.link_label = plain_label(selectable=True)
        self.link_label.hide()
        self.copy_button = QPushButton()
        self.copy_button.hide()
        self.copy_button.clicked.connect(self.copy_link)
        self.scan_note = wrapping_label()
        self.scan_note.hide()

        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.cancel_button)
        link_row = QHBoxLayout()
        link_row.addWidget(self.link_label, 1)
        link_row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(status_row)
        layout.addWidget(self.result)
        layout.addWidget(self.qr_label)
        layout.addLayout(link_row)
        layout.addWidget(self.scan_note)
        self.retranslate()

    def retranslate(self) -> None:
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel the upload"))
        self.copy_button.setText(_("Copy link"))
        self.copy_button.setAccessibleName(_("Copy the test version's link"))
        self.qr_label.retranslate()
        self.scan_note.setText(
            _(
                "Scan it with a phone whose account is a member of the mini-program "
                "(「成员管理」), in one of these apps: {apps}."
            ).format(apps="、".join(facts.PREVIEW_HOST_APPS))
        )
        if self.outcome is not None:
            self.show_outcome(self.outcome)

    # Starting -----------------------------------------------------------------------------
    def running(self) -> bool:
        return self.job.is_running()

    def start_upload(
        self, program: MiniProgram, folder: Path, version: str, changelog: str
    ) -> bool:
        """Upload `folder` as `version`; False (with a sentence shown) when it cannot start."""
        return self._start_cli(
            program, "upload", upload_version, folder, version=version, changelog=changelog
        )

    def start_preview(self, program: MiniProgram, folder: Path) -> bool:
        """Make a preview QR code of `folder`; False (with a sentence shown) when it cannot."""
        return self._start_cli(program, "preview", make_preview, folder)

    def _start_cli(
        self,
        program: MiniProgram,
        command: str,
        run: Callable[..., UploadOutcome],
        folder: Path,
        **arguments: str,
    ) -> bool:
        """Run upload_version or make_preview as a job with this panel's token and settings."""
        token = self._token(program)
        if token is None:
            return False
        proxy, ca_file, location = self.proxy_for_run(), self.ca_file, self.location
        appid = program.appid

        def work(status: Callable[[str], None], cancel: Callable[[], bool]) -> UploadOutcome:
            return run(
                folder,
                appid=appid,
                token=token,
                proxy=proxy,
                on_status=status,
                cancel=cancel,
                ca_file=ca_file,
                location=location,
                **arguments,
            )

        self._start(program, work, command)
        return True

    def cancel(self) -> None:
        if self.job.is_running():
            self._last_status = _("Stopping the upload tool…")
            self._show_status()
            self.job.cancel()

    def _token(self, program: MiniProgram) -> str | None:
        token = self.context.secrets.get(program.appid, SecretKind.UPLOAD_TOKEN)
        if program.appid and token:
            return token
        self.show_outcome(
            UploadOutcome(
                ok=False,
                kind=KIND_TOKEN_MISSING,
                message=_(
                    "No upload token is saved for this mini-program. Enter it on the step "
                    "“How to upload” (「开发」→「开发配置」, 「立即启用」)."
                ),
            )
        )
        return None

    def _start(
        self,
        program: MiniProgram,
        work: Callable[[Callable[[str], None], Callable[[], bool]], UploadOutcome],
        command: str,
    ) -> None:
        self.outcome = None
        self._command = command
        self._started = time.monotonic()
        self._clear_result()
        self._last_status = _("Starting the upload tool…")
        self._show_status()
        self.cancel_button.show()
        self.job.set_work(lambda progress, cancel: work(lambda line: progress(0, 0, line), cancel))
        self.context.jobs.start(self.job, program.id)
        self._ticker.start()

    # Progress and outcome ----------------------------------------------------------------
    def _on_progress(self, _done: object, _total: object, line: str) -> None:
        if line and self.job.is_running():
            self._last_status = line
            self._show_status()

    def _show_status(self) -> None:
        seconds = int(time.monotonic() - self._started)
        self.status.show_message(
            "wait", _("{status} ({seconds} s)").format(status=self._last_status, seconds=seconds)
        )

    def _on_finished(self, program_id: str, outcome: object) -> None:
        self._ticker.stop()
        self.cancel_button.hide()
        self.status.clear()
        if isinstance(outcome, JobFailure):  # a bug in the run: one sentence, never a wait
            outcome = UploadOutcome(ok=False, message=outcome.message, kind="failed")
        if isinstance(outcome, UploadOutcome):
            if self.context.programs.get(program_id) is self.context.program:
                self.show_outcome(outcome)
            self.finished.emit(program_id, outcome)

    def _clear_result(self) -> None:
        self.result.clear()
        self.qr_label.clear()
        self.qr_label.hide()
        self.link_label.hide()
        self.copy_button.hide()
        self.scan_note.hide()

    def show_outcome(self, outcome: UploadOutcome) -> None:
        """Show an outcome (a finished job's, or one saved earlier)."""
        self.outcome = outcome
        self._clear_result()
        if outcome.ok:
            kind = "ok"
        elif outcome.kind == KIND_CANCELLED:
            kind = "info"
        else:
            kind = "error"
        self.result.show_message(kind, outcome.message)
        if not outcome.ok:
            return
        expired = not preview_still_valid(outcome.expires_at)
        self.qr_label.show_code(outcome.qrcode_path, outcome.expires_at)
        if outcome.short_link and not expired:
            expiry = ""
            if outcome.expires_at:
                expiry = " " + _("(valid until {time})").format(
                    time=time.strftime("%Y-%m-%d %H:%M", time.localtime(outcome.expires_at))
                )
            self.link_label.setText(outcome.short_link + expiry)
            self.link_label.show()
            self.copy_button.show()
        if self.qr_label.isVisible() or self.link_label.isVisible():
            self.scan_note.show()

    def copy_link(self) -> None:
        if self.outcome is not None and self.outcome.short_link:
            QGuiApplication.clipboard().setText(self.outcome.short_link)
            self.copy_button.setText(_("Copied"))

    def stop_work(self) -> None:
        """The window is closing: end the CLI's whole process tree and wait."""
        self.job.stop()


def _system_proxy() -> str | None:
    from wizard.net.proxy import system_proxy_url

    return system_proxy_url()


def _unexpected_upload_problem() -> str:
    return _(
        "Something unexpected stopped the upload. Look at 测试版本 in the console before trying "
        "again; the app's log has the details."
    )
