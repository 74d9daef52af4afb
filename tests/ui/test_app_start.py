"""Starting the app as a merchant (or a support person) would: commands, no screen, 2nd launch."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

import wizard
from wizard.core.paths import app_paths
from wizard.ui.crash import CrashReporter

ROOT = Path(wizard.__file__).resolve().parent.parent


def run_app(*args: str, env: dict[str, str] | None = None, timeout: int = 120):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        env=env or os.environ.copy(),
        cwd=ROOT,
    )


def test_version() -> None:
    result = run_app("--version")
    assert result.returncode == 0 and result.stdout.strip() == wizard.__version__


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="display check is for Linux")
def test_no_display_prints_one_sentence_and_exits_non_zero() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["LANG"] = "en_US.UTF-8"
    result = run_app(env=env)
    assert result.returncode != 0
    assert "No screen is available" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    env["LANG"] = "zh_CN.UTF-8"
    assert "没有可用的屏幕" in run_app(env=env).stdout


@pytest.mark.slow
def test_self_test_passes() -> None:
    result = run_app("--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("translations", "resources", "keyring", "tls", "window"):
        assert f"OK   {name}" in result.stdout
    assert "self-test passed" in result.stdout


@pytest.mark.slow
def test_screenshots_of_every_page_in_both_languages(tmp_path: Path) -> None:
    result = run_app("screenshots", str(tmp_path / "shots"))
    assert result.returncode == 0, result.stderr
    shots = sorted(p.name for p in (tmp_path / "shots").glob("*.png"))
    assert any("welcome-zh_CN" in s for s in shots) and any("summary-en" in s for s in shots)
    assert len(shots) == 2 * len(wizard.core.journey.JOURNEY)  # type: ignore[attr-defined]
    assert all((tmp_path / "shots" / s).stat().st_size > 5_000 for s in shots)


@pytest.mark.slow
def test_second_launch_brings_the_first_forward_and_exits() -> None:
    env = os.environ.copy()
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["LANG"] = "en_US.UTF-8"
    first = subprocess.Popen(
        [sys.executable, "-m", "wizard"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        log_file = app_paths().log_file
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if log_file.exists() and "window shown" in log_file.read_text("utf-8"):
                break
            time.sleep(0.2)
        else:
            pytest.fail("first instance did not show its window")
        second = run_app(env=env, timeout=60)
        assert second.returncode == 0
        assert "already open" in second.stdout
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if "brought forward" in log_file.read_text("utf-8"):
                break
            time.sleep(0.2)
        else:
            pytest.fail("first instance was not asked to come forward")
        assert first.poll() is None, "the first copy keeps running"
    finally:
        first.terminate()
        first.wait(timeout=20)


def test_worker_thread_exception_shows_a_friendly_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    reporter = CrashReporter(tmp_path / "app.log")
    shown: list[str] = []

    def close_dialog_when_it_appears() -> None:
        # Runs inside the dialog's own event loop, as a merchant clicking OK would.
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, close_dialog_when_it_appears)

    def broken_worker() -> None:
        raise RuntimeError("boom in a worker")

    previous = threading.excepthook
    reporter.install()
    try:
        QTimer.singleShot(0, close_dialog_when_it_appears)
        thread = threading.Thread(target=broken_worker)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
        qtbot.waitUntil(lambda: not reporter.dialog_open, timeout=5000)
    finally:
        threading.excepthook = previous
        sys.excepthook = sys.__excepthook__
    assert "Your answers are saved" in shown[0] and "app.log" in shown[0]
    assert "boom" not in shown[0], "the merchant sees a sentence, not the exception"
    assert reporter.count == 1


@pytest.mark.slow
def test_check_package_command_through_python_m_wizard(tmp_path: Path) -> None:
    import json
    import zipfile

    good = tmp_path / "pkg.zip"
    with zipfile.ZipFile(good, "w") as archive:
        archive.writestr("app.json", "{}")
        archive.writestr("app.js", "App({})")
        archive.writestr("project.config.json", json.dumps({"appid": "testappId"}))
    placeholder = run_app("check-package", str(good))
    assert placeholder.returncode == 1, placeholder.stdout + placeholder.stderr
    fixed = run_app("check-package", str(good), "--appid", "tt411d37a0de37d565", "--json")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert json.loads(fixed.stdout)["appid"] == "tt411d37a0de37d565"
    assert run_app("check-package").returncode == 2


def test_a_console_that_cannot_show_chinese_gets_question_marks_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The self-test prints a Chinese font's name; an English Windows console is cp1252."""
    import io

    from wizard.app import print_line

    raw = io.BytesIO()
    console = io.TextIOWrapper(raw, encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", console)
    print_line("OK   chinese-font: Chinese drawn with 微软雅黑")
    assert raw.getvalue() == b"OK   chinese-font: Chinese drawn with ????\n"
