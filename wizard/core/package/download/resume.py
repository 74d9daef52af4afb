"""Resuming a download: how an answer fits the .part file, and whether the file is whole."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from wizard.core import safe_json
from wizard.core.atomic import write_text_atomically


@dataclass(frozen=True)
class ContentRange:
    """A satisfied Content-Range: bytes start-end/total (total None when the server sends *)."""

    start: int
    end: int
    total: int | None

    @property
    def length(self) -> int:
        return self.end - self.start + 1


_RANGE_RE = re.compile(r"^\s*bytes\s+(\d+)\s*-\s*(\d+)\s*/\s*(\d+|\*)\s*$", re.IGNORECASE)
_UNSATISFIED_RE = re.compile(r"^\s*bytes\s+\*\s*/\s*(\d+)\s*$", re.IGNORECASE)
# Longer numbers than this are not a real file size; refusing them keeps int() cheap.
_MAX_DIGITS = 18


def parse_content_range(value: str | None) -> ContentRange | None:
    """Parse "bytes 100-199/1000" (or ".../*"); None for anything malformed or inconsistent."""
    if not value:
        return None
    match = _RANGE_RE.match(value)
    if not match or any(len(g) > _MAX_DIGITS for g in match.groups()):
        return None
    start, end = int(match.group(1)), int(match.group(2))
    total = None if match.group(3) == "*" else int(match.group(3))
    if end < start or (total is not None and end >= total):
        return None
    return ContentRange(start, end, total)


def parse_unsatisfied_range(value: str | None) -> int | None:
    """The total size from a 416 answer's "bytes */1000"; None when absent or malformed."""
    if not value:
        return None
    match = _UNSATISFIED_RE.match(value)
    if not match or len(match.group(1)) > _MAX_DIGITS:
        return None
    return int(match.group(1))


def parse_content_length(value: str | None) -> int | None:
    """A Content-Length header as a size; None when absent or not a plain number."""
    if value is None:
        return None
    text = value.strip()
    if not text.isdigit() or not text.isascii() or len(text) > _MAX_DIGITS:
        return None
    return int(text)


class ResumeAction(enum.Enum):
    """What to do with the .part file given the server's answer to our (Range) request."""

    APPEND = "append"  # 206 continuing exactly where the .part ends
    WRITE_FROM_START = "write_from_start"  # the body is the whole file: truncate the .part
    COMPLETE = "complete"  # 416 and the .part already holds the whole file
    RESTART = "restart"  # the answer cannot be trusted: drop the .part, ask again without Range
    HTTP_ERROR = "http_error"  # not a download at all; describe_http_error(status)


@dataclass(frozen=True)
class ResumeDecision:
    """A ResumeAction and the complete file's size when the answer tells it."""

    action: ResumeAction
    total: int | None = None


def decide_resume(
    partial_size: int,
    status: int,
    content_range: str | None = None,
    content_length: int | None = None,
    *,
    expected: PartialInfo | None = None,
    validator: str = "",
) -> ResumeDecision:
    """Decide how the answer fits the .part file (partial_size 0 means no Range was sent).

    `expected` is what the server said about the file when the .part was begun; `validator`
    is this answer's (pick_validator of its ETag / Last-Modified). A 206 for a file whose
    validator or total length changed is the start of a *different* file: appending it would
    splice two files into one, so the download starts over.
    """
    if status == 200:
        # Either a fresh download, or a server that ignores Range and sends everything again.
        return ResumeDecision(ResumeAction.WRITE_FROM_START, content_length)
    if status == 206:
        parsed = parse_content_range(content_range)
        if parsed is None or parsed.start != partial_size:
            return ResumeDecision(ResumeAction.RESTART)
        if content_length is not None and content_length != parsed.length:
            return ResumeDecision(ResumeAction.RESTART)
        if parsed.total is not None and parsed.end != parsed.total - 1:
            # We asked for "everything from here"; a shorter slice is not what we asked for.
            return ResumeDecision(ResumeAction.RESTART)
        if partial_size and not _same_file(expected, validator, parsed.total):
            return ResumeDecision(ResumeAction.RESTART)
        action = ResumeAction.APPEND if partial_size else ResumeAction.WRITE_FROM_START
        return ResumeDecision(action, parsed.total)
    if status == 416:
        total = parse_unsatisfied_range(content_range)
        known_total = expected.total if expected is not None else None
        if partial_size > 0 and total == partial_size and known_total in (None, total):
            return ResumeDecision(ResumeAction.COMPLETE, total)
        return ResumeDecision(ResumeAction.RESTART)
    return ResumeDecision(ResumeAction.HTTP_ERROR)


def _same_file(expected: PartialInfo | None, validator: str, total: int | None) -> bool:
    """Whether a 206 continues the file the .part holds the start of."""
    if expected is None:
        return False  # nothing recorded about the .part: it cannot be continued safely
    if expected.validator and validator != expected.validator:
        return False
    return not (expected.total is not None and total is not None and total != expected.total)


def pick_validator(etag: str | None, last_modified: str | None) -> str:
    """The validator to send as If-Range: a strong ETag, else the Last-Modified date."""
    if etag and not etag.strip().startswith("W/"):
        # Weak ETags are not allowed in If-Range.
        return etag.strip()
    return (last_modified or "").strip()


@dataclass(frozen=True)
class PartialInfo:
    """What the server said about the file a .part holds the start of; kept beside the .part
    (not in memory) so a resume after a restart still sends If-Range and checks the answer."""

    url: str
    validator: str = ""
    total: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "validator": self.validator, "total": self.total}

    @classmethod
    def from_dict(cls, data: object) -> Self | None:
        """The record, or None when the data is not one (never raises)."""
        if not isinstance(data, dict):
            return None
        url, validator, total = data.get("url"), data.get("validator", ""), data.get("total")
        if not isinstance(url, str) or not isinstance(validator, str):
            return None
        if total is not None and (not isinstance(total, int) or isinstance(total, bool)):
            return None
        if total is not None and total < 0:
            return None
        return cls(url, validator, total)


def info_path(part: Path) -> Path:
    """Where a .part file's PartialInfo is kept: "<target>.part.json"."""
    return part.with_name(part.name + ".json")


def read_partial_info(part: Path) -> PartialInfo | None:
    """The .part's PartialInfo, or None when missing, unreadable or damaged."""
    try:
        raw = info_path(part).read_bytes()
    except OSError:
        return None
    if len(raw) > 64 * 1024:
        return None
    try:
        return PartialInfo.from_dict(safe_json.loads(raw))
    except safe_json.UnusableJson:
        return None


def write_partial_info(part: Path, info: PartialInfo) -> None:
    """Keep info beside the .part (temporary file, then rename); raises OSError."""
    write_text_atomically(info_path(part), safe_json.dumps(info.to_dict()))


def remove_partial_info(part: Path) -> None:
    try:
        info_path(part).unlink(missing_ok=True)
    except OSError:
        pass  # a stale record is ignored: it must match the link and the server's answer


# A download that does not get anywhere ends, whatever the server does: at most this many
# requests in all, this many automatic retries without the file growing, and this much time.
MAX_ATTEMPTS = 12
MAX_RETRIES_WITHOUT_PROGRESS = 3
MAX_DOWNLOAD_SECONDS = 30 * 60.0


class AttemptBudget:
    """Bounds one download (one start()): requests, retries without progress, and time.

    Progress means the saved file grew beyond anything saved before in this download, not
    that bytes arrived: a server that ignores Range and breaks off at the same place sends
    bytes on every attempt without the download ever getting further.
    """

    def __init__(
        self,
        now: float,
        *,
        max_attempts: int = MAX_ATTEMPTS,
        max_retries_without_progress: int = MAX_RETRIES_WITHOUT_PROGRESS,
        max_seconds: float = MAX_DOWNLOAD_SECONDS,
        initial_size: int = 0,
    ) -> None:
        self.started = now
        self.max_attempts = max_attempts
        self.max_retries_without_progress = max_retries_without_progress
        self.max_seconds = max_seconds
        self.attempts = 0
        self.retries_without_progress = 0
        self.best_size = initial_size

    def begin_attempt(self) -> bool:
        """Count a request; False when the download has used up its requests."""
        if self.attempts >= self.max_attempts:
            return False
        self.attempts += 1
        return True

    def note_size(self, size: int) -> None:
        """The saved file's size now; growth past the best so far restores the retries."""
        if size > self.best_size:
            self.best_size = size
            self.retries_without_progress = 0

    def may_retry(self, now: float) -> bool:
        """Whether one more automatic retry is allowed (and count it)."""
        if self.retries_without_progress >= self.max_retries_without_progress:
            return False
        if self.out_of_time(now) or self.attempts >= self.max_attempts:
            return False
        self.retries_without_progress += 1
        return True

    def out_of_time(self, now: float) -> bool:
        return now - self.started >= self.max_seconds

    def seconds_left(self, now: float) -> float:
        return max(0.0, self.max_seconds - (now - self.started))


class SizeVerdict(enum.Enum):
    """How the finished file's size compares with what the server announced."""

    COMPLETE = "complete"
    SHORT = "short"  # the connection ended early: resume
    TOO_LONG = "too_long"  # more than announced: the file cannot be trusted
    UNKNOWN_TOTAL = "unknown_total"  # nothing announced: accept what arrived


def check_final_size(actual: int, expected: int | None) -> SizeVerdict:
    if expected is None:
        return SizeVerdict.UNKNOWN_TOTAL
    if actual == expected:
        return SizeVerdict.COMPLETE
    return SizeVerdict.SHORT if actual < expected else SizeVerdict.TOO_LONG
