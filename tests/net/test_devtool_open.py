"""Opening the package in the developer tool with Qt: the bytedanceide: link survives QUrl and
Qt's URL-handler dispatch with Chinese letters and spaces; the fallback starts a real program
(a script standing in for the tool) without ELECTRON_RUN_AS_NODE; else the manual steps."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from wizard.core import platform_facts as facts
from wizard.core.devtool import (
    Detection,
    FoundBy,
    LaunchPlan,
    System,
    ToolInstall,
    open_project_url,
)
from wizard.ui.devtool_opener import Opened, open_package_in_tool, open_url, start_detached

FOLDERS = [
    "/Users/店主/Downloads/小程序 代码包",
    r"C:\Users\店主\Desktop\我的 小程序 (1)",
    "/tmp/a&b=c#d%e+f?g'h!~*",
    "/home/x/emoji 🛍️  two  spaces",
]


@pytest.mark.parametrize("folder", FOLDERS)
def test_link_round_trips_through_qurl(folder: str) -> None:
    url = open_project_url(folder)
    parsed = QUrl(url, QUrl.ParsingMode.StrictMode)
    assert parsed.isValid() and parsed.scheme() == facts.DEVTOOL_URL_SCHEME
    assert parsed.toString(QUrl.ComponentFormattingOption.FullyEncoded) == url
    assert bytes(parsed.toEncoded().data()).decode("ascii") == url
    decoded = QUrl.fromPercentEncoding(
        parsed.query(QUrl.ComponentFormattingOption.FullyEncoded).encode()
    )
    assert decoded == f"path={folder}&project-type=microapp"


class LinkCatcher(QObject):
    """Registered with QDesktopServices for bytedanceide: links, as the tool is with the OS."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def catcher(qapp: object) -> Iterator[LinkCatcher]:
    catcher = LinkCatcher()
    QDesktopServices.setUrlHandler(facts.DEVTOOL_URL_SCHEME, catcher, "catch")
    try:
        yield catcher
    finally:
        QDesktopServices.unsetUrlHandler(facts.DEVTOOL_URL_SCHEME)


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_link_reaches_the_handler_unchanged(catcher: LinkCatcher, folder: str) -> None:
    url = open_project_url(folder)
    assert open_url(url)
    assert [u.toString(QUrl.ComponentFormattingOption.FullyEncoded) for u in catcher.urls] == [url]


def fake_tool(tmp_path: Path) -> Path:
    """A program standing in for the tool: records its arguments and environment, then ends."""
    folder = tmp_path / "工具 目录"
    folder.mkdir()
    record = tmp_path / "record.json"
    script = folder / "抖音开发者工具"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        f"with open({str(record)!r} + '.tmp', 'w', encoding='utf-8') as out:\n"
        "    json.dump({'argv': sys.argv[1:], 'env': dict(os.environ)}, out)\n"
        f"os.replace({str(record)!r} + '.tmp', {str(record)!r})\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def wait_for(path: Path, seconds: float = 30) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} was never written"
        time.sleep(0.05)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in tool is a script with #!")
def test_unregistered_link_falls_back_to_the_program(qapp: object, tmp_path: Path) -> None:
    program = fake_tool(tmp_path)
    install = ToolInstall(program, facts.DEVTOOL_NAMES[0], "4.5.1", FoundBy.DEFAULT_FOLDER, "x")
    tried: list[str] = []

    def refuse(url: str) -> bool:
        tried.append(url)
        return False

    folder = str(tmp_path / "小程序 代码包")
    env = {"PATH": os.environ.get("PATH", ""), "ELECTRON_RUN_AS_NODE": "1", "MARK": "中文"}
    # Windows: no handler registered, so the link is not even tried; the program gets it.
    result = open_package_in_tool(folder, Detection(install), System.WINDOWS, env, open_link=refuse)
    assert result.opened is Opened.PROGRAM and tried == []
    record = wait_for(tmp_path / "record.json")
    assert record["argv"] == [open_project_url(folder)]
    environment = record["env"]
    assert isinstance(environment, dict)
    assert "ELECTRON_RUN_AS_NODE" not in environment and environment["MARK"] == "中文"


def test_registered_link_is_used_first(catcher: LinkCatcher, tmp_path: Path) -> None:
    install = ToolInstall(tmp_path / "t.exe", facts.DEVTOOL_NAMES[0], None, FoundBy.URL_HANDLER, "")
    started: list[LaunchPlan] = []
    detection = Detection(install, url_handler='"t.exe" "%1"')
    result = open_package_in_tool(
        "/x/代码 包", detection, System.WINDOWS, {}, start=lambda p: started.append(p) or True
    )
    assert result.opened is Opened.LINK and started == []
    assert catcher.urls and catcher.urls[0].toString(
        QUrl.ComponentFormattingOption.FullyEncoded
    ) == open_project_url("/x/代码 包")


def test_program_that_cannot_start_leads_to_the_manual_steps(qapp: object, tmp_path: Path) -> None:
    missing = ToolInstall(
        tmp_path / "gone.exe", facts.DEVTOOL_NAMES[0], None, FoundBy.URL_HANDLER, ""
    )
    plan = LaunchPlan(str(tmp_path / "gone.exe"), ("x",), {})
    assert start_detached(plan) is False
    result = open_package_in_tool(
        "/x", Detection(missing), System.WINDOWS, {}, open_link=lambda u: False
    )
    assert result.opened is Opened.MANUAL and result.plan is not None


def test_nothing_found_means_manual_steps(qapp: object) -> None:
    result = open_package_in_tool(
        "/x", Detection(None), System.MACOS, {}, open_link=lambda u: False
    )
    assert result.opened is Opened.MANUAL and result.plan is None
    assert result.url == open_project_url("/x")
