"""Live language switch from the visible control, Qt's own buttons included, no restart."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWizard
from wizard.core import i18n, journey
from wizard.core.paths import app_paths
from wizard.core.settings import SettingsStore


def choose(window, language: str) -> None:  # type: ignore[no-untyped-def]
    combo = window.panel.language_combo
    combo.setCurrentIndex(combo.findData(language))


def test_switch_live_and_remember(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window = open_wizard("en")
    welcome = window.page_for(journey.WELCOME)
    assert welcome.title() == "Welcome"
    assert "Next" in window.button(QWizard.WizardButton.NextButton).text()

    choose(window, i18n.CHINESE)
    assert i18n.current_language() == i18n.CHINESE
    assert welcome.title() == "欢迎"
    assert window.windowTitle().startswith("字节跳动小程序发布助手")
    assert "下一步" in window.button(QWizard.WizardButton.NextButton).text()
    assert window.button(QWizard.WizardButton.CancelButton).text() == "取消"
    assert window.panel.rows[journey.REGISTRATION].text().endswith("在抖音开放平台注册")
    registration = window.page_for(journey.REGISTRATION)
    assert registration.title() == "在抖音开放平台注册"

    stored = SettingsStore(app_paths())
    stored.load()
    assert stored.settings.language == i18n.CHINESE

    choose(window, "en")
    assert welcome.title() == "Welcome"
    assert "Next" in window.button(QWizard.WizardButton.NextButton).text()


def test_language_choice_survives_restart(open_wizard: OpenWizard) -> None:
    window = open_wizard("en")
    choose(window, i18n.CHINESE)
    window.close()
    i18n.set_language("en")
    again = open_wizard("en")  # the saved choice wins over the start-up default
    assert again.page_for(journey.WELCOME).title() == "欢迎"


def test_every_visible_label_changes_language(open_wizard: OpenWizard) -> None:
    """No English sentence is left behind on a page after switching to Chinese."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    window = open_wizard("en")
    choose(window, i18n.CHINESE)
    leftovers = []
    for page in window.pages.values():
        for widget in page.findChildren(QLabel) + page.findChildren(QAbstractButton):
            for line in widget.text().splitlines():
                # An English sentence: several ASCII words and no Chinese at all.
                english_words = sum(word.isascii() and word.isalpha() for word in line.split())
                if english_words >= 3 and all(ord(ch) < 0x2E80 for ch in line):
                    leftovers.append(line)
        for box in page.findChildren(QGroupBox):
            if box.title().isascii() and box.title():
                leftovers.append(box.title())
    assert not leftovers
