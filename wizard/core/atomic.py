"""One way to replace a file atomically, one rule for its temporary name, one sweep for both.

`write_atomically(target, data)` writes a sibling temporary file created exclusively
(owner-only unless told otherwise), flushes it to disk, renames it over the target and flushes
the folder: after a crash or kill the target is the old file or the new one, never half of
either. A write that fails, or is interrupted by any exception, removes its temporary file.

The temporary name is `.<target name>.<12 hex>.tmp` (`temporary_name`). A process killed
between creating and renaming leaves that name behind; `sweep_temporary_files(folder)` removes
such files (and the names older versions used, `LEGACY_TEMPORARY`), and is called at start-up
for every folder the app writes into (wizard/core/housekeeping.py).
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import Final

TEMPORARY: Final = re.compile(r"^\..+\.[0-9a-f]{12}\.tmp$")
# Names earlier versions gave their temporary files (tempfile.mkstemp's 8 characters, the
# process id): still recognised, so what a killed older version left is swept too.
LEGACY_TEMPORARY: Final = (
    re.compile(r"^\.project\.config\.[a-z0-9_]{8}$"),
    re.compile(r"^\.report-[a-z0-9_]{8}\.tmp$"),
    re.compile(r"^\..+\.\d{1,10}\.tmp$"),
)


def temporary_name(target: Path) -> Path:
    """The temporary sibling a write of `target` goes through (unique per call)."""
    return target.with_name(f".{target.name}.{os.urandom(6).hex()}.tmp")


def is_temporary_name(name: str, targets: tuple[str, ...] = ()) -> bool:
    """Whether a file name is one the app's atomic writes use (now or in earlier versions);
    with `targets`, only a temporary file of one of those file names."""
    if not (TEMPORARY.match(name) or any(p.match(name) for p in LEGACY_TEMPORARY)):
        return False
    if not targets:
        return True
    # ".project.config.XXXXXXXX" (the legacy name) belongs to project.config.json.
    return any(name.startswith((f".{t}.", f".{t.rsplit('.', 1)[0]}.")) for t in targets)


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename into it) to disk; a no-op where folders cannot be
    opened (Windows, whose renames are journaled by NTFS)."""
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems refuse fsync on folders; the data itself is already synced
    finally:
        os.close(handle)


def write_atomically(target: Path, data: bytes, *, mode: int = 0o600, durable: bool = True) -> None:
    """Replace `target` with `data` atomically; raises OSError (nothing is left behind).

    `durable=False` skips the flushes, for caches that can be made again."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = temporary_name(target)
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    renamed = False
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.replace(temporary, target)
        renamed = True
    finally:
        if not renamed:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    if durable:
        fsync_folder(target.parent)


def write_text_atomically(
    target: Path, text: str, *, mode: int = 0o600, durable: bool = True
) -> None:
    """`write_atomically` for text: UTF-8, line endings exactly as given."""
    write_atomically(target, text.encode("utf-8"), mode=mode, durable=durable)


def sweep_temporary_files(folder: Path, targets: tuple[str, ...] = ()) -> list[Path]:
    """Delete the temporary files killed writes left in `folder` (regular files only, never a
    link; with `targets`, only those of these file names, for folders that are not the app's
    own); returns what was removed. Never raises. Call while no write into it runs."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not is_temporary_name(entry.name, targets):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed
