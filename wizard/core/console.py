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


class EscapingStream(io.TextIOBase):
    """A console stream that shows control characters as \\uXXXX escapes (line breaks and
    tabs kept): a profile key or a program name cannot colour, clear or rewrite the terminal.
    JSON written through it stays valid and means the same."""

    def __init__(self, inner: TextIO) -> None:
        super().__init__()
        self.inner = inner

    def write(self, text: str) -> int:
        from wizard.core.echo import escape_controls

        self.inner.write(escape_controls(text))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", "utf-8")

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.inner, "errors", None)

    @property
    def buffer(self) -> object:
        return getattr(self.inner, "buffer", None)


def attach_parent_console() -> bool:
    """A windowed Windows exe started from cmd.exe has no standard streams, so a sub-command
    printed nothing: attach to the console of the window it was typed in and print there.
    True when the streams now go to that console; False elsewhere (Linux, macOS, a pipe or a
    file already given, or no parent console, e.g. started from Explorer)."""
    if sys.platform != "win32" or (sys.stdout is not None and sys.stderr is not None):
        return False
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    attach_parent_process = 0xFFFFFFFF  # ATTACH_PARENT_PROCESS, (DWORD)-1
    if not kernel32.AttachConsole(ctypes.c_uint32(attach_parent_process)):
        return False
    # "CONOUT$" opens as a console stream: Python writes UTF-16 to it, so Chinese shows in
    # any code page. Line buffering: a support person sees each line as it is printed.
    out = open("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)
    if sys.stdout is None:
        sys.stdout = out
    if sys.stderr is None:
        sys.stderr = out
    return True
