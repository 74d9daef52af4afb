"""Navigation as the merchant meets it: resume without passing pages' work, side-panel jumps,
one write per burst of typing, statuses once per change, Back/Next held while work runs."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWizard
from wizard.core import journey
from wizard.ui.base_page import BasePage
from wizard.ui.jobs import ThreadJob


def start_with_program(open_wizard: OpenWizard, remembered: str = ""):  # type: ignore[no-untyped-def]
    window = open_wizard()
    welcome = window.page_for(journey.WELCOME)
    welcome.name_edit.insert("小明的花店")
    welcome.create_from_field()
    if remembered:
        window.context.program.current_step = remembered
        window.context.save_state()
    return window


def test_resume_goes_straight_to_the_step_without_loading_the_pages_between(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window = start_with_program(open_wizard, remembered=journey.PACKAGE)
    window.close()
    again = open_wizard()
    loaded: list[str] = []
    again.build_pages()
    for page in again.pages.values():
        original = page.load_answers

        def record(page: BasePage = page, original=original) -> None:  # type: ignore[no-untyped-def]
            loaded.append(page.step_id)
            original()

        page.load_answers = record  # type: ignore[method-assign]
    again.button(QWizard.WizardButton.NextButton).click()
    assert again.current_step_id() == journey.PACKAGE
    assert loaded == [journey.PACKAGE], "pages walked past are not loaded"
    ids = journey.step_ids()
    assert again.visited_steps() == ids[: ids.index(journey.PACKAGE) + 1]
    before = journey.previous_step(again.context.program, journey.PACKAGE)
    again.back()
    assert again.current_step_id() == before
    assert loaded == [journey.PACKAGE, before], "loaded when first shown"


def test_the_side_panel_jumps_to_steps_already_reached(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window = start_with_program(open_wizard, remembered=journey.PACKAGE)
    window.next()
    assert window.current_step_id() == journey.PACKAGE
    registration_row = window.panel.rows[journey.REGISTRATION]
    assert 'href="step:registration"' in registration_row.text()
    window.panel.rows[journey.REGISTRATION].linkActivated.emit("step:registration")
    assert window.current_step_id() == journey.REGISTRATION
    # Forward again to a step visited before.
    window.panel.rows[journey.PACKAGE].linkActivated.emit("step:package")
    assert window.current_step_id() == journey.PACKAGE


def test_the_side_panel_does_not_skip_steps_never_seen(open_wizard: OpenWizard) -> None:
    window = start_with_program(open_wizard)
    window.next()
    assert window.current_step_id() == journey.REGISTRATION
    following = journey.next_step(window.context.program, journey.REGISTRATION)
    assert f'href="step:{following}"' in window.panel.rows[following].text()
    assert "href" not in window.panel.rows[journey.PACKAGE].text(), "not reached: no link"
    window.go_to_step(journey.PACKAGE)
    assert window.current_step_id() == journey.REGISTRATION


def test_step_numbers_are_derived_not_written(open_wizard: OpenWizard) -> None:
    window = start_with_program(open_wizard)
    window.next()
    page = window.page_for(journey.REGISTRATION)
    number, total = journey.step_number(window.context.program, journey.REGISTRATION)
    work = [s for s in journey.applicable_steps(window.context.program) if s.counts_as_progress]
    assert (number, total) == (1, len(work)) and len(work) >= 3
    assert page.subTitle().startswith(f"Step {number} of {total}:")


def test_a_burst_of_typing_is_one_write(
    open_wizard: OpenWizard, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = start_with_program(open_wizard, remembered=journey.CREDENTIALS)
    window.next()
    page = window.page_for(journey.CREDENTIALS)
    window.context.flush()
    writes: list[int] = []
    save = window.context.programs.save

    def counted() -> None:
        writes.append(1)
        save()

    monkeypatch.setattr(window.context.programs, "save", counted)
    statuses_computed: list[int] = []
    compute = journey.statuses

    def counted_statuses(*args, **kwargs):  # type: ignore[no-untyped-def]
        statuses_computed.append(1)
        return compute(*args, **kwargs)

    monkeypatch.setattr(journey, "statuses", counted_statuses)
    qtbot.keyClicks(page.appid_edit, "tt411d37a0de")  # 12 characters
    assert writes == [], "nothing written while typing"
    assert len(statuses_computed) == 12, "statuses once per change, shared by every view"
    qtbot.waitUntil(lambda: len(writes) == 1, timeout=5_000)
    qtbot.wait(600)
    assert len(writes) == 1


def test_leaving_the_page_writes_at_once(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    import json

    from wizard.core.paths import app_paths

    window = start_with_program(open_wizard, remembered=journey.CREDENTIALS)
    window.next()
    page = window.page_for(journey.CREDENTIALS)
    qtbot.keyClicks(page.appid_edit, "tt411d")
    window.back()
    state = json.loads(app_paths().state_file.read_text(encoding="utf-8"))
    assert state["programs"][0]["answers"]["credentials"]["appid_text"] == "tt411d"


def test_back_and_next_wait_while_work_runs_and_closing_stops_it(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window = start_with_program(open_wizard, remembered=journey.CREDENTIALS)
    window.next()
    back = window.button(QWizard.WizardButton.BackButton)
    next_ = window.button(QWizard.WizardButton.NextButton)
    assert back.isEnabled() and next_.isEnabled()
    release = threading.Event()
    stopped = threading.Event()

    def work(_progress, cancel):  # type: ignore[no-untyped-def]
        while not cancel() and not release.is_set():
            release.wait(0.01)
        stopped.set()
        return "cancelled" if cancel() else "done"

    job = ThreadJob(lambda: "unexpected", window)
    job.set_work(work)
    outcomes: list[tuple[str, object]] = []
    job.finished.connect(lambda program_id, outcome: outcomes.append((program_id, outcome)))
    window.context.jobs.start(job, window.context.program.id)
    assert not back.isEnabled() and not next_.isEnabled()
    window.go_to_step(journey.REGISTRATION)
    assert window.current_step_id() == journey.CREDENTIALS, "no jump while work runs"
    window.close()
    assert stopped.is_set() and not job.is_running()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=5_000)
    assert outcomes == [(window.context.program.id, "cancelled")]


def test_next_comes_back_as_soon_as_each_job_has_finished(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    # The worker's last act is sending its outcome: "running" must end with that outcome,
    # not with the thread, or Back/Next could stay disabled after a job that finished.
    window = start_with_program(open_wizard, remembered=journey.CREDENTIALS)
    window.next()
    next_ = window.button(QWizard.WizardButton.NextButton)
    job = ThreadJob(lambda: "unexpected", window)
    job.set_work(lambda _progress, _cancel: "done")
    for _ in range(30):
        with qtbot.waitSignal(job.finished, timeout=5_000):
            window.context.jobs.start(job, window.context.program.id)
        assert not job.is_running() and not window.context.jobs.busy()
        assert next_.isEnabled()
