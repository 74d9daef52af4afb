"""The pages after the first paint: modules imported on a worker thread, pages built one per
event-loop turn on the GUI thread, so the window answers the whole time.

Importing a page's modules is most of a page's cost (keyring alone takes ~50 ms), and it needs
no GUI thread; building the widgets takes 2–5 ms a page. A page needed before its turn (Next,
the side panel) is built at once by the window; the builder then skips it.
"""

from __future__ import annotations

import linecache
import logging
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


def _forget_source_lines() -> None:
    """PySide6 reads the whole source of every module imported after it (looking for its
    __feature__ switches) and linecache keeps the lines: ~15 MB for the pages' modules, never
    handed back to the system once the heap holds it. Dropped after each module, the next
    one reuses the room. (A traceback reads the lines it needs again.)"""
    linecache.clearcache()


class FirstPaint(QObject):
    """Calls `callback` once, on the event loop's next turn after the widget's first paint has
    been delivered (children paint in the same pass, so the whole window is then on screen)."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        self._widget = widget
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False


class PageBuilder(QObject):
    """Imports the given page modules off the GUI thread and asks for each page as it is ready."""

    # A step id whose page module is imported (delivered on the GUI thread).
    imported = Signal(str)
    # Every page is built.
    finished = Signal()

    def __init__(
        self,
        steps: Sequence[str],
        load: Callable[[str], object],
        build: Callable[[str], None],
        preload: Callable[[], object] | None = None,
    ) -> None:
        super().__init__()
        self._steps = list(steps)
        self._load = load
        self._build = build
        self._preload = preload
        self._waiting: list[str] = []
        self._left = set(self._steps)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.imported.connect(self._on_imported)

    def start(self) -> None:
        if self._thread is not None:
            return
        if not self._steps:
            QTimer.singleShot(0, self.finished.emit)
            return
        self._thread = threading.Thread(target=self._import_all, name="page-imports", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """No more imports (the one under way finishes: a half-imported module would break
        the next import of it)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _import_all(self) -> None:
        try:
            if self._preload is not None:
                self._preload()
                _forget_source_lines()
            for step in self._steps:
                if self._stop.is_set():
                    return
                self._load(step)
                _forget_source_lines()
                self.imported.emit(step)
        except Exception:
            log.exception("importing the pages off the GUI thread failed")
            for step in self._steps:
                self.imported.emit(step)

    def _on_imported(self, step: str) -> None:
        self._waiting.append(step)
        if len(self._waiting) == len(self._steps):
            # Built once every module is in: a page built while the worker imports waits for
            # the interpreter lock again and again (measured: 2-19 ms a page alone, up to 50
            # beside the imports).
            QTimer.singleShot(0, self._build_next)

    def _build_next(self) -> None:
        if not self._waiting:
            return
        step = self._waiting.pop(0)
        if step in self._left:
            self._left.discard(step)
            self._build(step)
        if not self._left:
            self.finished.emit()
            return
        # One page per turn of the event loop: input and paints get their turn between pages.
        QTimer.singleShot(0, self._build_next)
