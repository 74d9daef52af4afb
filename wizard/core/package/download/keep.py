"""Where a finished download is kept: in the merchant's Downloads folder, under the server's
file name (Content-Disposition) or the link's, never as ``package-<hash>.zip`` in a hidden
cache. The download itself runs in the app's cache (a stable .part per link, so it resumes);
only the finished, verified file is moved out."""

from __future__ import annotations

import shutil
from pathlib import Path

from wizard.core.files.atomic import temporary_name
from wizard.core.files.storage import rename_without_replacing
from wizard.core.i18n import _
from wizard.core.package.download.failures import DownloadOutcome
from wizard.core.package.download.filenames import sanitize_filename, suggest_filename
from wizard.core.package.download.links import FALLBACK_FILENAME
from wizard.core.paths import downloads_folder
from wizard.core.sizes import format_size

# Tries of "name (2).zip", "name (3).zip", … before giving up on a free name.
MAX_NUMBERED = 200


def kept_name(url: str, server_filename: str = "") -> str:
    """The file name the merchant sees: the server's, else the link's, else package.zip."""
    name = sanitize_filename(server_filename) if server_filename else ""
    return name or suggest_filename(url) or FALLBACK_FILENAME


def free_path(folder: Path, name: str) -> Path:
    """folder/name, or "name (2).zip" … when a file of that name is already there."""
    candidate = folder / name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    for number in range(2, MAX_NUMBERED + 2):
        if not candidate.exists():
            return candidate
        candidate = folder / (f"{stem} ({number}).{ext}" if ext else f"{stem} ({number})")
    raise FileExistsError(name)


def keep_download(downloaded: Path, folder: Path, name: str) -> Path:
    """Move the finished download into folder under name (numbered if taken); the new path.

    Never over an existing file (a name taken meanwhile moves on to the next number). On any
    disk problem the download stays where it is and that path is returned: the package is
    still usable, only its place is less convenient.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for _attempt in range(MAX_NUMBERED):
            target = free_path(folder, name)
            try:
                _move(downloaded, target)
                return target
            except FileExistsError:
                continue
    except OSError:
        pass
    return downloaded


def _move(downloaded: Path, target: Path) -> None:
    try:
        rename_without_replacing(downloaded, target)
    except FileExistsError:
        raise
    except OSError:
        # Another disk (cache and Downloads apart): a whole copy under the app's temporary
        # name (swept if the app is killed), renamed in, then the cache copy removed.
        partial = temporary_name(target)
        try:
            shutil.copyfile(downloaded, partial)
            rename_without_replacing(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        downloaded.unlink(missing_ok=True)


def kept_download(outcome: DownloadOutcome, url: str) -> tuple[Path | None, str, str]:
    """A finished download: where its zip is kept (the merchant's Downloads, under the server's
    or the link's name) and the sentence to show as (kind, sentence)."""
    if not outcome.ok or outcome.path is None:
        return None, "error", outcome.message
    kept = keep_download(outcome.path, downloads_folder(), kept_name(url, outcome.server_filename))
    return (
        kept,
        "ok",
        _("Downloaded ({size}) to {path}.").format(size=format_size(outcome.size), path=kept),
    )
