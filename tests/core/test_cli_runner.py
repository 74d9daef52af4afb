"""Running the CLI safely, with stand-in programs: the private home, the environment, the sweep
of folders left by a killed app, cancel and time limit ending the whole process tree."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from wizard.core.paths import app_paths
from wizard.core.upload import cli_runner
from wizard.core.upload.cli_runner import (
    CliLocation,
    PrivateHome,
    cli_environment,
    find_cli,
    private_home,
    proxy_for_cli,
    run_cli,
    runs_folder,
    sweep_stale_cli_homes,
)

POSIX = os.name == "posix"


def stand_in(tmp_path: Path, body: str) -> CliLocation:
    """A Python script run the way node runs tma.js: [interpreter, script, args…]."""
    script = tmp_path / "stand_in.py"
    script.write_text(textwrap.dedent(body))
    return CliLocation(Path(sys.executable), script, "test", preload=None)


def test_private_home_is_owner_only_and_deleted_after_an_error() -> None:
    with pytest.raises(RuntimeError), private_home(app_paths()) as home:
        home.write_token("tt411d37a0de37d565", "tok-123456789")
        kept = home.root
        config = home.cli_storage / "appConfig.json"
        assert json.loads(config.read_text()) == {"tt411d37a0de37d565": {"token": "tok-123456789"}}
        if POSIX:
            assert stat.S_IMODE(home.root.stat().st_mode) == 0o700
            assert stat.S_IMODE(config.stat().st_mode) == 0o600
            assert stat.S_IMODE(runs_folder().stat().st_mode) == 0o700
        raise RuntimeError("the CLI crashed")
    assert not kept.exists()
    assert list(runs_folder().iterdir()) == []


def test_environment_is_private_without_telemetry_proxy_or_electron(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ELECTRON_RUN_AS_NODE", "1")
    monkeypatch.setenv("HTTPS_PROXY", "http://elsewhere:1")
    monkeypatch.setenv("NODE_OPTIONS", "--require /tmp/evil.js")
    home = PrivateHome(tmp_path)
    env = cli_environment(home, tmp_path / "ca.pem")
    assert "ELECTRON_RUN_AS_NODE" not in env and "HTTPS_PROXY" not in env
    assert "NODE_OPTIONS" not in env
    assert env["ALLOW_REPORT_EVENT"] == "no"
    assert env["TMA_CLI_HOME"] == env["HOME"] == str(tmp_path)
    assert env["TMPDIR"] == env["TEMP"] == env["TMP"] == str(tmp_path / "tmp")
    assert env["NODE_EXTRA_CA_CERTS"] == str(tmp_path / "ca.pem")


def test_the_proxy_goes_to_the_preload_never_to_a_set_config_run(tmp_path: Path) -> None:
    location = stand_in(
        tmp_path,
        """
        import json, os, sys
        print(json.dumps({"argv": sys.argv[1:], "proxy": os.environ.get("MINIAPP_PUBLISHER_PROXY"),
                          "report": os.environ.get("ALLOW_REPORT_EVENT")}))
        """,
    )
    with private_home(app_paths()) as home:
        run = run_cli(location, ["upload"], home, timeout=30, proxy="http://127.0.0.1:8")
    seen = json.loads(run.stdout)
    assert seen == {"argv": ["upload"], "proxy": "http://127.0.0.1:8", "report": "no"}


def test_node_always_starts_with_the_preload(tmp_path: Path) -> None:
    location = CliLocation(Path("/usr/bin/node"), tmp_path / "tma.js", "test")
    command = location.command(["upload"])
    assert command[1] == "--require" and Path(command[2]).name == "preload.js"
    assert Path(command[2]).is_file() and command[3:] == [str(tmp_path / "tma.js"), "upload"]
    missing = CliLocation(location.node, location.script, "test", preload=tmp_path / "gone.js")
    with private_home(app_paths()) as home, pytest.raises(cli_runner.CliStartError):
        run_cli(missing, ["upload"], home, timeout=5)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, None),
        ("", None),
        ("127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://user:pw@proxy.example.com:3128/", "http://proxy.example.com:3128"),
        ("https://proxy.example.com", "http://proxy.example.com:80"),
        ("socks5://127.0.0.1:1080", None),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("http://host:notaport", None),
    ],
)
def test_proxy_for_cli(given: str | None, expected: str | None) -> None:
    assert proxy_for_cli(given) == expected


def test_lines_arrive_live_and_output_is_kept(tmp_path: Path) -> None:
    location = stand_in(
        tmp_path,
        """
        import sys, time
        print("first", flush=True)
        time.sleep(0.3)
        print("二维码信息：https://z.douyin.com/x", flush=True)
        print("Upload Error: no", file=sys.stderr, flush=True)
        """,
    )
    seen: list[tuple[float, str]] = []
    started = time.monotonic()
    with private_home(app_paths()) as home:
        run = run_cli(
            location,
            [],
            home,
            timeout=30,
            on_line=lambda line: seen.append((time.monotonic() - started, line)),
        )
    assert [line for _t, line in seen][:1] == ["first"]
    assert "二维码信息" in run.stdout and "Upload Error: no" in run.stderr
    assert run.returncode == 0 and not run.cancelled and not run.timed_out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (ended, not yet reaped by its parent) counts as ended.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return True


TREE = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
print("child", child.pid, flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not POSIX, reason="process groups are POSIX; Windows uses taskkill /T")
@pytest.mark.parametrize("how", ["cancel", "timeout"])
def test_cancel_and_time_limit_end_the_whole_tree(tmp_path: Path, how: str) -> None:
    location = stand_in(tmp_path, TREE)
    child: list[int] = []

    def on_line(line: str) -> None:
        if line.startswith("child "):
            child.append(int(line.split()[1]))

    started = time.monotonic()
    with private_home(app_paths()) as home:
        run = run_cli(
            location,
            [],
            home,
            timeout=1.5 if how == "timeout" else 60,
            on_line=on_line,
            cancel=(lambda: bool(child)) if how == "cancel" else None,
        )
    assert time.monotonic() - started < 15
    assert run.cancelled is (how == "cancel") and run.timed_out is (how == "timeout")
    assert child, run.stdout + run.stderr
    deadline = time.monotonic() + 5
    while _alive(child[0]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child[0])


def test_a_missing_program_is_one_sentence(tmp_path: Path) -> None:
    location = CliLocation(tmp_path / "no-node", tmp_path / "tma.js", "test")
    with private_home(app_paths()) as home, pytest.raises(cli_runner.CliStartError) as caught:
        run_cli(location, [], home, timeout=5)
    assert "发布助手" in caught.value.message


def test_sweep_removes_only_folders_of_ended_apps() -> None:
    folder = runs_folder()
    folder.mkdir(parents=True)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    try:
        mine = folder / f"run-{os.getpid()}-aaaa"
        running = folder / f"run-{sleeper.pid}-bbbb"
        dead = folder / f"run-{ended.pid}-cccc"
        junk = folder / "run-notapid-dddd"
        other = folder / "keep-me"
        for path in (mine, running, dead, junk, other):
            (path / ".tma-cli").mkdir(parents=True)
            (path / ".tma-cli" / "appConfig.json").write_text('{"tt": {"token": "x"}}')
        assert sweep_stale_cli_homes(app_paths()) == 2
        assert mine.exists() and running.exists() and other.exists()
        assert not dead.exists() and not junk.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_sweep_without_any_folder() -> None:
    assert sweep_stale_cli_homes(app_paths()) == 0


def test_find_cli_in_development() -> None:
    found = find_cli()
    if found is None:
        pytest.skip("node or .ci/node_modules missing")
    assert found.script.name == "tma.js" and found.script.is_file() and found.node.is_file()


def test_find_cli_prefers_the_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "upload-cli"
    node = root / "node" / ("node.exe" if os.name == "nt" else "bin/node")
    script = root / "node_modules" / "tt-ide-cli" / "bin" / "tma.js"
    for path in (node, script):
        path.parent.mkdir(parents=True)
        path.write_text("")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    found = find_cli()
    assert found is not None and found.source == "bundled"
    assert (found.node, found.script) == (node, script)


def test_missing_cli_sentence_names_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "npm ci" in cli_runner.cli_missing_message()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert "发布助手" in cli_runner.cli_missing_message()
