"""A window filled with demo data in a throwaway home: for screenshots and the self-test."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

from PySide6.QtWidgets import QApplication

from wizard.core import journey
from wizard.core.paths import HOME_ENV, app_paths
from wizard.ui.context import AppContext
from wizard.ui.qt_messages import install_qt_message_handler
from wizard.ui.wizard_window import PublisherWizard

DEMO_NAME = "小明的花店"
DEMO_APPID = "tt411d37a0de37d565"  # the platform's documented example AppID


def ensure_app(qt_args: Sequence[str] = ()) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    install_qt_message_handler()
    return QApplication([sys.argv[0], *qt_args])


@contextmanager
def throwaway_home() -> Iterator[Path]:
    """Point MINIAPP_PUBLISHER_HOME at a temporary folder, so nothing touches the real one."""
    previous = os.environ.get(HOME_ENV)
    with TemporaryDirectory(prefix="miniapp-publisher-demo-") as folder:
        os.environ[HOME_ENV] = folder
        try:
            yield Path(folder)
        finally:
            if previous is None:
                os.environ.pop(HOME_ENV, None)
            else:
                os.environ[HOME_ENV] = previous


def demo_window(language: str, profile: Path | None = None) -> PublisherWizard:
    """A wizard with one demo mini-program chosen (call inside throwaway_home); with a
    provider profile, that profile is opened for it as a merchant would."""
    context = AppContext(app_paths())
    context.load()
    # Demo secrets stay in memory: never in the real keychain, whatever the pages do.
    from keyring.backends import fail

    from wizard.core.secrets import SecretStore

    context.secrets = SecretStore(backend=fail.Keyring())
    context.set_language(language, remember=False)
    program = context.create_program(DEMO_NAME)
    program.appid = DEMO_APPID
    if profile is not None:
        from wizard.core.profile.store import CHOICE_KEY, CHOICE_STEP, import_profile

        outcome = import_profile(profile, paths=context.paths)
        if outcome.choice is None:
            raise ValueError(outcome.message)
        program.answer(CHOICE_STEP)[CHOICE_KEY] = outcome.choice.to_dict()
    context.save_state()
    window = PublisherWizard(context)
    screen = window.screen()
    if screen is None or (screen.size().width(), screen.size().height()) == (800, 600):
        # Qt's bare offscreen screen (800x600): show the size a laptop would give instead.
        metrics = window.fontMetrics()
        window.resize(metrics.averageCharWidth() * 110, metrics.height() * 38)
    return window


def layout_report(window: PublisherWizard) -> dict[str, object]:
    """After visiting every page: does the window fit its screen, and which pages scroll?"""
    screen = window.screen()
    available = screen.availableGeometry() if screen is not None else None
    frame = window.frameGeometry()
    pages: dict[str, dict[str, int]] = {}
    for step in journey.JOURNEY:
        if not go_to(window, step.id):
            continue
        window.page_for(step.id).demo_fill()
        QApplication.processEvents()
        area = window.page_for(step.id).scroll_area
        bar = area.verticalScrollBar() if area is not None else None
        across = area.horizontalScrollBar() if area is not None else None
        pages[step.id] = {
            "across_range": across.maximum() if across is not None else -1,
            "window_width": window.frameGeometry().width(),
            "window_height": window.frameGeometry().height(),
            "scroll_range": bar.maximum() if bar is not None else -1,
            "has_scroll_area": int(area is not None),
        }
    final = window.frameGeometry()
    return {
        "screen": [available.width(), available.height()] if available is not None else [],
        "first": [frame.width(), frame.height()],
        "last": [final.width(), final.height(), final.left(), final.top()],
        "pages": pages,
    }


def go_to(window: PublisherWizard, step_id: str) -> bool:
    """Show the page of step_id, walking from the start through every step that applies."""
    program = window.context.program
    step = journey.step_by_id(step_id)
    if program is not None and step is not None and not step.applies(program):
        # The demo shows every page: a page of the other upload route is shown on that route.
        from wizard.core.steps import route as route_step

        window.context.update_answers(program, route_step.ID, route=route_step.Route.DEVTOOL.value)
    window.restart()
    if step_id != journey.WELCOME:
        window.walk_to(step_id)
    QApplication.processEvents()
    return window.current_step_id() == step_id
