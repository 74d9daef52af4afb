"""Step ``devtool``: the developer tool installed, the code package open in it, and the merchant
logged in with an account that is a member with developer rights.

It applies on the developer-tool route only: when the merchant chose, in the ``route`` step,
to upload from this app (``steps.route.uses_app_upload``), the journey skips it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from wizard.core.i18n import N_
from wizard.core.state import MiniProgram
from wizard.core.steps import Step
from wizard.core.steps import package as package_step
from wizard.core.steps import route as route_step

if TYPE_CHECKING:
    from wizard.core.devtool import DevtoolAnswers

ID = "devtool"


class DevtoolStepAnswers:
    """What the merchant confirmed on this step (a DevtoolAnswers), read from the state.

    wizard.core.devtool (detection, a large module) is loaded on first use, not when the
    journey is listed before the first window.
    """

    @staticmethod
    def read(program: MiniProgram) -> DevtoolAnswers:
        from wizard.core.devtool import DevtoolAnswers

        return DevtoolAnswers.from_dict(program.answers.get(ID, {}))


def applies(program: MiniProgram) -> bool:
    """On the developer-tool route; when the merchant chose to upload from the app, not."""
    return not route_step.uses_app_upload(program)


def package_folder_text(program: MiniProgram) -> str:
    """The unpacked package folder as the package step recorded it ('' before unpacking)."""
    return package_step.PackageAnswers.read(program).extracted_to


def package_open_holds(program: MiniProgram) -> bool:
    """The "package open in the tool" tick still holds: it was given for the folder unpacked now
    (unpacking again elsewhere undoes it, since the tool has the old folder open)."""
    from wizard.core.devtool import same_folder

    answers = DevtoolStepAnswers.read(program)
    folder = package_folder_text(program)
    if not answers.package_open:
        return False
    return not answers.folder or not folder or same_folder(answers.folder, folder)


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
    from wizard.core.devtool import devtool_step_done

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
