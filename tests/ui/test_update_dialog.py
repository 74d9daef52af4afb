"""The update channel in the window: a due check finds a loopback feed's update, the dialog
shows what is new, downloads the installer with the app's downloader and checks it."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.core.test_updates import INSTALLER_BYTES, newer, payload, public_text, signed_feed
from tests.net.loopback_server import LoopbackServer, Resource
from wizard.core.i18n import set_language
from wizard.core.paths import app_paths
from wizard.core.updates import channel as channel_module
from wizard.core.updates.check import UPDATE
from wizard.ui.context import AppContext
from wizard.ui.update_dialog import UpdateDialog, UpdateWatcher


def bake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: Ed25519PrivateKey, url: str) -> None:
    path = tmp_path / "channel.json"
    path.write_text(json.dumps({"feed_url": url, "public_key": public_text(key)}))
    monkeypatch.setattr(channel_module, "channel_path", lambda resources=None: path)
    monkeypatch.setattr(channel_module, "baked_profile_feed_url", lambda: "")


def feed_for(server: LoopbackServer, key: Ed25519PrivateKey, body: bytes) -> str:
    installer_url = server.add(
        "/setup.exe", Resource(body=body, content_type="application/x-msdownload")
    )
    document = payload(newer())
    document["installers"] = {
        platform: {
            "url": installer_url,
            "size": len(INSTALLER_BYTES),
            "sha256": hashlib.sha256(INSTALLER_BYTES).hexdigest(),
        }
        for platform in ("windows-x64", "macos-universal2", "macos-x64")
    }
    return server.add(
        "/feed.json", Resource(body=signed_feed(key, document), content_type="application/json")
    )


@pytest.fixture
def setup(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    set_language("en")
    # The feed has Windows and Mac installers; this Linux test takes the Windows one.
    monkeypatch.setattr("wizard.ui.update_dialog.this_platform", lambda: "windows-x64")
    context = AppContext(app_paths())
    context.load()
    window = QWidget()
    qtbot.addWidget(window)
    return context, window


def found_dialog(qtbot: QtBot, watcher: UpdateWatcher) -> UpdateDialog:
    assert watcher.check_if_due()
    qtbot.waitUntil(lambda: watcher.dialog is not None, timeout=10_000)
    assert watcher.dialog is not None
    return watcher.dialog


def test_due_check_offers_the_update_and_starts_the_verified_installer(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setup
) -> None:  # type: ignore[no-untyped-def]
    context, window = setup
    key = Ed25519PrivateKey.generate()
    with LoopbackServer() as server:
        bake(tmp_path, monkeypatch, key, feed_for(server, key, INSTALLER_BYTES))
        watcher = UpdateWatcher(context, window)
        dialog = found_dialog(qtbot, watcher)
        assert dialog.check.status == UPDATE
        assert "A new upload tool" in dialog.notes.toPlainText()
        assert newer() in dialog.headline.text()
        started: list[Path] = []
        monkeypatch.setattr(dialog, "start_installer", started.append)
        dialog.install_button.click()
        qtbot.waitUntil(lambda: bool(started), timeout=15_000)
    assert started[0].read_bytes() == INSTALLER_BYTES
    assert context.settings.last_update_check > 0
    # Checked: the next start the same day does not ask again.
    assert not UpdateWatcher(context, window).check_if_due()


def test_installer_with_other_bytes_is_refused_and_deleted(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setup
) -> None:  # type: ignore[no-untyped-def]
    context, window = setup
    key = Ed25519PrivateKey.generate()
    tampered = INSTALLER_BYTES[:-1] + b"!"
    with LoopbackServer() as server:
        bake(tmp_path, monkeypatch, key, feed_for(server, key, tampered))
        dialog = found_dialog(qtbot, UpdateWatcher(context, window))
        started: list[Path] = []
        monkeypatch.setattr(dialog, "start_installer", started.append)
        dialog.install_button.click()
        qtbot.waitUntil(lambda: "SHA-256 differs" in dialog.status.text(), timeout=15_000)
    assert not started
    assert not dialog.target().exists()
    assert dialog.install_button.isEnabled()  # the merchant may try again


def test_turned_off_means_no_check(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setup
) -> None:  # type: ignore[no-untyped-def]
    context, window = setup
    key = Ed25519PrivateKey.generate()
    with LoopbackServer() as server:
        feed = feed_for(server, key, INSTALLER_BYTES)
        bake(tmp_path, monkeypatch, key, feed)
        dialog = found_dialog(qtbot, UpdateWatcher(context, window))
        dialog.automatic.setChecked(False)  # the merchant turns it off in the dialog
        again = AppContext(app_paths())  # the next start reads the saved choice
        again.load()
        assert again.settings.update_checks is False
        again.settings.last_update_check = time.time() - 2 * channel_module.CHECK_INTERVAL_S
        assert not UpdateWatcher(again, window).check_if_due()
