"""Where a code package is unpacked by default: a fresh folder named after the mini-program."""

from __future__ import annotations

from pathlib import Path

from wizard.core.filenames import UNSAFE_NAME_CHARS, is_windows_reserved
from wizard.core.paths import documents_folder

FALLBACK_NAME = "miniapp"


def safe_folder_name(name: str) -> str:
    """A folder name every OS accepts, keeping Chinese characters as they are."""
    cleaned = UNSAFE_NAME_CHARS.sub("_", name).strip().rstrip(". ")
    if not cleaned or is_windows_reserved(cleaned):
        if not cleaned:
            return FALLBACK_NAME
        stem, dot, rest = cleaned.partition(".")
        return f"{stem.rstrip()}_{dot}{rest}"  # "CON" -> "CON_", "con.txt" -> "con_.txt"
    return cleaned[:80]


def default_target(program_name: str, parent: Path | None = None) -> Path:
    """<Documents>/<name>, or <name> (2), (3)... when that folder exists and is not empty."""
    base = parent if parent is not None else documents_folder()
    name = safe_folder_name(program_name)
    candidate = base / name
    number = 2
    while candidate.exists() and (not candidate.is_dir() or any(candidate.iterdir())):
        candidate = base / f"{name} ({number})"
        number += 1
    return candidate
