"""Unpacking a code package on a worker thread, with progress and cancel, for the GUI."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from wizard.core.i18n import _
from wizard.core.package import PackageError, extract_package

log = logging.getLogger(__name__)


class ExtractionJob(QObject):
    """Runs extract_package off the GUI thread; signals arrive queued on the GUI thread."""

    progress = Signal("qint64", "qint64")  # type: ignore[arg-type]  # bytes done, total
    finished = Signal(object)  # a PackageReport, or a PackageError with a sentence

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, zip_path: Path, dest: Path, appid: str | None) -> None:
        self._cancel.clear()
        self._thread = threading.Thread(
            target=self._run, args=(zip_path, dest, appid), name="extract", daemon=True
        )
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self, zip_path: Path, dest: Path, appid: str | None) -> None:
        try:
            report = extract_package(
                zip_path,
                dest,
                appid=appid,
                progress=lambda done, total: self.progress.emit(done, total),
                cancel=self._cancel.is_set,
            )
        except PackageError as error:
            self.finished.emit(error)
            return
        except Exception:
            # A bug must not leave the page waiting forever: log it, say so in a sentence.
            log.exception("unpacking failed unexpectedly")
            self.finished.emit(
                PackageError(
                    _(
                        "Unpacking stopped because of an unexpected problem. Nothing was left "
                        "half-unpacked. Try again; if it happens again, send the log file to "
                        "support."
                    ),
                    "unexpected",
                )
            )
            return
        self.finished.emit(report)
