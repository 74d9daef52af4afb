"""Fixtures for the real wizard window under pytest-qt (offscreen)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from wizard.core.paths import app_paths
from wizard.core.secrets import SecretStore
from wizard.ui.context import AppContext
from wizard.ui.wizard_window import PublisherWizard

OpenWizard = Callable[..., PublisherWizard]


@pytest.fixture
def keyring_file(tmp_path: Path) -> Path:
    """A real keyring backend's storage, outside the app's home (like a system keychain)."""
    return tmp_path / "keychain" / "keyring_pass.cfg"


def make_store(keyring_file: Path) -> SecretStore:
    backend = PlaintextKeyring()
    backend.file_path = str(keyring_file)  # type: ignore[misc]
    # Trusted for the test only: the app itself treats this backend as not secure.
    return SecretStore(backend=backend, trusted=True)


@pytest.fixture
def open_wizard(qtbot: QtBot, keyring_file: Path) -> OpenWizard:
    """Start the window as the app does: load what is on disk, pick the language, show."""

    def start(language: str = "en") -> PublisherWizard:
        context = AppContext(app_paths())
        context.load()
        context.secrets = make_store(keyring_file)
        context.set_language(context.settings.language or language, remember=False)
        window = PublisherWizard(context)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.build_pages()
        return window

    return start


def answer_next_box(qtbot: QtBot, button_text: str) -> list[str]:
    """Click a button of the next message box, as the merchant would."""
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        for button in box.buttons():
            if button_text in button.text().replace("&", ""):
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
                return
        raise AssertionError(f"no button {button_text!r}")

    QTimer.singleShot(0, answer)
    return seen


def next_until(window: PublisherWizard, step_id: str) -> None:
    """Press Next on Welcome and let the wizard walk forward until it shows step_id."""
    import time

    from wizard.core import journey

    target = journey.step_ids().index(step_id)
    window.next()
    deadline = time.monotonic() + 5
    while window.currentId() != target and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.002)
    assert window.currentId() == target, f"stopped at page {window.currentId()}"
