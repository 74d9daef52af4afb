"""Windows: the named objects the installer and uninstaller use to find a running copy and
ask it to close (installer.nsi opens them by the same names).

A running app holds ``RUNNING_MUTEX`` for as long as its window is open and waits on
``CLOSE_EVENT``; the installer sets the event, waits for the mutex to go, and only then
replaces files, so an update never mixes an old exe and DLLs with new files. Elsewhere this
module does nothing (macOS replaces the .app bundle as a whole).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

# "Local\": the merchant's own session, like the per-user install. installer.nsi repeats them.
RUNNING_MUTEX = "Local\\MiniAppPublisher-Running"
CLOSE_EVENT = "Local\\MiniAppPublisher-PleaseClose"
_POLL_MS = 500
_WAIT_OBJECT_0 = 0


class RunningCopy:
    """Says "the app is running" to installers and calls ``on_close_request`` when one asks."""

    def __init__(self, on_close_request: Callable[[], None]) -> None:
        self._on_close_request = on_close_request
        self._handles: list[int] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def hold(self) -> bool:
        """Create the mutex and start listening; False (logged) where that is not possible."""
        if sys.platform != "win32":
            return False
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.CreateMutexW.restype = ctypes.c_void_p
        kernel32.CreateEventW.restype = ctypes.c_void_p
        mutex = kernel32.CreateMutexW(None, False, RUNNING_MUTEX)
        # Manual reset: the request stays visible until this copy has ended.
        event = kernel32.CreateEventW(None, True, False, CLOSE_EVENT)
        if not mutex or not event:
            log.warning("running-copy objects not created (error %d)", ctypes.get_last_error())
            return False
        kernel32.ResetEvent(ctypes.c_void_p(event))
        self._handles = [int(mutex), int(event)]
        self._thread = threading.Thread(
            target=self._listen, args=(kernel32, int(event)), name="close-request", daemon=True
        )
        self._thread.start()
        return True

    def _listen(self, kernel32: object, event: int) -> None:
        import ctypes

        wait = kernel32.WaitForSingleObject  # type: ignore[attr-defined]
        while not self._stop.is_set():
            if wait(ctypes.c_void_p(event), _POLL_MS) == _WAIT_OBJECT_0:
                log.info("an installer asked this copy to close")
                self._on_close_request()
                return

    def release(self) -> None:
        """Close the objects (the process's end would too; this is for a clean exit)."""
        self._stop.set()
        if sys.platform != "win32" or not self._handles:
            return
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32")
        for handle in self._handles:
            kernel32.CloseHandle(ctypes.c_void_p(handle))
        self._handles = []
