"""Unhandled errors, also from worker threads, end in a friendly dialog, never a vanished app."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from wizard.core.i18n import _
from wizard.ui.widgets.common import message_box, open_folder

log = logging.getLogger("wizard.crash")


class CrashReporter(QObject):
    """Logs an unhandled exception (redacted) and shows one dialog on the GUI thread."""

    crashed = Signal(str)

    def __init__(self, log_file: Path) -> None:
        super().__init__()
        self.log_file = log_file
        self.dialog_open = False
        self.count = 0
        # Auto connection: a worker thread's exception is queued to the GUI thread.
        self.crashed.connect(self._show)

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(
        self,
        exc_type: type[BaseException],
        exc_value: BaseException,
        exc_traceback: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        details = "".join(traceback.format_exception(exc_type, exc_value, exc_traceback))
        log.error("unhandled exception:\n%s", details)
        self.count += 1
        self.crashed.emit(exc_type.__name__)

    def message(self) -> str:
        return _(
            "Something went wrong inside the app. Your answers are saved. If it happens "
            "again, send the log file to your provider's support: {path}"
        ).format(path=self.log_file)

    def _show(self, _name: str) -> None:
        if self.dialog_open:
            return  # one dialog at a time, even if errors repeat
        self.dialog_open = True
        try:
            box = message_box(
                QApplication.activeWindow(),
                QMessageBox.Icon.Warning,
                _("Unexpected problem"),
                self.message(),
            )
            open_button = box.addButton(_("Open log folder"), QMessageBox.ButtonRole.ActionRole)
            box.addButton(QMessageBox.StandardButton.Ok)
            box.exec()
            if box.clickedButton() is open_button:
                open_folder(str(self.log_file.parent))
        finally:
            self.dialog_open = False
