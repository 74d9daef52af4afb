"""Adding a step is the recipe's places and nothing else (docs/architecture.md, "Adding a
step"): a throwaway step in a copy of the journey is navigated, numbered, listed and shown like
every real one, without touching any other module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QCheckBox, QVBoxLayout
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWizard
from wizard.core import journey
from wizard.core.state import MiniProgram
from wizard.core.steps import Step, flag
from wizard.ui.base_page import BasePage
from wizard.ui.pages import registry

EXTRA = "extra"


def _done(program: MiniProgram) -> bool:
    return flag(program.answers.get(EXTRA, {}), "done")


EXTRA_STEP = Step(EXTRA, "A throwaway step", "The throwaway step done", _done)


class ExtraPage(BasePage):
    """The recipe's page: step_id, retranslate, load_answers, save, page_complete."""

    step_id = EXTRA

    def __init__(self, context):  # type: ignore[no-untyped-def]
        super().__init__(context)
        self.box = QCheckBox()
        self.box.toggled.connect(lambda on: self.save(done=on))
        QVBoxLayout(self).addWidget(self.box)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(EXTRA_STEP.title)
        self.setSubTitle(self.step_heading("Tick the box."))
        self.box.setText("Done")

    def load_answers(self) -> None:
        program = self.program
        self.box.setChecked(bool(program) and _done(program))  # type: ignore[arg-type]

    def page_complete(self) -> bool:
        program = self.program
        return program is not None and _done(program)


@pytest.fixture
def with_extra_step(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The recipe's places: a Step, one row in JOURNEY (and its reserved id), one page entry."""
    steps = list(journey.JOURNEY)
    steps.insert(2, EXTRA_STEP)  # after registration
    monkeypatch.setattr(journey, "JOURNEY", tuple(steps))
    ids = list(journey.RESERVED_STEP_IDS)
    ids.insert(2, EXTRA)
    monkeypatch.setattr(journey, "RESERVED_STEP_IDS", tuple(ids))
    monkeypatch.setitem(registry.PAGES, EXTRA, lambda: ExtraPage)
    yield


def test_the_journey_navigates_counts_and_reports_an_added_step(with_extra_step: None) -> None:
    program = MiniProgram(id="p", name="Shop")
    ids = journey.step_ids()
    assert ids.index(EXTRA) == 2 and len(ids) == len(journey.RESERVED_STEP_IDS)
    assert journey.next_step(program, ids[1]) == EXTRA
    assert journey.previous_step(program, ids[3]) == EXTRA
    number, of = journey.step_number(program, EXTRA)
    assert number == 2 and of == sum(1 for s in journey.JOURNEY if s.counts_as_progress)
    assert journey.status_report(program)[EXTRA] == "todo"
    done, total = journey.progress(program)
    program.answer(EXTRA)["done"] = True
    assert journey.progress(program) == (done + 1, total)
    assert journey.status_report(program)[EXTRA] == "done"
    assert registry.missing_pages() == []


def test_the_window_shows_walks_and_lists_an_added_step(
    with_extra_step: None, open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window = open_wizard()
    welcome = window.page_for(journey.WELCOME)
    welcome.name_edit.insert("小明的花店")  # type: ignore[attr-defined]
    welcome.create_from_field()  # type: ignore[attr-defined]
    program = window.context.program
    assert program is not None
    window.context.update_answers(program, "registration", status="approved")
    window.go_to_step(EXTRA)
    page = window.currentPage()
    assert isinstance(page, ExtraPage) and window.current_step_id() == EXTRA
    number, of = journey.step_number(program, EXTRA)
    assert f"{number}" in page.subTitle() and f"{of}" in page.subTitle()
    assert EXTRA in window.panel.rows
    assert not page.isComplete()
    page.box.setChecked(True)
    assert page.isComplete()
    window.next()
    assert window.current_step_id() == journey.next_step(program, EXTRA)
    window.back()
    assert window.current_step_id() == EXTRA and page.box.isChecked()
    summary = window.page_for(journey.SUMMARY)
    done, _left = summary.done_and_left()  # type: ignore[attr-defined]
    assert EXTRA_STEP.summary in done
