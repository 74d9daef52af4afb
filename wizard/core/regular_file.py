"""Opening a file named by data the app did not create (a state file's QR code, a --domains
list, a code package, a profile): only a regular file within a size bound is read. A named
pipe would block the reader forever, /dev/zero never ends, a folder is not a file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from wizard.core.i18n import _
from wizard.core.sizes import Rounding, format_size

# Opened without waiting for a writer: a named pipe must not block before fstat can say
# what it is. (Windows has no such flag and no named pipes in the file system.)
_NO_WAIT = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class FileRefused(Exception):
    """The path is not a regular file of a usable size; `message` says so in a sentence."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code  # not-found | is-folder | not-a-file | too-large | unreadable


def kind_problem(path: Path, mode: int) -> FileRefused | None:
    """Why a file of this mode cannot be read as a file, or None for a regular file."""
    if stat.S_ISDIR(mode):
        return FileRefused(_("{path} is a folder, not a file.").format(path=path), "is-folder")
    if not stat.S_ISREG(mode):
        return FileRefused(
            _(
                "{path} is not an ordinary file (it is a device, a pipe or a socket): "
                "choose the file itself."
            ).format(path=path),
            "not-a-file",
        )
    return None


def too_large(path: Path, size: int, limit: int) -> FileRefused:
    return FileRefused(
        _("The file {path} is {size}; at most {limit} is read.").format(
            path=path,
            size=format_size(size, Rounding.UP),
            limit=format_size(limit),
        ),
        "too-large",
    )


def check_regular(path: Path, limit: int | None = None) -> None:
    """Raise FileRefused unless path is a regular file (links followed) of at most limit
    bytes; nothing is opened."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FileRefused(
            _("The file {path} cannot be found.").format(path=path), "not-found"
        ) from None
    except (OSError, ValueError) as exc:
        raise _unreadable(path, exc) from exc
    problem = kind_problem(path, info.st_mode)
    if problem is not None:
        raise problem
    if limit is not None and info.st_size > limit:
        raise too_large(path, info.st_size, limit)


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most limit bytes, else FileRefused. The kind is
    checked on the opened file itself, so a pipe swapped in after a check is refused too."""
    try:
        handle = os.open(path, os.O_RDONLY | _NO_WAIT | _BINARY)
    except FileNotFoundError:
        raise FileRefused(
            _("The file {path} cannot be found.").format(path=path), "not-found"
        ) from None
    except IsADirectoryError:
        raise FileRefused(
            _("{path} is a folder, not a file.").format(path=path), "is-folder"
        ) from None
    except (OSError, ValueError) as exc:
        raise _unreadable(path, exc) from exc
    try:
        info = os.fstat(handle)
        problem = kind_problem(path, info.st_mode)
        if problem is not None:
            raise problem
        if info.st_size > limit:
            raise too_large(path, info.st_size, limit)
        if _NO_WAIT:
            os.set_blocking(handle, True)
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(handle, min(1 << 20, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:  # it grew since fstat
            raise too_large(path, got, limit)
        return b"".join(chunks)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    finally:
        os.close(handle)


def _unreadable(path: Path, exc: BaseException) -> FileRefused:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
    return FileRefused(
        _("The file {path} cannot be read ({reason}).").format(path=path, reason=reason),
        "unreadable",
    )
