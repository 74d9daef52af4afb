"""A second launch tells the truth: the window came forward, or the running copy could not be
reached (non-zero exit), even when the first copy is not listening yet or is busy."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import wizard
from wizard.core.paths import app_paths
from wizard.ui.single_instance import REACH_TIMEOUT_S, SingleInstance

ROOT = Path(wizard.__file__).resolve().parent.parent


def second_launch() -> subprocess.Popen[str]:
    env = os.environ.copy()
    env["LANG"] = "en_US.UTF-8"
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.Popen(
        [sys.executable, "-m", "wizard"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )


def finish(process: subprocess.Popen[str], qtbot: QtBot, timeout_s: float = 60) -> str:
    """Wait for the process while this test's event loop keeps running (the first copy)."""
    deadline = time.monotonic() + timeout_s
    while process.poll() is None:
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the second launch did not end")
        qtbot.wait(50)
    assert process.stdout is not None
    return process.stdout.read()


def test_a_launch_in_the_gap_before_listening_still_reaches_the_first(qtbot: QtBot) -> None:
    first = SingleInstance(app_paths())
    assert first.acquire()
    raised: list[bool] = []
    first.activation_requested.connect(lambda: raised.append(True))
    try:
        process = second_launch()
        qtbot.wait(1500)  # the first copy is still "starting": its lock is held, no listener
        first.listen()
        output = finish(process, qtbot)
    finally:
        first.release()
    assert process.returncode == 0, output
    assert "brought forward" in output
    assert raised == [True]


@pytest.mark.slow  # waits out the whole REACH_TIMEOUT_S on purpose
def test_a_first_copy_that_never_answers_is_reported_honestly(qtbot: QtBot) -> None:
    first = SingleInstance(app_paths())
    assert first.acquire()  # holds the lock, never listens: hung, or busy for too long
    try:
        started = time.monotonic()
        process = second_launch()
        output = finish(process, qtbot)
        elapsed = time.monotonic() - started
    finally:
        first.release()
    assert process.returncode == 1, output
    assert "did not answer" in output and "its window was brought forward" not in output
    assert "Traceback" not in output
    assert elapsed >= REACH_TIMEOUT_S  # it really kept trying


def test_a_busy_first_copy_is_waited_for(qtbot: QtBot) -> None:
    first = SingleInstance(app_paths())
    assert first.acquire()
    first.listen()
    raised: list[bool] = []
    first.activation_requested.connect(lambda: raised.append(True))
    try:
        process = second_launch()
        time.sleep(2.0)  # the GUI thread is blocked (a long synchronous step)
        output = finish(process, qtbot)
    finally:
        first.release()
    assert process.returncode == 0, output
    assert raised == [True]


@pytest.mark.slow
def test_after_the_first_copy_is_killed_a_new_launch_starts_normally(qtbot: QtBot) -> None:
    for _round in range(3):
        first = second_launch()  # nothing is running: this one becomes the first copy
        log_file = app_paths().log_file
        deadline = time.monotonic() + 60
        while not (log_file.exists() and "window shown" in log_file.read_text("utf-8")):
            assert time.monotonic() < deadline, "the first copy did not show its window"
            time.sleep(0.1)
        first.kill()  # kill -9: the lock file stays behind
        first.wait(timeout=20)
        log_file.unlink()
    process = second_launch()
    try:
        deadline = time.monotonic() + 60
        while not (log_file.exists() and "window shown" in log_file.read_text("utf-8")):
            assert process.poll() is None, "a stale lock made the launch give up"
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.parametrize("content", [b"", b"\n\n", b"garbage"])
def test_a_lock_file_naming_no_process_does_not_keep_the_app_from_starting(
    qtbot: QtBot, content: bytes
) -> None:
    """A crash or a full disk can leave instance.lock empty or cut short: the app starts."""
    paths = app_paths()
    paths.state.mkdir(parents=True, exist_ok=True)
    (paths.state / "instance.lock").write_bytes(content)
    instance = SingleInstance(paths)
    assert instance.acquire()
    # And a real second copy is still refused while this one holds the lock.
    assert not SingleInstance(paths).acquire()
    instance.release()
