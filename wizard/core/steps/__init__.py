"""The journey's steps, one module each: id, typed answers, done / applies rules, transitions.

A step module exposes ``STEP`` (a :class:`Step`) and, where the step keeps answers, an
answers record with ``read(program)`` and the rules its page calls. ``wizard.core.journey``
only lists the steps. See docs/architecture.md ("Adding a step").
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wizard.core.state import MiniProgram


class StepStatus(enum.Enum):
    """Where a step stands for one mini-program (the side panel, welcome, summary, status)."""

    DONE = "done"
    CURRENT = "current"
    TODO = "todo"
    NOT_APPLICABLE = "not_applicable"


def _always(_program: MiniProgram) -> bool:
    return True


def _never(_program: MiniProgram) -> bool:
    return False


@dataclass(frozen=True)
class Step:
    """One row of the journey: a stable id, its title, and when it is done or applies."""

    id: str
    title: str  # marked with N_, translated when shown
    summary: str  # one line for the summary page, marked with N_
    is_done: Callable[[MiniProgram], bool]
    applies: Callable[[MiniProgram], bool] = _always
    counts_as_progress: bool = True  # welcome and summary are not work the merchant does
    # Started and now waiting on someone else for days (the filing at the bureau): not done,
    # but it holds back neither a side-panel jump nor where the app resumes.
    waiting: Callable[[MiniProgram], bool] = _never


@dataclass(frozen=True)
class StepChange:
    """What a named step operation changed, for the page to apply through the app's one way in
    (`AppContext.apply`): the mini-program's new AppID (None: unchanged) and answers to store."""

    answers: dict[str, Any] = field(default_factory=dict)
    appid: str | None = None


def text(values: object, key: str, default: str = "") -> str:
    """A stored answer as text; anything else (damaged or hostile) reads as the default."""
    if not isinstance(values, dict):
        return default
    value = values.get(key, default)
    return value if isinstance(value, str) else default


def flag(values: object, key: str) -> bool:
    """A stored yes/no answer; only a real true counts."""
    return isinstance(values, dict) and values.get(key) is True
