"""Keys as a merchant uses them: focus on the first thing to do, Enter does the field's
action and never leaves the step, and no page uses one Alt-letter twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWizard, next_until
from tests.ui.test_package_page import make_package
from wizard.core import journey
from wizard.ui.demo import go_to

# Whole windows walked page by page: part of CI's full run, not the everyday tier.
pytestmark = pytest.mark.slow

APPID = "tt411d37a0de37d565"


def open_step(open_wizard: OpenWizard, step_id: str, appid: str = ""):  # type: ignore[no-untyped-def]
    window = open_wizard()
    welcome = window.page_for(journey.WELCOME)
    welcome.name_edit.insert("小明的花店")
    welcome.create_from_field()
    program = window.context.program
    program.appid = appid
    program.current_step = step_id
    next_until(window, step_id)
    return window, window.page_for(step_id)


def test_focus_lands_on_the_first_thing_to_do(open_wizard: OpenWizard) -> None:
    window, page = open_step(open_wizard, journey.CREDENTIALS)
    # (The window's own focus: offscreen, no window is ever the active one.)
    assert window.focusWidget() is page.appid_edit


def test_enter_in_the_appid_field_moves_on_within_the_step(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window, page = open_step(open_wizard, journey.CREDENTIALS)
    qtbot.keyClicks(page.appid_edit, "tt411d")
    qtbot.keyClick(page.appid_edit, Qt.Key.Key_Return)
    assert window.current_step_id() == journey.CREDENTIALS, "unfinished: Enter never leaves"
    page.appid_edit.setText(APPID)
    qtbot.keyClick(page.appid_edit, Qt.Key.Key_Return)
    assert window.current_step_id() == journey.CREDENTIALS
    assert window.context.program.appid == APPID
    assert window.focusWidget() is page.secret_edit


def test_enter_in_the_zip_field_unpacks_instead_of_leaving(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    window, page = open_step(open_wizard, journey.PACKAGE, appid=APPID)
    zip_path = make_package(tmp_path / "pkg.zip")
    page.zip_edit.setText(str(zip_path))
    page.target_edit.setText(str(tmp_path / "unpacked"))
    with qtbot.waitSignal(page.job.finished, timeout=30_000):
        qtbot.keyClick(page.zip_edit, Qt.Key.Key_Return)
    assert window.current_step_id() == journey.PACKAGE
    assert page.result_notice.kind == "ok", page.result_notice.text()
    assert window.focusWidget() is page.open_folder_button, "Enter now opens the folder"
    # Unpacking again would go to a fresh folder, never over the one just made.
    assert page.target_edit.text() != str(tmp_path / "unpacked")


def test_enter_in_the_link_field_with_a_bad_link_stays(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window, page = open_step(open_wizard, journey.PACKAGE, appid=APPID)
    page.url_edit.setText("ftp://example.com/x.zip")
    qtbot.keyClick(page.url_edit, Qt.Key.Key_Return)
    assert window.current_step_id() == journey.PACKAGE


MNEMONIC = re.compile(r"&([^&\s])")


def mnemonics(widget) -> list[str]:  # type: ignore[no-untyped-def]
    found = []
    for child in widget.findChildren(QAbstractButton) + widget.findChildren(QLabel):
        if not child.isVisibleTo(widget):
            continue
        text = child.text().replace("&&", "")
        found += [m.lower() for m in MNEMONIC.findall(text)]
    return found


def test_no_page_uses_an_alt_letter_twice(open_wizard: OpenWizard) -> None:
    window, _page = open_step(open_wizard, journey.REGISTRATION, appid=APPID)
    shared = mnemonics(window.side_area) + [
        m.lower()
        for button in (window.WizardButton.BackButton, window.WizardButton.NextButton)
        for m in MNEMONIC.findall(window.button(button).text())
    ]
    for step in journey.JOURNEY:
        assert go_to(window, step.id), step.id
        page = window.page_for(step.id)
        page.demo_fill()
        letters = mnemonics(page) + shared
        duplicates = {letter for letter in letters if letters.count(letter) > 1}
        assert not duplicates, f"{step.id}: Alt+{sorted(duplicates)} used twice"


def test_a_job_that_disables_the_focused_button_never_hands_focus_to_cancel(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window, page = open_step(open_wizard, journey.CREDENTIALS, APPID)
    cancel = window.button(window.WizardButton.CancelButton)
    # The last button of the page, as 向平台检查… is when Back and Next are disabled by a job.
    for which in (window.WizardButton.BackButton, window.WizardButton.NextButton):
        window.button(which).setEnabled(False)
    page.check_button.setEnabled(True)
    page.check_button.setFocus()
    assert window.focusWidget() is page.check_button
    page.check_button.setEnabled(False)
    qtbot.wait(20)
    focused = window.focusWidget()
    assert focused is not cancel
    assert focused is page.check_button or page.isAncestorOf(focused)
