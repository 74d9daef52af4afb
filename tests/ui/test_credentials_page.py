"""The AppID/AppSecret step as a merchant uses it, with a real keyring backend and server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWizard, answer_next_box, make_store, next_until
from wizard.core import journey
from wizard.core.paths import app_paths
from wizard.ui.pages.credentials_page import CredentialsPage

APPID = "tt411d37a0de37d565"
OTHER_APPID = "tt02d6746b9cb2fc0e10"
SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"
CREDENTIALS_ID = journey.step_ids().index(journey.CREDENTIALS)


def open_credentials(open_wizard: OpenWizard, name: str = "Shop"):  # type: ignore[no-untyped-def]
    window = open_wizard()
    welcome = window.page_for(journey.WELCOME)
    welcome.name_edit.insert(name)
    welcome.create_from_field()
    program = window.context.program
    program.current_step = journey.CREDENTIALS
    next_until(window, journey.CREDENTIALS)
    page = window.page_for(journey.CREDENTIALS)
    assert isinstance(page, CredentialsPage)
    return window, page


def open_with_keys(open_wizard: OpenWizard, qtbot: QtBot):  # type: ignore[no-untyped-def]
    """The credentials page with the AppID typed and the AppSecret pasted."""
    window, page = open_credentials(open_wizard)
    type_appid(qtbot, page, APPID)
    page.secret_edit.setText(SECRET)
    return window, page


def type_appid(qtbot: QtBot, page: CredentialsPage, text: str) -> None:
    page.appid_edit.selectAll()
    qtbot.keyClicks(page.appid_edit, text)
    # Leaving the field (Tab or a click elsewhere) finishes the edit. The offscreen platform
    # gives no window the focus, so the focus-out Qt would deliver is sent directly.
    QApplication.sendEvent(
        page.appid_edit, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason)
    )


def test_verdicts_as_the_merchant_types(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    _window, page = open_credentials(open_wizard)
    qtbot.keyClicks(page.appid_edit, "tt411d")
    assert page.appid_verdict.kind == "wait" and page.appid_verdict.isVisible()
    type_appid(qtbot, page, "wx411d37a0de37d565")
    assert page.appid_verdict.kind == "error" and "WeChat" in page.appid_verdict.text()
    type_appid(qtbot, page, "testappId")
    assert page.appid_verdict.kind == "error"
    page.appid_edit.setText(f"  {APPID}\n")  # a paste with spaces and a newline
    assert page.appid_verdict.kind == "ok" and page.appid_verdict.text().startswith("AppID")
    assert page.appid_verdict.text()  # words beside the symbol, not colour alone


def test_secret_is_masked_kept_in_keyring_and_restored(
    open_wizard: OpenWizard, qtbot: QtBot, keyring_file: Path
) -> None:
    window, page = open_credentials(open_wizard)
    assert page.secret_edit.echoMode() == QLineEdit.EchoMode.Password
    type_appid(qtbot, page, APPID)
    page.secret_edit.setText(SECRET[:30])
    assert page.secret_verdict.kind == "wait" and "10" in page.secret_verdict.text()
    page.secret_edit.setText(SECRET)
    assert page.secret_verdict.kind == "ok"
    qtbot.mouseClick(page.secret_show, Qt.MouseButton.LeftButton)
    assert page.secret_edit.echoMode() == QLineEdit.EchoMode.Normal
    qtbot.mouseClick(page.secret_show, Qt.MouseButton.LeftButton)
    assert page.secret_edit.echoMode() == QLineEdit.EchoMode.Password
    assert make_store(keyring_file).get(APPID) == SECRET
    window.close()

    again = open_wizard()
    next_until(again, journey.CREDENTIALS)
    page2 = again.page_for(journey.CREDENTIALS)
    assert page2.appid_edit.text() == APPID and page2.secret_edit.text() == SECRET


def test_copy_buttons_fill_the_clipboard(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    _window, page = open_credentials(open_wizard)
    assert not page.appid_copy.isEnabled()
    type_appid(qtbot, page, APPID.upper())
    page.secret_edit.setText(SECRET)
    qtbot.mouseClick(page.appid_copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == APPID
    qtbot.mouseClick(page.secret_copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == SECRET
    QGuiApplication.clipboard().clear()


def test_step_done_when_kept_and_pasted(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window, page = open_with_keys(open_wizard, qtbot)
    assert not journey.step_by_id(journey.CREDENTIALS).is_done(window.context.program)  # type: ignore[union-attr]
    page.pasted_box.setChecked(True)
    assert journey.step_by_id(journey.CREDENTIALS).is_done(window.context.program)  # type: ignore[union-attr]
    window.next()
    assert window.panel.rows[journey.CREDENTIALS].text().startswith("✔")


def test_changing_the_appid_moves_the_secret_after_asking(
    open_wizard: OpenWizard, qtbot: QtBot, keyring_file: Path
) -> None:
    _window, page = open_with_keys(open_wizard, qtbot)
    asked = answer_next_box(qtbot, "Move")
    type_appid(qtbot, page, OTHER_APPID)
    assert asked and APPID in asked[0]
    store = make_store(keyring_file)
    assert store.get(OTHER_APPID) == SECRET and store.get(APPID) is None


def test_removing_the_program_deletes_its_secret_after_asking(
    open_wizard: OpenWizard, qtbot: QtBot, keyring_file: Path
) -> None:
    window, _page = open_with_keys(open_wizard, qtbot)
    window.back()
    welcome = window.page_for(journey.WELCOME)
    asked = answer_next_box(qtbot, "Yes")
    qtbot.mouseClick(welcome.remove_button, Qt.MouseButton.LeftButton)
    assert asked and "password store" in asked[0]
    assert make_store(keyring_file).get(APPID) is None


def test_no_file_under_the_app_home_ever_holds_the_secret(
    open_wizard: OpenWizard, qtbot: QtBot, app_home: Path
) -> None:
    from wizard.core.logs import setup_logging

    setup_logging(app_paths())
    window, page = open_credentials(open_wizard)
    page.appid_edit.setText(SECRET)  # the classic wrong paste: the secret in the AppID field
    assert page.appid_verdict.kind == "error"
    type_appid(qtbot, page, APPID)
    page.secret_edit.setText(SECRET)
    page.pasted_box.setChecked(True)
    window.panel.language_combo.setCurrentIndex(0)  # Chinese and back: pages rebuilt texts
    window.panel.language_combo.setCurrentIndex(1)
    window.next()
    window.back()
    import logging

    logging.getLogger("test").warning("a careless line with %s", SECRET)
    window.close()
    for handler in logging.getLogger().handlers:
        handler.flush()
    files = [p for p in app_home.rglob("*") if p.is_file()]
    assert any(p.name == "state.json" for p in files)
    for path in files:
        data = path.read_bytes()
        assert SECRET.encode() not in data, f"secret found in {path.name}"
        assert SECRET[:20].encode() not in data, f"part of the secret found in {path.name}"


class TokenHandler(BaseHTTPRequestHandler):
    """Answers like the platform's stable_client_token endpoint."""

    requests: list[dict[str, str]] = []  # noqa: RUF012 (shared with the test on purpose)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        TokenHandler.requests.append(body)
        right = body.get("client_secret") == SECRET
        answer = (
            {
                "data": {"access_token": "x", "expires_in": 7200, "error_code": 0},
                "message": "success",
            }
            if right
            else {"data": {"error_code": 10013, "description": "bad"}, "message": "error"}
        )
        payload = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def token_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), TokenHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/oauth/stable_client_token/"
    monkeypatch.setenv("MINIAPP_PUBLISHER_STABLE_TOKEN_URL", url)
    TokenHandler.requests = []
    yield url
    server.shutdown()
    server.server_close()


def test_online_check_explains_its_cost_first_then_answers(
    open_wizard: OpenWizard, qtbot: QtBot, token_server: str
) -> None:
    _window, page = open_with_keys(open_wizard, qtbot)
    explained = answer_next_box(qtbot, "Check now")
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    assert explained and "changes nothing" in explained[0]
    qtbot.waitUntil(lambda: page.check_result.kind != "wait", timeout=10_000)
    assert page.check_result.kind == "ok", page.check_result.text()
    assert TokenHandler.requests[-1]["client_key"] == APPID
    # Second time: no explanation again; a wrong secret is reported in words.
    page.secret_edit.setText("0" * 40)
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.check_result.kind not in ("wait", "ok"), timeout=10_000)
    assert "AppSecret" in page.check_result.text()
    assert TokenHandler.requests[-1]["client_secret"] == "0" * 40
    assert page.check_button.isEnabled() and not page.cancel_check_button.isVisible()


def test_a_shared_appid_keeps_its_secret_when_one_program_changes(
    open_wizard: OpenWizard, qtbot: QtBot, keyring_file: Path
) -> None:
    window, page = open_with_keys(open_wizard, qtbot)
    twin = window.context.programs.create("Same shop, second entry")
    twin.appid = APPID
    type_appid(qtbot, page, OTHER_APPID)  # no question: the secret is copied, not moved
    store = make_store(keyring_file)
    assert store.get(APPID) == SECRET and store.get(OTHER_APPID) == SECRET


def test_deleting_the_secret_undoes_the_step(
    open_wizard: OpenWizard, qtbot: QtBot, keyring_file: Path
) -> None:
    window, page = open_with_keys(open_wizard, qtbot)
    page.pasted_box.setChecked(True)
    assert journey.step_by_id(journey.CREDENTIALS).is_done(window.context.program)  # type: ignore[union-attr]
    answer_next_box(qtbot, "Delete")
    type_appid(qtbot, page, OTHER_APPID)
    assert make_store(keyring_file).get(APPID) is None
    assert not journey.step_by_id(journey.CREDENTIALS).is_done(window.context.program)  # type: ignore[union-attr]
