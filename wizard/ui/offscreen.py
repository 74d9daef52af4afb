"""Choosing Qt's offscreen platform before Qt loads (imports no Qt itself)."""

from __future__ import annotations

import os
from collections.abc import Sequence


def use_offscreen_unless_asked(argv: Sequence[str]) -> None:
    """Sub-commands that render without a person watching default to the offscreen platform."""
    if "-platform" not in argv and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
