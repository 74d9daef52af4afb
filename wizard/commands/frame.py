"""The frame every sub-command shares: parse, run, exit codes, printing to any console."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from wizard.core.console import tolerant, tolerant_stdout

EXIT_OK = 0
EXIT_PROBLEMS = 1  # refused, failed, or problems found (each command's help says which)
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # Ctrl+C, as a shell reports it

Body = Callable[[argparse.Namespace, TextIO], int]


def run_command(parser: argparse.ArgumentParser, body: Body, argv: list[str]) -> int:
    """Parse argv and run body(args, out), returning the exit code.

    argparse's own exits (0 after --help, 2 with one line on bad usage) and Ctrl+C become
    return values, so `wizard.cli.main(argv)` can be called in-process and never sees a
    traceback for them.
    """
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE if exc.code else EXIT_OK
    try:
        return body(args, tolerant_stdout())
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def stderr() -> TextIO:
    """Standard error for a command's sentences about usage (None in a windowed app)."""
    stream = sys.stderr if sys.stderr is not None else sys.__stderr__
    if stream is None:
        import io

        return io.StringIO()
    return tolerant(stream)


def say_error(message: str) -> None:
    """One sentence on standard error."""
    err = stderr()
    err.write(message + "\n")
    err.flush()


def usage_error(prog: str, message: str) -> int:
    """Bad usage said the way argparse says it (`prog: message` on stderr); returns 2."""
    say_error(f"{prog}: {message}")
    return EXIT_USAGE
