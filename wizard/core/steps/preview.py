"""Step ``preview``: the uploaded test version opened on a phone and looked at."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wizard.core.i18n import N_
from wizard.core.state import MiniProgram
from wizard.core.steps import Step
from wizard.core.steps import version as version_step

ID = "preview"

# What to look at on the phone (key → N_-marked line).
PHONE_CHECKS: dict[str, str] = {
    "opens": N_("It opens without a blank page."),
    "data": N_("Every page loads its data (products, pictures, prices)."),
    "login": N_("Login works with the test account you wrote in the changelog."),
    "buttons": N_("The main buttons do what they say; nothing crashes."),
}


@dataclass
class PreviewAnswers:
    """Which phone checks the merchant ticked for the current version."""

    checked: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def read(cls, program: MiniProgram | None) -> PreviewAnswers:
        values = program.answers.get(ID, {}) if program else {}
        ticks = values.get("checked")
        return cls(
            {key: ticks.get(key) is True for key in PHONE_CHECKS} if isinstance(ticks, dict) else {}
        )


def confirm_previewed(program: MiniProgram, when: float | None = None) -> dict[str, Any]:
    """The merchant looked at the newest upload on a phone: version-step answers to store."""
    current = version_step.history(program)
    latest = current.latest()
    if latest is None:
        return {}
    current.mark_previewed(latest.version, when)
    return version_step.saved(current)


def is_done(program: MiniProgram) -> bool:
    return version_step.history(program).preview_done()


STEP = Step(ID, N_("Preview on a phone"), N_("Test version looked at on a phone"), is_done)
