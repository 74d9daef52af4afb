"""Echoing text the app did not write (a profile, a package, a server, the state): bounded and
with control characters made visible, so a value can neither flood a report nor drive the
terminal (a colour, a cleared screen, a line rewritten by a carriage return)."""

from __future__ import annotations

from wizard.core.i18n import _

# Characters of a value shown in a sentence; a longer value is cut with a count of the rest.
MAX_SHOWN = 120
# Invisible characters that reorder or hide text (bidirectional overrides and isolates):
# shown as escapes like control characters, so a line cannot read other than it is.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_KEPT = frozenset("\n\t")


def _is_control(ch: str) -> bool:
    code = ord(ch)
    return code < 0x20 or 0x7F <= code <= 0x9F or ch in _BIDI


def escape_controls(text: str, *, keep_lines: bool = True) -> str:
    """Control characters (C0, DEL, C1) and bidirectional overrides as \\uXXXX escapes;
    line breaks and tabs stay when keep_lines (a report's own layout). JSON reads the same
    escapes, so a JSON report stays valid and means the same."""
    if text.isprintable() and not any(ch in _BIDI for ch in text):
        return text  # the common case, without building a new string
    kept = _KEPT if keep_lines else frozenset()
    return "".join(f"\\u{ord(ch):04x}" if _is_control(ch) and ch not in kept else ch for ch in text)


def elide(text: str, limit: int = MAX_SHOWN) -> str:
    """text when at most limit characters, else its start and how many characters were left
    out: "abc…(12,345 more characters)"."""
    if len(text) <= limit:
        return text
    rest = len(text) - limit
    return text[:limit] + _("…({count} more characters)").format(count=f"{rest:,}")


def shown(value: object, limit: int = MAX_SHOWN) -> str:
    """A value from outside the app as it may appear inside one of our sentences: on one
    line, control characters escaped, at most limit characters of it."""
    return escape_controls(elide(str(value), limit), keep_lines=False)
