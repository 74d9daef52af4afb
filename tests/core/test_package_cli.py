"""check-package: exit codes, human and JSON output, and a real subprocess on a GBK-less console."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from wizard.commands.package import main
from wizard.core import i18n

REPO = Path(__file__).resolve().parents[2]
APPID = "tt411d37a0de37d565"


def package(path: Path, appid: str = APPID) -> Path:
    config = {"appid": appid, "projectname": "小店"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("shop/project.config.json", json.dumps(config, ensure_ascii=False))
        archive.writestr("shop/app.json", json.dumps({"pages": ["pages/index/index"]}))
        archive.writestr("shop/app.js", "App({})")
        archive.writestr("shop/pages/index/index.js", "Page({})")
    return path


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "home"
    monkeypatch.setenv("MINIAPP_PUBLISHER_HOME", str(folder))
    i18n.set_language("en")
    yield folder
    i18n.set_language("en")


def test_good_package_exits_0_and_leaves_no_temporary_folder(
    tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(package(tmp_path / "p.zip"))]) == 0
    text = capsys.readouterr().out
    assert "can be imported and uploaded" in text and f"AppID: {APPID}." in text
    assert list((home / "cache").iterdir()) == []


def test_placeholder_exits_1_unless_appid_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zip_path = str(package(tmp_path / "p.zip", "testappId"))
    assert main([zip_path]) == 1
    assert "placeholder AppID “testappId”" in capsys.readouterr().out
    assert main([zip_path, "--appid", APPID]) == 0
    assert "it was “testappId”" in capsys.readouterr().out


def test_json_output_is_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(package(tmp_path / "p.zip", "testappId")), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["can_upload"] is False and data["root"] is None
    assert data["found_appid"] == "testappId" and data["appid_is_placeholder"] is True
    assert [p["code"] for p in data["problems"]] == ["appid-placeholder"]
    assert data["problems"][0]["severity"] == "blocking"


def test_json_output_keeps_chinese_readable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        i18n.set_language("zh_CN")
        assert main([str(package(tmp_path / "p.zip", "testappId")), "--json"]) == 1
    finally:
        i18n.set_language("en")
    raw = capsys.readouterr().out
    assert "占位 AppID" in raw and "\\u" not in raw


def test_refused_file_exits_1_with_a_sentence_or_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "p.zip"
    page.write_bytes(b"<!DOCTYPE html><html></html>")
    assert main([str(page)]) == 1
    assert "logged out" in capsys.readouterr().out
    assert main([str(page), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["error"]["code"] == "html"
    assert "logged out" in data["error"]["message"]


@pytest.mark.parametrize("argv", [[], ["a.zip", "--appid", "wx0123456789abcdef"], ["--bogus"]])
def test_bad_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "--appid" in capsys.readouterr().out


@pytest.mark.slow
def test_module_runs_as_a_command_on_an_ascii_only_console(tmp_path: Path, home: Path) -> None:
    # A console that cannot show “” or 一键打包 (like a GBK console cannot show some symbols)
    # must get replacement characters, not a UnicodeEncodeError.
    page = tmp_path / "p.zip"
    page.write_bytes(b"<html>login</html>")
    env = {**os.environ, "MINIAPP_PUBLISHER_HOME": str(home), "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-m", "wizard.commands.package", str(page)],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert b"logged out" in done.stdout and b"?" in done.stdout
    assert b"Traceback" not in done.stderr

    good = package(tmp_path / "good.zip")
    done = subprocess.run(
        [sys.executable, "-m", "wizard.commands.package", str(good), "--json"],
        cwd=REPO,
        env={**env, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["can_upload"] is True
