"""One running copy per user: a second launch brings the first window forward and exits."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCryptographicHash, QLockFile, QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

from wizard.core.paths import AppPaths

log = logging.getLogger(__name__)
RAISE_REQUEST = b"raise\n"


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
        """True when this is the only running copy; call listen() once the window shows."""
        return bool(self._lock.tryLock(100))

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

    def ask_running_copy_to_show(self) -> bool:
        """Tell the running copy to come forward; False if it could not be reached."""
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(self.server_name)
        if not socket.waitForConnected(2000):
            return False
        socket.write(RAISE_REQUEST)
        socket.flush()
        written = socket.waitForBytesWritten(2000)
        socket.disconnectFromServer()
        return written

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
        self._lock.unlock()
