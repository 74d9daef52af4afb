"""The journey as data, walked headless: next/previous honour applies, resume, reach, status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wizard.core import journey
from wizard.core.i18n import N_
from wizard.core.paths import app_paths
from wizard.core.state import MiniProgram, ProgramStore
from wizard.core.steps import Step, StepStatus
from wizard.core.steps.credentials import CredentialsAnswers, SecretMove, secret_move
from wizard.core.steps.package import PackageAnswers, resolve_target
from wizard.core.steps.registration import RegistrationAnswers, RegistrationStatus

# A state file as the app wrote it before steps had modules (schema 1): it must load whole.
STATE_WRITTEN_BEFORE = {
    "schema_version": 1,
    "programs": [
        {
            "id": "0f" * 16,
            "name": "小明的花店",
            "appid": "tt411d37a0de37d565",
            "current_step": "package",
            "answers": {
                "registration": {
                    "checklist": {"account": True, "create_app": True, "subject": False},
                    "status": "under_review",
                    "submitted_on": "2026-11-20",
                    "rejection_reason": "",
                },
                "credentials": {
                    "appid_text": "tt411d37a0de37d565",
                    "secret_saved": True,
                    "pasted_in_admin": True,
                    "online_check_understood": True,
                },
                "package": {
                    "zip_path": "C:/Users/小明/Downloads/pkg.zip",
                    "url": "https://provider.example/pack?id=1",
                    "target": "C:/Users/小明/Documents/小明的花店",
                    "extracted_to": "",
                    "can_upload": False,
                },
            },
            "created": 1764000000.0,
            "updated": 1764400000.0,
        }
    ],
}


def never(_program: MiniProgram) -> bool:
    return False


def test_a_state_file_from_before_loads_with_nothing_lost(tmp_path: Path) -> None:
    paths = app_paths()
    paths.ensure()
    paths.state_file.write_text(json.dumps(STATE_WRITTEN_BEFORE), encoding="utf-8")
    store = ProgramStore(paths)
    assert not store.load().problem
    program = store.ordered()[0]
    registration = RegistrationAnswers.read(program)
    assert registration.status is RegistrationStatus.UNDER_REVIEW
    assert registration.submitted_on == "2026-11-20"
    assert registration.checklist["account"] and not registration.checklist["subject"]
    credentials = CredentialsAnswers.read(program)
    assert credentials.secret_saved and credentials.pasted_in_admin
    package = PackageAnswers.read(program)
    assert package.zip_path.endswith("pkg.zip") and package.url.startswith("https://")
    assert journey.resume_step(program) == journey.PACKAGE
    store.save()
    saved = json.loads(paths.state_file.read_text(encoding="utf-8"))
    assert saved["programs"][0]["answers"] == STATE_WRITTEN_BEFORE["programs"][0]["answers"]


def test_damaged_answers_read_as_defaults() -> None:
    program = MiniProgram(id="p", name="Shop")
    program.answers["registration"] = {"status": 7, "checklist": "yes", "submitted_on": None}
    program.answers["credentials"] = {"secret_saved": "true", "pasted_in_admin": 1}
    answers = RegistrationAnswers.read(program)
    assert answers.status is RegistrationStatus.NOT_STARTED and answers.checklist == {}
    assert answers.submitted_on == ""
    credentials = CredentialsAnswers.read(program)
    assert not credentials.secret_saved and not credentials.pasted_in_admin


def test_next_and_previous_skip_steps_that_do_not_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    optional = Step("devtool", N_("Summary"), N_("Summary"), never, applies=never)
    # The real devtool step is replaced, where it stands, by one that never applies.
    steps = [optional if step.id == "devtool" else step for step in journey.JOURNEY]
    if optional not in steps:
        steps.insert(len(steps) - 1, optional)
    monkeypatch.setattr(journey, "JOURNEY", tuple(steps))
    before = steps[steps.index(optional) - 1].id
    after = steps[steps.index(optional) + 1].id
    program = MiniProgram(id="p", name="Shop")
    assert journey.next_step(program, before) == after
    assert journey.previous_step(program, after) == before
    assert journey.next_step(None, before) == "devtool"  # no program: all apply
    assert journey.statuses(program, before)["devtool"] is StepStatus.NOT_APPLICABLE
    assert journey.status_report(program)["devtool"] == "not_applicable"
    working = [s.id for s in steps if s.counts_as_progress and s is not optional]
    assert journey.step_number(program, after) == (working.index(after) + 1, len(working))
    program.current_step = "devtool"  # remembered, but no longer applies
    assert journey.resume_step(program) == journey.REGISTRATION


def test_walking_the_table_from_welcome_reaches_summary_in_order() -> None:
    program = MiniProgram(id="p", name="Shop")
    walked = [journey.WELCOME]
    while (following := journey.next_step(program, walked[-1])) is not None:
        walked.append(following)
    assert walked == journey.step_ids()
    back = [walked[-1]]
    while (earlier := journey.previous_step(program, back[-1])) is not None:
        back.append(earlier)
    assert back == list(reversed(walked))
    assert journey.next_step(program, "no-such-step") is None


def test_step_ids_follow_the_fixed_journey_order() -> None:
    ids = journey.step_ids()
    reserved = list(journey.RESERVED_STEP_IDS)
    assert [reserved.index(step_id) for step_id in ids] == sorted(
        reserved.index(step_id) for step_id in ids
    )


def test_reachable_only_past_done_or_visited_steps() -> None:
    program = MiniProgram(id="p", name="Shop")
    assert journey.reachable(program, journey.REGISTRATION, visited=[])
    assert not journey.reachable(program, journey.PACKAGE, visited=[])
    before_package = journey.step_ids()[1 : journey.step_ids().index(journey.PACKAGE)]
    assert journey.reachable(program, journey.PACKAGE, visited=before_package)
    assert not journey.reachable(program, journey.PACKAGE, visited=before_package[:-1])
    program.answer("registration")["status"] = "approved"
    # The filing takes weeks: once it is waiting on the platform it holds back no jump.
    assert not journey.reachable(program, journey.CREDENTIALS, visited=[])
    program.answer(journey.FILING)["state"] = "bureau"
    assert journey.reachable(program, journey.CREDENTIALS, visited=[])
    assert not journey.reachable(program, journey.SUMMARY, visited=[])


def test_rules_of_the_steps() -> None:
    assert secret_move("", True, False) is SecretMove.NOTHING
    assert secret_move("tt411d37a0de37d565", False, False) is SecretMove.NOTHING
    assert secret_move("tt411d37a0de37d565", True, True) is SecretMove.COPY
    assert secret_move("tt411d37a0de37d565", True, False) is SecretMove.ASK
    assert resolve_target("shop").parent.name == "Documents"
    assert resolve_target(str(Path("/abs/shop").resolve())).is_absolute()


def test_status_command_lists_every_program_without_secrets(tmp_path: Path) -> None:
    paths = app_paths()
    paths.ensure()
    state = json.loads(json.dumps(STATE_WRITTEN_BEFORE))
    paths.state_file.write_text(json.dumps(state), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "status", "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    view = json.loads(result.stdout)
    program = view["programs"][0]
    assert set(program) == {"name", "appid", "resume_step", "steps", "filing", "privacy"}
    assert program["filing"] == "not_started"  # until the merchant says otherwise
    assert program["privacy"] == "unknown"  # until the platform answered
    assert program["name"] == "小明的花店" and program["appid"] == "tt411d37a0de37d565"
    assert program["resume_step"] == "package"
    assert program["steps"] == {
        "registration": "todo",
        "credentials": "done",
        **{
            s.id: "todo"
            for s in journey.JOURNEY
            if s.counts_as_progress and s.id not in ("registration", "credentials")
        },
    }
    text = subprocess.run(
        [sys.executable, "-m", "wizard", "status"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert text.returncode == 0 and "小明的花店" in text.stdout


@pytest.mark.slow
def test_a_mistyped_command_is_refused_with_the_list_of_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "statuss"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "statuss" in result.stderr and "status" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_commands_survive_a_console_that_cannot_show_chinese() -> None:
    import os

    paths = app_paths()
    paths.ensure()
    paths.state_file.write_text(json.dumps(STATE_WRITTEN_BEFORE), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "status"],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "cp1252", "LANG": "zh_CN.UTF-8"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr and b"?" in result.stdout
