"""Step ``review``: the checklist before 提交审核, the submission, and the review's outcome."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wizard.core.i18n import N_
from wizard.core.state import MiniProgram
from wizard.core.steps import Step, flag
from wizard.core.steps import version as version_step

if TYPE_CHECKING:  # loaded on first use, not while the journey is listed at start
    from wizard.core.release_guide import ChecklistItem
    from wizard.core.releases import ReleaseHistory

ID = "review"


@dataclass
class ReviewAnswers:
    """The checklist ticks and whether the agreements were read (per release)."""

    checklist: dict[str, bool] = field(default_factory=dict)
    agreements_read: bool = False
    # One confirmation for the whole checklist the merchant has read (the platform cannot
    # check these items, so nine ticks added work and no certainty).
    checklist_read: bool = False

    @classmethod
    def read(cls, program: MiniProgram | None) -> ReviewAnswers:
        values = program.answers.get(ID, {}) if program else {}
        ticks = values.get("checklist")
        return cls(
            {k: v is True for k, v in ticks.items() if isinstance(k, str)}
            if isinstance(ticks, dict)
            else {},
            flag(values, "agreements_read"),
            flag(values, "checklist_read"),
        )


def items_for(program: MiniProgram | None) -> tuple[ChecklistItem, ...]:
    from wizard.core.release_guide import checklist

    return checklist(version_step.VersionAnswers.read(program).has_login)


def ready_to_submit(program: MiniProgram | None) -> bool:
    """The checklist and agreements confirmed read once (or, as before, every item ticked)."""
    answers = ReviewAnswers.read(program)
    if answers.checklist_read:
        return True
    return answers.agreements_read and all(
        answers.checklist.get(item.key) for item in items_for(program)
    )


def _change(
    program: MiniProgram, change: Callable[[ReleaseHistory, str], None], *, newest: bool = False
) -> dict[str, Any]:
    """Apply one change to the version it concerns; the version-step answers to store."""
    current = version_step.history(program)
    # Submitting concerns the newest upload; an outcome concerns the version in review.
    release = current.latest() if newest else current.in_review() or current.latest()
    if release is None:
        return {}
    change(current, release.version)
    return version_step.saved(current)


def record_submitted(
    program: MiniProgram, when: float | None = None, auto_publish: bool = False
) -> dict[str, Any]:
    """提交审核 was clicked: version-step answers to store (ReleaseRuleError if not allowed)."""
    return _change(program, lambda h, v: h.submit(v, when, auto_publish), newest=True)


def record_approved(program: MiniProgram, when: float | None = None) -> dict[str, Any]:
    return _change(program, lambda h, v: h.approve(v, when))


def record_rejected(program: MiniProgram, reason: str, when: float | None = None) -> dict[str, Any]:
    return _change(program, lambda h, v: h.reject(v, reason, when))


def record_withdrawn(program: MiniProgram, when: float | None = None) -> dict[str, Any]:
    return _change(program, lambda h, v: h.withdraw(v, when))


def fixes_for_rejection(program: MiniProgram | None) -> tuple[ChecklistItem, ...]:
    """The checklist items the latest rejection's reason points to."""
    latest = version_step.history(program).latest()
    from wizard.core.release_guide import likely_fixes
    from wizard.core.releases import ReviewState

    if latest is None or latest.state is not ReviewState.REJECTED:
        return ()
    return likely_fixes(latest.rejection_reason)


def is_done(program: MiniProgram) -> bool:
    return version_step.history(program).review_done()


STEP = Step(ID, N_("Submit for review"), N_("Review passed"), is_done)
