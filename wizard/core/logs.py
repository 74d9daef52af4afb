"""The app's log: a rotating file in the log folder, with secrets redacted before writing."""

from __future__ import annotations

import faulthandler
import logging
import os
import re
import threading
from pathlib import Path
from typing import IO

from wizard.core.paths import AppPaths

REDACTED = "[redacted]"
# 32+ hex characters in a row look like an AppSecret or a token: never let one reach the log.
_HEX_RUN = re.compile(r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{32,}(?![0-9A-Fa-f])")
# key=value / "key": "value" pairs whose key names a secret.
_SECRET_PAIR = re.compile(
    r"""(?ix)
    (["']?(?:app_?secret|client_secret|secret|access_token|token|password)["']?\s*[:=]\s*)
    (["']?)([^"'\s,&}]+)
    """
)

# Any run of this many characters copied from a known secret counts as the secret: an
# exception message quoting part of a token must not leak that part.
SECRET_PIECE_LENGTH = 12

_known_secrets: set[str] = set()
# Every SECRET_PIECE_LENGTH-long slice of every known secret, lower-cased.
_known_pieces: set[str] = set()
_known_lock = threading.Lock()


def register_secret(value: str) -> None:
    """Remember a secret (the AppSecret, an upload token) so no log line or saved text holds
    it or a long piece of it; the keychain store calls this for every secret it handles."""
    if len(value) < 4:
        return
    with _known_lock:
        if value in _known_secrets:
            return
        _known_secrets.add(value)
        lowered = value.lower()
        size = SECRET_PIECE_LENGTH
        _known_pieces.update(lowered[i : i + size] for i in range(len(lowered) - size + 1))


def forget_known_secrets() -> None:
    """Drop every registered secret (tests; a new run starts empty anyway)."""
    with _known_lock:
        _known_secrets.clear()
        _known_pieces.clear()


def _known_spans(text: str) -> list[tuple[int, int]]:
    """Where text holds a known secret or a piece of one, as merged (start, end) spans."""
    with _known_lock:
        whole = [s for s in _known_secrets if len(s) < SECRET_PIECE_LENGTH]
        pieces = _known_pieces
        if not whole and not pieces:
            return []
        lowered = text.lower()
        size = SECRET_PIECE_LENGTH
        spans = [
            (i, i + size) for i in range(len(lowered) - size + 1) if lowered[i : i + size] in pieces
        ]
        for secret in whole:
            start = lowered.find(secret.lower())
            while start >= 0:
                spans.append((start, start + len(secret)))
                start = lowered.find(secret.lower(), start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def holds_known_secret(text: str) -> bool:
    """Whether text holds a registered secret or a long piece of one."""
    return bool(_known_spans(text))


def looks_like_secret(text: str) -> bool:
    """A known secret (or a long piece of it), or a long hex run as in an AppSecret or a token:
    kept out of logs and of every text the app saves (names included)."""
    return _HEX_RUN.search(text) is not None or holds_known_secret(text)


def redact(text: str) -> str:
    """Remove known secrets (and long pieces of them), secret-looking key/value pairs and long
    hex runs from text."""
    spans = _known_spans(text)
    if spans:
        parts: list[str] = []
        position = 0
        for start, end in spans:
            parts.append(text[position:start])
            parts.append(REDACTED)
            position = end
        parts.append(text[position:])
        text = "".join(parts)
    text = _SECRET_PAIR.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
    return _HEX_RUN.sub(REDACTED, text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's final message (and traceback) with secrets removed."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            formatter = logging.Formatter()
            message = f"{message}\n{formatter.formatException(record.exc_info)}"
            record.exc_info = None
            record.exc_text = None
        if record.stack_info:
            message = f"{message}\n{record.stack_info}"
            record.stack_info = None
        record.msg = redact(message)
        record.args = None
        return True


class RotatingLog(logging.FileHandler):
    """A log file that is renamed to .1, .2, ... when it grows past a size.

    logging.handlers.RotatingFileHandler would do; its module pulls in socket and pickle,
    a measurable part of the app's start-up, for features we do not use.
    """

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8", delay=True)
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.stream.tell() >= self.max_bytes:
                self.rotate()
        except (OSError, ValueError):
            pass  # rotation is best effort; never lose the record over it
        super().emit(record)

    def rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        for number in range(self.backups - 1, 0, -1):
            older = f"{base}.{number}"
            if os.path.exists(older):
                os.replace(older, f"{base}.{number + 1}")
        if os.path.exists(base):
            os.replace(base, f"{base}.1")


_fault_stream: IO[str] | None = None


def setup_logging(paths: AppPaths, level: int = logging.INFO) -> Path:
    """Log to a rotating file (1 MB x 3) in the log folder; returns the log file's path."""
    global _fault_stream
    paths.logs.mkdir(parents=True, exist_ok=True)
    handler = RotatingLog(paths.log_file, max_bytes=1_000_000, backups=3)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_miniapp_publisher", False)]:
        root.removeHandler(old)
        old.close()
    handler._miniapp_publisher = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # Windowed builds have no stderr: give faulthandler a file of its own for hard crashes.
    if _fault_stream is None:
        try:
            _fault_stream = open(paths.logs / "faults.log", "a", encoding="utf-8")
            faulthandler.enable(_fault_stream)
        except OSError:
            _fault_stream = None
    return paths.log_file
