"""Verdicts that field validators return (contract: mirrors QValidator's three states)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class State(enum.Enum):
    """How acceptable a field's text is: INTERMEDIATE could still become acceptable by typing."""

    ACCEPTABLE = "acceptable"
    INTERMEDIATE = "intermediate"
    INVALID = "invalid"


@dataclass(frozen=True)
class Check:
    """A validator's verdict and its user-facing reason (empty when fine, a warning if unusual)."""

    state: State
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.state is State.ACCEPTABLE

    @property
    def is_warning(self) -> bool:
        return self.state is State.ACCEPTABLE and bool(self.message)

    @classmethod
    def acceptable(cls, warning: str = "") -> Check:
        return cls(State.ACCEPTABLE, warning)

    @classmethod
    def intermediate(cls, message: str) -> Check:
        return cls(State.INTERMEDIATE, message)

    @classmethod
    def invalid(cls, message: str) -> Check:
        return cls(State.INVALID, message)
