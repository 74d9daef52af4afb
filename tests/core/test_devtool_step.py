"""The devtool step: applies only on the developer-tool route, done when both confirmations hold
for the folder unpacked now, answers read back whatever the state file holds."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from wizard.core import journey
from wizard.core.devtool import DevtoolAnswers
from wizard.core.state import MiniProgram
from wizard.core.steps import StepStatus
from wizard.core.steps import devtool as step
from wizard.core.steps.devtool import DevtoolStepAnswers

NOW = datetime.datetime(2026, 11, 29, 20, 0, tzinfo=datetime.UTC)


def program_with_package(folder: Path) -> MiniProgram:
    program = MiniProgram(id="p", name="花店")
    folder.mkdir(parents=True, exist_ok=True)
    program.answer("package").update({"extracted_to": str(folder), "can_upload": True})
    return program


def test_the_step_is_in_the_journey_after_the_route() -> None:
    ids = journey.step_ids()
    assert ids.index(step.ID) == ids.index("route") + 1 > ids.index(journey.PACKAGE)
    assert journey.DEVTOOL == "devtool" and step.ID in journey.RESERVED_STEP_IDS


def test_applies_unless_the_merchant_chose_to_upload_from_the_app() -> None:
    program = MiniProgram(id="p", name="x")
    assert step.applies(program)
    program.answer("route")["route"] = "devtool"
    assert step.applies(program)
    program.answer("route")["route"] = "app"
    assert not step.applies(program)
    assert journey.next_step(program, journey.PACKAGE) != step.ID
    assert journey.statuses(program, journey.PACKAGE)[step.ID] is StepStatus.NOT_APPLICABLE
    program.answers["route"] = "damaged"  # type: ignore[assignment]
    assert step.applies(program)


def test_done_after_both_confirmations_for_this_folder(tmp_path: Path) -> None:
    program = program_with_package(tmp_path / "代码包")
    folder = step.package_folder_text(program)
    assert not step.is_done(program)
    program.answer(step.ID).update(
        step.confirm(
            package_open=True,
            logged_in_as_member=False,
            folder=folder,
            tool_version="4.5.1",
            now=NOW,
        )
    )
    assert not step.is_done(program)
    program.answer(step.ID).update(
        step.confirm(
            package_open=True, logged_in_as_member=True, folder=folder, tool_version=None, now=NOW
        )
    )
    assert step.is_done(program)
    answers = DevtoolStepAnswers.read(program)
    assert answers.folder == folder and answers.confirmed_at == "2026-11-29T20:00:00+00:00"
    assert journey.status_report(program)[step.ID] == "done"
    # Unpacked again elsewhere: the tool has the old folder open, so the step is to do again.
    program.answer("package")["extracted_to"] = str(tmp_path / "新的")
    assert not step.is_done(program)


def test_unticking_keeps_the_folder_and_undoes_done(tmp_path: Path) -> None:
    program = program_with_package(tmp_path / "p")
    folder = step.package_folder_text(program)
    program.answer(step.ID).update(
        step.confirm(
            package_open=True, logged_in_as_member=True, folder=folder, tool_version="", now=NOW
        )
    )
    changes = step.confirm(
        package_open=False, logged_in_as_member=True, folder=folder, tool_version="", now=NOW
    )
    assert changes == {"package_open": False, "logged_in_as_member": True}
    program.answer(step.ID).update(changes)
    assert not step.is_done(program)


def test_answers_from_a_damaged_state_file() -> None:
    program = MiniProgram(id="p", name="x")
    program.answers[step.ID] = {"package_open": "yes", "logged_in_as_member": None, "folder": 7}
    assert DevtoolStepAnswers.read(program) == DevtoolAnswers()
    program.answers[step.ID] = []  # type: ignore[assignment]
    assert not step.is_done(program)


def test_package_open_tick_holds_for_another_spelling_of_the_same_folder(tmp_path: Path) -> None:
    """The page asks core (normpath/normcase), not a plain ==: a trailing separator or `..`
    is the same folder, another folder is not."""
    from wizard.core.steps import devtool as devtool_step
    from wizard.core.steps import package as package_step

    program = MiniProgram(id="p", name="demo")
    folder = tmp_path / "pkg"
    program.answers[package_step.ID] = {"extracted_to": str(folder)}
    program.answers[devtool_step.ID] = {"package_open": True, "folder": f"{folder}{os.sep}"}
    assert devtool_step.package_open_holds(program)
    program.answers[devtool_step.ID]["folder"] = str(tmp_path / "x" / ".." / "pkg")
    assert devtool_step.package_open_holds(program)
    program.answers[devtool_step.ID]["folder"] = str(tmp_path / "elsewhere")
    assert not devtool_step.package_open_holds(program)
    program.answers[devtool_step.ID] = {"package_open": False, "folder": str(folder)}
    assert not devtool_step.package_open_holds(program)
