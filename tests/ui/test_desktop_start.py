"""Start-up on a real desktop: missing system libraries, an unreachable screen, a failure
before the window, no Chinese font, Qt's own texts in the chosen language, no console noise."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

import wizard
from tests.ui.conftest import OpenWizard
from wizard.app import (
    X_TCP_BASE_PORT,
    XCB_LIBRARIES,
    missing_xcb_packages,
    run_gui,
    x_server_answers,
)
from wizard.core import i18n, journey
from wizard.core.paths import app_paths

ROOT = Path(wizard.__file__).resolve().parent.parent
LINUX = sys.platform.startswith("linux")
QT_XCB_ABORT = "no qt platform plugin could be initialized"  # Qt's abort, in lower case


def run(
    args: list[str], env: dict[str, str], timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )


def english_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANGUAGE"))}
    env.update(LANG="en_US.UTF-8", PYTHONPATH=str(ROOT), **extra)
    return env


# --- the xcb platform's system libraries ---------------------------------------------------


def test_a_library_the_loader_cannot_find_is_named_with_its_package() -> None:
    libraries = [("libc.so.6", "libc6"), ("libminiapp-publisher-absent.so.7", "miniapp-absent7")]
    if not LINUX:
        pytest.skip("sonames are Linux's")
    assert missing_xcb_packages(libraries) == [libraries[1]]


@pytest.fixture
def x_server(tmp_path: Path) -> Iterator[str]:
    """A real X server (Xvfb) on a free local display, as a desktop session has."""
    if not LINUX or shutil.which("Xvfb") is None:
        pytest.skip("needs Linux and Xvfb")
    for number in range(90, 140):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            break
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-nolisten", "tcp", "-screen", "0", "1366x768x24"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.skip("Xvfb did not start")
        time.sleep(0.05)
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def test_missing_xcb_libraries_are_named_instead_of_qt_aborting(
    x_server: str, tmp_path: Path
) -> None:
    env = english_env(
        DISPLAY=x_server,
        QT_QPA_PLATFORM="xcb",
        MINIAPP_PUBLISHER_HOME=str(tmp_path / "home"),
        MINIAPP_PUBLISHER_EXIT_AFTER_SHOW="1",
    )
    env.pop("WAYLAND_DISPLAY", None)
    missing = missing_xcb_packages()
    result = run(["-m", "wizard"], env)
    output = result.stdout + result.stderr
    assert QT_XCB_ABORT not in output.lower() and "Traceback" not in output
    if not missing:
        # Everything is installed here: the window opens on the X server.
        assert result.returncode == 0 and "first-window-shown" in result.stdout, output
        return
    assert result.returncode == 3, output
    assert "system libraries it needs are missing" in result.stdout
    assert "sudo apt install " + " ".join(sorted({p for _s, p in missing})) in result.stdout
    for soname, _package in missing:
        assert soname in result.stdout


def test_readme_names_every_package_of_the_xcb_check() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    opening = readme.split("\n## ", 1)[0]
    for _soname, package in XCB_LIBRARIES:
        assert package in opening, package


# --- a remote DISPLAY --------------------------------------------------------------------------


def free_x_number() -> int:
    """A display number whose TCP port nothing listens on (checked by binding it)."""
    for number in range(60, 100):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", X_TCP_BASE_PORT + number))
            except OSError:
                continue
            return number
    pytest.skip("no free X port")


def test_remote_display_that_does_not_answer_gets_the_apps_sentence(tmp_path: Path) -> None:
    if not LINUX:
        pytest.skip("DISPLAY is X11's")
    number = free_x_number()
    env = english_env(DISPLAY=f"127.0.0.1:{number}.0", MINIAPP_PUBLISHER_HOME=str(tmp_path))
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("WAYLAND_DISPLAY", None)
    result = run(["-m", "wizard"], env)
    assert result.returncode == 3, result.stdout + result.stderr
    assert f"The screen named in DISPLAY (127.0.0.1:{number}.0) does not answer" in result.stdout
    output = result.stdout + result.stderr
    assert QT_XCB_ABORT not in output.lower() and "Traceback" not in output


def test_a_listening_x_port_counts_as_answering() -> None:
    number = free_x_number()
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", X_TCP_BASE_PORT + number))
        listener.listen(1)
        assert x_server_answers("127.0.0.1", number)
    assert not x_server_answers("127.0.0.1", number, timeout=1)


# --- a failure before the window -------------------------------------------------------------


def blocked_home(tmp_path: Path) -> Path:
    """A data folder that cannot be created: its parent is a file."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder's parent should be", encoding="utf-8")
    return blocker / "home"


def test_failure_before_the_window_is_shown_in_a_message_box(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINIAPP_PUBLISHER_HOME", str(blocked_home(tmp_path)))
    # A desktop session (Wayland here, so the X checks do not apply to this test).
    monkeypatch.setenv("QT_QPA_PLATFORM", "wayland")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    seen: list[str] = []
    finished: list[int] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if not finished:  # no box (yet): look again while run_gui is still running
                QTimer.singleShot(20, close_box)
            return
        seen.append(box.text())
        box.done(0)

    QTimer.singleShot(0, close_box)
    finished.append(run_gui([]))
    assert finished == [1]
    assert len(seen) == 1 and "The app cannot create its folders" in seen[0]


def test_failure_before_the_window_on_a_headless_platform_is_printed_only(tmp_path: Path) -> None:
    env = english_env(
        QT_QPA_PLATFORM="offscreen", MINIAPP_PUBLISHER_HOME=str(blocked_home(tmp_path))
    )
    result = run(["-m", "wizard"], env, timeout=60)
    assert result.returncode == 1
    assert "The app cannot create its folders" in result.stdout


# --- the retranslated damaged-state warning --------------------------------------------------


def test_damaged_state_warning_follows_the_chosen_language(open_wizard: OpenWizard) -> None:
    paths = app_paths()
    paths.ensure()
    paths.state_file.write_bytes(b'{"programs": {"a": ')
    paths.settings_file.write_text('{"language": "zh_CN"}', encoding="utf-8")
    i18n.set_language("en")  # the problem is found before the saved language is applied
    window = open_wizard("en")
    welcome = window.page_for(journey.WELCOME)
    assert "无法使用，因为文件已损坏" in welcome.problems.text()
    window.context.set_language("en")
    assert "could not be used because it was damaged" in welcome.problems.text()
    window.context.set_language(i18n.CHINESE)
    assert "发布助手已重新开始" in welcome.problems.text()


# --- fonts, Qt's messages, Qt's own texts ---------------------------------------------------------


@pytest.fixture
def no_cjk_fonts(tmp_path: Path) -> dict[str, str]:
    """A fontconfig set-up that shows only DejaVu: a system without any Chinese font."""
    if not LINUX:
        pytest.skip("fontconfig is Linux's")
    dejavu = next(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"), None)
    if dejavu is None:
        pytest.skip("DejaVu fonts not installed")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(dejavu, fonts)
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return english_env(FONTCONFIG_FILE=str(conf), QT_QPA_PLATFORM="offscreen")


@pytest.mark.slow
def test_self_test_fails_and_screenshots_warn_without_a_chinese_font(
    no_cjk_fonts: dict[str, str], tmp_path: Path
) -> None:
    result = run(["-m", "wizard", "--self-test"], no_cjk_fonts)
    assert result.returncode == 1, result.stdout
    assert "FAIL chinese-font: no installed font draws Chinese" in result.stdout
    assert "self-test FAILED" in result.stdout

    shots = run(
        ["-m", "wizard", "screenshots", str(tmp_path / "shots"), "--lang", "en"], no_cjk_fonts
    )
    assert "No font on this computer can draw Chinese" in shots.stderr


@pytest.mark.slow
def test_self_test_reports_the_chinese_font_it_found(qapp: object) -> None:
    from PySide6.QtGui import QFontDatabase

    # The font database needs an application (qapp): without one Qt aborts the process.

    if not QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        pytest.skip("no Chinese font installed here")
    result = run(["-m", "wizard", "--self-test"], english_env(QT_QPA_PLATFORM="offscreen"))
    assert "OK   chinese-font: Chinese drawn with " in result.stdout


SCRIPT = """
import sys
from PySide6.QtCore import QDir, QEventLoop, QLocale, QTimer, qWarning
from PySide6.QtWidgets import QFileSystemModel, QWidget
from wizard.app import new_application
from wizard.core.paths import app_paths
from wizard.core.settings import saved_language
import os

app = new_application([], saved_language(app_paths()))
print("env", os.environ.get("LANGUAGE"), os.environ.get("LC_MESSAGES"))
widget = QWidget()
widget.show()
for size in range(200, 230):
    widget.setMinimumSize(size, size)  # the offscreen platform's propagateSizeHints() noise
    app.processEvents()
qWarning("a real warning passes")
model = QFileSystemModel()
root = model.setRootPath(sys.argv[1])
loop = QEventLoop()
model.directoryLoaded.connect(lambda _path: loop.quit())
QTimer.singleShot(5000, loop.quit)
loop.exec()
print("size", model.index(0, 1, root).data())
"""


@pytest.mark.slow
def test_qt_texts_follow_the_saved_language_and_offscreen_noise_is_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "app.zip").write_bytes(b"z" * 523)
    home = tmp_path / "home"
    env = english_env(QT_QPA_PLATFORM="offscreen", MINIAPP_PUBLISHER_HOME=str(home))
    env.update(LANG="zh_CN.UTF-8", LANGUAGE="zh_CN:en")  # a Chinese system...
    # The settings file where the app under this environment looks for it.
    where = "from wizard.core.paths import app_paths; print(app_paths().settings_file)"
    settings = Path(run(["-c", where], env).stdout.strip())
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('{"language": "en"}', encoding="utf-8")  # ...English chosen

    result = run(["-c", SCRIPT, str(folder)], env)
    assert "size 523 bytes" in result.stdout, result.stdout + result.stderr
    assert "env zh_CN:en None" in result.stdout  # the merchant's environment is given back
    assert "propagateSizeHints" not in result.stderr
    assert "a real warning passes" in result.stderr

    settings.write_text('{"language": "zh_CN"}', encoding="utf-8")
    env.update(LANG="en_US.UTF-8", LANGUAGE="en_US")
    assert "size 523 字节" in run(["-c", SCRIPT, str(folder)], env).stdout
