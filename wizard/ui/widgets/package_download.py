"""The package step's download: the job, its progress in the page's row, where the zip goes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QProgressBar

from wizard.core.i18n import _
from wizard.core.package.download.failures import DownloadOutcome
from wizard.core.package.download.keep import kept_download
from wizard.core.package.download.links import check_download_url, target_for_url
from wizard.core.paths import app_paths
from wizard.ui.context import AppContext
from wizard.ui.network_jobs import DownloadJob
from wizard.ui.widgets.common import Notice


class DownloadControl(QObject):
    """Runs one package download for a mini-program and says how it went in the row's widgets."""

    downloaded = Signal(str, str)  # the program id it was started for, the kept zip's path
    busy_changed = Signal(bool)

    def __init__(
        self,
        context: AppContext,
        progress: QProgressBar,
        line: QLabel,
        notice: Notice,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.progress, self.line, self.notice = progress, line, notice
        self.url = ""
        self.job = DownloadJob(self)
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_finished)

    def start(self, url: str, program_id: str) -> None:
        if not check_download_url(url).ok:
            return
        folder = app_paths().downloads
        folder.mkdir(parents=True, exist_ok=True)
        self.url = url
        self.notice.show_message("wait", _("Downloading…"))
        self.progress.setRange(0, 0)
        self.busy_changed.emit(True)
        self.job.configure(url, target_for_url(url, folder))
        self.context.jobs.start(self.job, program_id)

    def _on_progress(self, received: int, total: int, line: str) -> None:
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(received * 1000 / total))
        self.line.setText(line)

    def _on_finished(self, program_id: str, outcome: DownloadOutcome) -> None:
        self.busy_changed.emit(False)
        self.line.clear()
        kept, kind, sentence = kept_download(outcome, self.url)
        if program_id == (self.context.program.id if self.context.program else None):
            self.notice.show_message(kind, sentence)
        if kept is not None:
            self.downloaded.emit(program_id, str(kept))


def zip_paths_dropped(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The .zip files dropped (or being dragged) onto the page, as local paths."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [
        Path(url.toLocalFile())
        for url in mime.urls()
        if url.isLocalFile() and url.toLocalFile().lower().endswith(".zip")
    ]
