"""Leftovers of a run that was killed: half-written saves and half-unpacked package folders.

Found at start-up (while this copy holds the single-instance lock, so no other copy is
writing them) and removed off the GUI thread. Only names the app itself makes are touched:
the temporary names of wizard/core/atomic.py (one rule for every atomic write, and the names
older versions used) in the app's own folders, the same for project.config.json only inside
the package folders the answers name (the merchant's files), and `.<folder>.partial-<8 chars>`
folders beside a folder it unpacked (or was about to unpack) into.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from wizard.core import platform_facts as facts
from wizard.core.atomic import is_temporary_name
from wizard.core.paths import AppPaths, documents_folder

log = logging.getLogger(__name__)

# tempfile.mkdtemp(prefix=".<name>.partial-") adds 8 characters from this alphabet.
PARTIAL_FOLDER: Final = re.compile(r"^\..+\.partial-[a-z0-9_]{8}$")
# Answer keys (package step) naming folders the app unpacks into.
FOLDER_ANSWERS: Final = ("target", "extracted_to")


@dataclass
class Leftovers:
    """What a killed run left behind; found quickly, removed later (remove() is slow)."""

    temporary_files: list[Path] = field(default_factory=list)
    partial_folders: list[Path] = field(default_factory=list)

    def remove(self) -> int:
        """Delete everything found; returns how many were removed. Never raises."""
        removed = 0
        for path in self.temporary_files:
            try:
                path.unlink()
                removed += 1
            except OSError as exc:
                log.warning("cannot remove leftover %s: %s", path, exc)
        for folder in self.partial_folders:
            # Not a link: never follow one out of the folder we made.
            if folder.is_symlink() or not folder.is_dir():
                continue
            shutil.rmtree(folder, ignore_errors=True)
            if folder.exists():
                log.warning("cannot fully remove leftover %s", folder)
            else:
                removed += 1
        if removed:
            log.info("removed %d leftovers of an interrupted run", removed)
        return removed


def _matching(folder: Path, matches: Callable[[str], bool], *, folders: bool) -> list[Path]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    found = []
    for entry in entries:
        if not matches(entry.name):
            continue
        try:
            if entry.is_symlink() or entry.is_dir() is not folders:
                continue
        except OSError:
            continue
        found.append(Path(entry.path))
    return found


def unpack_folders(answers: Iterable[Mapping[str, Any]]) -> set[Path]:
    """The absolute folders the answers name as unpack targets (the merchant's packages)."""
    folders = set()
    for step_answers in answers:
        for key in FOLDER_ANSWERS:
            value = step_answers.get(key)
            if isinstance(value, str) and value.strip():
                folder = Path(value.strip()).expanduser()
                if folder.is_absolute():
                    folders.add(folder)
    return folders


def _project_config_temporary(name: str) -> bool:
    return is_temporary_name(name, (facts.PROJECT_CONFIG,))


def unpack_parents(answers: Iterable[Mapping[str, Any]]) -> set[Path]:
    """Folders that may hold a partial unpack: the merchant's Documents (the default) and the
    parent of every folder an answer names as an unpack target."""
    parents = {documents_folder()}
    for step_answers in answers:
        for key in FOLDER_ANSWERS:
            value = step_answers.get(key)
            if isinstance(value, str) and value.strip():
                folder = Path(value.strip()).expanduser()
                if folder.is_absolute():
                    parents.add(folder.parent)
    return parents


def find_leftovers(paths: AppPaths, answers: Iterable[Mapping[str, Any]] = ()) -> Leftovers:
    """List leftovers (cheap: one listing per folder); call while no save or unpack runs."""
    found = Leftovers()
    answers = list(answers)
    from wizard.core.profile.store import profiles_dir

    for folder in (paths.config, paths.state, paths.cache, paths.downloads, profiles_dir(paths)):
        found.temporary_files += _matching(folder, is_temporary_name, folders=False)
    for package in sorted(unpack_folders(answers)):
        found.temporary_files += _matching(package, _project_config_temporary, folders=False)
    for parent in sorted(unpack_parents(answers)):
        found.partial_folders += _matching(
            parent, lambda n: bool(PARTIAL_FOLDER.match(n)), folders=True
        )
    return found
