"""The developer-tool step as a merchant uses it, in both languages: a Windows computer described
by real temporary folders and a registry of our own, detection as a job, "check again", the
package opened through Qt's own link dispatch or by starting a real stand-in program, the manual
steps with copy / open-folder, and the confirmations that finish the step."""

from __future__ import annotations

import json
import stat
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from pytestqt.qtbot import QtBot

from tests.core.test_devtool import Registry, fake_program
from tests.ui.conftest import OpenWizard, next_until
from wizard.core import journey
from wizard.core import platform_facts as facts
from wizard.core.devtool import (
    Computer,
    Detection,
    Places,
    System,
    computer_from,
    detect_devtool,
    open_project_url,
)
from wizard.core.steps import devtool as step
from wizard.core.steps.devtool import DevtoolStepAnswers
from wizard.ui.devtool_opener import Opened
from wizard.ui.pages.devtool_page import DevtoolPage
from wizard.ui.wizard_window import PublisherWizard

APPID = "tt411d37a0de37d565"
Probe = Callable[[Callable[[], bool]], tuple[Computer, Detection]]


def windows_places(root: Path, registry: Registry) -> Places:
    env = {"LOCALAPPDATA": str(root / "Local"), "ProgramFiles": str(root / "Program Files")}
    return Places(System.WINDOWS, registry, env, root / "home", root)


def windows_probe(places: Places) -> Probe:
    def probe(cancel: Callable[[], bool]) -> tuple[Computer, Detection]:
        return computer_from("Windows", "10.0.22631", "AMD64"), detect_devtool(places, cancel)

    return probe


def installed_registry(root: Path) -> tuple[Registry, Path]:
    program = fake_program(root / "Tools" / "抖音 IDE")
    registry = Registry()
    registry.set("HKCU", facts.DEVTOOL_INSTALL_KEY, "InstallLocation", str(program.parent))
    registry.set("HKCU", facts.DEVTOOL_UNINSTALL_KEYS[0], "DisplayVersion", "4.5.1")
    registry.set("HKCU", facts.DEVTOOL_URL_HANDLER_KEY, "", f'"{program}" "%1"')
    return registry, program


def open_page(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path, probe: Probe | None, language: str = "en"
) -> tuple[PublisherWizard, DevtoolPage, Path]:
    window = open_wizard(language)
    welcome = window.page_for(journey.WELCOME)
    welcome.name_edit.insert("小明的花店")
    welcome.create_from_field()
    program = window.context.program
    assert program is not None
    program.appid = APPID
    folder = tmp_path / "文档" / "小明的 花店"
    folder.mkdir(parents=True)
    (folder / "app.json").write_text("{}", encoding="utf-8")
    window.context.update_answers(
        program, journey.PACKAGE, extracted_to=str(folder), can_upload=True
    )
    program.current_step = journey.DEVTOOL
    page = window.page_for(journey.DEVTOOL)
    assert isinstance(page, DevtoolPage)
    if probe is not None:
        page.probe = probe
    next_until(window, journey.DEVTOOL)
    assert window.currentPage() is page
    wait_detected(qtbot, page)
    return window, page, folder


def wait_detected(qtbot: QtBot, page: DevtoolPage) -> None:
    qtbot.waitUntil(
        lambda: page.detection is not None and not page.detect_job.is_running(), timeout=10_000
    )


class LinkCatcher(QObject):
    """Stands where the tool's bytedanceide: handler stands in the OS, through Qt's dispatch."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))


@pytest.fixture
def catcher(qapp: object) -> Iterator[LinkCatcher]:
    catcher = LinkCatcher()
    QDesktopServices.setUrlHandler(facts.DEVTOOL_URL_SCHEME, catcher, "catch")
    try:
        yield catcher
    finally:
        QDesktopServices.unsetUrlHandler(facts.DEVTOOL_URL_SCHEME)


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_found_with_its_version_and_the_link_opens_the_package(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path, catcher: LinkCatcher
) -> None:
    registry, program = installed_registry(tmp_path / "C")
    _window, page, folder = open_page(
        open_wizard, qtbot, tmp_path, windows_probe(windows_places(tmp_path / "C", registry))
    )
    assert "Windows 11" in page.computer_label.text()
    assert "Windows 64-bit build" in page.advice_notice.text()
    assert page.detect_notice.kind == "ok" and "4.5.1" in page.detect_notice.text()
    assert page.program_edit.text() == str(program) and page.program_edit.isVisible()
    assert page.folder_edit.text() == str(folder) and page.open_tool_button.isEnabled()
    click(qtbot, page.open_tool_button)
    assert catcher.urls == [open_project_url(str(folder))]
    assert page.last_open is not None and page.last_open.opened is Opened.LINK
    assert page.open_notice.kind == "ok"
    assert "「信任并运行」" in page.guidance_label.text()


def test_check_again_finds_the_tool_after_installing(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    root = tmp_path / "C"
    _window, page, _folder = open_page(
        open_wizard, qtbot, tmp_path, windows_probe(windows_places(root, Registry()))
    )
    assert page.detect_notice.kind == "info"
    assert "not found" in page.detect_notice.text() and "Check again" in page.detect_notice.text()
    fake_program(root / "Local" / "Programs" / facts.DEVTOOL_INSTALL_FOLDER)
    with qtbot.waitSignal(page.detect_job.finished, timeout=10_000):
        click(qtbot, page.check_again_button)
    assert page.detect_notice.kind == "ok" and page.check_again_button.isEnabled()
    assert page.detection is not None and page.detection.installed


def stand_in_tool(folder: Path, record: Path) -> Path:
    """A runnable program named like the tool: records its arguments and environment."""
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / f"{facts.DEVTOOL_NAMES[0]}.exe"
    program.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        f"with open({str(record)!r} + '.tmp', 'w', encoding='utf-8') as out:\n"
        "    json.dump({'argv': sys.argv[1:], 'env': dict(os.environ)}, out)\n"
        f"os.replace({str(record)!r} + '.tmp', {str(record)!r})\n",
        encoding="utf-8",
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in tool is a script with #!")
def test_without_a_registered_link_the_program_is_started(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    root = tmp_path / "C"
    record = tmp_path / "record.json"
    stand_in_tool(root / "Local" / "Programs" / facts.DEVTOOL_INSTALL_FOLDER, record)
    _window, page, folder = open_page(
        open_wizard, qtbot, tmp_path, windows_probe(windows_places(root, Registry()))
    )
    page.environ = {"PATH": "/usr/bin:/bin", "ELECTRON_RUN_AS_NODE": "1"}
    click(qtbot, page.open_tool_button)
    assert page.last_open is not None and page.last_open.opened is Opened.PROGRAM
    deadline = time.monotonic() + 30
    while not record.exists():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    started = json.loads(record.read_text(encoding="utf-8"))
    assert started["argv"] == [open_project_url(str(folder))]
    assert "ELECTRON_RUN_AS_NODE" not in started["env"]


def test_manual_steps_in_chinese_with_copy_and_open_folder(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    root = tmp_path / "C"
    _window, page, folder = open_page(
        open_wizard, qtbot, tmp_path, windows_probe(windows_places(root, Registry())), "zh_CN"
    )
    assert "这台电脑" in page.computer_label.text() and "64 位" in page.computer_label.text()
    assert "没有找到开发者工具" in page.detect_notice.text()
    assert "「再检查一次」" in page.detect_notice.text()
    click(qtbot, page.open_tool_button)
    assert page.last_open is not None and page.last_open.opened is Opened.MANUAL
    assert page.open_notice.kind == "warning" and "没有找到开发者工具" in page.open_notice.text()
    steps = page.manual_label.text()
    assert "「导入项目」" in steps and str(folder) in steps and "「信任并运行」" in steps
    click(qtbot, page.copy_folder_button)
    assert QGuiApplication.clipboard().text() == str(folder)
    assert page.open_folder_button.isEnabled()
    assert "成员管理" in page.guidance_label.text() and "您" in page.guidance_label.text()
    assert page.title() == "开发者工具" and page.subTitle().startswith("第")


def test_confirmations_finish_the_step_and_survive_a_restart(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    registry, _program = installed_registry(tmp_path / "C")
    window, page, folder = open_page(
        open_wizard, qtbot, tmp_path, windows_probe(windows_places(tmp_path / "C", registry))
    )
    program = window.context.program
    assert program is not None
    page.package_open_box.setChecked(True)
    assert not step.is_done(program) and not page.confirm_notice.isVisible()
    page.member_box.setChecked(True)
    assert step.is_done(program) and page.confirm_notice.kind == "ok"
    answers = DevtoolStepAnswers.read(program)
    assert answers.folder == str(folder) and answers.tool_version == "4.5.1"
    assert window.context.step_statuses(program)[step.ID].value == "done"
    window.context.flush()
    window.close()
    again = open_wizard()
    reloaded = again.context.programs.get(program.id)
    assert reloaded is not None and step.is_done(reloaded)


def test_linux_says_the_tool_does_not_run_here(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    def linux(cancel: Callable[[], bool]) -> tuple[Computer, Detection]:
        places = Places(System.LINUX, None, {}, tmp_path, tmp_path)
        return computer_from("Linux", "6.1.0", "x86_64"), detect_devtool(places, cancel)

    _window, page, _folder = open_page(open_wizard, qtbot, tmp_path, linux)
    assert page.advice_notice.kind == "warning"
    assert "does not run on Linux" in page.advice_notice.text()
    assert not page.open_tool_button.isEnabled() and not page.download_button.isEnabled()


def test_a_deleted_package_folder_is_explained(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    registry, _program = installed_registry(tmp_path / "C")
    _window, page, folder = open_page(
        open_wizard, qtbot, tmp_path, windows_probe(windows_places(tmp_path / "C", registry))
    )
    (folder / "app.json").unlink()
    folder.rmdir()
    page.load_now()
    assert page.open_notice.kind == "warning" and "no longer there" in page.open_notice.text()
    assert not page.open_tool_button.isEnabled() and not page.open_folder_button.isEnabled()


def test_slow_detection_never_holds_the_page_and_stops_on_close(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    import threading

    from PySide6.QtWidgets import QWizard

    release = threading.Event()
    cancelled: list[bool] = []

    def slow(cancel: Callable[[], bool]) -> tuple[Computer, Detection]:
        # Like an InstallLocation on a network drive that no longer answers.
        while not release.wait(0.02):
            if cancel():
                cancelled.append(True)
                break
        return computer_from("Windows", "10.0.19045", "AMD64"), Detection(None)

    window, page, _folder = open_page(open_wizard, qtbot, tmp_path, None)
    page.probe = slow
    click(qtbot, page.check_again_button)
    assert page.detect_job.is_running() and page.detect_notice.kind == "wait"
    assert not page.check_again_button.isEnabled()
    assert window.button(QWizard.WizardButton.NextButton).isEnabled()
    assert window.button(QWizard.WizardButton.BackButton).isEnabled()
    window.close()
    assert cancelled == [True] and not page.detect_job.is_running()
