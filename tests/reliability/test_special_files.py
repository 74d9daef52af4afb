"""Paths named by data the app did not create (a --domains file, a code package, the QR code
a state file names) are opened only when they are regular files of a bounded size: a real
named pipe, /dev/zero and a folder each get a sentence, and nothing waits for a writer.

A pipe that would block gets a rescuer: a process that opens it for writing after a few
seconds, so old code that blocks comes back (and fails on the elapsed time) instead of
hanging the suite."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import wizard
from tests.ui.conftest import OpenWizard, keyring_file, open_wizard  # noqa: F401  (fixtures)
from wizard.core.package import PackageError
from wizard.core.package.zipsafe import open_archive
from wizard.core.regular_file import FileRefused, check_regular, read_regular

ROOT = Path(wizard.__file__).resolve().parent.parent
RESCUE_AFTER = 4.0
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


RESCUER = """
import os, sys, time
path, after = sys.argv[1], float(sys.argv[2])
start = time.monotonic()
# Released again and again: a reader may open the pipe more than once (Qt tries each
# image format). Ends when the test removes the pipe, or after a minute.
while os.path.exists(path) and time.monotonic() - start < after + 60:
    time.sleep(0.1)
    if time.monotonic() - start < after:
        continue
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass
"""


@contextmanager
def fifo(path: Path, rescue_after: float = RESCUE_AFTER) -> Iterator[Path]:
    """A real named pipe; a reader still blocked after rescue_after seconds is released by
    another process (a blocked reader may hold this one's interpreter lock)."""
    os.mkfifo(path)
    rescuer = subprocess.Popen([sys.executable, "-c", RESCUER, str(path), str(rescue_after)])
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)
        try:
            rescuer.wait(5)
        except subprocess.TimeoutExpired:
            rescuer.kill()
            rescuer.wait()


def special_paths(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "a folder.zip"
    folder.mkdir()
    return {"folder": folder, "/dev/zero": Path("/dev/zero")}


@pytest.mark.parametrize("kind", ["folder", "/dev/zero", "fifo"])
def test_only_regular_files_are_read(tmp_path: Path, kind: str) -> None:
    start = time.monotonic()
    if kind == "fifo":
        with fifo(tmp_path / "pipe") as path:
            with pytest.raises(FileRefused) as refused:
                read_regular(path, 1024)
    else:
        path = special_paths(tmp_path)[kind]
        with pytest.raises(FileRefused) as refused:
            read_regular(path, 1024)
        with pytest.raises(FileRefused):
            check_regular(path, 1024)
    assert time.monotonic() - start < RESCUE_AFTER / 2
    assert str(path) in refused.value.message
    assert refused.value.code == ("is-folder" if kind == "folder" else "not-a-file")


def test_a_regular_file_is_read_within_its_bound(tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_bytes(b"x" * 100)
    assert read_regular(small, 100) == b"x" * 100
    with pytest.raises(FileRefused) as refused:
        read_regular(small, 99)
    assert refused.value.code == "too-large" and "100 bytes" in refused.value.message
    with pytest.raises(FileRefused) as missing:
        read_regular(tmp_path / "missing", 10)
    assert missing.value.code == "not-found"


@pytest.mark.parametrize("kind", ["folder", "/dev/zero", "fifo"])
def test_check_package_names_a_special_file_never_empty(tmp_path: Path, kind: str) -> None:
    start = time.monotonic()
    if kind == "fifo":
        with fifo(tmp_path / "package.zip") as path:
            with pytest.raises(PackageError) as refused:
                open_archive(path)
    else:
        path = special_paths(tmp_path)[kind]
        with pytest.raises(PackageError) as refused:
            open_archive(path)
    assert time.monotonic() - start < RESCUE_AFTER / 2
    assert "empty" not in refused.value.message
    assert refused.value.code == ("is-folder" if kind == "folder" else "not-a-file")


def run_command(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = os.environ.copy()
    env["LANG"] = "en_US.UTF-8"
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.slow
def test_check_domains_with_a_fifo_list_answers_at_once(tmp_path: Path) -> None:
    package = tmp_path / "package"
    package.mkdir()
    (package / "app.js").write_text('tt.request({url: "https://api.example.com/x"})')
    with fifo(tmp_path / "domains.txt", rescue_after=15) as path:
        start = time.monotonic()
        result = run_command("check-domains", str(package), "--domains", str(path))
        elapsed = time.monotonic() - start
    assert elapsed < 10, "the command waited for a writer on the pipe"
    assert result.returncode == 2, result.stdout + result.stderr
    assert "not an ordinary file" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["folder", "/dev/zero", "fifo"])
def test_check_package_command_on_special_files(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        with fifo(tmp_path / "package.zip", rescue_after=15) as path:
            result = run_command("check-package", str(path), "--json")
    else:
        result = run_command("check-package", str(special_paths(tmp_path)[kind]), "--json")
    assert result.returncode in (1, 2), result.stdout + result.stderr
    assert "empty" not in result.stdout.lower()
    assert "Traceback" not in result.stderr


def test_a_fifo_named_as_the_qr_code_in_the_state_does_not_freeze_the_window(
    tmp_path: Path, qtbot: object
) -> None:
    from wizard.ui.images import image_file

    with fifo(tmp_path / "qr.png") as path:
        start = time.monotonic()
        image, problem = image_file(path)
        assert time.monotonic() - start < RESCUE_AFTER / 2
    assert image.isNull() and "not an ordinary file" in problem
    image, problem = image_file(Path("/dev/zero"))
    assert image.isNull() and "not an ordinary file" in problem
    image, problem = image_file(tmp_path / "gone.png")
    assert image.isNull() and problem == ""  # an old run's QR code, long removed: no alarm


@pytest.mark.slow
def test_the_window_starts_and_shows_a_sentence_when_the_qr_code_is_a_fifo(
    open_wizard: OpenWizard,  # noqa: F811
    tmp_path: Path,
) -> None:
    from wizard.core.paths import app_paths
    from wizard.core.state import ProgramStore
    from wizard.ui.pages.preview_page import PreviewPage

    with fifo(tmp_path / "qr.png") as path:
        store = ProgramStore(app_paths())
        store.load()
        program = store.create("花店")
        now = time.time()
        program.answers["version"] = {
            "history": {
                "releases": [
                    {
                        "version": "1.0.0",
                        "changelog": "first",
                        "uploaded_at": now - 60,
                        "route": "app",
                        "state": "uploaded",
                        "qr_code": str(path),
                    }
                ]
            }
        }
        store.save()
        start = time.monotonic()
        window = open_wizard()
        page = window.page_for("preview")
        assert isinstance(page, PreviewPage)
        page.load_now()
        elapsed = time.monotonic() - start
    assert elapsed < RESCUE_AFTER / 2, "the window waited for a writer on the pipe"
    assert "cannot be shown" in page.qr_notice.text()
    assert "not an ordinary file" in page.qr_notice.text()
    assert page.qr_label.isHidden()


def test_a_package_file_swapped_for_a_fifo_is_unreadable_not_a_hang(tmp_path: Path) -> None:
    """Listed as a file, then replaced by a pipe before it is read (a race an attacker can
    win): the scan names it unreadable and goes on."""
    from wizard.core.domains.scan import _read

    with fifo(tmp_path / "app.js") as path:
        start = time.monotonic()
        with pytest.raises(OSError):
            _read(str(path), 10)
        assert time.monotonic() - start < RESCUE_AFTER / 2
