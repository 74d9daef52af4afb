"""A request carrying a secret (the AppSecret now, the upload token later) never follows a
redirect, and an answer from anywhere else is never taken as the platform's verdict."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pytestqt.qtbot import QtBot

from tests.net.loopback_server import start_serving, stop_serving
from wizard.core.token_check import (
    EndpointKind,
    OutcomeKind,
    TokenCheckOutcome,
    interpret_token_response,
)
from wizard.net.token_check import TokenChecker

APPID = "tt411d37a0de37d565"
SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"
ACCEPTED = json.dumps(
    {"err_no": 0, "data": {"access_token": "clt.x", "expires_in": 7200, "error_code": 0}}
).encode()


@dataclass
class Host:
    """A loopback host: what it answers and every body it was sent."""

    status: int = 200
    location: str = ""
    bodies: list[bytes] = field(default_factory=list)
    port: int = 0

    def url(self, path: str = "/token") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _handler(host: Host) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            host.bodies.append(self.rfile.read(length))
            body = b"" if host.location else ACCEPTED
            self.send_response(host.status)
            if host.location:
                self.send_header("Location", host.location)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = _answer
        do_GET = _answer

    return Handler


@pytest.fixture
def hosts() -> Iterator[tuple[Host, Host]]:
    servers: list[tuple[ThreadingHTTPServer, threading.Thread]] = []
    made = []
    for _ in range(2):
        host = Host()
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(host))
        host.port = int(httpd.server_address[1])
        servers.append((httpd, start_serving(httpd)))
        made.append(host)
    try:
        yield made[0], made[1]
    finally:
        for httpd, thread in servers:
            stop_serving(httpd, thread)


def check(qtbot: QtBot, kind: EndpointKind) -> TokenCheckOutcome:
    checker = TokenChecker(timeout_seconds=5)
    with qtbot.waitSignal(checker.finished, timeout=10_000) as blocker:
        checker.start(kind, APPID, SECRET)
    outcome = blocker.args[0]
    assert isinstance(outcome, TokenCheckOutcome)
    return outcome


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("kind", [EndpointKind.STABLE, EndpointKind.CLASSIC])
def test_the_appsecret_is_never_sent_on_after_a_redirect(
    qtbot: QtBot,
    hosts: tuple[Host, Host],
    monkeypatch: pytest.MonkeyPatch,
    status: int,
    kind: EndpointKind,
) -> None:
    platform, elsewhere = hosts
    platform.status, platform.location = status, elsewhere.url("/steal")
    env = (
        "MINIAPP_PUBLISHER_STABLE_TOKEN_URL"
        if kind is EndpointKind.STABLE
        else ("MINIAPP_PUBLISHER_TOKEN_URL")
    )
    monkeypatch.setenv(env, platform.url())

    outcome = check(qtbot, kind)

    assert elsewhere.bodies == [], "the other host received the request"
    assert len(platform.bodies) == 1 and SECRET.encode() in platform.bodies[0]
    assert outcome.kind is OutcomeKind.UNEXPECTED and not outcome.ok
    assert "another address" in outcome.message
    assert outcome.http_status == status


@pytest.mark.parametrize("status", [300, 301, 302, 303, 304, 307, 308, 399])
def test_core_never_accepts_a_redirect_answer_whatever_its_body(status: int) -> None:
    for kind in EndpointKind:
        outcome = interpret_token_response(kind, status, ACCEPTED)
        assert not outcome.ok and not outcome.blocks
        assert "another address" in outcome.message
