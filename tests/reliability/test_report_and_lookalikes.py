"""Sentences instead of silence, and no secret in the report: the upload token is a known
secret of the HTML report; the report's suggested file name stays in the chosen folder; an
address that only looks Latin (a letter of another script) is refused in a profile, naming its
xn--… form; damaged releases left out of the history are said; folders past the system's path
length are named in the scan report."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from tests.ui.conftest import OpenWizard, keyring_file, make_store, open_wizard  # noqa: F401  (fixtures)
from wizard.core.domains.report import describe
from wizard.core.domains.scan import compare_domains, scan_package
from wizard.core.logs import forget_known_secrets
from wizard.core.lookalike import is_lookalike, lookalike_problem
from wizard.core.paths import app_paths, documents_folder
from wizard.core.profile.document import load_profile_bytes, url_problem
from wizard.core.releases import ReleaseHistory
from wizard.core.report import report_file_name
from wizard.core.secrets import SecretKind
from wizard.core.state import ProgramStore

APPID = "tt411d37a0de37d565"
TOKEN = "tma-upload-7Hq2xZ9pLmN4vB8cK1rT5yW3"
CYRILLIC_A = "\u0430"


def release(version: str, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": version,
        "changelog": "first",
        "uploaded_at": time.time() - 600,
        "route": "app",
        "state": "uploaded",
    }
    data.update(extra)
    return data


@pytest.mark.slow
def test_the_report_never_holds_the_upload_token(
    open_wizard: OpenWizard,  # noqa: F811
    keyring_file: Path,  # noqa: F811
) -> None:
    make_store(keyring_file).set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
    forget_known_secrets()  # saved in an earlier run: this run has not read it yet
    store = ProgramStore(app_paths())
    store.load()
    program = store.create("花店")
    program.appid = APPID
    pasted = f"修复了首页 {TOKEN} 的问题"  # pasted by mistake, no label around it
    program.answers["version"] = {
        "history": {
            "releases": [
                release("1.0.0", changelog=pasted, state="rejected", rejection_reason=pasted)
            ]
        }
    }
    store.save()
    window = open_wizard()
    page = window.page_for("publish")
    # Whatever else read the token this run, the report itself treats it as a known secret.
    forget_known_secrets()
    history = window.context.program.answers["version"]["history"]  # type: ignore[union-attr]
    assert TOKEN in json.dumps(history)  # it did reach the history the report shows
    text = page.report_text()  # type: ignore[attr-defined]
    assert "花店" in text and "1.0.0" in text and "修复了首页" in text
    assert TOKEN not in text and TOKEN[:12] not in text


@pytest.mark.parametrize(
    "name", ["../../outside", "..\\..\\outside", "/etc/cron.d/x", "con", "a:b", "  ..  ", "x" * 400]
)
def test_the_reports_file_name_is_one_safe_name(name: str) -> None:
    file_name = report_file_name(name)
    assert "/" not in file_name and "\\" not in file_name and ":" not in file_name
    assert not file_name.startswith(".") and file_name.endswith(".html")
    assert len(file_name) <= 120
    assert file_name.split(".")[0].strip().lower() != "con"


@pytest.mark.slow
def test_the_save_dialog_suggests_a_file_inside_documents(
    open_wizard: OpenWizard,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    suggested: list[str] = []

    def dialog(_parent: object, _title: str, path: str, _filter: str) -> tuple[str, str]:
        suggested.append(path)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    window = open_wizard()
    window.context.create_program("../../../../tmp/evil")
    page = window.page_for("publish")
    assert page.save_report_as() is None  # type: ignore[attr-defined]
    assert suggested and Path(suggested[0]).parent == documents_folder()
    assert ".." not in Path(suggested[0]).name.split(" ")[0].split("_")


def test_lookalike_hosts_are_refused_with_their_punycode() -> None:
    host = f"{CYRILLIC_A}pple.com"
    assert is_lookalike(host) and "xn--pple-43d.com" in lookalike_problem(host)
    assert is_lookalike("раураl.com")  # wholly Cyrillic, reads as "paypal"
    for honest in ("中文.com", "münchen.de", "example.com", "小程序.中国"):
        assert not is_lookalike(honest), honest
    assert "xn--" in url_problem(f"https://admin.yunf{CYRILLIC_A}n.example.com/")
    document = {
        "schema_version": 1,
        "admin": {"url": f"https://admin.yunf{CYRILLIC_A}n.example.com/"},
        "support": {"web": "https://help.example.com/"},
        "server_domains": {"request": [f"api.yunf{CYRILLIC_A}n.com", "api.中文.cn"]},
        "webview_domains": [f"m.yunf{CYRILLIC_A}n.com"],
    }
    load = load_profile_bytes(json.dumps(document, ensure_ascii=False).encode())
    fields = {problem.field for problem in load.problems}
    assert fields == {"admin.url", "server_domains.request[0]", "webview_domains[0]"}
    assert all("xn--" in problem.message for problem in load.problems)


def test_damaged_releases_left_out_of_the_history_are_said() -> None:
    data = {
        "releases": [
            release("1.0.0"),
            release("not a version"),
            {"version": "1.0.1"},
            "garbage",
            release("1.0.2"),
        ]
    }
    history = ReleaseHistory.from_dict(data)
    assert [r.version for r in history.releases] == ["1.0.0", "1.0.2"]
    assert history.dropped == 3 and "3" in history.dropped_sentence()
    assert ReleaseHistory.from_dict({"releases": [release("1.0.0")]}).dropped_sentence() == ""
    assert "dropped" not in history.to_dict()


def test_the_history_table_shows_the_sentence(qtbot: object) -> None:
    from wizard.ui.widgets.releases import HistoryTable

    table = HistoryTable()
    table.show_history(ReleaseHistory.from_dict({"releases": [release("1.0.0"), "garbage"]}))
    assert table.rowCount() == 1 and "1" in table.notice.text()
    assert table.notice.text() == ReleaseHistory.from_dict({"releases": [7]}).dropped_sentence()
    table.show_history(ReleaseHistory())
    assert table.notice.text() == ""


def deep_folder(root: Path, total: int = 5000) -> str:
    """Folders nested past PATH_MAX (4096 on Linux), each made relative to its open parent
    (no full path that long can be used); their relative path."""
    fd = os.open(root, os.O_RDONLY)
    parts: list[str] = []
    try:
        while sum(len(p) + 1 for p in parts) < total:
            name = f"d{len(parts):02d}" + "x" * 200
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
            parts.append(name)
        with open(os.open("app.js", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as out:
            out.write('tt.request({url: "https://deep.example.com/x"})')
    finally:
        os.close(fd)
    return "/".join(parts) + "/"


@pytest.mark.skipif(os.name != "posix", reason="PATH_MAX as Linux and macOS have it")
def test_folders_past_the_path_length_are_named_in_the_scan_report(tmp_path: Path) -> None:
    package = tmp_path / "package"
    package.mkdir()
    (package / "app.js").write_text('tt.request({url: "https://api.example.com/x"})')
    deep_folder(package)
    scan = scan_package(package)
    assert scan.files_scanned == 1
    skipped = [name for name in scan.unreadable if name.endswith("/")]
    assert len(skipped) == 1
    report = "\n".join(describe(scan, compare_domains(scan, {}), compared=False))
    assert "Could not open the folder" in report and skipped[0] in report
    assert scan.to_dict()["unreadable"] == scan.unreadable  # the JSON names it too
