"""Step ``welcome``: choose the mini-program to publish (always done once one is chosen)."""

from __future__ import annotations

from wizard.core.i18n import N_
from wizard.core.state import MiniProgram
from wizard.core.steps import Step

ID = "welcome"


def _chosen(_program: MiniProgram) -> bool:
    return True


STEP = Step(
    ID,
    N_("Choose a mini-program"),
    N_("Mini-program chosen"),
    _chosen,
    counts_as_progress=False,
)
