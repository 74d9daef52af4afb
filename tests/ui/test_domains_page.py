"""The server-domains step as a merchant uses it: a real unpacked package is checked as a job,
lists are typed and pasted, copied for the console, and the step is done once confirmed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWizard, next_until
from wizard.core import journey
from wizard.core.steps import domains as domains_step
from wizard.ui.pages.domains_page import DomainsPage

APPID = "tt411d37a0de37d565"
APP_JS = """App({});
tt.request({ url: "https://api.flowers.example.com/v1/goods" });
tt.connectSocket({ url: "wss://chat.flowers.example.com/room" });
tt.downloadFile({ url: "http://cdn.flowers.example.com/menu.pdf" });
tt.request({ url: base + "/orders" });
"""


def make_folder(root: Path) -> Path:
    (root / "pages/index").mkdir(parents=True)
    (root / "project.config.json").write_text(json.dumps({"appid": APPID}), encoding="utf-8")
    (root / "app.json").write_text(json.dumps({"pages": ["pages/index/index"]}), encoding="utf-8")
    (root / "app.js").write_text(APP_JS, encoding="utf-8")
    (root / "pages/index/index.ttml").write_text(
        '<web-view src="https://h5.flowers.example.com/a"></web-view>', encoding="utf-8"
    )
    return root


def open_domains_page(
    open_wizard: OpenWizard, qtbot: QtBot, folder: Path | None, language: str = "en"
) -> tuple[object, DomainsPage]:
    window = open_wizard(language)
    welcome = window.page_for(journey.WELCOME)
    welcome.name_edit.insert("小明的花店")
    welcome.create_from_field()
    program = window.context.program
    program.appid = APPID
    if folder is not None:
        program.answer(journey.PACKAGE).update({"extracted_to": str(folder), "can_upload": True})
    program.current_step = journey.DOMAINS
    page = window.page_for(journey.DOMAINS)
    assert isinstance(page, DomainsPage)
    if folder is not None:
        with qtbot.waitSignal(page.scan_job.finished, timeout=30_000):
            next_until(window, journey.DOMAINS)
    else:
        next_until(window, journey.DOMAINS)
    assert window.currentPage() is page
    return window, page


def type_list(page: DomainsPage, kind: str, text: str) -> None:
    page.editors[kind].edit.setPlainText(text)


def test_the_package_is_checked_and_the_lists_compared(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    window, page = open_domains_page(open_wizard, qtbot, make_folder(tmp_path / "pkg"))
    program = window.context.program  # type: ignore[attr-defined]
    report = page.scan_report.text()
    assert "api.flowers.example.com  (app.js:2)" in report
    assert "chat.flowers.example.com  (app.js:3)" in report
    assert "h5.flowers.example.com  (pages/index/index.ttml:1)" in report
    assert "http://cdn.flowers.example.com/menu.pdf (app.js:4) uses http://" in report
    assert "app.js:5: tt.request uses an address put together" in report
    assert page.scan_notice.kind == "error"  # http:// in the code
    scan = domains_step.current_scan(program)
    assert scan is not None and scan.hosts("socket") == ("chat.flowers.example.com",)
    request = page.editors["request"]
    assert "missing here: api.flowers.example.com" in request.verdicts.text()
    assert page.add_missing_button.isVisible()
    assert not domains_step.is_done(program)


def test_typing_pasting_copying_and_confirming(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    window, page = open_domains_page(open_wizard, qtbot, make_folder(tmp_path / "pkg"))
    program = window.context.program  # type: ignore[attr-defined]
    type_list(page, "request", "https://api.flowers.example.com/v1/goods，api。flowers.example.com")
    lines = page.editors["request"].verdicts.text().splitlines()
    assert lines[0].startswith("✔ api.flowers.example.com  (from “https://api.flowers.example.com")
    assert "'。' (position 4) is a full-width character" in lines[1]
    assert "1 entry needs fixing." in lines
    qtbot.mouseClick(page.editors["request"].copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "api.flowers.example.com"
    assert page.editors["request"].copied.text() == "Copied (1)"
    # The answers are saved as typed.
    assert program.answers["domains"]["lists"]["request"][0].startswith("https://api.")
    qtbot.mouseClick(page.add_missing_button, Qt.MouseButton.LeftButton)
    assert page.editors["socket"].edit.toPlainText() == "chat.flowers.example.com"
    assert page.editors["webview"].edit.toPlainText() == "h5.flowers.example.com"
    assert page.editors["downloadFile"].edit.toPlainText() == "cdn.flowers.example.com"
    type_list(page, "request", "api.flowers.example.com")
    assert not page.add_missing_button.isVisible()
    assert page.done_notice.kind == "info" and "Confirm" in page.done_notice.text()
    page.confirm.setChecked(True)
    assert domains_step.is_done(program)
    assert page.done_notice.kind == "ok"
    # Changing a list afterwards means saving in the console again.
    type_list(page, "socket", "chat.flowers.example.com\nlive.flowers.example.com")
    assert not page.confirm.isChecked() and not domains_step.is_done(program)


def test_prefill_from_a_provider_list(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    _window, page = open_domains_page(open_wizard, qtbot, make_folder(tmp_path / "pkg"))
    type_list(page, "request", "api.flowers.example.com")
    assert page.prefill(
        {"request": ["https://api.flowers.example.com", "pay.provider.example.com"], "socket": []}
    )
    assert page.editors["request"].edit.toPlainText() == (
        "api.flowers.example.com\npay.provider.example.com"
    )
    assert not page.prefill({"request": ["pay.provider.example.com"]})


def test_without_a_package_the_page_says_what_to_do(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    _window, page = open_domains_page(open_wizard, qtbot, None)
    assert "Unpack the code package in the previous step first" in page.folder_label.text()
    assert not page.scan_button.isEnabled()
    assert "Check the code package first" in page.done_notice.text()


def test_stopping_the_scan_and_a_vanished_folder(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    folder = make_folder(tmp_path / "pkg")
    _window, page = open_domains_page(open_wizard, qtbot, folder)
    for number in range(300):
        (folder / f"f{number}.js").write_text('"https://x.example.com"' * 500)
    with qtbot.waitSignal(page.scan_job.finished, timeout=30_000):
        page.start_scan()
        page.scan_job.cancel()
    assert page.scan_notice.kind in ("info", "error", "ok")


def test_reachability_check_can_be_stopped(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    _window, page = open_domains_page(open_wizard, qtbot, make_folder(tmp_path / "pkg"))
    type_list(page, "request", "nothing.invalid")
    with qtbot.waitSignal(page.reach.finished, timeout=15_000):
        qtbot.mouseClick(page.reach_button, Qt.MouseButton.LeftButton)
        page.stop_reach()
    assert page.reach_button.isEnabled()
    assert page.reach_report.text().startswith("✖")


@pytest.mark.parametrize("language", ["zh_CN"])
def test_page_in_chinese(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path, language: str
) -> None:
    _window, page = open_domains_page(
        open_wizard, qtbot, make_folder(tmp_path / "pkg"), language=language
    )
    assert page.title() == "服务器域名"
    type_list(page, "request", "http://api.flowers.example.com")
    text = page.editors["request"].verdicts.text()
    assert "发布后会失败" in text and "你" not in text
    assert "「开发」→「开发配置」→「服务器域名」" in page.console_path.text()
    assert page.editors["webview"].title.text() == "业务域名（web-view）"
