"""Run `python -m wizard COMMAND …` in this process: the same `wizard.cli.main(argv)` entry, its
exit code and what it printed, without starting Python again (a subprocess costs ~0.3 s of CPU
and proves nothing more; each command keeps one real-subprocess test, marked slow)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager


@contextmanager
def _environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in changes}
    try:
        for name, value in changes.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _stream(encoding: str, text: str = "") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(text.encode(encoding)), encoding=encoding, newline=None)


def run_in_process(
    argv: list[str],
    *,
    env: Mapping[str, str | None] | None = None,
    stdin: str = "",
    encoding: str = "utf-8",
) -> subprocess.CompletedProcess[str]:
    """wizard.cli.main(argv) with its own environment changes, stdin, stdout and stderr."""
    from wizard import cli
    from wizard.core import i18n

    out, err, given = _stream(encoding), _stream(encoding), _stream(encoding, stdin)
    saved = sys.stdin, sys.stdout, sys.stderr
    language = i18n.current_language()
    sys.stdin, sys.stdout, sys.stderr = given, out, err
    try:
        with _environment(env or {}):
            try:
                code = cli.main(argv)
            except SystemExit as exc:  # a command that exits instead of returning
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        i18n.set_language(language)
    texts = []
    for stream in (out, err):
        stream.flush()
        buffer = stream.buffer
        assert isinstance(buffer, io.BytesIO)
        texts.append(buffer.getvalue().decode(encoding, "replace").replace("\r\n", "\n"))
    return subprocess.CompletedProcess(["python", "-m", "wizard", *argv], code, *texts)
