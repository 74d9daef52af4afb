"""The privacy agreement on the domains page: which APIs of the package it must declare (a scan
job on the package folder), where to declare them, the copy text, and whether the platform
says it is set (with the time asked). Rules and sentences live in wizard.core.privacy and
wizard.core.platform_api."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from wizard.core import platform_facts as facts
from wizard.core.i18n import _
from wizard.core.platform_api import memory
from wizard.core.privacy import PrivacyScan, PrivacyScanError, scan_privacy, texts
from wizard.core.privacy import memory as scan_memory
from wizard.net.platform_api import PlatformAnswers, PlatformAsker
from wizard.ui.context import AppContext
from wizard.ui.jobs import JobFailure, ThreadJob, throttled
from wizard.ui.widgets.common import Notice, UrlButton, plain_label, wrapping_label
from wizard.ui.widgets.platform_answers import remember, start_asking


class PrivacyPanel(QGroupBox):
    """What the privacy agreement must declare for this package, and the platform's answer."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.folder: Path | None = None
        self.scan: PrivacyScan | None = None
        self.job = ThreadJob(_unexpected_problem, self)
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_scanned)
        self.asker = PlatformAsker(self)
        self.asker.finished.connect(self._on_answers)
        self._asked_for = ""

        self.intro = wrapping_label()
        self.console_path = plain_label(selectable=True)
        self.console_button = UrlButton(facts.CONSOLE_URL)
        self.scan_button = QPushButton()
        self.stop_button = QPushButton()
        self.progress = QProgressBar()
        self.notice = Notice()
        self.report = plain_label(selectable=True)
        self.copy_button = QPushButton()
        self.copied = plain_label()
        self.ask_button = QPushButton()
        self.answer = Notice()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        console = QHBoxLayout()
        console.addWidget(self.console_path, 1)
        console.addWidget(self.console_button)
        layout.addLayout(console)
        buttons = QHBoxLayout()
        for button in (self.scan_button, self.stop_button, self.copy_button, self.ask_button):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button)
        buttons.addWidget(self.copied)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.notice)
        layout.addWidget(self.report)
        layout.addWidget(self.answer)
        self.scan_button.clicked.connect(self.start_scan)
        self.stop_button.clicked.connect(self.job.cancel)
        self.copy_button.clicked.connect(self.copy)
        self.ask_button.clicked.connect(self.ask)
        self._set_scanning(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Privacy agreement (用户隐私保护协议)"))
        self.intro.setText(
            _(
                "Mini-programs created after {date} must declare in the privacy agreement "
                "every kind of personal information their code collects; an API that is not "
                "declared fails on the phone, and the review rejects the version. The app "
                "reads the code package to list what must be declared."
            ).format(date=facts.PRIVACY_ENFORCED_SINCE)
        )
        self.console_path.setText(
            _("On the Douyin developer platform: your mini-program → {path}.").format(
                path=texts.console_path()
            )
        )
        self.console_button.setText(_("Open the developer platform"))
        self.scan_button.setText(_("Check what must be declared"))
        self.stop_button.setText(_("Stop"))
        self.copy_button.setText(_("Copy the list"))
        self.ask_button.setText(_("Ask the platform whether it is set"))
        self.progress.setAccessibleName(_("Progress of the privacy check"))
        self._show_scan()
        self._show_remembered()

    # The folder and the scan ------------------------------------------------------------
    def set_folder(self, folder: Path | None) -> None:
        """The page's package folder (None when not unpacked); checked at once when new."""
        changed = folder != self.folder
        self.folder = folder
        if changed:
            self.scan = None
            self.notice.clear()
            self._show_scan()
        self._set_scanning(self.job.is_running())
        self._show_remembered()
        if changed and folder is not None:
            self.start_scan()

    def start_scan(self) -> None:
        program = self.context.program
        folder = self.folder
        if program is None or folder is None or self.job.is_running():
            return
        self.notice.show_message("wait", _("Checking the code package…"))
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self._set_scanning(True)
        self.job.set_work(lambda progress, cancel: _scan(folder, progress, cancel))
        self.context.jobs.start(self.job, program.id)

    def _on_progress(self, done: int, total: int, _line: str) -> None:
        if total > 0:
            self.progress.setValue(int(done * 1000 / total))

    def _on_scanned(self, program_id: str, outcome: object) -> None:
        self._set_scanning(False)
        program = self.context.program
        if program is None or program.id != program_id:
            return
        if isinstance(outcome, PrivacyScan):
            self.scan = outcome
            self.notice.clear()
            self._show_scan()
            if self.folder is not None:
                # Remembered for the review's verdict (which scopes this package needs).
                values = scan_memory.scan_values(outcome, str(self.folder))
                self.context.update_answers(program, scan_memory.STEP_ID, **values)
        elif isinstance(outcome, PrivacyScanError | JobFailure):
            self.notice.show_message("error", outcome.message)

    def _show_scan(self) -> None:
        scan = self.scan
        self.copy_button.setEnabled(scan is not None and bool(scan.scopes()))
        self.copied.clear()
        if scan is None:
            self.report.setText(
                ""
                if self.folder is not None
                else _("Unpack the code package first; then the app can check it.")
            )
            self.report.setVisible(self.folder is None)
            return
        self.report.setText("\n".join(texts.report_lines(scan)))
        self.report.setVisible(True)

    def _set_scanning(self, scanning: bool) -> None:
        self.scan_button.setEnabled(not scanning and self.folder is not None)
        self.stop_button.setVisible(scanning)
        self.progress.setVisible(scanning)

    def copy(self) -> None:
        if self.scan is None or not self.scan.scopes():
            return
        QGuiApplication.clipboard().setText(texts.copy_text(self.scan))
        self.copied.setText(_("Copied"))

    # The platform's answer ---------------------------------------------------------------
    def ask(self) -> None:
        if self.asker.is_running():
            return
        program = self.context.program
        self._asked_for = program.id if program is not None else ""
        why_not = start_asking(self.context, self.asker, categories=False, capacities=False)
        if why_not:
            self.answer.show_message("info", why_not)
            return
        self.ask_button.setEnabled(False)
        self.answer.show_message("wait", _("Asking the platform…"))

    def _on_answers(self, answers: PlatformAnswers) -> None:
        self.ask_button.setEnabled(True)
        remember(self.context, self._asked_for, answers)
        program = self.context.program
        if program is None or program.id != self._asked_for or answers.privacy is None:
            return
        answer = answers.privacy
        kind = "info" if answer.problem else ("ok" if answer.configured else "warning")
        self.answer.show_message(kind, answer.sentence())

    def _show_remembered(self) -> None:
        program = self.context.program
        remembered = memory.remembered_privacy(program) if program is not None else None
        if remembered is None:
            self.answer.clear()
        else:
            kind = "ok" if remembered.configured else "warning"
            self.answer.show_message(kind, remembered.sentence())

    def stop_work(self) -> None:
        self.job.stop(timeout=10)
        self.asker.cancel()


def _scan(
    folder: Path, progress: Callable[[int, int], None], cancel: Callable[[], bool]
) -> PrivacyScan | PrivacyScanError:
    try:
        return scan_privacy(folder, progress=throttled(progress), cancel=cancel)
    except PrivacyScanError as error:
        return error


def _unexpected_problem() -> str:
    return _(
        "The privacy check stopped because of an unexpected problem. Try again; if it happens "
        "again, send the log file to support."
    )
