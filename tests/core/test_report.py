"""The merchant's HTML report: complete, escaped, printable, and never holding a secret."""

from __future__ import annotations

import html.parser
from datetime import datetime
from pathlib import Path

import pytest

from wizard.core.i18n import set_language
from wizard.core.paths import app_paths
from wizard.core.releases import ReleaseHistory, Route
from wizard.core.report import build_report, save_report
from wizard.core.state import ProgramStore

SECRET = "0123456789abcdef0123456789abcdef01234567"
TOKEN = "upl-Zx81_kQ2-opaque-token-value"
APPID = "tt411d37a0de37d565"
DAY = datetime(2026, 11, 2, 10).timestamp()


@pytest.fixture
def chinese() -> None:
    set_language("zh_CN")  # English comes back after each test (tests/conftest.py)


def history() -> ReleaseHistory:
    h = ReleaseHistory()
    h.record_upload("1.0.0", "首版。测试账号：13800000000 密码：123456", Route.DEVTOOL, DAY)
    h.submit("1.0.0", DAY + 3600)
    h.reject("1.0.0", "未提供测试账号 <script>alert(1)</script>", DAY + 86400)
    h.record_upload("1.0.1", "补充测试账号", Route.APP, DAY + 2 * 86400)
    h.submit("1.0.1", DAY + 2 * 86400)
    h.approve("1.0.1", DAY + 3 * 86400)
    h.publish("1.0.1", DAY + 3 * 86400)
    return h


STEPS = {
    "registration": {"title": "注册", "status": "done"},
    "credentials": {"title": "AppID 与 AppSecret", "status": "done"},
    "domains": {"title": "Domains & <lists>", "status": "todo"},
}
DOMAINS = {
    "request": ["api.example.com", 'x"<b>.example.com'],
    "socket": [],
    "webview": ["m.example.com"],
}


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_report_contains_the_journey_and_is_well_formed() -> None:
    page = build_report(
        program_name="我的小店",
        appid=APPID,
        steps=STEPS,
        domains=DOMAINS,
        history=history(),
        now=DAY + 4 * 86400,
    )
    parser = _Collector()
    parser.feed(page)
    text = "".join(parser.text)
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert "script" not in parser.tags and "img" not in parser.tags and "link" not in parser.tags
    assert "Publishing report: 我的小店" in text and APPID in text
    assert "Domains & <lists>" in text and "Still to do" in text
    assert "api.example.com" in text and 'x"<b>.example.com' in text and "m.example.com" in text
    assert "socket" not in text  # empty lists are left out
    assert "Live version: 1.0.1" in text and "Published 1.0.1" in text
    assert "Rejected: 未提供测试账号 <script>alert(1)</script>" in text
    assert "2026-11-02" in text and "2026-11-05" in text
    assert "Developer tool" in text and "From this app" in text
    assert "<script>" not in page  # escaped, never markup


def test_report_in_chinese(chinese: None) -> None:
    page = build_report(program_name="店", appid="", steps={}, domains={}, history=ReleaseHistory())
    assert 'lang="zh-CN"' in page
    assert "发布报告" in page and "还没有上传版本" in page


def test_report_never_contains_a_secret_or_token(tmp_path: Path) -> None:
    # The secret and token sit in the program's neighbourhood: its saved answers and fields a
    # merchant might have pasted them into by mistake.
    store = ProgramStore(app_paths())
    program = store.create(f"店 {SECRET}")
    program.appid = APPID
    program.answer("credentials")["note"] = f"secret={SECRET} token={TOKEN}"
    h = history()
    h.releases[0].rejection_reason = f"reason with {TOKEN} and {SECRET}"
    steps = {
        **STEPS,
        "credentials": {"title": f"AppSecret {SECRET}", "status": "done"},
        "upload": {"title": f"token: {TOKEN}", "status": "todo"},
    }
    page = build_report(
        program_name=program.name,
        appid=program.appid,
        steps=steps,
        domains={"request": [f"{TOKEN}.example.com", f"{SECRET}.example.com"]},
        history=h,
        known_secrets=[SECRET, TOKEN],
    )
    path = tmp_path / "report" / "我的小店.html"
    save_report(page, path)
    written = path.read_text(encoding="utf-8")
    for secret in (SECRET, TOKEN, SECRET.upper()):
        assert secret not in written
    assert SECRET[:20] not in written
    assert not list(path.parent.glob(".report-*"))


def test_save_report_failure_leaves_no_half_file(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()  # a folder where the file should go: os.replace refuses
    with pytest.raises(OSError):
        save_report("<html></html>", target)
    assert not list(tmp_path.glob(".report-*"))


def test_hostile_step_data_is_shown_not_trusted() -> None:
    page = build_report(
        program_name="<b>x</b>",
        appid='"><script>',
        steps={"a": {"title": "<i>", "status": "<done>"}, "b": {}},  # type: ignore[dict-item]
        domains={"<kind>": ["<h>"]},
        history=ReleaseHistory(),
    )
    assert "<b>x</b>" not in page and "<script>" not in page and "<i>" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page
