"""The update channel in the window: a daily check after start-up, and the dialog that shows
what is new, downloads the installer (resumable, bounded), checks it and starts it."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from wizard.core.i18n import _, current_language
from wizard.core.package.download.failures import DownloadOutcome
from wizard.core.updates.channel import (
    baked_profile_feed_url,
    feed_url_for,
    is_due,
    load_channel,
    this_platform,
)
from wizard.core.updates.check import UPDATE, UpdateCheck, check_for_update
from wizard.core.updates.feed import FeedError
from wizard.core.updates.fetch import FeedUnreachable
from wizard.core.updates.installer import installer_problem
from wizard.ui.context import AppContext
from wizard.ui.jobs import ThreadJob
from wizard.ui.network_jobs import DownloadJob

log = logging.getLogger(__name__)
# Long enough after the first paint that the check never competes with start-up.
CHECK_DELAY_MS = 15_000
UPDATES_JOB_ID = "-updates-"  # not a mini-program: the jobs contract wants an id


class UpdateWatcher(QObject):
    """Checks the feed at most daily (never when turned off) and offers a found update."""

    def __init__(self, context: AppContext, window: QWidget) -> None:
        super().__init__(window)
        self.context, self.window = context, window
        self.dialog: UpdateDialog | None = None
        self._job = ThreadJob(lambda: _("The update check stopped unexpectedly."), self)
        self._job.finished.connect(self._on_checked)

    def start_later(self, delay_ms: int = CHECK_DELAY_MS) -> None:
        QTimer.singleShot(delay_ms, self.check_if_due)

    def check_if_due(self) -> bool:
        """Start a background check when one is due; False when none was started."""
        settings = self.context.settings
        if not is_due(settings.update_checks, settings.last_update_check, time.time()):
            return False
        try:
            channel = load_channel()
        except FeedError as exc:
            log.info("no update check: %s", exc)
            return False
        url = feed_url_for(channel, baked_profile_feed_url())
        if not url:
            return False
        settings.last_update_check = time.time()
        self.context.save_settings()
        self._job.set_work(lambda _progress, _cancel: _checked(url, channel.public_key))
        self._job.start(UPDATES_JOB_ID)
        return True

    def _on_checked(self, _program_id: str, outcome: object) -> None:
        if not isinstance(outcome, UpdateCheck):
            # Automatic checks stay quiet on failure: the merchant did not ask for them.
            log.info("update check: %s", getattr(outcome, "message", outcome))
            return
        log.info("update check: %s", outcome.sentence("en"))
        if outcome.status == UPDATE and outcome.installer is not None:
            self.dialog = UpdateDialog(self.context, outcome, self.window)
            self.dialog.show()


def _checked(url: str, public_key: str) -> object:
    from wizard import __version__

    try:
        return check_for_update(url, public_key, __version__, this_platform())
    except (FeedError, FeedUnreachable) as exc:
        return exc


class UpdateDialog(QDialog):
    """What is new in the found version; download, check and start its installer."""

    def __init__(self, context: AppContext, check: UpdateCheck, parent: QWidget) -> None:
        super().__init__(parent)
        assert check.installer is not None
        self.context, self.check = context, check
        self.setWindowTitle(_("A new version is available"))
        layout = QVBoxLayout(self)
        language = current_language()
        self.headline = QLabel(check.sentence(language))
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.notes = QPlainTextEdit(check.release.notes(language))
        self.notes.setReadOnly(True)
        layout.addWidget(self.notes)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.automatic = QCheckBox(_("Check for updates automatically (at most once a day)"))
        self.automatic.setChecked(context.settings.update_checks)
        self.automatic.toggled.connect(self._set_automatic)
        layout.addWidget(self.automatic)
        self.buttons = QDialogButtonBox()
        self.install_button = self.buttons.addButton(
            _("Download and install"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.later_button = self.buttons.addButton(
            _("Later"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.install_button.clicked.connect(self.download)
        self.later_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.job = DownloadJob(self, zip_only=False)
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_downloaded)
        self.started_installer = ""

    def target(self) -> Path:
        installer = self.check.installer
        assert installer is not None
        suffix = ".dmg" if self.check.platform.startswith("macos") else ".exe"
        name = f"miniapp-publisher-{self.check.release.version}-{self.check.platform}{suffix}"
        return self.context.paths.cache / "updates" / name

    def _set_automatic(self, on: bool) -> None:
        self.context.settings.update_checks = on
        self.context.save_settings()

    def download(self) -> None:
        installer = self.check.installer
        assert installer is not None
        self.install_button.setEnabled(False)
        self.progress.setVisible(True)
        self.status.setText(_("Downloading the installer…"))
        self.job.configure(installer.url, self.target())
        self.job.start(UPDATES_JOB_ID)

    def _on_progress(self, received: object, total: object, line: str) -> None:
        if isinstance(total, int) and total > 0 and isinstance(received, int):
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(received * 1000 / total))
        if line:
            self.status.setText(line)

    def _on_downloaded(self, _program_id: str, outcome: object) -> None:
        self.progress.setVisible(False)
        assert isinstance(outcome, DownloadOutcome)
        if not outcome.ok or outcome.path is None:
            self.status.setText(outcome.message)
            self.install_button.setEnabled(True)
            return
        assert self.check.installer is not None
        problem = installer_problem(outcome.path, self.check.installer)
        if problem:
            self.status.setText(problem)
            self.install_button.setEnabled(True)
            return
        self.start_installer(outcome.path)

    def start_installer(self, path: Path) -> None:
        """The installer asks this app to close (Windows); macOS opens the disk image."""
        program, args = ("open", [str(path)]) if sys.platform == "darwin" else (str(path), [])
        if not QProcess.startDetached(program, args):
            self.status.setText(
                _("The installer could not be started. Open it yourself: {path}").format(path=path)
            )
            return
        self.started_installer = str(path)
        self.status.setText(_("The installer has started; the publisher will close for it."))
        self.accept()
