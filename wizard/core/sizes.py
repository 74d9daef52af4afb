"""Byte counts, speeds and time left as people read them: one format for the whole app."""

from __future__ import annotations

import enum
import math

from wizard.core.i18n import _

_UNITS = ("KB", "MB", "GB", "TB")


class Rounding(enum.Enum):
    """How the last shown digit is rounded."""

    NEAREST = "nearest"  # a transfer: in progress and done read the same
    UP = "up"  # a size next to a limit: an overrun never reads as the limit itself


def format_size(size: int, rounding: Rounding = Rounding.NEAREST) -> str:
    """1024-based units with one decimal, a whole number without ".0": 12 bytes, 1.5 KB, 4 MB."""
    size = max(0, int(size))
    if size < 1024:
        return _("{count} bytes").format(count=size)
    value = float(size)
    unit = _UNITS[0]
    tenths = 0
    for unit in _UNITS:
        value /= 1024
        tenths = (
            math.ceil(value * 10 - 1e-9)
            if rounding is Rounding.UP
            else math.floor(value * 10 + 0.5)
        )
        # Decide the unit after rounding, so 1023.96 KB reads 1 MB, never "1024 KB".
        if tenths < 10240 or unit == _UNITS[-1]:
            break
    number = str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}"
    return f"{number} {unit}"


def format_speed(bytes_per_s: float) -> str:
    return f"{format_size(round(max(0.0, bytes_per_s)))}/s"


def format_time_left(seconds: float) -> str:
    """Rounded up and coarse, since an estimate is never exact: about 8 s, about 3 min."""
    whole = max(1, int(-(-seconds // 1)))
    if whole < 60:
        return _("about {seconds} s left").format(seconds=whole)
    minutes = -(-whole // 60)
    if minutes < 60:
        return _("about {minutes} min left").format(minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    return _("about {hours} h {minutes} min left").format(hours=hours, minutes=minutes)
