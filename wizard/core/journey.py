"""The merchant's journey as a table: which steps, in what order, and when each counts as done.

Adding a step means one row here and one page module registered for its id in the UI.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from wizard.core.i18n import N_
from wizard.core.state import MiniProgram


class StepStatus(enum.Enum):
    """Where a step stands for the side panel and the summary."""

    DONE = "done"
    CURRENT = "current"
    TODO = "todo"


class RegistrationStatus(enum.Enum):
    """Where the merchant's application on the developer platform stands."""

    NOT_STARTED = "not_started"
    UNDER_REVIEW = "under_review"
    REJECTED = "rejected"
    APPROVED = "approved"


@dataclass(frozen=True)
class Step:
    """One row of the journey: a stable id, its title, and when it counts as done."""

    id: str
    title: str  # marked with N_, translated when shown
    summary: str  # one line for the summary page, marked with N_
    is_done: Callable[[MiniProgram], bool]
    counts_as_progress: bool = True  # welcome and summary are not work the merchant does


def registration_status(program: MiniProgram) -> RegistrationStatus:
    value = program.answers.get("registration", {}).get("status", "")
    try:
        return RegistrationStatus(value)
    except ValueError:
        return RegistrationStatus.NOT_STARTED


def _registration_done(program: MiniProgram) -> bool:
    return registration_status(program) is RegistrationStatus.APPROVED


def _credentials_done(program: MiniProgram) -> bool:
    from wizard.core.credentials import check_appid

    answers = program.answers.get(CREDENTIALS, {})
    return (
        check_appid(program.appid).ok
        and bool(answers.get("secret_saved"))
        and bool(answers.get("pasted_in_admin"))
    )


def _package_done(program: MiniProgram) -> bool:
    answers = program.answers.get(PACKAGE, {})
    folder = answers.get("extracted_to")
    return bool(answers.get("can_upload")) and isinstance(folder, str) and Path(folder).is_dir()


def _always(_program: MiniProgram) -> bool:
    return True


def _never(_program: MiniProgram) -> bool:
    return False


WELCOME = "welcome"
REGISTRATION = "registration"
CREDENTIALS = "credentials"
PACKAGE = "package"
SUMMARY = "summary"

JOURNEY: tuple[Step, ...] = (
    Step(
        WELCOME,
        N_("Choose a mini-program"),
        N_("Mini-program chosen"),
        _always,
        counts_as_progress=False,
    ),
    Step(
        REGISTRATION,
        N_("Register on the developer platform"),
        N_("Developer account and mini-program application approved"),
        _registration_done,
    ),
    Step(
        CREDENTIALS,
        N_("AppID and AppSecret"),
        N_("AppID and AppSecret kept safely and entered in your provider's admin"),
        _credentials_done,
    ),
    Step(
        PACKAGE,
        N_("Code package"),
        N_("Code package unpacked and ready for the developer tool"),
        _package_done,
    ),
    Step(
        SUMMARY,
        N_("Summary"),
        N_("Summary"),
        _never,
        counts_as_progress=False,
    ),
)

# Journey steps the app does not guide yet: shown on the summary so nothing is forgotten.
STEPS_NOT_YET_GUIDED: tuple[str, ...] = (
    N_("Configure the server domains (开发配置 → 服务器域名) from your provider's list."),
    N_("Install the Douyin developer tool (抖音开发者工具) for Windows 64-bit or macOS."),
    N_(
        "Import the package folder in the developer tool and upload it with a version "
        "such as 1.0.0."
    ),
    N_("Preview by scanning the QR code with Douyin or Toutiao, then submit for review."),
)


def step_ids() -> list[str]:
    return [step.id for step in JOURNEY]


def step_by_id(step_id: str) -> Step | None:
    return next((step for step in JOURNEY if step.id == step_id), None)


def statuses(program: MiniProgram | None, current_step: str) -> dict[str, StepStatus]:
    """Done / current / still to do for every step, for one mini-program."""
    result: dict[str, StepStatus] = {}
    for step in JOURNEY:
        if step.id == current_step:
            result[step.id] = StepStatus.CURRENT
        elif program is not None and step.counts_as_progress and step.is_done(program):
            result[step.id] = StepStatus.DONE
        elif step.id == WELCOME and program is not None:
            result[step.id] = StepStatus.DONE
        else:
            result[step.id] = StepStatus.TODO
    return result


def progress(program: MiniProgram) -> tuple[int, int]:
    """(steps done, steps that count) for a mini-program."""
    counted = [step for step in JOURNEY if step.counts_as_progress]
    return sum(1 for step in counted if step.is_done(program)), len(counted)


def resume_step(program: MiniProgram) -> str:
    """Where to continue: the remembered step, else the first step not done yet."""
    ids = step_ids()
    if program.current_step in ids and program.current_step != WELCOME:
        return program.current_step
    for step in JOURNEY:
        if step.counts_as_progress and not step.is_done(program):
            return step.id
    return SUMMARY


def next_step(step_id: str) -> str | None:
    ids = step_ids()
    if step_id not in ids:
        return None
    index = ids.index(step_id)
    return ids[index + 1] if index + 1 < len(ids) else None
