# ruff: noqa: F811
"""An upload that is killed: SIGTERM to `python -m wizard upload` ends Node and deletes the
private folder (the token in plain text) with a sentence; after kill -9 of the app, Node ends
too (the preload sees the app's pipe close) instead of finishing the upload unrecorded; the
next `upload` or `set-token` sweeps what the killed run left.

Real signals to a real process running the real CLI against the loopback fake platform.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.core.test_upload_real_cli import (  # noqa: F401 (fixtures)
    APPID,
    TOKEN,
    keychain,
    no_token_left_behind,
    project,
    template,
)
from tests.fake_platform import FakePlatform, Scenario
from wizard.commands import upload_token as token_cli
from wizard.core.secrets import SecretKind, SecretStore
from wizard.core.upload.cli_runner import runs_folder

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="reads processes from /proc"),
]
REPO = Path(__file__).resolve().parents[2]
# The command's own entry, with the test's keychain (a file keyring outside tmp_path).
RUNNER = """
import sys
from keyrings.alt.file import PlaintextKeyring
from wizard.commands import upload as upload_cli
from wizard.core.secrets import SecretStore
backend = PlaintextKeyring()
backend.file_path = sys.argv[1]
sys.exit(upload_cli.main(sys.argv[2:], store=SecretStore(backend=backend, trusted=True)))
"""


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def start_upload(project: Path, keychain: SecretStore, fake: FakePlatform) -> subprocess.Popen[str]:
    keychain.set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
    keyring_file = keychain._backend.file_path  # type: ignore[attr-defined]
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            RUNNER,
            keyring_file,
            str(project),
            "--version",
            "1.0.5",
            "--changelog",
            "x",
            "--proxy",
            fake.proxy_url,
        ],
        cwd=REPO,
        env={**os.environ, "NODE_EXTRA_CA_CERTS": str(fake.ca_file), "LANGUAGE": "en"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def node_of(app: subprocess.Popen[str], fake: FakePlatform) -> int:
    """Node's pid once its upload request is being held by the fake platform."""
    assert wait_for(lambda: bool(fake.uploads()), 60), app.poll()
    nodes = [
        pid for pid in children(app.pid) if b"tma.js" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
    assert len(nodes) == 1
    return nodes[0]


def token_folders() -> list[Path]:
    folder = runs_folder()
    return list(folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stopped_upload_ends_node_and_deletes_the_token(
    project: Path, tmp_path: Path, keychain: SecretStore, signum: int
) -> None:
    with FakePlatform(tmp_path / "certs", Scenario(upload_delay=30)) as fake:
        app = start_upload(project, keychain, fake)
        node = node_of(app, fake)
        assert token_folders(), "the run's private folder should exist while it runs"
        app.send_signal(signum)
        out, err = app.communicate(timeout=20)
    assert app.returncode == 128 + signum, err
    assert out.strip().startswith("The upload was stopped before it finished.")
    assert "Traceback" not in err and TOKEN not in out + err
    assert wait_for(lambda: not alive(node), 5)
    assert token_folders() == []


def test_after_kill_9_node_ends_and_the_next_command_sweeps(
    project: Path, tmp_path: Path, keychain: SecretStore
) -> None:
    with FakePlatform(tmp_path / "certs", Scenario(upload_delay=30)) as fake:
        app = start_upload(project, keychain, fake)
        node = node_of(app, fake)
        app.kill()
        app.communicate(timeout=20)
        # Node does not carry on with nobody to record the upload.
        assert wait_for(lambda: not alive(node), 5)
    left = token_folders()
    assert left and any(TOKEN.encode() in p.read_bytes() for p in left[0].rglob("*") if p.is_file())
    # Any command that runs the CLI sweeps first (here set-token, which then deletes the token).
    assert token_cli.main([APPID, "--delete"], store=keychain) == 0
    assert token_folders() == []
