"""DomainReachCheck against real TLS servers on 127.0.0.1 with certificates made for the test
(a private CA): good, expired, wrong host, untrusted; plus refused, timeout, stop, DNS."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from wizard.core.domains.reach import Failure, ReachObservation, judge_reach
from wizard.net.domain_reach import DomainReachCheck

cryptography = pytest.importorskip("cryptography")

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402

NOW = datetime.now(UTC)


@dataclass
class Issued:
    cert_pem: bytes
    key_pem: bytes


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@pytest.fixture(scope="module")
def ca() -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = _key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "MiniApp Publisher test CA")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=400))
        .not_valid_after(NOW + timedelta(days=400))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def issue(
    ca: tuple[x509.Certificate, ec.EllipticCurvePrivateKey],
    host: str,
    not_before: datetime,
    not_after: datetime,
) -> Issued:
    ca_cert, ca_key = ca
    key = _key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return Issued(cert.public_bytes(serialization.Encoding.PEM), _pem_key(key))


class TlsServer:
    """Accepts connections on 127.0.0.1 and completes TLS handshakes with one certificate."""

    def __init__(self, issued: Issued, folder: Path) -> None:
        cert_file, key_file = folder / "cert.pem", folder / "key.pem"
        cert_file.write_bytes(issued.cert_pem)
        key_file.write_bytes(issued.key_pem)
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.minimum_version = ssl.TLSVersion.TLSv1_2
        self.context.load_cert_chain(cert_file, key_file)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                raw, _address = self.listener.accept()
            except OSError:
                continue
            raw.settimeout(5)
            try:
                with self.context.wrap_socket(raw, server_side=True) as tls:
                    tls.recv(1)  # until the client closes
            except (OSError, ssl.SSLError):
                pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.listener.close()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[object]:
    servers: list[TlsServer] = []

    def start(issued: Issued) -> TlsServer:
        server = TlsServer(issued, tmp_path)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def run_check(qtbot: QtBot, check: DomainReachCheck, host: str, port: int) -> ReachObservation:
    with qtbot.waitSignal(check.finished, timeout=20_000) as blocker:
        check.start(host, port)
    observation = blocker.args[0]
    assert isinstance(observation, ReachObservation)
    assert not check.running
    return observation


def trusting(
    ca: tuple[x509.Certificate, ec.EllipticCurvePrivateKey], **kwargs: int
) -> DomainReachCheck:
    pem = ca[0].public_bytes(serialization.Encoding.PEM)
    return DomainReachCheck(extra_ca_certificates=[pem], **kwargs)


def test_good_certificate(qtbot: QtBot, ca: object, serve: object) -> None:
    server = serve(issue(ca, "localhost", NOW - timedelta(days=1), NOW + timedelta(days=90)))  # type: ignore[operator,arg-type]
    observation = run_check(qtbot, trusting(ca), "localhost", server.port)  # type: ignore[arg-type]
    assert observation.failure is None
    assert observation.names == ("localhost",)
    assert observation.problems == ()
    assert observation.protocol in ("TLSv1.2", "TLSv1.3")
    verdict = judge_reach(observation)
    assert verdict.check.ok and not verdict.check.message
    assert verdict.summary.startswith(
        "localhost answers over HTTPS; its certificate is valid until"
    )


def test_expired_certificate(qtbot: QtBot, ca: object, serve: object) -> None:
    server = serve(issue(ca, "localhost", NOW - timedelta(days=400), NOW - timedelta(days=2)))  # type: ignore[operator,arg-type]
    observation = run_check(qtbot, trusting(ca), "localhost", server.port)  # type: ignore[arg-type]
    verdict = judge_reach(observation)
    assert not verdict.ok
    expired_on = (NOW - timedelta(days=2)).strftime("%Y-%m-%d")
    assert f"expired on {expired_on}" in verdict.check.message


def test_certificate_for_another_host(qtbot: QtBot, ca: object, serve: object) -> None:
    server = serve(
        issue(ca, "other.example.com", NOW - timedelta(days=1), NOW + timedelta(days=90))
    )  # type: ignore[operator,arg-type]
    observation = run_check(qtbot, trusting(ca), "localhost", server.port)  # type: ignore[arg-type]
    assert observation.names == ("other.example.com",)
    verdict = judge_reach(observation)
    assert "is for other.example.com, not for localhost" in verdict.check.message


def test_untrusted_certificate(qtbot: QtBot, ca: object, serve: object) -> None:
    server = serve(issue(ca, "localhost", NOW - timedelta(days=1), NOW + timedelta(days=90)))  # type: ignore[operator,arg-type]
    # Without the test CA, the system does not trust the certificate.
    observation = run_check(qtbot, DomainReachCheck(), "localhost", server.port)  # type: ignore[arg-type]
    verdict = judge_reach(observation)
    assert "not trusted" in verdict.check.message


def test_refused(qtbot: QtBot) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    observation = run_check(qtbot, DomainReachCheck(), "localhost", port)
    assert observation.failure is Failure.REFUSED
    assert f"refused the connection on port {port}" in judge_reach(observation).check.message


def test_timeout_and_stop(qtbot: QtBot) -> None:
    # A server that accepts and then says nothing: the handshake never completes.
    with socket.create_server(("127.0.0.1", 0)) as silent:
        port = silent.getsockname()[1]
        observation = run_check(qtbot, DomainReachCheck(timeout_seconds=1), "localhost", port)
        assert observation.failure is Failure.TIMED_OUT
        assert "within 1 seconds" in judge_reach(observation).check.message
        check = DomainReachCheck(timeout_seconds=30)
        with qtbot.waitSignal(check.finished, timeout=5_000) as blocker:
            check.start("localhost", port)
            qtbot.wait(200)
            check.stop()
        assert blocker.args[0].failure is Failure.STOPPED


def test_unknown_host(qtbot: QtBot) -> None:
    # .invalid never resolves (RFC 6761); an offline resolver may also time out: both fail.
    observation = run_check(qtbot, DomainReachCheck(timeout_seconds=5), "nothing.invalid", 443)
    assert observation.failure in (Failure.HOST_NOT_FOUND, Failure.TIMED_OUT)
    assert judge_reach(observation).check.message
