"""JSON from files the app does not control: bounded, and refused with one exception type.

`json.loads` on a damaged or hostile file can raise RecursionError (``[[[[`` a hundred
thousand deep), ValueError (an integer with thousands of digits), or return values the rest
of the app cannot use (``1e400`` is infinity; a ``"\\ud800"`` escape is a lone surrogate that
no UTF-8 file can hold). Every file the app reads (settings, state, a package's JSON, a
provider profile) goes through `loads`, which either returns plain, bounded data or raises
`UnusableJson`; nothing else escapes.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from pathlib import Path
from typing import Any, Final

# Deeper than any file the app or the platform writes; deep enough data is also walked
# recursively elsewhere (copies, comparisons), so the bound keeps those safe too.
MAX_DEPTH: Final = 64
# No count, size or timestamp needs more digits; int() of thousands of digits is refused by
# Python anyway (ValueError), and float() of a few hundred overflows.
MAX_INT_DIGITS: Final = 30

# Any surrogate code point left in a str is unpaired (pairs are joined when decoding).
_LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")
REPLACEMENT: Final = "\ufffd"


class UnusableJson(ValueError):
    """The text is not JSON the app can use; `reason` is for the log, not the merchant."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise UnusableJson("integer too long")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise UnusableJson("number too large")
    return value


def _refuse_constant(name: str) -> float:
    raise UnusableJson(f"{name} is not a number")


def scrub_text(text: str) -> str:
    """The text with any unpaired surrogate replaced by U+FFFD, so it can be saved as UTF-8."""
    return _LONE_SURROGATE.sub(REPLACEMENT, text)


def _check_depth(value: object, max_depth: int, *, check_ints: bool = False) -> None:
    # Iterative on purpose: a recursive walk is what the bound protects against.
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if check_ints and isinstance(item, int) and not isinstance(item, bool):
            if abs(item) >= 10**MAX_INT_DIGITS:
                raise UnusableJson("integer too long")
            continue
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > max_depth:
            raise UnusableJson("nested too deeply")
        stack.extend((child, depth + 1) for child in children)


def _scrubbed(value: object) -> object:
    # Recursion is safe here: the depth was checked first.
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, list):
        return [_scrubbed(item) for item in value]
    if isinstance(value, dict):
        return {scrub_text(key): _scrubbed(item) for key, item in value.items()}
    return value


def loads(data: bytes | str, *, max_depth: int = MAX_DEPTH) -> object:
    """Parse JSON (UTF-8, a BOM allowed); raises UnusableJson and nothing else."""
    if isinstance(data, bytes):
        try:
            # utf-8-sig: Windows Notepad saves JSON with a byte order mark.
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnusableJson("not UTF-8") from exc
    elif data.startswith("\ufeff"):
        data = data[1:]
    try:
        value = json.loads(
            data,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_refuse_constant,
        )
    except UnusableJson:
        raise
    except RecursionError as exc:
        raise UnusableJson("nested too deeply") from exc
    except (ValueError, OverflowError) as exc:
        raise UnusableJson(type(exc).__name__) from exc
    _check_depth(value, max_depth)
    return _scrubbed(value)


def dumps(value: object, **options: Any) -> str:
    """JSON text for saving as UTF-8: unpaired surrogates become U+FFFD, non-finite numbers
    and over-deep data raise UnusableJson (so a save fails with a sentence, not a crash)."""
    try:
        # What loads() would refuse is refused here, so every saved file loads back.
        _check_depth(value, MAX_DEPTH, check_ints=True)
        text = json.dumps(value, allow_nan=False, **options)
    except UnusableJson:
        raise
    except (TypeError, ValueError, RecursionError, OverflowError) as exc:
        raise UnusableJson(type(exc).__name__) from exc
    return scrub_text(text)


# A settings file of a code package (project.config.json) is a few hundred bytes; past this it
# is not one, and reading it all would let a hostile package fill the memory.
MAX_FILE_BYTES: Final = 1024 * 1024


def load_file(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> object:
    """Parse a JSON file bounded in size and depth; raises UnusableJson for what cannot be
    used (missing, unreadable, not a regular file, too big, damaged) and nothing else."""
    try:
        # Non-blocking open: a FIFO in a hostile package must not hang the app until a writer
        # comes (it is then refused as not a regular file; regular files ignore the flag).
        handle = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        )
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise UnusableJson("not a regular file")
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise UnusableJson(exc.strerror or type(exc).__name__) from exc
    if len(data) > max_bytes:
        raise UnusableJson("too big")
    return loads(data)


def load_object_file(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> dict[str, Any] | None:
    """`load_file` for a file that must hold a JSON object: the object, or None."""
    try:
        value = load_file(path, max_bytes=max_bytes)
    except UnusableJson:
        return None
    return value if isinstance(value, dict) else None
