"""The merchant's mini-programs and their non-secret answers, kept across restarts."""

from __future__ import annotations

import copy
import math
import os
import time
from dataclasses import dataclass, field
from typing import Any

from wizard.core.files.storage import JsonDocument, LoadResult
from wizard.core.logs import looks_like_secret
from wizard.core.paths import AppPaths

STATE_SCHEMA_VERSION = 1
# Answers that must never reach the state file, whatever a page hands us.
FORBIDDEN_ANSWER_KEYS = frozenset({"secret", "appsecret", "app_secret", "client_secret"})


@dataclass
class MiniProgram:
    """One mini-program being published: its name, AppID and the answers per step."""

    id: str
    name: str
    appid: str = ""
    current_step: str = ""
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)

    def answer(self, step_id: str) -> dict[str, Any]:
        """The answers of one step (a live dict: edit it, then save the state)."""
        return self.answers.setdefault(step_id, {})

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": _stored_text(self.name),
            "appid": _stored_text(self.appid),
            "current_step": self.current_step,
            "answers": _without_secrets(self.answers),
            "created": self.created,
            "updated": self.updated,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MiniProgram | None:
        """Rebuild a record, or None when the entry is not usable (kept out, not fatal)."""
        program_id = data.get("id")
        name = data.get("name")
        if not isinstance(program_id, str) or not isinstance(name, str):
            return None
        answers = data.get("answers")
        clean_answers = (
            {k: v for k, v in answers.items() if isinstance(k, str) and isinstance(v, dict)}
            if isinstance(answers, dict)
            else {}
        )
        appid = data.get("appid")
        step = data.get("current_step")
        return cls(
            id=program_id,
            name=_stored_text(name),
            appid=_stored_text(appid) if isinstance(appid, str) else "",
            current_step=step if isinstance(step, str) else "",
            answers=_without_secrets(clean_answers),
            created=_number(data.get("created")),
            updated=_number(data.get("updated")),
        )


def _number(value: object) -> float:
    # A timestamp too large for a float (or not finite) is damage, not a reason to crash.
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            return time.time()
        if math.isfinite(number):
            return number
    return time.time()


def _stored_text(text: str) -> str:
    """Text as it may be stored: empty when it looks like a secret (an AppSecret pasted into
    the name field must not reach the state file)."""
    return "" if looks_like_secret(text) else text


def _keep(key: str, value: object) -> bool:
    if key.lower() in FORBIDDEN_ANSWER_KEYS or looks_like_secret(key):
        return False
    # An AppSecret pasted into the wrong field is dropped, whatever its key.
    return not (isinstance(value, str) and looks_like_secret(value))


def _without_secret_text(value: object) -> object:
    """A copy of an answer value with secret-looking strings left out at any depth."""
    if isinstance(value, dict):
        return {k: _without_secret_text(v) for k, v in value.items() if _keep(str(k), v)}
    if isinstance(value, list | tuple):
        return [
            _without_secret_text(v)
            for v in value
            if not (isinstance(v, str) and looks_like_secret(v))
        ]
    return copy.deepcopy(value)


def _without_secrets(answers: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        step: {
            key: _without_secret_text(value) for key, value in values.items() if _keep(key, value)
        }
        for step, values in answers.items()
    }


class ProgramStore:
    """All mini-programs of this merchant, loaded from and saved to the state file."""

    def __init__(self, paths: AppPaths) -> None:
        self._document = JsonDocument(paths.state_file, STATE_SCHEMA_VERSION)
        self.programs: dict[str, MiniProgram] = {}
        self.load_problem = ""

    def load(self) -> LoadResult:
        result = self._document.load()
        self.load_problem = result.problem
        self.programs = {}
        entries = result.data.get("programs", [])
        for entry in entries if isinstance(entries, list) else []:
            program = MiniProgram.from_dict(entry) if isinstance(entry, dict) else None
            if program is not None:
                self.programs[program.id] = program
        return result

    def save(self) -> None:
        """Write every program; raises StorageError with a sentence when the disk refuses."""
        self._document.save({"programs": [p.to_dict() for p in self.ordered()]})

    def ordered(self) -> list[MiniProgram]:
        """Most recently worked on first."""
        return sorted(self.programs.values(), key=lambda p: p.updated, reverse=True)

    def create(self, name: str) -> MiniProgram:
        program = MiniProgram(id=os.urandom(16).hex(), name=_stored_text(name.strip()))
        self.programs[program.id] = program
        return program

    def remove(self, program_id: str) -> MiniProgram | None:
        return self.programs.pop(program_id, None)

    def get(self, program_id: str) -> MiniProgram | None:
        return self.programs.get(program_id)

    def touch(self, program: MiniProgram) -> None:
        program.updated = time.time()
