"""Step ``registration``: the developer account and the mini-program application, approved."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field
from typing import Any

from wizard.core.i18n import N_
from wizard.core.registration import CHECKLIST
from wizard.core.state import MiniProgram
from wizard.core.steps import Step, flag, text

ID = "registration"


class RegistrationStatus(enum.Enum):
    """Where the merchant's application on the developer platform stands."""

    NOT_STARTED = "not_started"
    UNDER_REVIEW = "under_review"
    REJECTED = "rejected"
    APPROVED = "approved"


class Subject(enum.Enum):
    """Who the mini-program belongs to (主体): it decides the filing materials and payments."""

    UNKNOWN = ""
    ENTERPRISE = "enterprise"  # 企业 (and other organisations with a business licence)
    INDIVIDUAL = "individual"  # 个人


@dataclass
class RegistrationAnswers:
    """The checklist ticks, the application's status, its date and a rejection reason."""

    checklist: dict[str, bool] = field(default_factory=dict)
    status: RegistrationStatus = RegistrationStatus.NOT_STARTED
    submitted_on: str = ""
    rejection_reason: str = ""
    done_before: bool = False
    subject: Subject = Subject.UNKNOWN

    @classmethod
    def read(cls, program: MiniProgram) -> RegistrationAnswers:
        values = program.answers.get(ID, {})
        ticks = values.get("checklist")
        try:
            status = RegistrationStatus(text(values, "status"))
        except ValueError:
            status = RegistrationStatus.NOT_STARTED
        try:
            subject = Subject(text(values, "subject"))
        except ValueError:
            subject = Subject.UNKNOWN
        return cls(
            checklist={
                item.id: ticks.get(item.id) is True for item in CHECKLIST if isinstance(ticks, dict)
            },
            status=status,
            submitted_on=text(values, "submitted_on"),
            rejection_reason=text(values, "rejection_reason"),
            done_before=flag(values, "done_before"),
            subject=subject,
        )


def choose_status(
    answers: RegistrationAnswers, status: RegistrationStatus, today: datetime.date
) -> dict[str, Any]:
    """The answers to store when the merchant picks a status (the review date is stamped once)."""
    changes: dict[str, Any] = {"status": status.value}
    if status is RegistrationStatus.UNDER_REVIEW and (
        answers.status is not status or not answers.submitted_on
    ):
        changes["submitted_on"] = today.isoformat()
    return changes


def done_before() -> dict[str, Any]:
    """ "I have done all of this before": every item ticked and the application approved."""
    return {
        "checklist": {item.id: True for item in CHECKLIST},
        "status": RegistrationStatus.APPROVED.value,
        "done_before": True,
    }


def subject(program: MiniProgram | None) -> Subject:
    """The subject the merchant chose on the registration page (UNKNOWN until then)."""
    return RegistrationAnswers.read(program).subject if program is not None else Subject.UNKNOWN


def is_done(program: MiniProgram) -> bool:
    return RegistrationAnswers.read(program).status is RegistrationStatus.APPROVED


STEP = Step(
    ID,
    N_("Register on the developer platform"),
    N_("Developer account and mini-program application approved"),
    is_done,
)
