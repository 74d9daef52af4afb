"""`python -m wizard check-domains` as a real subprocess: reports, JSON, and every exit code;
plus a package made by the platform's own CLI (`tma create`) with addresses added."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.commands import run_in_process
from tests.core.test_package_real_cli import tma_binary
from wizard.commands.domains import DomainsFileError, parse_domains_file
from wizard.core.domains.scan import scan_package

REPO = Path(__file__).resolve().parents[2]

APP_JS = """App({
  onLaunch() {
    tt.request({ url: "https://api.demo.example.com/v1/launch" });
    tt.connectSocket({ url: "wss://live.demo.example.com/room" });
  },
});
"""
INDEX_JS = """Page({
  onLoad() {
    tt.downloadFile({ url: "https://cdn.demo.example.com/a.png" });
    tt.uploadFile({ url: "https://up.demo.example.com/put", filePath: "x", name: "f" });
  },
});
"""
COMPLETE = """# the lists as entered in the console
[request]
https://api.demo.example.com/v1
[socket]
live.demo.example.com
[uploadFile]
up.demo.example.com
[downloadFile]
cdn.demo.example.com
[webview]
"""


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """check-domains through wizard.cli.main in this process (as `python -m wizard` runs it)."""
    env: dict[str, str | None] = {
        "MINIAPP_PUBLISHER_HOME": str(home),
        "LANG": "en_US.UTF-8",
        "LANGUAGE": None,
        "LC_ALL": None,
    }
    return run_in_process(["check-domains", *args], env=env)


def run_subprocess(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "MINIAPP_PUBLISHER_HOME": str(home)}
    env["LANG"] = "en_US.UTF-8"
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    return subprocess.run(
        [sys.executable, "-m", "wizard", "check-domains", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def make_package(root: Path) -> Path:
    (root / "pages/index").mkdir(parents=True)
    (root / "project.config.json").write_text('{"appid": "tt411d37a0de37d565"}')
    (root / "app.json").write_text('{"pages": ["pages/index/index"]}')
    (root / "app.js").write_text(APP_JS)
    (root / "pages/index/index.js").write_text(INDEX_JS)
    return root


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return make_package(tmp_path / "demo")


def lists_file(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "domains.txt"
    path.write_bytes(text.encode(encoding))
    return path


def test_complete_lists_exit_0(package: Path, tmp_path: Path, app_home: Path) -> None:
    done = run(str(package), "--domains", str(lists_file(tmp_path, COMPLETE)), home=app_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "api.demo.example.com  (app.js:3)" in done.stdout
    assert "Every domain the code package uses is in its list." in done.stdout
    assert done.stderr == ""


def test_report_without_lists_exits_0(package: Path, app_home: Path) -> None:
    done = run(str(package), home=app_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "socket list:\n  live.demo.example.com  (app.js:4)" in done.stdout
    assert "web-view list (业务域名): the code uses no domain." in done.stdout


def test_missing_host_exits_1(package: Path, tmp_path: Path, app_home: Path) -> None:
    text = COMPLETE.replace("cdn.demo.example.com\n", "")
    done = run(str(package), "--domains", str(lists_file(tmp_path, text)), home=app_home)
    assert done.returncode == 1
    assert (
        "Must fix: cdn.demo.example.com is used by the mini-program (pages/index/index.js:3) "
        "but is missing from the downloadFile list." in done.stdout
    )


def test_invalid_entry_exits_1(package: Path, tmp_path: Path, app_home: Path) -> None:
    text = COMPLETE.replace("[webview]\n", "[webview]\n*.demo.example.com\n")
    done = run(str(package), "--domains", str(lists_file(tmp_path, text)), home=app_home)
    assert done.returncode == 1
    assert "Wildcards" in done.stdout


def test_http_in_the_code_exits_1_even_without_lists(package: Path, app_home: Path) -> None:
    (package / "pages/index/index.js").write_text(INDEX_JS.replace("https://cdn", "http://cdn"))
    done = run(str(package), home=app_home)
    assert done.returncode == 1
    assert "http://cdn.demo.example.com/a.png (pages/index/index.js:3) uses http://" in done.stdout


def test_unused_and_dynamic_are_information_only(
    package: Path, tmp_path: Path, app_home: Path
) -> None:
    (package / "pages/more.js").write_text("tt.request({ url: base + '/x' });\n")
    text = COMPLETE.replace("[webview]\n", "[webview]\nh5.demo.example.com\n")
    done = run(str(package), "--domains", str(lists_file(tmp_path, text, "gbk")), home=app_home)
    assert done.returncode == 0, done.stdout
    assert "Note: h5.demo.example.com is in the web-view list (业务域名)" in done.stdout
    assert "Note: pages/more.js:1: tt.request uses an address put together" in done.stdout


def test_json_report(package: Path, tmp_path: Path, app_home: Path) -> None:
    text = COMPLETE.replace("up.demo.example.com\n", "http://up.demo.example.com\n")
    done = run(str(package), "--domains", str(lists_file(tmp_path, text)), "--json", home=app_home)
    assert done.returncode == 1
    view = json.loads(done.stdout)
    assert view["ok"] is False
    assert view["calls"]["request"] == {"api.demo.example.com": ["app.js:3"]}
    upload = view["lists"]["uploadFile"]
    assert upload["missing"] == ["up.demo.example.com"]
    assert upload["invalid"][0]["text"] == "http://up.demo.example.com"
    assert view["lists"]["request"]["paste"] == ["api.demo.example.com"]


@pytest.mark.parametrize(
    ("make_args", "sentence"),
    [
        (lambda p, t: [str(t / "nope")], "does not exist"),
        (lambda p, t: [str(p / "app.js")], "is not a folder"),
        (lambda p, t: [str(p), "--domains", str(t / "none.txt")], "cannot be found"),
        (lambda p, t: [str(p), "--domains", str(t)], "is a folder"),
        (lambda p, t: [str(p), "--domains", str(lists_file(t, "[images]\na.com\n"))], "[images]"),
        (lambda p, t: [str(p), "--domains", str(lists_file(t, "a.com\n"))], "before any list"),
    ],
)
def test_bad_usage_exits_2_with_one_sentence(
    package: Path, tmp_path: Path, app_home: Path, make_args: object, sentence: str
) -> None:
    done = run(*make_args(package, tmp_path), home=app_home)  # type: ignore[operator]
    assert done.returncode == 2
    assert sentence in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_argparse_usage(app_home: Path) -> None:
    assert run("--help", home=app_home).returncode == 0
    assert run(home=app_home).returncode == 2
    assert run("a", "--bogus", home=app_home).returncode == 2


def test_domains_file_format() -> None:
    parsed = parse_domains_file("\ufeff[Request]\na.com, b.com\n\n# note\n[web-view]\nc.com\n")
    assert parsed == {"request": ["a.com", "b.com"], "webview": ["c.com"]}
    with pytest.raises(DomainsFileError, match="Line 1"):
        parse_domains_file("[cookies]\n")


# --- a package from the official CLI -------------------------------------------------------


@pytest.fixture(scope="module")
def tma_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tma = tma_binary()
    work = tmp_path_factory.mktemp("tma-domains")
    done = subprocess.run(
        [str(tma), "create", "demo", "--template", "empty"],
        cwd=work,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    created = work / "demo"
    assert (created / "project.config.json").is_file(), done.stdout + done.stderr
    return created


def test_tma_created_package_with_addresses(tma_demo: Path, tmp_path: Path, app_home: Path) -> None:
    # The template has no addresses; its project.config.json says miniprogramRoot "./".
    assert scan_package(tma_demo).uses == []
    with (tma_demo / "app.js").open("a", encoding="utf-8") as handle:
        handle.write(APP_JS.replace("App(", "const more = ("))
    page = tma_demo / "pages/index/index.ttml"
    page.write_text(
        page.read_text(encoding="utf-8")
        + '\n<web-view src="https://h5.demo.example.com/a"></web-view>\n',
        encoding="utf-8",
    )
    scan = scan_package(tma_demo)
    assert list(scan.called_hosts("request")) == ["api.demo.example.com"]
    assert list(scan.called_hosts("socket")) == ["live.demo.example.com"]
    assert list(scan.called_hosts("webview")) == ["h5.demo.example.com"]
    done = run(str(tma_demo), "--domains", str(lists_file(tmp_path, COMPLETE)), home=app_home)
    assert done.returncode == 1
    assert "h5.demo.example.com is used by the mini-program (pages/index/index.ttml:" in done.stdout


@pytest.mark.slow
def test_the_real_entry_point_in_a_subprocess(tmp_path: Path) -> None:
    done = run_subprocess(str(tmp_path / "missing"), home=tmp_path / "home")
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stderr.strip()
