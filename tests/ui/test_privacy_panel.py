"""The privacy part of the domains page as a merchant uses it: the package is checked as a job,
the list to declare is shown with the console path and copied; the platform is asked through a
loopback fake with the AppSecret from a real keyring backend, and the answer is remembered for
`status --json`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.net.test_platform_api_qt import TOKEN_PATH, Answer, Fake, _serve, ok
from tests.ui.conftest import OpenWizard, make_store, next_until
from wizard.commands.status import status_view
from wizard.core import journey
from wizard.core.platform_api.memory import privacy_status
from wizard.core.steps import review as review_step
from wizard.ui.pages.domains_page import DomainsPage

APPID = "tt411d37a0de37d565"
SECRET = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def platform(monkeypatch: pytest.MonkeyPatch) -> Iterator[Fake]:
    for fake in _serve():
        monkeypatch.setenv("MINIAPP_PUBLISHER_STABLE_TOKEN_URL", fake.url(TOKEN_PATH))
        monkeypatch.setenv("MINIAPP_PUBLISHER_OPEN_API_URL", fake.url())
        fake.answers[TOKEN_PATH] = Answer(
            json.dumps({"data": {"access_token": "clt.ui", "expires_in": 7200}}).encode()
        )
        yield fake


def make_folder(root: Path) -> Path:
    (root / "pages/index").mkdir(parents=True)
    (root / "project.config.json").write_text(json.dumps({"appid": APPID}), encoding="utf-8")
    (root / "app.json").write_text(json.dumps({"pages": ["pages/index/index"]}), encoding="utf-8")
    (root / "app.js").write_text("App({ onLaunch() { tt.getLocation({}) } });\n", "utf-8")
    (root / "pages/index/index.ttml").write_text(
        '<button open-type="getPhoneNumber">手机号登录</button>\n', encoding="utf-8"
    )
    return root


def open_page(open_wizard: OpenWizard, qtbot: QtBot, folder: Path) -> tuple[object, DomainsPage]:
    window = open_wizard("en")
    welcome = window.page_for(journey.WELCOME)
    welcome.name_edit.insert("小明的花店")
    welcome.create_from_field()
    program = window.context.program
    program.appid = APPID
    program.answer(journey.PACKAGE).update({"extracted_to": str(folder), "can_upload": True})
    program.current_step = journey.DOMAINS
    page = window.page_for(journey.DOMAINS)
    assert isinstance(page, DomainsPage)
    with qtbot.waitSignal(page.privacy.job.finished, timeout=30_000):
        next_until(window, journey.DOMAINS)
    return window, page


def test_the_list_to_declare_and_the_platforms_answer(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path, keyring_file: Path, platform: Fake
) -> None:
    window, page = open_page(open_wizard, qtbot, make_folder(tmp_path / "pkg"))
    panel = page.privacy
    report = panel.report.text()
    assert "地理位置: getLocation (app.js:1)" in report
    assert "手机号: getPhoneNumber (pages/index/index.ttml:1)" in report
    assert "「用户隐私保护协议」" in panel.console_path.text()
    panel.copy_button.click()
    assert '- 手机号 (used by <button open-type="getPhoneNumber">)' in (
        QGuiApplication.clipboard().text()
    )
    program = window.context.program  # type: ignore[attr-defined]
    # No AppSecret in the keychain yet: a sentence, nothing sent.
    panel.ask_button.click()
    assert "AppSecret step" in panel.answer.text() and platform.received == []
    make_store(keyring_file).set(APPID, SECRET)
    platform.answers["/api/apps/v1/privacy_setting/query/"] = Answer(ok({"is_configure": False}))
    with qtbot.waitSignal(panel.asker.finished, timeout=10_000):
        panel.ask_button.click()
    assert "not set yet" in panel.answer.text() and "asked 20" in panel.answer.text()
    assert panel.answer.kind == "warning"
    assert privacy_status(program) == "not_configured"
    assert status_view(window.context.programs)["programs"][0]["privacy"] == "not_configured"  # type: ignore[attr-defined]
    window.context.flush()  # type: ignore[attr-defined]
    saved = "".join(f.read_text("utf-8") for f in window.context.paths.state.rglob("*.json"))  # type: ignore[attr-defined]
    assert '"privacy": "not_configured"' in saved
    assert "clt.ui" not in saved and SECRET not in saved
    # A failed ask later keeps the last real answer.
    platform.answers["/api/apps/v1/privacy_setting/query/"] = Answer(b"<html></html>", 502)
    with qtbot.waitSignal(panel.asker.finished, timeout=10_000):
        panel.ask_button.click()
    assert "Could not ask" in panel.answer.text()
    assert privacy_status(program) == "not_configured"


def test_in_chinese(open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path) -> None:
    window = open_wizard("zh_CN")
    window.context.set_language("zh_CN", remember=False)  # type: ignore[attr-defined]
    _window, page = open_page(lambda _lang: window, qtbot, make_folder(tmp_path / "pkg"))
    assert page.privacy.title() == "用户隐私保护协议"
    assert "隐私协议必须声明" in page.privacy.report.text()


def test_categories_on_the_registration_and_review_pages(
    open_wizard: OpenWizard, qtbot: QtBot, keyring_file: Path, platform: Fake
) -> None:
    platform.answers["/api/apps/v1/category/get_audit_categories/"] = Answer(
        ok(
            {
                "app_category_audit_info": [
                    {"category_name": "生活服务-家政", "category_audit_state": 1, "reason": ""}
                ],
                "remaining_times": 2,
            }
        )
    )
    platform.answers["/api/apps/v1/capacity/query_capacity_list/"] = Answer(ok({}))
    window = open_wizard("en")
    welcome = window.page_for(journey.WELCOME)
    welcome.name_edit.insert("小明的花店")
    welcome.create_from_field()
    window.context.program.appid = APPID
    make_store(keyring_file).set(APPID, SECRET)
    registration = window.page_for(journey.REGISTRATION)
    view = registration.platform_view
    with qtbot.waitSignal(view.asker.finished, timeout=10_000):
        view.ask_button.click()
    text = view.report.text()
    assert "生活服务-家政: in review" in text and "Category changes left this month: 2." in text
    assert "asked 20" in text
    assert not any(r.path.startswith("/api/apps/v1/privacy") for r in platform.received)
    # The review page shows the remembered answer without asking again.
    review = window.page_for(review_step.ID)
    review.load_answers()
    assert "生活服务-家政: in review" in review.platform_view.report.text()
