"""Step ``summary``: what is done, what is left and where the files are (never "done")."""

from __future__ import annotations

from wizard.core.i18n import N_
from wizard.core.state import MiniProgram
from wizard.core.steps import Step

ID = "summary"


def _never(_program: MiniProgram) -> bool:
    return False


STEP = Step(ID, N_("Summary"), N_("Summary"), _never, counts_as_progress=False)
