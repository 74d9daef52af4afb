"""Code packages already on the computer: the newest zips in a folder."""

from __future__ import annotations

import os
import time
from pathlib import Path

from wizard.core.i18n import _


def find_recent_zips(folder: Path, limit: int = 5) -> list[Path]:
    """The newest .zip files directly in a folder, newest first (by modification time)."""
    if limit <= 0:
        return []
    found: list[tuple[float, str, Path]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.name.lower().endswith(".zip") or entry.name.startswith("."):
                    continue
                try:
                    if not entry.is_file():
                        continue
                    mtime = entry.stat().st_mtime
                except OSError:
                    continue  # vanished or unreadable while we looked: not on offer
                found.append((mtime, entry.name, Path(entry.path)))
    except OSError:
        return []
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [path for _mtime, _name, path in found[:limit]]


def recent_zip_line(path: Path, now: float | None = None) -> str | None:
    """The package page's line for the newest zip in Downloads (None once it is gone)."""
    try:
        modified = path.stat().st_mtime
    except OSError:
        return None
    minutes = max(0, int(((time.time() if now is None else now) - modified) // 60))
    return _("Newest zip in your Downloads: {name} ({minutes} min ago)").format(
        name=path.name, minutes=minutes
    )
