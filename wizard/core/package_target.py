"""Where a code package is unpacked by default: a fresh folder named after the mini-program."""

from __future__ import annotations

import re
from pathlib import Path

from wizard.core.paths import documents_folder

# Characters Windows refuses in a file name, and control characters.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10))}
_RESERVED |= {f"lpt{i}" for i in range(1, 10)}
FALLBACK_NAME = "miniapp"


def safe_folder_name(name: str) -> str:
    """A folder name every OS accepts, keeping Chinese characters as they are."""
    cleaned = _UNSAFE.sub("_", name).strip().rstrip(". ")
    if not cleaned or cleaned.split(".")[0].lower() in _RESERVED:
        return FALLBACK_NAME if not cleaned else f"{cleaned}_"
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
