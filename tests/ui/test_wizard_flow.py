"""The wizard as a merchant uses it: first run, Next/Back, resume after restart, two programs."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWizard, answer_next_box, next_until
from wizard.core import journey
from wizard.core.paths import app_paths
from wizard.ui.pages.registration_page import RegistrationPage
from wizard.ui.pages.welcome_page import WelcomePage

# Whole windows walked page by page: part of CI's full run, not the everyday tier.
pytestmark = pytest.mark.slow

REGISTRATION_ID = journey.step_ids().index(journey.REGISTRATION)
SUMMARY_ID = journey.step_ids().index(journey.SUMMARY)


def welcome(window) -> WelcomePage:  # type: ignore[no-untyped-def]
    page = window.page_for(journey.WELCOME)
    assert isinstance(page, WelcomePage)
    return page


def registration(window) -> RegistrationPage:  # type: ignore[no-untyped-def]
    page = window.page_for(journey.REGISTRATION)
    assert isinstance(page, RegistrationPage)
    return page


def add_program(qtbot: QtBot, window, name: str) -> None:  # type: ignore[no-untyped-def]
    page = welcome(window)
    page.name_edit.clear()
    if name.isascii():
        qtbot.keyClicks(page.name_edit, name)
    else:  # QTest can only type ASCII; a Chinese name arrives as an input method would send it
        page.name_edit.insert(name)
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)


def next_button(window):  # type: ignore[no-untyped-def]
    return window.button(QWizard.WizardButton.NextButton)


def test_first_run_with_no_settings(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window = open_wizard()
    page = welcome(window)
    assert window.currentId() == 0
    assert page.program_list.count() == 0 and page.empty_hint.isVisible()
    assert not next_button(window).isEnabled()
    assert not page.problems.isVisible()
    add_program(qtbot, window, "小明的花店")
    assert page.program_list.count() == 1
    assert next_button(window).isEnabled()


def test_next_and_back_through_the_steps(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window = open_wizard()
    add_program(qtbot, window, "Shop")
    qtbot.mouseClick(next_button(window), Qt.MouseButton.LeftButton)
    assert window.currentId() == REGISTRATION_ID
    assert window.panel.rows[journey.REGISTRATION].text().startswith("▶")
    reg = registration(window)
    reg.item_boxes["account"].setChecked(True)
    while window.currentId() != SUMMARY_ID:
        before = window.currentId()
        window.next()
        assert window.currentId() == before + 1, "Next goes one step at a time"
    while window.currentId() != REGISTRATION_ID:
        window.back()
    assert reg.item_boxes["account"].isChecked(), "going back must keep what was ticked"
    window.back()
    assert window.currentId() == 0


def test_resume_after_restart_restores_every_answer(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window = open_wizard()
    add_program(qtbot, window, "Shop")
    window.next()
    reg = registration(window)
    reg.item_boxes["account"].setChecked(True)
    reg.item_boxes["members"].setChecked(True)
    reg.status_buttons[journey.RegistrationStatus.REJECTED].setChecked(True)
    reg.rejection_edit.insertPlainText("营业执照不清晰")
    window.close()

    again = open_wizard()
    page = welcome(again)
    assert page.program_list.currentItem() is not None, "last mini-program is preselected"
    again.next()
    assert again.currentId() == REGISTRATION_ID, "Next resumes at the remembered step"
    reg2 = registration(again)
    assert reg2.item_boxes["account"].isChecked() and reg2.item_boxes["members"].isChecked()
    assert not reg2.item_boxes["subject"].isChecked()
    assert reg2.status_buttons[journey.RegistrationStatus.REJECTED].isChecked()
    assert reg2.rejection_edit.toPlainText() == "营业执照不清晰"
    assert reg2.rejection_edit.isVisible()


def test_under_review_is_remembered_with_its_date(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window = open_wizard()
    add_program(qtbot, window, "Shop")
    window.next()
    registration(window).status_buttons[journey.RegistrationStatus.UNDER_REVIEW].setChecked(True)
    window.context.flush()  # answers are written shortly after a change; flush writes now
    state = json.loads(app_paths().state_file.read_text(encoding="utf-8"))
    answers = state["programs"][0]["answers"]["registration"]
    assert answers["status"] == "under_review" and answers["submitted_on"]
    assert answers["submitted_on"] in registration(window).status_notice.text()


def test_done_before_in_one_click_marks_the_step_done(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window = open_wizard()
    add_program(qtbot, window, "Shop")
    window.next()
    reg = registration(window)
    qtbot.mouseClick(reg.done_before_button, Qt.MouseButton.LeftButton)
    assert all(box.isChecked() for box in reg.item_boxes.values())
    assert window.panel.rows[journey.REGISTRATION].text().startswith("▶")
    window.next()
    assert window.panel.rows[journey.REGISTRATION].text().startswith("✔")
    summary = window.page_for(journey.SUMMARY)
    assert "approved" in summary.done_label.text()  # type: ignore[attr-defined]


def test_two_programs_are_kept_apart(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window = open_wizard()
    add_program(qtbot, window, "Flowers")
    window.next()
    registration(window).item_boxes["account"].setChecked(True)
    window.back()
    add_program(qtbot, window, "Bakery")
    window.next()
    reg = registration(window)
    assert not reg.item_boxes["account"].isChecked(), "a new program starts with its own answers"
    reg.item_boxes["rules"].setChecked(True)
    window.back()
    page = welcome(window)
    flowers_row = next(
        i for i in range(page.program_list.count()) if "Flowers" in page.program_list.item(i).text()
    )
    page.program_list.setCurrentRow(flowers_row)
    window.next()
    assert reg.item_boxes["account"].isChecked() and not reg.item_boxes["rules"].isChecked()


def test_removing_a_program_asks_first(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window = open_wizard()
    add_program(qtbot, window, "Keep me")
    page = welcome(window)
    asked = answer_next_box(qtbot, "No")
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert asked and "Keep me" in asked[0]
    assert page.program_list.count() == 1
    answer_next_box(qtbot, "Yes")
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert page.program_list.count() == 0
    window.context.flush()  # answers are written shortly after a change; flush writes now
    state = json.loads(app_paths().state_file.read_text(encoding="utf-8"))
    assert state["programs"] == []


def test_corrupt_settings_and_state_start_clean_with_a_sentence(
    open_wizard: OpenWizard,
) -> None:
    paths = app_paths()
    paths.ensure()
    paths.settings_file.write_bytes(b"\x00\x01 not json")
    paths.state_file.write_text('{"programs": [', encoding="utf-8")
    window = open_wizard()
    page = welcome(window)
    assert page.problems.isVisible()
    assert "settings.json" in page.problems.text() and "state.json" in page.problems.text()
    assert page.program_list.count() == 0
    assert list(paths.config.glob("settings.unreadable-*.json"))


def test_keyboard_only_walk(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window = open_wizard()
    page = welcome(window)
    page.name_edit.setFocus()
    qtbot.keyClicks(page.name_edit, "Keyboard shop")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    qtbot.keyClick(page.program_list, Qt.Key.Key_Return)
    assert window.currentId() == REGISTRATION_ID


def test_every_input_has_an_accessible_name(open_wizard: OpenWizard) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit

    window = open_wizard()
    unnamed = []
    for kind in (QLineEdit, QPlainTextEdit, QComboBox, QAbstractButton):
        for widget in window.findChildren(kind):
            name = widget.accessibleName() or (
                widget.text() if isinstance(widget, QAbstractButton) else ""
            )
            if not name and widget.objectName() not in ("qt_scrollarea_hcontainer",):
                unnamed.append(f"{type(widget).__name__} {widget.objectName()}")
    assert not unnamed


def test_a_name_with_markup_is_shown_as_typed(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window = open_wizard()
    add_program(qtbot, window, "<i>Shop</i> & Co")
    label = window.panel.program_label
    assert "&lt;i&gt;Shop&lt;/i&gt; &amp; Co" in label.text()  # escaped, so shown literally


def test_resume_walks_forward_so_back_reaches_every_earlier_step(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window = open_wizard()
    add_program(qtbot, window, "Shop")
    window.context.program.current_step = journey.SUMMARY
    window.context.save_state()
    window.close()
    again = open_wizard()
    next_until(again, journey.SUMMARY)
    visited = [again.currentId()]
    while again.currentId() > 0:
        again.back()
        visited.append(again.currentId())
    assert visited == list(range(SUMMARY_ID, -1, -1)), "Back steps through every page"


def test_next_before_the_later_pages_are_built(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    from wizard.core.paths import app_paths as paths
    from wizard.ui.context import AppContext
    from wizard.ui.wizard_window import PublisherWizard

    context = AppContext(paths())
    context.load()
    context.create_program("Early bird")
    window = PublisherWizard(context)
    qtbot.addWidget(window)
    window.show()  # no event processed yet: the deferred page build has not run
    assert len(window.pages) == 1
    window.button(QWizard.WizardButton.NextButton).click()  # Qt's own next(), not ours
    assert window.currentId() == REGISTRATION_ID
