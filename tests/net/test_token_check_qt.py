"""TokenChecker over QtNetwork against a real HTTP server on 127.0.0.1 that answers like the
documented token endpoints (and misbehaves: HTTP 500, HTML, too slow, refused, TLS mismatch)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.net.loopback_server import start_serving, stop_serving
from wizard.core.token_check import EndpointKind, OutcomeKind, TokenCheckOutcome
from wizard.net.token_check import TokenChecker

APPID = "tt411d37a0de37d565"
SECRET = "0123456789abcdef0123456789abcdef01234567"
TOKEN = "clt.75c380db41e815978a733994d96f5d23-test-token"
SIGNAL_WAIT_MS = 8000


@dataclass
class Answer:
    """What the fake platform answers on one path."""

    body: bytes
    status: int = 200
    content_type: str = "application/json"
    delay: float = 0.0


@dataclass(frozen=True)
class Received:
    """One request as the fake platform saw it."""

    path: str
    content_type: str
    body: bytes


@dataclass
class FakePlatform:
    """Routes and the log of what came in; `release` ends slow answers at teardown."""

    answers: dict[str, Answer] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    def url(self, path: str, scheme: str = "http") -> str:
        return f"{scheme}://127.0.0.1:{self.port}{path}"


class _Handler(BaseHTTPRequestHandler):
    """Answers POSTs from the FakePlatform's table."""

    protocol_version = "HTTP/1.1"
    platform: FakePlatform  # set on a per-server subclass

    def log_message(self, format: str, *args: object) -> None:
        pass  # the request line is harmless, but keep test output quiet

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        path = self.path.split("?", 1)[0]
        self.platform.received.append(Received(path, self.headers.get("Content-Type", ""), body))
        answer = self.platform.answers.get(path, Answer(b"no such path", 404, "text/plain"))
        if answer.delay:
            self.platform.release.wait(answer.delay)
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
        except OSError:
            pass  # the client gave up (timeout/cancel): nothing to answer any more


@pytest.fixture
def platform() -> Iterator[FakePlatform]:
    fake = FakePlatform()
    handler = type("Handler", (_Handler,), {"platform": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    fake.port = server.server_address[1]
    thread = start_serving(server)
    try:
        yield fake
    finally:
        fake.release.set()
        stop_serving(server, thread)


@pytest.fixture
def endpoints(platform: FakePlatform, monkeypatch: pytest.MonkeyPatch) -> FakePlatform:
    """Point both token endpoints at the fake platform."""
    monkeypatch.setenv("MINIAPP_PUBLISHER_TOKEN_URL", platform.url("/api/apps/v2/token"))
    monkeypatch.setenv(
        "MINIAPP_PUBLISHER_STABLE_TOKEN_URL", platform.url("/oauth/stable_client_token/")
    )
    return platform


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINIAPP_PUBLISHER_HOME", str(tmp_path / "home"))


def classic(err_no: int, token: bool = False) -> Answer:
    data = {"access_token": TOKEN, "expires_in": 7200} if token else {}
    tips = "success" if err_no == 0 else "error"
    return Answer(json.dumps({"err_no": err_no, "err_tips": tips, "data": data}).encode())


def stable(error_code: int, token: bool = False) -> Answer:
    data: dict[str, object] = {"error_code": error_code, "description": ""}
    if token:
        data |= {"access_token": TOKEN, "expires_in": 7200}
    message = "success" if token else "error"
    return Answer(json.dumps({"data": data, "message": message}).encode())


CLASSIC_PATH = "/api/apps/v2/token"
STABLE_PATH = "/oauth/stable_client_token/"


def run_check(
    qtbot: QtBot,
    endpoint: EndpointKind,
    *,
    timeout_seconds: float = 5,
    appid: str = APPID,
    secret: str = SECRET,
) -> tuple[TokenChecker, TokenCheckOutcome]:
    checker = TokenChecker(timeout_seconds=timeout_seconds)
    with qtbot.waitSignal(checker.finished, timeout=SIGNAL_WAIT_MS) as blocker:
        checker.start(endpoint, appid, secret)
    assert blocker.args is not None
    outcome = blocker.args[0]
    assert isinstance(outcome, TokenCheckOutcome)
    assert not checker.is_running()
    return checker, outcome


def test_classic_success_sends_the_documented_json(
    qtbot: QtBot, endpoints: FakePlatform, caplog: pytest.LogCaptureFixture
) -> None:
    endpoints.answers[CLASSIC_PATH] = classic(0, token=True)
    with caplog.at_level(logging.DEBUG):
        _, outcome = run_check(qtbot, EndpointKind.CLASSIC, appid=f" {APPID.upper()}\n")
    assert outcome.kind is OutcomeKind.RIGHT
    assert outcome.http_status == 200
    [request] = endpoints.received
    assert request.path == CLASSIC_PATH
    assert request.content_type == "application/json"
    assert json.loads(request.body) == {
        "appid": APPID,
        "secret": SECRET,
        "grant_type": "client_credential",
    }
    assert SECRET not in caplog.text and TOKEN not in caplog.text
    assert TOKEN not in repr(outcome)


def test_stable_success_sends_client_key_and_secret(qtbot: QtBot, endpoints: FakePlatform) -> None:
    endpoints.answers[STABLE_PATH] = stable(0, token=True)
    _, outcome = run_check(qtbot, EndpointKind.STABLE)
    assert outcome.kind is OutcomeKind.RIGHT
    [request] = endpoints.received
    assert request.path == STABLE_PATH
    assert request.content_type == "application/json"
    assert json.loads(request.body) == {
        "client_key": APPID,
        "client_secret": SECRET,
        "grant_type": "client_credential",
    }


@pytest.mark.parametrize(
    ("endpoint", "answer", "kind", "blocks"),
    [
        (EndpointKind.CLASSIC, classic(40015), OutcomeKind.WRONG_APPID, True),
        (EndpointKind.CLASSIC, classic(40017), OutcomeKind.WRONG_SECRET, True),
        (EndpointKind.CLASSIC, classic(40020), OutcomeKind.UNEXPECTED, False),
        (EndpointKind.CLASSIC, classic(-1), OutcomeKind.PLATFORM_ERROR, False),
        (EndpointKind.STABLE, stable(10002), OutcomeKind.UNEXPECTED, False),
        (EndpointKind.STABLE, stable(10003), OutcomeKind.WRONG_APPID, False),
        (EndpointKind.STABLE, stable(10013), OutcomeKind.WRONG_SECRET, True),
    ],
)
def test_platform_error_codes(
    qtbot: QtBot,
    endpoints: FakePlatform,
    endpoint: EndpointKind,
    answer: Answer,
    kind: OutcomeKind,
    blocks: bool,
) -> None:
    path = CLASSIC_PATH if endpoint is EndpointKind.CLASSIC else STABLE_PATH
    endpoints.answers[path] = answer
    _, outcome = run_check(qtbot, endpoint)
    assert outcome.kind is kind
    assert outcome.blocks is blocks
    assert outcome.message and SECRET not in outcome.message


def test_error_code_with_http_400_is_still_read(qtbot: QtBot, endpoints: FakePlatform) -> None:
    answer = classic(40017)
    answer.status = 400
    endpoints.answers[CLASSIC_PATH] = answer
    _, outcome = run_check(qtbot, EndpointKind.CLASSIC)
    assert outcome.kind is OutcomeKind.WRONG_SECRET
    assert outcome.http_status == 400


def test_http_500(qtbot: QtBot, endpoints: FakePlatform) -> None:
    endpoints.answers[STABLE_PATH] = Answer(b"Internal Server Error", 500, "text/plain")
    _, outcome = run_check(qtbot, EndpointKind.STABLE)
    assert outcome.kind is OutcomeKind.PLATFORM_ERROR
    assert outcome.http_status == 500


def test_html_page_instead_of_json(qtbot: QtBot, endpoints: FakePlatform) -> None:
    page = b"<!DOCTYPE html><html><body><h1>Wi-Fi login</h1></body></html>"
    endpoints.answers[STABLE_PATH] = Answer(page, 200, "text/html; charset=utf-8")
    _, outcome = run_check(qtbot, EndpointKind.STABLE)
    assert outcome.kind is OutcomeKind.UNEXPECTED
    assert "web page" in outcome.message


def test_too_slow_server_times_out(qtbot: QtBot, endpoints: FakePlatform) -> None:
    answer = stable(0, token=True)
    answer.delay = 10
    endpoints.answers[STABLE_PATH] = answer
    started = time.monotonic()
    _, outcome = run_check(qtbot, EndpointKind.STABLE, timeout_seconds=1)
    elapsed = time.monotonic() - started
    assert outcome.kind is OutcomeKind.TIMED_OUT
    assert 0.9 <= elapsed < 5


def test_connection_refused(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    monkeypatch.setenv("MINIAPP_PUBLISHER_STABLE_TOKEN_URL", f"http://127.0.0.1:{closed_port}/")
    _, outcome = run_check(qtbot, EndpointKind.STABLE)
    assert outcome.kind is OutcomeKind.NO_NETWORK
    assert "could not be reached" in outcome.message


def test_tls_to_a_plain_http_server_is_a_tls_problem(
    qtbot: QtBot, platform: FakePlatform, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtNetwork import QSslSocket

    if not QSslSocket.supportsSsl():
        pytest.skip("no TLS backend in this Qt")
    platform.answers[STABLE_PATH] = stable(0, token=True)
    monkeypatch.setenv("MINIAPP_PUBLISHER_STABLE_TOKEN_URL", platform.url(STABLE_PATH, "https"))
    _, outcome = run_check(qtbot, EndpointKind.STABLE)
    assert outcome.kind is OutcomeKind.NO_NETWORK
    assert "secure connection" in outcome.message


def test_cancel_reports_cancelled_once(qtbot: QtBot, endpoints: FakePlatform) -> None:
    answer = stable(0, token=True)
    answer.delay = 10
    endpoints.answers[STABLE_PATH] = answer
    checker = TokenChecker(timeout_seconds=5)
    outcomes: list[TokenCheckOutcome] = []
    checker.finished.connect(outcomes.append)
    checker.start(EndpointKind.STABLE, APPID, SECRET)
    assert checker.is_running()
    qtbot.waitUntil(lambda: len(endpoints.received) == 1, timeout=SIGNAL_WAIT_MS)
    checker.cancel()
    qtbot.waitUntil(lambda: len(outcomes) == 1, timeout=SIGNAL_WAIT_MS)
    qtbot.wait(200)  # nothing else arrives later (no second finished, no timeout outcome)
    assert [o.kind for o in outcomes] == [OutcomeKind.CANCELLED]
    assert not checker.is_running()
    checker.cancel()  # cancelling when idle is harmless
    assert len(outcomes) == 1


def test_restart_while_running_cancels_the_first_check(
    qtbot: QtBot, endpoints: FakePlatform
) -> None:
    slow = stable(0, token=True)
    slow.delay = 10
    endpoints.answers[STABLE_PATH] = slow
    endpoints.answers[CLASSIC_PATH] = classic(0, token=True)
    checker = TokenChecker(timeout_seconds=5)
    outcomes: list[TokenCheckOutcome] = []
    checker.finished.connect(outcomes.append)
    checker.start(EndpointKind.STABLE, APPID, SECRET)
    checker.start(EndpointKind.CLASSIC, APPID, SECRET)
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=SIGNAL_WAIT_MS)
    assert [o.kind for o in outcomes] == [OutcomeKind.CANCELLED, OutcomeKind.RIGHT]
    assert outcomes[1].endpoint is EndpointKind.CLASSIC


def test_destroying_the_owner_mid_check_is_safe(qtbot: QtBot, endpoints: FakePlatform) -> None:
    from PySide6.QtCore import QObject

    answer = stable(0, token=True)
    answer.delay = 1
    endpoints.answers[STABLE_PATH] = answer
    owner = QObject()
    checker = TokenChecker(owner, timeout_seconds=2)
    outcomes: list[TokenCheckOutcome] = []
    checker.finished.connect(outcomes.append)
    checker.start(EndpointKind.STABLE, APPID, SECRET)
    qtbot.waitUntil(lambda: len(endpoints.received) == 1, timeout=SIGNAL_WAIT_MS)
    owner.deleteLater()  # the page closes while the check runs
    qtbot.wait(2500)  # past the server's answer and the deadline: nothing may call back
    assert outcomes == []
