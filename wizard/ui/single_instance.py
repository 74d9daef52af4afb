"""One running copy per user: a second launch brings the first window forward and exits."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCryptographicHash, QLockFile, QObject, QThread, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

from wizard.core.paths import AppPaths

log = logging.getLogger(__name__)
RAISE_REQUEST = b"raise\n"
# The running copy's answer once it has brought its window forward.
RAISED_REPLY = b"raised\n"
# The running copy starts listening just after its window shows, and may be busy for a moment:
# a later launch keeps trying this long before it says the running copy could not be reached.
REACH_TIMEOUT_S = 5.0
RETRY_PAUSE_S = 0.1


class CloseRequests(QObject):
    """Carries an installer's "please close" from its waiting thread to the GUI thread."""

    requested = Signal()


class SingleInstance(QObject):
    """Holds the instance lock and listens for later launches asking to be shown."""

    activation_requested = Signal()

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        paths.state.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(paths.state / "instance.lock"))
        # Stale only when the owning process is gone, never by age: the app runs for hours.
        self._lock.setStaleLockTime(0)
        digest = (
            QCryptographicHash.hash(
                str(paths.state).encode("utf-8"), QCryptographicHash.Algorithm.Sha256
            )
            .toHex()
            .data()
            .decode("ascii")[:16]
        )
        self.server_name = f"miniapp-publisher-{digest}"
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True when this is the only running copy; call listen() once the window shows (a
        later launch retries for REACH_TIMEOUT_S, so the short gap before it is covered)."""
        if self._lock.tryLock(100):
            return True
        # A lock file naming no process (empty or cut short by a crash or a full disk) would
        # hold for ever, since the lock never goes stale by age: it names no running copy.
        pid = self._lock.getLockInfo()[0]
        if not pid and self._lock.removeStaleLockFile():
            return bool(self._lock.tryLock(100))
        return False

    def listen(self) -> None:
        """Answer later launches (QtNetwork is loaded here, after the first window shows)."""
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self.server_name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.server_name):
            log.warning("single-instance server not listening: %s", server.errorString())
        server.newConnection.connect(self._on_connection)
        self._server = server

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_ready(self, socket: QLocalSocket) -> None:
        if RAISE_REQUEST.strip() in bytes(socket.readAll().data()):
            self.activation_requested.emit()
            # Said only after the window was asked to come forward, so the later launch can
            # tell the merchant the truth.
            socket.write(RAISED_REPLY)
            socket.flush()

    def ask_running_copy_to_show(self, timeout_s: float = REACH_TIMEOUT_S) -> bool:
        """Ask the running copy to come forward and wait for its answer; False when it could
        not be reached within timeout_s (still starting, busy, or hung)."""
        from PySide6.QtNetwork import QLocalSocket

        deadline = time.monotonic() + timeout_s
        attempt = 0
        while True:
            attempt += 1
            remaining_ms = int((deadline - time.monotonic()) * 1000)
            if remaining_ms <= 0:
                log.warning("the running copy did not answer (%d attempts)", attempt - 1)
                return False
            socket = QLocalSocket()
            socket.connectToServer(self.server_name)
            if socket.waitForConnected(min(remaining_ms, 1000)):
                if self._request_raise(socket, deadline):
                    log.info("the running copy answered (attempt %d)", attempt)
                    return True
            socket.abort()
            # Not listening yet (it listens once its window shows), or gone: try again shortly.
            QThread.msleep(int(RETRY_PAUSE_S * 1000))

    @staticmethod
    def _request_raise(socket: QLocalSocket, deadline: float) -> bool:
        socket.write(RAISE_REQUEST)
        socket.flush()
        reply = b""
        while RAISED_REPLY not in reply:
            remaining_ms = int((deadline - time.monotonic()) * 1000)
            if remaining_ms <= 0 or not socket.waitForReadyRead(min(remaining_ms, 1000)):
                if socket.state() != socket.LocalSocketState.ConnectedState:
                    return False
                if remaining_ms <= 0:
                    return False
                continue
            reply += bytes(socket.readAll().data())
        socket.disconnectFromServer()
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
        self._lock.unlock()
