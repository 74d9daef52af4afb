"""Step ``devtool``: the developer tool installed, the code package open in it, and the merchant
logged in with an account that is a member with developer rights.

It applies on the developer-tool route only. The ``route`` step (built separately) stores the
merchant's choice as ``answers["route"]["choice"]``: ``"app"`` (upload from this app) makes
this step not apply; anything else, or no route step yet, keeps it (it is then the only route).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Final, Self

from wizard.core.devtool import DevtoolAnswers, devtool_step_done
from wizard.core.i18n import N_
from wizard.core.state import MiniProgram
from wizard.core.steps import Step, text
from wizard.core.steps import package as package_step

ID = "devtool"
ROUTE_STEP_ID: Final = "route"
ROUTE_CHOICE_KEY: Final = "choice"
ROUTE_FROM_APP: Final = "app"


@dataclass
class DevtoolStepAnswers(DevtoolAnswers):
    """What the merchant confirmed on this step (see DevtoolAnswers), read from the state."""

    @classmethod
    def read(cls, program: MiniProgram) -> Self:
        return cls.from_dict(program.answers.get(ID, {}))


def applies(program: MiniProgram) -> bool:
    """On the developer-tool route; when the merchant chose to upload from the app, not."""
    route = program.answers.get(ROUTE_STEP_ID, {})
    if not isinstance(route, dict):
        return True
    return text(route, ROUTE_CHOICE_KEY) != ROUTE_FROM_APP


def package_folder_text(program: MiniProgram) -> str:
    """The unpacked package folder as the package step recorded it ('' before unpacking)."""
    return package_step.PackageAnswers.read(program).extracted_to


def confirm(
    *,
    package_open: bool,
    logged_in_as_member: bool,
    folder: str,
    tool_version: str | None,
    now: datetime.datetime,
) -> dict[str, Any]:
    """The answers to store when the merchant ticks or unticks a confirmation."""
    changes: dict[str, Any] = {
        "package_open": package_open,
        "logged_in_as_member": logged_in_as_member,
    }
    if package_open:
        # Remember which folder was open: unpacking again elsewhere undoes the confirmation.
        changes["folder"] = folder
        changes["tool_version"] = tool_version or ""
    if package_open and logged_in_as_member:
        changes["confirmed_at"] = now.isoformat(timespec="seconds")
    return changes


def is_done(program: MiniProgram) -> bool:
    """Both confirmed, for the package folder unpacked now (or the step does not apply)."""
    folder = package_folder_text(program)
    return devtool_step_done(
        DevtoolStepAnswers.read(program),
        applies=applies(program),
        current_folder=folder or None,
    )


STEP = Step(
    ID,
    N_("Developer tool"),
    N_("Package open in the developer tool, logged in as a member"),
    is_done,
    applies=applies,
)
