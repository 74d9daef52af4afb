"""Long paths stay readable: one line elided in the middle, the whole path in the tooltip,
and the summary offers Copy beside Open."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWizard, next_until
from wizard.core import journey
from wizard.ui.widgets.common import ElidedPath

LONG = "C:/Users/小明/Documents/" + "很长的文件夹名字/" * 12 + "小明的花店"


def test_a_long_path_keeps_its_start_and_its_name(qtbot: QtBot) -> None:
    label = ElidedPath(LONG)
    qtbot.addWidget(label)
    label.resize(300, 30)
    label.show()
    assert label.text() != LONG and "…" in label.text()
    assert label.text().startswith("C:/") and label.text().endswith("小明的花店")
    assert label.toolTip() == LONG and label.accessibleName() == LONG
    label.resize(4000, 30)
    assert label.text() == LONG


def test_the_summary_copies_a_folder_path(open_wizard: OpenWizard) -> None:
    window = open_wizard()
    welcome = window.page_for(journey.WELCOME)
    welcome.name_edit.insert("小明的花店")
    welcome.create_from_field()
    window.context.program.current_step = journey.SUMMARY
    next_until(window, journey.SUMMARY)
    page = window.page_for(journey.SUMMARY)
    paths = page.findChildren(ElidedPath)
    assert paths and all(p.toolTip() for p in paths)
    copy = next(b for b in page.findChildren(QPushButton) if b.text() == "Copy path")
    copy.click()
    assert QGuiApplication.clipboard().text() == paths[0].full_path
