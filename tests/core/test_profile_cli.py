"""check-profile: exit 0 valid, 1 problems (each named), 2 unreadable or bad usage; the real
command line through `python -m wizard check-profile` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.commands import run_in_process
from wizard.commands.profile import main
from wizard.core import i18n

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs" / "example-profile.json"


def run_cli(*args: str, home: Path, lang: str = "en_US.UTF-8") -> subprocess.CompletedProcess[str]:
    """check-profile through wizard.cli.main in this process (as `python -m wizard` runs it)."""
    env: dict[str, str | None] = {
        "MINIAPP_PUBLISHER_HOME": str(home),
        "LANG": lang,
        "LC_ALL": lang,
        "LANGUAGE": "",
    }
    return run_in_process(["check-profile", *args], env=env)


def run_subprocess(
    *args: str, home: Path, lang: str = "en_US.UTF-8"
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "MINIAPP_PUBLISHER_HOME": str(home),
        "LANG": lang,
        "LC_ALL": lang,
        "LANGUAGE": "",
        "PYTHONIOENCODING": "utf-8",
    }
    return subprocess.run(
        [sys.executable, "-m", "wizard", "check-profile", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=REPO,
        timeout=60,
    )


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.json"
    document = {
        "schema_version": 1,
        "name": {"zh": 3},
        "admin": {"url": "javascript:alert(1)"},
        "support": {"web": "http://help.example.com/"},
        "colour": "red",
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_example_exits_0_with_a_summary(app_home: Path) -> None:
    done = run_cli(str(EXAMPLE), home=app_home)
    assert done.returncode == 0, done.stderr
    assert "Provider: 云帆示例科技 / Yunfan Example Tech (id yunfan-example)." in done.stdout
    assert "Logo: 64×64 pixels" in done.stdout
    assert "AppID and AppSecret: 「字节跳动小程序」→「小程序配置」" in done.stdout
    assert done.stdout.rstrip().endswith("The profile can be used.")
    assert done.stderr == ""


def test_problems_exit_1_each_named(hostile: Path, app_home: Path) -> None:
    done = run_cli(str(hostile), home=app_home)
    assert done.returncode == 1
    assert "The profile cannot be used. Problems found: 4" in done.stdout
    for field in ("name.zh", "admin.url", "support.web", "colour is not a field"):
        assert field in done.stdout
    assert "Traceback" not in done.stderr


def test_json_output(hostile: Path, app_home: Path) -> None:
    done = run_cli(str(hostile), "--json", home=app_home)
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert data["ok"] is False and data["schema_version"] == 1
    assert {p["field"] for p in data["problems"]} == {
        "name.zh",
        "admin.url",
        "support.web",
        "colour",
    }
    good = json.loads(run_cli(str(EXAMPLE), "--json", home=app_home).stdout)
    assert good["ok"] is True and good["profile"]["id"] == "yunfan-example"
    assert good["profile"]["logo"] == {"width": 64, "height": 64}
    assert good["profile"]["domains"]["webview"] == ["m.yunfan.example.com"]
    assert "logo_png_base64" not in done.stdout + json.dumps(good)


@pytest.mark.parametrize(
    "content",
    [None, b"\x80\x81 binary", b"[" * 100_000, b'{"schema_version": 1,'],
    ids=["missing", "binary", "deep", "cut-off"],
)
def test_unreadable_exits_2_with_one_sentence(
    tmp_path: Path, app_home: Path, content: bytes | None
) -> None:
    path = tmp_path / "p.json"
    if content is not None:
        path.write_bytes(content)
    done = run_cli(str(path), home=app_home)
    assert done.returncode == 2
    assert len(done.stdout.strip().splitlines()) == 1 and str(path) in done.stdout
    assert "Traceback" not in done.stderr
    data = json.loads(run_cli(str(path), "--json", home=app_home).stdout)
    assert data["ok"] is False and data["error"]["code"] == "unreadable"


def test_bad_usage_exits_2_without_a_traceback(app_home: Path) -> None:
    done = run_cli(home=app_home)
    assert done.returncode == 2
    assert "usage: python -m wizard check-profile" in done.stderr
    assert "Traceback" not in done.stderr
    assert run_cli("--help", home=app_home).returncode == 0


def test_chinese_console_output(hostile: Path, app_home: Path) -> None:
    done = run_cli(str(hostile), home=app_home, lang="zh_CN.UTF-8")
    assert done.returncode == 1
    assert "必须处理：colour 不是服务商配置文件中的字段" in done.stdout
    assert "support.web：「http://help.example.com/」以 http: 开头" in done.stdout
    assert "： " not in done.stdout
    assert "admin.url" in done.stdout


def test_in_process_newer_schema_is_a_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"schema_version": 2}', encoding="utf-8")
    assert main([str(path)]) == 1
    assert "newer version of the app" in capsys.readouterr().out
    i18n.set_language(i18n.CHINESE)
    assert main([str(path), "--json"]) == 1
    raw = capsys.readouterr().out
    assert "\\u" not in raw and json.loads(raw)["problems"][0]["field"] == "schema_version"


@pytest.mark.slow
def test_the_real_entry_point_in_a_subprocess(tmp_path: Path) -> None:
    done = run_subprocess(str(EXAMPLE), home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() and "Traceback" not in done.stderr
