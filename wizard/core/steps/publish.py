"""Step ``publish``: 发布 after approval; the version is live."""

from __future__ import annotations

from typing import Any

from wizard.core.i18n import N_
from wizard.core.state import MiniProgram
from wizard.core.steps import Step
from wizard.core.steps import version as version_step

ID = "publish"


def record_published(program: MiniProgram, when: float | None = None) -> dict[str, Any]:
    """发布 was clicked for the approved version: version-step answers to store."""
    current = version_step.history(program)
    latest = current.latest()
    if latest is None:
        return {}
    current.publish(latest.version, when)
    return version_step.saved(current)


def live_version(program: MiniProgram | None) -> str:
    return version_step.history(program).live_version()


def is_done(program: MiniProgram) -> bool:
    return version_step.history(program).publish_done()


STEP = Step(ID, N_("Publish"), N_("Version published"), is_done)
