"""The merchant's journey: the list of steps, and navigation over it (contract).

Each step lives in its own module under ``wizard/core/steps/``; this module only lists them
in order and answers "where next", "where back", "where to resume" and "how far along".
Adding a step is one line in ``JOURNEY``. See docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Collection

from wizard.core.state import MiniProgram
from wizard.core.steps import Step, StepStatus
from wizard.core.steps import credentials as credentials_step
from wizard.core.steps import devtool as devtool_step
from wizard.core.steps import domains as domains_step
from wizard.core.steps import filing as filing_step
from wizard.core.steps import package as package_step
from wizard.core.steps import preview as preview_step
from wizard.core.steps import publish as publish_step
from wizard.core.steps import registration as registration_step
from wizard.core.steps import review as review_step
from wizard.core.steps import route as route_step
from wizard.core.steps import summary as summary_step
from wizard.core.steps import version as version_step
from wizard.core.steps import welcome as welcome_step
from wizard.core.steps.registration import RegistrationStatus

__all__ = ["JOURNEY", "RESERVED_STEP_IDS", "RegistrationStatus", "Step", "StepStatus"]

WELCOME = welcome_step.ID
REGISTRATION = registration_step.ID
FILING = filing_step.ID
CREDENTIALS = credentials_step.ID
PACKAGE = package_step.ID
DOMAINS = domains_step.ID
DEVTOOL = devtool_step.ID
SUMMARY = summary_step.ID

# The whole journey's order and ids, fixed (state files and commands rely on them). Steps
# whose pages are not built yet are reserved here and absent from JOURNEY.
RESERVED_STEP_IDS: tuple[str, ...] = (
    "welcome",
    "registration",
    "filing",
    "credentials",
    "package",
    "domains",
    "route",
    "devtool",
    "version",
    "preview",
    "review",
    "publish",
    "summary",
)

JOURNEY: tuple[Step, ...] = (
    welcome_step.STEP,
    registration_step.STEP,
    filing_step.STEP,
    credentials_step.STEP,
    package_step.STEP,
    domains_step.STEP,
    route_step.STEP,
    devtool_step.STEP,
    version_step.STEP,
    preview_step.STEP,
    review_step.STEP,
    publish_step.STEP,
    summary_step.STEP,
)


def step_ids() -> list[str]:
    return [step.id for step in JOURNEY]


def step_by_id(step_id: str) -> Step | None:
    return next((step for step in JOURNEY if step.id == step_id), None)


def applies(program: MiniProgram | None, step: Step) -> bool:
    return program is None or step.applies(program)


def applicable_steps(program: MiniProgram | None) -> list[Step]:
    return [step for step in JOURNEY if applies(program, step)]


def next_step(program: MiniProgram | None, step_id: str) -> str | None:
    """The step after step_id that applies to this mini-program (None after the last)."""
    ids = step_ids()
    if step_id not in ids:
        return None
    for step in JOURNEY[ids.index(step_id) + 1 :]:
        if applies(program, step):
            return step.id
    return None


def previous_step(program: MiniProgram | None, step_id: str) -> str | None:
    """The step before step_id that applies to this mini-program (None before the first)."""
    ids = step_ids()
    if step_id not in ids:
        return None
    for step in reversed(JOURNEY[: ids.index(step_id)]):
        if applies(program, step):
            return step.id
    return None


def step_number(program: MiniProgram | None, step_id: str) -> tuple[int, int]:
    """(n, of) among the steps that are the merchant's work and apply; (0, of) for others."""
    work = [s.id for s in applicable_steps(program) if s.counts_as_progress]
    number = work.index(step_id) + 1 if step_id in work else 0
    return number, len(work)


def statuses(program: MiniProgram | None, current_step: str) -> dict[str, StepStatus]:
    """Done / current / to do / not applicable for every step, for one mini-program."""
    result: dict[str, StepStatus] = {}
    for step in JOURNEY:
        if not applies(program, step):
            result[step.id] = StepStatus.NOT_APPLICABLE
        elif step.id == current_step:
            result[step.id] = StepStatus.CURRENT
        elif program is not None and step.id == WELCOME:
            result[step.id] = StepStatus.DONE
        elif program is not None and step.counts_as_progress and step.is_done(program):
            result[step.id] = StepStatus.DONE
        else:
            result[step.id] = StepStatus.TODO
    return result


def progress(program: MiniProgram) -> tuple[int, int]:
    """(steps done, steps that count and apply) for a mini-program: the one count the welcome
    list, the summary and the side panel show."""
    done, left = done_and_left(program)
    return len(done), len(done) + len(left)


def done_and_left(program: MiniProgram | None) -> tuple[list[Step], list[Step]]:
    """The merchant's steps that apply, split into done and still to do, in journey order."""
    done: list[Step] = []
    left: list[Step] = []
    for step in applicable_steps(program):
        if not step.counts_as_progress:
            continue
        (done if program is not None and step.is_done(program) else left).append(step)
    return done, left


def resume_step(program: MiniProgram) -> str:
    """Where to continue: the remembered step (if it still applies), else the first not done."""
    remembered = step_by_id(program.current_step)
    if remembered is not None and remembered.id != WELCOME and applies(program, remembered):
        return remembered.id
    return first_not_done(program)


def first_not_done(program: MiniProgram) -> str:
    """The first step left to do; a step that is only waiting (the filing at the bureau) is
    where to resume only when nothing else is left."""
    left = [
        step
        for step in applicable_steps(program)
        if step.counts_as_progress and not step.is_done(program)
    ]
    for step in left:
        if not step.waiting(program):
            return step.id
    return left[0].id if left else SUMMARY


def reachable(program: MiniProgram | None, step_id: str, visited: Collection[str]) -> bool:
    """May the merchant jump to this step from the side panel?

    A step already visited in this session, or one whose earlier applicable steps are all
    done or visited (so nothing the merchant has not seen is skipped).
    """
    step = step_by_id(step_id)
    if step is None or program is None or not applies(program, step):
        return step_id == WELCOME
    if step_id in visited or step_id == WELCOME:
        return True
    for earlier in applicable_steps(program):
        if earlier.id == step_id:
            return True
        if earlier.id == WELCOME:
            continue
        if earlier.id in visited or earlier.is_done(program) or earlier.waiting(program):
            continue
        return False
    return False


def status_report(program: MiniProgram) -> dict[str, str]:
    """Each step's status for the ``status`` command: done, todo or not_applicable."""
    report: dict[str, str] = {}
    for step in JOURNEY:
        if step.id in (WELCOME, SUMMARY):
            continue
        if not applies(program, step):
            report[step.id] = StepStatus.NOT_APPLICABLE.value
        elif step.is_done(program):
            report[step.id] = StepStatus.DONE.value
        else:
            report[step.id] = StepStatus.TODO.value
    return report
