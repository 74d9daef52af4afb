"""The app's folders and the journey table."""

from __future__ import annotations

from pathlib import Path

from wizard.core import journey
from wizard.core.journey import StepStatus
from wizard.core.paths import app_paths
from wizard.core.state import MiniProgram


def test_home_variable_moves_every_folder(app_home: Path) -> None:
    paths = app_paths()
    for folder in (paths.config, paths.state, paths.logs, paths.cache, paths.downloads):
        assert folder.is_relative_to(app_home)


def test_without_home_variable_platformdirs_folders_are_used(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("MINIAPP_PUBLISHER_HOME")
    paths = app_paths()
    assert "miniapp-publisher" in str(paths.config)
    assert "miniapp-publisher" in str(paths.logs)


def test_journey_starts_with_welcome_and_ends_with_summary() -> None:
    ids = journey.step_ids()
    assert ids[0] == journey.WELCOME and ids[-1] == journey.SUMMARY
    assert len(set(ids)) == len(ids)
    assert journey.next_step(None, journey.WELCOME) == ids[1]
    assert journey.next_step(None, journey.SUMMARY) is None


def test_registration_done_only_when_approved() -> None:
    program = MiniProgram(id="p", name="Shop")
    assert not journey.step_by_id(journey.REGISTRATION).is_done(program)  # type: ignore[union-attr]
    program.answer("registration")["status"] = "under_review"
    assert journey.resume_step(program) == journey.REGISTRATION
    program.answer("registration")["status"] = "approved"
    assert journey.step_by_id(journey.REGISTRATION).is_done(program)  # type: ignore[union-attr]


def test_statuses_and_progress() -> None:
    program = MiniProgram(id="p", name="Shop")
    statuses = journey.statuses(program, journey.REGISTRATION)
    assert statuses[journey.WELCOME] is StepStatus.DONE
    assert statuses[journey.REGISTRATION] is StepStatus.CURRENT
    assert statuses[journey.SUMMARY] is StepStatus.TODO
    done, total = journey.progress(program)
    work = [s for s in journey.applicable_steps(program) if s.counts_as_progress]
    assert (done, total) == (0, len(work))  # registration, credentials, package, ...
    assert [s.id for s in work] == [
        s.id for s in journey.JOURNEY if s.counts_as_progress
    ]  # registration, filing, credentials, package, ... (all apply to a new program)
    assert work[0].id == journey.REGISTRATION
    program.answer("registration")["status"] = "approved"
    assert journey.progress(program)[0] == 1
    assert journey.statuses(None, journey.WELCOME)[journey.REGISTRATION] is StepStatus.TODO


def test_resume_goes_to_remembered_step() -> None:
    program = MiniProgram(id="p", name="Shop", current_step=journey.SUMMARY)
    assert journey.resume_step(program) == journey.SUMMARY
    program.current_step = "no-such-step"
    assert journey.resume_step(program) == journey.REGISTRATION


def test_every_journey_step_has_a_page() -> None:
    from wizard.ui.pages.registry import missing_pages, page_class

    assert missing_pages() == []
    for step in journey.JOURNEY:
        assert page_class(step.id).step_id == step.id
