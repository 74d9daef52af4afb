"""PlatformAsker over QtNetwork against a loopback fake of the documented merchant APIs
(stable_client_token, privacy_setting/query, get_audit_categories, the capability queries),
pointed at with the app's base-URL overrides: every documented error code, 5xx, timeout, HTML
instead of JSON, and redirects that must not reach the second host."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pytestqt.qtbot import QtBot

from tests.net.loopback_server import start_serving, stop_serving
from wizard.core.platform_api.answers import DOCUMENTED_CODES
from wizard.net.platform_api import PlatformAnswers, PlatformAsker

APPID = "tt411d37a0de37d565"
SECRET = "0123456789abcdef0123456789abcdef01234567"
TOKEN = "clt.9ef7bd0380363fc7eebd3171b9e0dcf3-loopback"
WAIT_MS = 8000
TOKEN_PATH = "/oauth/stable_client_token/"


def ok(data: object) -> bytes:
    return json.dumps({"data": data, "err_msg": "", "err_no": 0, "log_id": "x"}).encode()


def error(code: int) -> bytes:
    return json.dumps({"data": {}, "err_msg": "错误", "err_no": code, "log_id": "x"}).encode()


@dataclass
class Answer:
    body: bytes
    status: int = 200
    content_type: str = "application/json"
    delay: float = 0.0
    location: str | None = None


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    token: str | None
    body: bytes


@dataclass
class Fake:
    answers: dict[str, Answer] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        return [r.path for r in self.received]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake: Fake

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        self.fake.received.append(
            Received(method, self.path, self.headers.get("access-token"), body)
        )
        answer = self.fake.answers.get(path, Answer(b"<html>not found</html>", 404, "text/html"))
        if answer.delay:
            self.fake.release.wait(answer.delay)
        try:
            self.send_response(answer.status)
            if answer.location:
                self.send_header("Location", answer.location)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
        except OSError:
            pass

    def do_GET(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        self._answer("POST")


def _serve() -> Iterator[Fake]:
    fake = Fake()
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_Handler,), {"fake": fake}))
    fake.port = server.server_address[1]
    thread = start_serving(server)
    try:
        yield fake
    finally:
        fake.release.set()
        stop_serving(server, thread)


@pytest.fixture
def platform(monkeypatch: pytest.MonkeyPatch) -> Iterator[Fake]:
    for fake in _serve():
        monkeypatch.setenv("MINIAPP_PUBLISHER_STABLE_TOKEN_URL", fake.url(TOKEN_PATH))
        monkeypatch.setenv("MINIAPP_PUBLISHER_TOKEN_URL", fake.url("/api/apps/v2/token"))
        monkeypatch.setenv("MINIAPP_PUBLISHER_OPEN_API_URL", fake.url())
        fake.answers[TOKEN_PATH] = Answer(
            json.dumps(
                {"data": {"access_token": TOKEN, "expires_in": 7200}, "message": "success"}
            ).encode()
        )
        yield fake


@pytest.fixture
def elsewhere() -> Iterator[Fake]:
    """A second host a redirect points to: it must receive nothing."""
    yield from _serve()


def ask(qtbot: QtBot, timeout: float = 5.0, **which: bool) -> PlatformAnswers:
    asker = PlatformAsker(timeout_seconds=timeout)
    with qtbot.waitSignal(asker.finished, timeout=WAIT_MS) as blocker:
        asker.start(APPID, SECRET, **which)
    assert not asker.is_running()
    answers = blocker.args[0]
    assert isinstance(answers, PlatformAnswers)
    return answers


def test_every_question_answered(
    qtbot: QtBot, platform: Fake, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    platform.answers["/api/apps/v1/privacy_setting/query/"] = Answer(ok({"is_configure": True}))
    platform.answers["/api/apps/v1/category/get_audit_categories/"] = Answer(
        ok(
            {
                "app_category_audit_info": [
                    {"category": "1,2,3", "category_audit_state": 2, "category_name": "工具-效率"},
                    {"category": "4,5", "category_audit_state": 1, "category_name": "电商-零售"},
                ],
                "category_change_limit": 5,
                "category_limit": 5,
                "remaining_times": 4,
            }
        )
    )
    platform.answers["/api/apps/v1/capacity/query_capacity_list/"] = Answer(
        ok(
            {
                "app_capacity_info_list": [
                    {
                        "capacity_key": "ma.phone",
                        "capacity_name": "获取手机号",
                        "is_can_apply": False,
                    }
                ]
            }
        )
    )
    platform.answers["/api/apps/v1/capacity/query_apply_status/"] = Answer(
        ok({"status": 7, "reason": "仅支持已上线的小程序"})
    )
    answers = ask(qtbot)
    assert answers.privacy is not None and answers.privacy.status == "configured"
    assert answers.categories is not None
    assert [(c.name, c.state) for c in answers.categories.categories] == [
        ("工具-效率", "approved"),
        ("电商-零售", "in_review"),
    ]
    assert answers.categories.remaining_times == 4
    assert answers.capacities is not None
    (phone,) = answers.capacities.capacities
    assert (phone.name, phone.status, phone.reason) == (
        "获取手机号",
        "cannot_apply",
        "仅支持已上线的小程序",
    )
    # The stable token only, then every question with that token in the header.
    first, *rest = platform.received
    assert first.path == TOKEN_PATH and first.method == "POST"
    assert json.loads(first.body)["client_key"] == APPID
    assert [r.token for r in rest] == [TOKEN] * 4
    assert rest[-1].path.endswith("?capacity_key=ma.phone")
    assert not any("/oauth/client_token/" in p for p in platform.paths())
    # Neither the AppSecret nor the token reaches the log.
    assert SECRET not in caplog.text and TOKEN not in caplog.text
    assert "Asking the platform" in caplog.text


def test_not_configured(qtbot: QtBot, platform: Fake) -> None:
    platform.answers["/api/apps/v1/privacy_setting/query/"] = Answer(ok({"is_configure": False}))
    answers = ask(qtbot, categories=False, capacities=False)
    assert answers.privacy is not None and answers.privacy.status == "not_configured"
    assert "not set yet" in answers.privacy.sentence()
    assert answers.categories is None and answers.capacities is None


@pytest.mark.parametrize("code", sorted(DOCUMENTED_CODES))
def test_every_documented_error_code(qtbot: QtBot, platform: Fake, code: int) -> None:
    platform.answers["/api/apps/v1/privacy_setting/query/"] = Answer(error(code))
    answers = ask(qtbot, categories=False, capacities=False)
    assert answers.privacy is not None
    assert answers.privacy.status == "unknown"
    problem = answers.privacy.problem
    assert problem is not None and problem.code == code
    assert str(code) in problem.message and "ask again later" in problem.message


def test_server_error_5xx(qtbot: QtBot, platform: Fake) -> None:
    platform.answers["/api/apps/v1/category/get_audit_categories/"] = Answer(
        b"<html><body>502 Bad Gateway</body></html>", 502, "text/html"
    )
    answers = ask(qtbot, privacy=False, capacities=False)
    assert answers.categories is not None and answers.categories.problem is not None
    assert "HTTP 502" in answers.categories.lines()[0]


def test_html_instead_of_json(qtbot: QtBot, platform: Fake) -> None:
    platform.answers["/api/apps/v1/privacy_setting/query/"] = Answer(
        b"<!DOCTYPE html><html><body>Wi-Fi login</body></html>", 200, "text/html"
    )
    answers = ask(qtbot, categories=False, capacities=False)
    assert answers.privacy is not None and answers.privacy.problem is not None
    assert "web page came back" in answers.privacy.problem.message


def test_timeout(qtbot: QtBot, platform: Fake) -> None:
    platform.answers["/api/apps/v1/privacy_setting/query/"] = Answer(
        ok({"is_configure": True}), delay=5
    )
    answers = ask(qtbot, timeout=0.4, categories=False, capacities=False)
    assert answers.privacy is not None and answers.privacy.problem is not None
    assert "did not answer in time" in answers.privacy.problem.message


def test_the_secret_request_is_not_sent_on(qtbot: QtBot, platform: Fake, elsewhere: Fake) -> None:
    platform.answers[TOKEN_PATH] = Answer(b"", 307, location=elsewhere.url(TOKEN_PATH))
    answers = ask(qtbot)
    assert elsewhere.received == []
    assert platform.paths() == [TOKEN_PATH]  # no question without a token
    for answer in (answers.privacy, answers.categories, answers.capacities):
        assert answer is not None and answer.problem is not None
        assert "another address" in answer.problem.message


def test_a_question_is_not_sent_on(qtbot: QtBot, platform: Fake, elsewhere: Fake) -> None:
    path = "/api/apps/v1/privacy_setting/query/"
    platform.answers[path] = Answer(b"", 302, location=elsewhere.url(path))
    answers = ask(qtbot, categories=False, capacities=False)
    assert elsewhere.received == []
    assert answers.privacy is not None and answers.privacy.status == "unknown"
    assert answers.privacy.problem is not None and answers.privacy.problem.http_status == 302


def test_wrong_secret_asks_nothing_else(qtbot: QtBot, platform: Fake) -> None:
    platform.answers[TOKEN_PATH] = Answer(
        json.dumps(
            {"data": {"error_code": 10013, "description": "bad"}, "message": "error"}
        ).encode()
    )
    answers = ask(qtbot)
    assert platform.paths() == [TOKEN_PATH]
    assert answers.privacy is not None and answers.privacy.problem is not None
    assert "no access token" in answers.privacy.problem.message
    assert "AppSecret" in answers.privacy.problem.message


def test_cancel(qtbot: QtBot, platform: Fake) -> None:
    platform.answers["/api/apps/v1/privacy_setting/query/"] = Answer(ok({}), delay=5)
    asker = PlatformAsker(timeout_seconds=5)
    with qtbot.waitSignal(asker.finished, timeout=WAIT_MS) as blocker:
        asker.start(APPID, SECRET)
        qtbot.waitUntil(lambda: len(platform.received) == 2, timeout=WAIT_MS)
        asker.cancel()
    answers = blocker.args[0]
    assert answers.privacy.problem.message == "Asking the platform was cancelled."
    assert answers.categories.problem is not None and answers.capacities.problem is not None
    assert len(platform.received) == 2
