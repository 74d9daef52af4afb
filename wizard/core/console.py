"""Printing from the command line to any console, including one that cannot show Chinese."""

from __future__ import annotations

import io
import sys
from typing import TextIO


def tolerant(stream: TextIO) -> TextIO:
    """The stream, set to print "?" for characters its console cannot show (cp1252, GBK)
    instead of stopping the command with UnicodeEncodeError."""
    if isinstance(stream, io.TextIOWrapper):
        try:
            stream.reconfigure(errors="replace")
        except (ValueError, io.UnsupportedOperation):
            pass  # a stream that cannot change keeps its own behaviour
    return stream


def tolerant_stdout() -> TextIO:
    """Standard output for a command; a windowed app started without a console gets a
    stream that goes nowhere rather than None."""
    stream = sys.stdout if sys.stdout is not None else sys.__stdout__
    if stream is None:
        return io.StringIO()
    return tolerant(stream)


def print_line(text: str) -> None:
    """Print without crashing on a console that cannot show Chinese (e.g. GBK, or none)."""
    stream = sys.stdout if sys.stdout is not None else sys.__stdout__
    if stream is None:
        return
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")
    stream.flush()
