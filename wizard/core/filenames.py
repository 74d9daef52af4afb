"""What Windows (and so every system the merchant may copy files to) accepts as a file name.

One rule for every place that names or checks a file or folder: names inside a code package
(zipsafe), the folder a package is unpacked into (package_target) and a downloaded file's
name (download filenames).
"""

from __future__ import annotations

import re
from typing import Final

# Device names Windows reserves whatever the extension ("con.json" too), in any case;
# Windows also treats the superscript digits ¹²³ as digits here.
WINDOWS_RESERVED: Final = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"{port}{n}" for port in ("com", "lpt") for n in (*"123456789", "¹", "²", "³")}
)
# Characters Windows refuses in a name, and control characters.
WINDOWS_BAD_CHARS: Final = re.compile(r'[<>:"|?*\x00-\x1f]')
# The same plus both path separators, for a single name part built from outside text.
UNSAFE_NAME_CHARS: Final = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
MAX_NAME_LENGTH: Final = 255


def is_windows_reserved(name: str) -> bool:
    """True for CON, nul.txt, Com3.tar.gz, "aux ..." and the like: the part before the first
    dot, trailing spaces ignored, is a device name."""
    return name.split(".", 1)[0].rstrip(" ").lower() in WINDOWS_RESERVED


def windows_name_problem(part: str) -> bool:
    """True when Windows cannot create a file or folder with exactly this name."""
    if WINDOWS_BAD_CHARS.search(part) or part.endswith((".", " ")) or len(part) > MAX_NAME_LENGTH:
        return True
    return is_windows_reserved(part)


def safe_file_name(name: str, fallback: str, limit: int = 120) -> str:
    """A single file name built from outside text (a program's name): no folder parts (no
    "../", no separators), no character Windows refuses, not a device name, at most limit
    characters with its extension kept; fallback when nothing usable is left."""
    # Separators and refused characters become "_", a run of dots (a "..") one "_".
    cleaned = re.sub(r"_{2,}", "_", re.sub(r"\.{2,}", "_", UNSAFE_NAME_CHARS.sub("_", name)))
    cleaned = cleaned.strip(" ._")
    stem, dot, extension = cleaned.rpartition(".")
    if not dot or len(extension) > 10:
        stem, extension = cleaned, ""
    room = max(1, limit - len(extension) - 1)
    stem = stem[:room].rstrip(" .")
    if not stem.strip(" ._"):
        return fallback
    if is_windows_reserved(stem):
        stem = "_" + stem
    return f"{stem}.{extension}" if extension else stem
