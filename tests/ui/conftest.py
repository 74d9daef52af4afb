"""Fixtures for the real wizard window under pytest-qt (offscreen)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from wizard.core.paths import app_paths
from wizard.ui.context import AppContext
from wizard.ui.wizard_window import PublisherWizard

OpenWizard = Callable[..., PublisherWizard]


@pytest.fixture
def open_wizard(qtbot: QtBot) -> OpenWizard:
    """Start the window as the app does: load what is on disk, pick the language, show."""

    def start(language: str = "en") -> PublisherWizard:
        context = AppContext(app_paths())
        context.load()
        context.set_language(context.settings.language or language, remember=False)
        window = PublisherWizard(context)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return start
