"""A loopback fake of the Douyin platform, reached by the official CLI through its proxy setting.

The CLI sends every request through `set-config --proxy`: HTTPS goes as `CONNECT host:443`, so
this is a CONNECT proxy on 127.0.0.1 that terminates TLS itself with a test certificate (a CA
made here, trusted by Node through NODE_EXTRA_CA_CERTS) and answers the endpoints the CLI calls
(docs/platform-facts.md, "The official CLI"). Hosts it does not know (telemetry) are refused,
as a firewall would. Each scenario is a field: the last version, the upload's answer, the
compile progress, the QR code's short link, a token the platform accepts.
"""

from __future__ import annotations

import datetime
import json
import re
import socket
import socketserver
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

PLATFORM_HOSTS = ("developer.toutiao.com", "microapp.bytedance.com")


@dataclass(frozen=True)
class SeenRequest:
    """One request the fake platform answered."""

    method: str
    host: str
    path: str
    headers: dict[str, str]
    fields: dict[str, str]


@dataclass
class Scenario:
    """What the fake platform answers; the defaults are a successful upload."""

    token: str = "fake-upload-token-0123456789abcdef"
    audit_version: str = "1.0.3"
    upload_reply: dict[str, Any] = field(default_factory=lambda: {"error": 0})
    # Compile progress answers, in order; the last one repeats.
    compile_replies: list[dict[str, Any]] = field(
        default_factory=lambda: [{"error": 0, "status": 2}]
    )
    short_url: str = "https://z.douyin.com/fakeQr1"
    expire_time: int = 1_900_000_000
    # The app's kind as the platform knows it: 1 mini-app; 16 a 小玩法 (interactive game).
    tech_type: int = 1
    # Seconds the upload request is held before its answer: a slow platform, for cancelling.
    upload_delay: float = 0.0
    # An address the upload is answered with a 302 to (a platform, or something in its place,
    # sending the request elsewhere).
    upload_redirect: str | None = None


def make_certificates(
    folder: Path, hosts: tuple[str, ...] = PLATFORM_HOSTS
) -> tuple[Path, Path, Path]:
    """A test CA and a server certificate for `hosts` (the platform's unless told otherwise);
    returns (ca, cert, key)."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "MiniApp Publisher test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=7))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=7))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    ca_path, cert_path, key_path = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_path, cert_path, key_path


def _multipart_fields(body: bytes) -> dict[str, str]:
    """The short text fields of a multipart body (the zipped project is skipped)."""
    fields: dict[str, str] = {}
    pattern = rb'Content-Disposition: form-data; name="([^"]+)"\r\n\r\n(.*?)\r\n--'
    for name, value in re.findall(pattern, body, flags=re.DOTALL):
        if len(value) < 4096:
            fields[name.decode()] = value.decode("utf-8", "replace")
    return fields


class _PlatformHandler(BaseHTTPRequestHandler):
    """Answers the platform's endpoints inside one CONNECT tunnel."""

    protocol_version = "HTTP/1.1"
    fake: FakePlatform
    tunnel_host: str

    def log_message(self, format: str, *args: Any) -> None:  # quiet tests
        pass

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _answer(self) -> None:
        body = self._body()
        url = urlsplit(self.path)
        fields = _multipart_fields(body) if b"form-data" in body[:4096] else {}
        if body and not fields:
            try:
                parsed = json.loads(body)
                fields = {k: str(v) for k, v in parsed.items()} if isinstance(parsed, dict) else {}
            except ValueError:
                fields = {}
        for key, values in parse_qs(url.query).items():
            fields.setdefault(key, values[0])
        seen = SeenRequest(
            self.command,
            self.tunnel_host,
            url.path,
            {k.lower(): v for k, v in self.headers.items()},
            fields,
        )
        status, reply = self.fake.route(seen)
        data = json.dumps(reply, ensure_ascii=False).encode()
        self.send_response(status)
        if 300 <= status < 400 and isinstance(reply.get("location"), str):
            self.send_header("Location", reply["location"])
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = _answer


class _ProxyHandler(socketserver.BaseRequestHandler):
    """One client connection to the proxy: CONNECT to a platform host, or refused."""

    server: _ProxyServer

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(30)
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                return
            head += chunk
        first = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = first.split()
        fake = self.server.fake
        fake.proxy_lines.append(first)
        if len(parts) < 2 or parts[0] != "CONNECT":
            sock.sendall(
                b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            return
        host = parts[1].rsplit(":", 1)[0]
        if host not in fake.tunnel_hosts:
            sock.sendall(
                b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            return
        sock.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        try:
            tls = fake.tls_context.wrap_socket(sock, server_side=True)
        except (ssl.SSLError, OSError):
            return
        handler = type("Handler", (_PlatformHandler,), {"fake": fake, "tunnel_host": host})
        try:
            handler(tls, self.client_address, self.server)
        except (ssl.SSLError, OSError):
            pass


class _ProxyServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: FakePlatform


class FakePlatform:
    """The fake platform behind a CONNECT proxy on 127.0.0.1; use as a context manager."""

    def __init__(
        self,
        cert_dir: Path,
        scenario: Scenario | None = None,
        *,
        certificate_hosts: tuple[str, ...] = PLATFORM_HOSTS,
        tunnel_hosts: tuple[str, ...] = PLATFORM_HOSTS,
    ) -> None:
        self.scenario = scenario or Scenario()
        # The hosts its certificate names, and those it opens a tunnel to (others: 403).
        self.tunnel_hosts = tunnel_hosts
        self.ca_file, cert, key = make_certificates(cert_dir, certificate_hosts)
        self.tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls_context.load_cert_chain(cert, key)
        self.requests: list[SeenRequest] = []
        self.proxy_lines: list[str] = []
        self._compile_calls = 0
        self._server = _ProxyServer(("127.0.0.1", 0), _ProxyHandler)
        self._server.fake = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def proxy_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakePlatform:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()

    def uploads(self) -> list[SeenRequest]:
        return [r for r in self.requests if r.method == "PUT" and r.path.endswith("/testing")]

    def route(self, seen: SeenRequest) -> tuple[int, dict[str, Any]]:
        """The answer to one request, per the scenario."""
        self.requests.append(seen)
        s = self.scenario
        path = seen.path
        if path.startswith("/service/settings/"):
            return 200, {"error": 0, "data": {"app": {}}}
        if seen.headers.get("x-cli-token") != s.token:
            # What a platform does with a wrong token is not documented; 401 with a message
            # is what its login check answers (the CLI turns that into "Login Error").
            return 401, {"error": 401, "message": "token 无效或已过期"}
        if path == "/api/apps/v3/meta":
            return 200, {"error": 0, "data": {"version": s.audit_version, "tech_type": s.tech_type}}
        if re.fullmatch(r"/api/v1/app/[^/]+/meta", path):
            return 200, {
                "error": 0,
                "data": {"is_thirdparty_dev": False, "thirdparty": {"name": ""}},
            }
        if path == "/api/developer/ide/v1/microapp/versions":
            return 200, {"code": 0, "data": {"audit_version": s.audit_version}}
        if re.fullmatch(r"/api/v2/app/[^/]+/(testing|preview)", path):
            if s.upload_delay:
                threading.Event().wait(s.upload_delay)
            if s.upload_redirect:
                return 302, {"location": s.upload_redirect}
            return 200, s.upload_reply
        if re.fullmatch(r"/api/v1/app/[^/]+/compile_progress", path):
            index = min(self._compile_calls, len(s.compile_replies) - 1)
            self._compile_calls += 1
            return 200, s.compile_replies[index]
        if path.endswith("/make_schema"):
            return 200, {
                "code": 0,
                "data": {
                    "short_url": s.short_url,
                    "expire_time": s.expire_time,
                    "origin_schema": "sslocal://microapp?app_id=fake",
                },
            }
        return 404, {"error": 404, "message": f"fake platform: no {path}"}
