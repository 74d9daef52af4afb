"""The window after its first paint: pages built in slices between events (modules imported off
the GUI thread), every page reachable before and after, and the exit-after-first-paint switch."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

import wizard
from tests.ui.conftest import make_store
from wizard.core import journey
from wizard.core.paths import app_paths
from wizard.ui.context import AppContext
from wizard.ui.wizard_window import PublisherWizard

ROOT = Path(wizard.__file__).resolve().parent.parent


class PaintRecorder(QObject):
    """Remembers, in order, the paints of a widget and the moment a signal arrived."""

    def __init__(self, widget: QWizard) -> None:
        super().__init__()
        self.events: list[str] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.events.append("paint")
        return False


def new_window(qtbot: QtBot, keyring_file: Path) -> PublisherWizard:
    context = AppContext(app_paths())
    context.load()
    context.secrets = make_store(keyring_file)
    context.set_language("en", remember=False)
    window = PublisherWizard(context)
    qtbot.addWidget(window)
    return window


def test_pages_are_built_after_the_first_paint_and_all_reachable(
    qtbot: QtBot, keyring_file: Path
) -> None:
    window = new_window(qtbot, keyring_file)
    recorder = PaintRecorder(window)
    window.first_painted.connect(lambda: recorder.events.append("first_painted"))
    assert list(window.pages) == [journey.WELCOME], "only the first page before the paint"
    with qtbot.waitSignal(window.pages_ready, timeout=30_000):
        window.show()
    assert recorder.events[0] == "paint" and "first_painted" in recorder.events
    assert list(window.pages) == [step.id for step in journey.JOURNEY]
    for index, step in enumerate(journey.JOURNEY):
        assert window.page(index) is window.pages[step.id]
    assert window.provider is not None, "the provider profile is linked by the builder"


def test_next_before_the_builder_reaches_a_page_builds_just_that_page(
    qtbot: QtBot, keyring_file: Path
) -> None:
    window = new_window(qtbot, keyring_file)
    window.build_after_paint = False  # as if the builder had not got there yet
    with qtbot.waitSignal(window.first_painted, timeout=10_000):
        window.show()
    window.pages[journey.WELCOME].name_edit.insert("小明的花店")  # type: ignore[attr-defined]
    window.pages[journey.WELCOME].create_from_field()  # type: ignore[attr-defined]
    assert journey.REGISTRATION not in window.pages
    window.button(QWizard.WizardButton.NextButton).click()
    assert window.current_step_id() == journey.REGISTRATION
    assert journey.DOMAINS not in window.pages, "only the page needed was built"
    # The side panel's jump walks forward, building the pages on the way.
    window.context.program.current_step = journey.PACKAGE  # type: ignore[union-attr]
    window.walk_to(journey.PACKAGE)
    assert window.current_step_id() == journey.PACKAGE


def run_app(home: Path, exit_after: str) -> subprocess.CompletedProcess[str]:
    env = os.environ.copy()
    env.update(
        LANG="en_US.UTF-8",
        QT_QPA_PLATFORM="offscreen",
        MINIAPP_PUBLISHER_HOME=str(home),
        MINIAPP_PUBLISHER_EXIT_AFTER_SHOW=exit_after,
    )
    return subprocess.run(
        [sys.executable, "-m", "wizard"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
    )


@pytest.mark.slow
def test_exit_after_show_waits_for_the_first_paint(tmp_path: Path) -> None:
    result = run_app(tmp_path / "home", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "first-window-shown"
    log = (tmp_path / "home" / "logs" / "miniapp-publisher.log").read_text(encoding="utf-8")
    assert "first paint delivered" in log
    assert "every page built" not in log, "a run that exits at its first paint builds nothing"


@pytest.mark.slow
def test_exit_when_ready_waits_for_every_page(tmp_path: Path) -> None:
    result = run_app(tmp_path / "home", "ready")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "pages-ready"
    log = (tmp_path / "home" / "logs" / "miniapp-publisher.log").read_text(encoding="utf-8")
    assert log.index("first paint delivered") < log.index(
        f"every page built ({len(journey.JOURNEY)})"
    )


def test_pyside_does_not_read_the_source_of_the_apps_modules() -> None:
    code = (
        "import linecache, PySide6.QtWidgets\n"
        "from wizard.ui.qt_startup import skip_source_reads\n"
        "assert skip_source_reads() > 50\n"
        "import wizard.ui.wizard_window\n"
        "print(sorted(k for k in linecache.cache if 'wizard' in k and 'qt_startup' not in k))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", "no module of the app had its source read"
