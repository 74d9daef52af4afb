"""Optional reachability check of one domain over QtNetwork: DNS, TLS handshake, certificate.

`DomainReachCheck.start(host, port=443)` looks the name up (QHostInfo), opens a TLS connection
(QSslSocket) and reads the server's certificate; `finished(ReachObservation)` is emitted exactly
once, also after `stop()` or the timeout. Certificate errors are recorded and the handshake is
allowed to finish, so the certificate itself can be judged: what everything means is decided in
wizard.core.domains.reach.judge_reach. Nothing is sent after the handshake.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import shiboken6
from PySide6.QtCore import QDateTime, QObject, QTimer, Signal
from PySide6.QtNetwork import (
    QAbstractSocket,
    QHostInfo,
    QSsl,
    QSslCertificate,
    QSslConfiguration,
    QSslError,
    QSslSocket,
)

from wizard.core.domains.reach import (
    DEFAULT_TIMEOUT_SECONDS,
    CertProblem,
    Failure,
    ReachObservation,
)

SslError = QSslError.SslError
SocketError = QAbstractSocket.SocketError

_CERT_PROBLEMS: dict[SslError, CertProblem] = {
    SslError.CertificateExpired: CertProblem.EXPIRED,
    SslError.CertificateNotYetValid: CertProblem.NOT_YET_VALID,
    SslError.HostNameMismatch: CertProblem.HOST_MISMATCH,
    SslError.SelfSignedCertificate: CertProblem.UNTRUSTED,
    SslError.SelfSignedCertificateInChain: CertProblem.UNTRUSTED,
    SslError.UnableToGetLocalIssuerCertificate: CertProblem.UNTRUSTED,
    SslError.UnableToGetIssuerCertificate: CertProblem.UNTRUSTED,
    SslError.UnableToVerifyFirstCertificate: CertProblem.UNTRUSTED,
    SslError.CertificateUntrusted: CertProblem.UNTRUSTED,
}
_PROTOCOLS: dict[QSsl.SslProtocol, str] = {
    QSsl.SslProtocol.TlsV1_0: "TLSv1.0",
    QSsl.SslProtocol.TlsV1_1: "TLSv1.1",
    QSsl.SslProtocol.TlsV1_2: "TLSv1.2",
    QSsl.SslProtocol.TlsV1_3: "TLSv1.3",
}
_SOCKET_FAILURES: dict[SocketError, Failure] = {
    SocketError.ConnectionRefusedError: Failure.REFUSED,
    SocketError.HostNotFoundError: Failure.HOST_NOT_FOUND,
    SocketError.SocketTimeoutError: Failure.TIMED_OUT,
    SocketError.RemoteHostClosedError: Failure.CLOSED,
    SocketError.SslHandshakeFailedError: Failure.TLS_FAILED,
    SocketError.SslInternalError: Failure.TLS_FAILED,
    SocketError.SslInvalidUserDataError: Failure.TLS_FAILED,
    SocketError.NetworkError: Failure.NETWORK,
}


def _to_datetime(moment: QDateTime) -> datetime | None:
    if not moment.isValid():
        return None
    return datetime.fromtimestamp(moment.toSecsSinceEpoch(), UTC)


def _certificate_names(certificate: QSslCertificate) -> tuple[str, ...]:
    names = [
        str(n)
        for n in certificate.subjectAlternativeNames().get(
            QSsl.AlternativeNameEntryType.DnsEntry, []
        )
    ]
    if not names:
        # Very old certificates name the host only in the subject's common name.
        names = [str(n) for n in certificate.subjectInfo(QSslCertificate.SubjectInfo.CommonName)]
    return tuple(names)


class DomainReachCheck(QObject):
    """One check at a time; `finished` carries a ReachObservation for judge_reach()."""

    finished = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        timeout_seconds: int = DEFAULT_TIMEOUT_SECONDS,
        extra_ca_certificates: Sequence[bytes] = (),
    ) -> None:
        super().__init__(parent)
        self._timeout_seconds = timeout_seconds
        # PEM certificates trusted in addition to the system's (a private CA; tests).
        self._extra_ca = [
            cert
            for pem in extra_ca_certificates
            for cert in QSslCertificate.fromData(pem, QSsl.EncodingFormat.Pem)
        ]
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self._socket: QSslSocket | None = None
        self._lookup_id = -1
        self._host = ""
        self._port = 443
        self._addresses: tuple[str, ...] = ()
        self._problems: list[CertProblem] = []
        self._running = False
        self._generation = 0

    @property
    def running(self) -> bool:
        return self._running

    def start(self, host: str, port: int = 443) -> None:
        """Begin checking `host` (the bare host the console takes); ignored while running."""
        if self._running:
            return
        self._running = True
        self._host, self._port = host, port
        self._addresses = ()
        self._problems = []
        self._timer.start(self._timeout_seconds * 1000)
        self._generation += 1
        generation = self._generation
        # The callable form (PySide6 has no receiver+method form): a stale answer, from before
        # a stop() or restart, is recognised by its generation and dropped.
        lookup_id = QHostInfo.lookupHost(host, lambda info: self._on_lookup(info, generation))
        self._lookup_id = lookup_id if isinstance(lookup_id, int) else -1

    def stop(self) -> None:
        """Stop at once; `finished` reports Failure.STOPPED."""
        if self._running:
            self._finish(Failure.STOPPED)

    # --- steps ------------------------------------------------------------------------------

    def _on_lookup(self, info: QHostInfo, generation: int) -> None:
        # The answer may arrive after the page (and this object's C++ side) is gone.
        if not shiboken6.isValid(self) or not self._running or generation != self._generation:
            return
        self._lookup_id = -1
        if info.error() != QHostInfo.HostInfoError.NoError or not info.addresses():
            self._finish(Failure.HOST_NOT_FOUND)
            return
        self._addresses = tuple(a.toString() for a in info.addresses())
        socket = QSslSocket(self)
        config = QSslConfiguration.defaultConfiguration()
        if self._extra_ca:
            config.addCaCertificates(self._extra_ca)
        config.setPeerVerifyMode(QSslSocket.PeerVerifyMode.VerifyPeer)
        socket.setSslConfiguration(config)
        socket.sslErrors.connect(self._on_ssl_errors)
        socket.encrypted.connect(self._on_encrypted)
        socket.errorOccurred.connect(self._on_socket_error)
        self._socket = socket
        socket.connectToHostEncrypted(self._host, self._port)

    def _on_ssl_errors(self, errors: list[QSslError]) -> None:
        for error in errors:
            problem = _CERT_PROBLEMS.get(error.error(), CertProblem.OTHER)
            if problem not in self._problems:
                self._problems.append(problem)
        # Let the handshake finish so the certificate can be read and judged; nothing is sent.
        if self._socket is not None:
            self._socket.ignoreSslErrors()

    def _on_encrypted(self) -> None:
        if not self._running or self._socket is None:
            return
        certificate = self._socket.peerCertificate()
        protocol = _PROTOCOLS.get(self._socket.sessionProtocol(), "")
        observation = ReachObservation(
            host=self._host,
            port=self._port,
            timeout_seconds=self._timeout_seconds,
            addresses=self._addresses,
            names=_certificate_names(certificate),
            not_before=_to_datetime(certificate.effectiveDate()),
            not_after=_to_datetime(certificate.expiryDate()),
            problems=tuple(self._problems),
            protocol=protocol,
        )
        self._finish(None, observation)

    def _on_socket_error(self, error: SocketError) -> None:
        if not self._running:
            return
        self._finish(_SOCKET_FAILURES.get(error, Failure.NETWORK))

    def _on_timeout(self) -> None:
        if self._running:
            self._finish(Failure.TIMED_OUT)

    def _finish(self, failure: Failure | None, observation: ReachObservation | None = None) -> None:
        self._running = False
        self._timer.stop()
        if self._lookup_id != -1:
            QHostInfo.abortHostLookup(self._lookup_id)
            self._lookup_id = -1
        socket, self._socket = self._socket, None
        if socket is not None:
            for signal in (socket.sslErrors, socket.encrypted, socket.errorOccurred):
                signal.disconnect()
            socket.abort()
            socket.deleteLater()
        if observation is None:
            observation = ReachObservation(
                host=self._host,
                port=self._port,
                failure=failure,
                timeout_seconds=self._timeout_seconds,
                addresses=self._addresses,
                problems=tuple(self._problems),
            )
        self.finished.emit(observation)
