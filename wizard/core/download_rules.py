"""Decisions about downloading the merchant's code package, as plain functions (no Qt).

The QtNetwork adapter (wizard.net.download) moves bytes; everything that decides what a
response means (is it a zip or a login page, can we resume, may we follow this redirect, what
do we tell the merchant) lives here so it can be tested without a network or a display.
"""

from __future__ import annotations

import enum
import hashlib
import os
import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urljoin, urlsplit

from wizard.core.checks import Check
from wizard.core.i18n import _
from wizard.core.payload import (  # noqa: F401 (re-exported for the download adapter)
    SNIFF_BYTES,
    PayloadKind,
    json_detail,
    sniff_payload,
)

FALLBACK_FILENAME = "package.zip"
PART_SUFFIX = ".part"
MAX_REDIRECTS = 10


# --- What the payload is -------------------------------------------------------------------


def logged_out_message() -> str:
    return _(
        "The link gave a web page instead of the code package. You were probably logged out "
        "of your provider's admin. Log in again, click 一键打包 on the 打包代码 page once more, "
        "and use the new link."
    )


def payload_problem(kind: PayloadKind, first_bytes: bytes = b"") -> str:
    """What to tell the merchant when the download is not a zip; empty when it is one."""
    if kind is PayloadKind.ZIP:
        return ""
    if kind is PayloadKind.HTML:
        return logged_out_message()
    if kind is PayloadKind.JSON:
        detail = json_detail(first_bytes)
        if detail:
            return _(
                "Your provider's server answered with a message instead of the code package: "
                "“{detail}”. Click 一键打包 again and use the new link."
            ).format(detail=detail)
        return _(
            "Your provider's server answered with a message instead of the code package. "
            "Click 一键打包 again and use the new link."
        )
    if kind is PayloadKind.EMPTY:
        return _(
            "The download was empty. Click 一键打包 on the 打包代码 page again and use the "
            "new link."
        )
    return _(
        "The downloaded file is not a zip file, so it cannot be the code package. Check that "
        "you copied the link from the 打包代码 page (一键打包)."
    )


# --- The link the merchant pasted ----------------------------------------------------------


def check_download_url(text: str) -> Check:
    """Is the pasted text a link we can download from (http or https with a host)?"""
    stripped = text.strip()
    if not stripped:
        return Check.intermediate(_("Paste the download link from the 打包代码 page."))
    try:
        parts = urlsplit(stripped)
        host = parts.hostname
    except ValueError:
        return Check.invalid(_("This is not a complete link. Copy the whole link and paste it."))
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if "://" not in stripped and "https://".startswith(stripped.lower()):
            return Check.intermediate(_("Paste the download link from the 打包代码 page."))
        return Check.invalid(
            _("The link must start with https:// or http://. Copy the whole link and paste it.")
        )
    if not host or any(ch.isspace() for ch in stripped):
        return Check.invalid(_("This is not a complete link. Copy the whole link and paste it."))
    if scheme == "http":
        return Check.acceptable(
            _(
                "This link is not encrypted (http). It works, but https is safer if your provider "
                "offers it."
            )
        )
    return Check.acceptable()


def target_for_url(url: str, folder: Path, filename: str = FALLBACK_FILENAME) -> Path:
    """A stable file path per link, so downloading the same link again resumes its .part file."""
    digest = hashlib.sha256(url.strip().encode("utf-8")).hexdigest()[:10]
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, "zip"
    return folder / f"{stem}-{digest}.{ext}"


def part_path(target: Path) -> Path:
    """The temporary file a download is written to until it is complete and verified."""
    return target.with_name(target.name + PART_SUFFIX)


# --- Resuming ------------------------------------------------------------------------------


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
) -> ResumeDecision:
    """Decide how the answer fits the .part file (partial_size 0 means no Range was sent)."""
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
        action = ResumeAction.APPEND if partial_size else ResumeAction.WRITE_FROM_START
        return ResumeDecision(action, parsed.total)
    if status == 416:
        total = parse_unsatisfied_range(content_range)
        if partial_size > 0 and total == partial_size:
            return ResumeDecision(ResumeAction.COMPLETE, total)
        return ResumeDecision(ResumeAction.RESTART)
    return ResumeDecision(ResumeAction.HTTP_ERROR)


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


# --- Redirects ------------------------------------------------------------------------------


def redirect_allowed(from_url: str, to_url: str) -> bool:
    """Follow a redirect only to http(s), and never from https down to plain http."""
    try:
        source = urlsplit(from_url)
        target = urlsplit(urljoin(from_url, to_url))
        host = target.hostname
    except ValueError:
        return False
    old, new = source.scheme.lower(), target.scheme.lower()
    if new not in ("http", "https") or not host:
        return False
    return not (old == "https" and new == "http")


# --- Failures, in words ---------------------------------------------------------------------


class FailureKind(enum.Enum):
    """Why a download did not produce a package (HTTP statuses are described separately)."""

    NO_NETWORK = "no_network"
    HOST_NOT_FOUND = "host_not_found"
    CONNECTION_REFUSED = "connection_refused"
    CONNECTION_DROPPED = "connection_dropped"
    TIMED_OUT = "timed_out"
    TLS = "tls"
    PROXY = "proxy"
    INSECURE_REDIRECT = "insecure_redirect"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    BAD_URL = "bad_url"
    HTTP = "http"
    NOT_A_ZIP = "not_a_zip"
    SIZE_MISMATCH = "size_mismatch"
    DISK_FULL = "disk_full"
    PERMISSION_DENIED = "permission_denied"
    DISK_ERROR = "disk_error"
    CANCELLED = "cancelled"
    OTHER = "other"


# Failures where the bytes already saved are still good: keep the .part and offer to continue.
_RESUMABLE_KINDS = frozenset(
    {
        FailureKind.NO_NETWORK,
        FailureKind.HOST_NOT_FOUND,
        FailureKind.CONNECTION_REFUSED,
        FailureKind.CONNECTION_DROPPED,
        FailureKind.TIMED_OUT,
        FailureKind.TLS,
        FailureKind.PROXY,
        FailureKind.OTHER,
    }
)
# Worth an automatic, immediate retry with Range: the connection broke, the link is fine.
_RETRY_KINDS = frozenset({FailureKind.CONNECTION_DROPPED})


def keeps_partial(kind: FailureKind, status: int = 0) -> bool:
    """Whether the .part file is worth keeping after this failure, so a retry can resume."""
    if kind is FailureKind.HTTP:
        return status >= 500 or status in (408, 429)
    return kind in _RESUMABLE_KINDS


def retry_automatically(kind: FailureKind) -> bool:
    return kind in _RETRY_KINDS


def describe_http_error(status: int) -> str:
    """A plain sentence for an HTTP error status: what happened and what to do."""
    if status == 404 or status == 410:
        return _(
            "The download link has expired or is wrong (error {status}). Click 一键打包 on the "
            "打包代码 page to make a new package, then copy the new link."
        ).format(status=status)
    if status in (401, 403):
        return _(
            "Your provider's server refused the download (error {status}): you were probably "
            "logged out. Log in to your provider's admin, click 一键打包 again and use the new "
            "link."
        ).format(status=status)
    if status == 429:
        return _(
            "Your provider's server is busy (error {status}). Wait a minute, then try again."
        ).format(status=status)
    if status >= 500:
        return _(
            "Your provider's server has a problem (error {status}). This is not your fault. "
            "Try again in a few minutes; if it keeps happening, contact your provider."
        ).format(status=status)
    return _(
        "Your provider's server did not send the code package (error {status}). Click 一键打包 "
        "again and use the new link; if that does not help, contact your provider."
    ).format(status=status)


def describe_network_error(kind: FailureKind) -> str:
    """A plain sentence for a failure that is not an HTTP status: what happened, what to do."""
    if kind is FailureKind.NO_NETWORK:
        return _("This computer is not connected to the internet. Connect, then try again.")
    if kind is FailureKind.HOST_NOT_FOUND:
        return _(
            "The server in the link could not be found. Check your internet connection and "
            "that you copied the whole link, then try again."
        )
    if kind is FailureKind.CONNECTION_REFUSED:
        return _(
            "Your provider's server did not accept the connection. Try again in a few minutes."
        )
    if kind is FailureKind.CONNECTION_DROPPED:
        return _(
            "The connection was lost during the download. What was already downloaded is kept: "
            "click Try again to continue."
        )
    if kind is FailureKind.TIMED_OUT:
        return _(
            "The download stopped: no data arrived for a while. Check your internet connection, "
            "then click Try again to continue where it stopped."
        )
    if kind is FailureKind.TLS:
        return _(
            "A secure connection to the server could not be made. Check that your computer's "
            "date and time are correct, then try again. On an office network, ask your IT "
            "administrator."
        )
    if kind is FailureKind.PROXY:
        return _(
            "The proxy server did not let the download through. Check the proxy settings or ask "
            "your IT administrator."
        )
    if kind is FailureKind.INSECURE_REDIRECT:
        return _(
            "The link sent the download from a secure (https) address to an insecure (http) "
            "one, so it was stopped. Ask your provider for an https download link."
        )
    if kind is FailureKind.TOO_MANY_REDIRECTS:
        return _(
            "The link forwarded the download too many times. Click 一键打包 again and use the "
            "new link."
        )
    if kind is FailureKind.BAD_URL:
        return _("This is not a complete link. Copy the whole link and paste it.")
    if kind is FailureKind.NOT_A_ZIP:
        return payload_problem(PayloadKind.UNKNOWN)
    if kind is FailureKind.SIZE_MISMATCH:
        return _(
            "The downloaded file does not have the size the server announced, so it was "
            "discarded. Try again."
        )
    if kind is FailureKind.DISK_FULL:
        return _(
            "There is not enough free space on the disk to save the code package. Free some "
            "space, then try again."
        )
    if kind is FailureKind.PERMISSION_DENIED:
        return _(
            "The code package could not be saved: this app may not write to the folder. Choose "
            "another folder, then try again."
        )
    if kind is FailureKind.DISK_ERROR:
        return _("The code package could not be saved to the disk. Try again.")
    if kind is FailureKind.CANCELLED:
        return _("The download was cancelled.")
    if kind is FailureKind.HTTP:
        return describe_http_error(0)
    return _("The download failed for an unknown reason. Try again.")


@dataclass(frozen=True)
class DownloadOutcome:
    """What a download came to: the saved package, or a failure sentence for the merchant."""

    ok: bool
    path: Path | None = None
    message: str = ""
    kind: FailureKind | None = None
    http_status: int = 0
    resumable: bool = False
    size: int = 0
    server_filename: str = ""

    @classmethod
    def success(cls, path: Path, size: int, server_filename: str = "") -> DownloadOutcome:
        return cls(True, path, size=size, server_filename=server_filename)

    @classmethod
    def failure(
        cls,
        kind: FailureKind,
        message: str,
        *,
        http_status: int = 0,
        resumable: bool = False,
        size: int = 0,
    ) -> DownloadOutcome:
        return cls(
            False, None, message, kind, http_status=http_status, resumable=resumable, size=size
        )


# --- Sizes, speed and time left -------------------------------------------------------------

_UNITS = ("KB", "MB", "GB", "TB")


def format_size(n: int) -> str:
    """A byte count as people read it: 512 B, 3.2 MB (binary multiples, the Windows habit)."""
    n = max(0, int(n))
    if n < 1024:
        return f"{n} B"
    value = float(n)
    for unit in _UNITS:
        value /= 1024.0
        # Round first so 1023.96 KB reads 1.0 MB, never "1024.0 KB".
        if round(value, 1) < 1024.0 or unit == _UNITS[-1]:
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable: the last unit always returns")


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


class RateEstimator:
    """Transfer rate over a sliding window of recent samples; the caller passes the time in."""

    def __init__(self, window_s: float = 5.0) -> None:
        self.window_s = window_s
        self._samples: deque[tuple[float, int]] = deque()

    def reset(self) -> None:
        self._samples.clear()

    def add(self, now: float, received: int) -> None:
        """Record that `received` bytes in total had arrived at time `now` (seconds)."""
        if self._samples and received < self._samples[-1][1]:
            # The count went back (a restart from zero): the old samples say nothing now.
            self._samples.clear()
        self._samples.append((now, received))
        while len(self._samples) > 2 and now - self._samples[1][0] >= self.window_s:
            self._samples.popleft()

    def rate(self) -> float | None:
        """Bytes per second, or None until there is at least a short span to measure."""
        if len(self._samples) < 2:
            return None
        (t0, b0), (t1, b1) = self._samples[0], self._samples[-1]
        if t1 - t0 < 0.2:
            return None
        return (b1 - b0) / (t1 - t0)

    def seconds_left(self, received: int, total: int) -> float | None:
        rate = self.rate()
        if rate is None or rate <= 0 or total < 0 or received > total:
            return None
        return (total - received) / rate


def progress_line(received: int, total: int, rate: float | None, seconds_left: float | None) -> str:
    """ "3.2 MB / 12.0 MB · 1.1 MB/s · about 8 s left"; parts are left out while unknown."""
    if total >= 0:
        parts = [
            _("{received} / {total}").format(
                received=format_size(received), total=format_size(total)
            )
        ]
    else:
        parts = [format_size(received)]
    if rate is not None:
        parts.append(format_speed(rate))
    if seconds_left is not None and total >= 0 and received < total:
        parts.append(format_time_left(seconds_left))
    return " · ".join(parts)


# --- File names -----------------------------------------------------------------------------

_RESERVED_WINDOWS = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)
_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')
_MAX_NAME = 120


def _decode_header(value: str | bytes) -> str:
    """Header bytes as text: UTF-8, else GB18030 (Chinese servers), else Latin-1."""
    if isinstance(value, str):
        # Qt hands raw bytes over as Latin-1 text; recover UTF-8 names sent unencoded.
        try:
            return value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return value
    for encoding in ("utf-8", "gb18030"):
        try:
            return value.decode(encoding)
        except UnicodeDecodeError:
            continue
    return value.decode("latin-1")


_PARAM_RE = re.compile(r'(?:^|;)\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


def _split_params(header: str) -> dict[str, str]:
    """Parameters of a Content-Disposition value; quoted strings may hold ; and escapes."""
    params: dict[str, str] = {}
    for match in _PARAM_RE.finditer(header):
        key = match.group(1).lower()
        raw = match.group(2).strip()
        if len(raw) >= 2 and raw.startswith('"') and raw.endswith('"'):
            # Only \" and \\ are unescaped: naive servers send Windows paths with lone
            # backslashes, which must survive to be stripped as path parts.
            raw = re.sub(r'\\(["\\])', r"\1", raw[1:-1])
        params.setdefault(key, raw)
    return params


def _decode_ext_value(value: str) -> str | None:
    """RFC 5987 charset'lang'percent-encoded value, e.g. UTF-8''%E4%BB%A3%E7%A0%81.zip."""
    charset, quote1, rest = value.partition("'")
    _lang, quote2, encoded = rest.partition("'")
    if not quote1 or not quote2:
        return None
    charset = charset.strip().lower() or "utf-8"
    if charset in ("gbk", "gb2312"):
        charset = "gb18030"
    try:
        return unquote_to_bytes(encoded).decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None


def sanitize_filename(name: str) -> str:
    """The last path part of a name, without characters Windows or macOS refuse; may be ""."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _BAD_CHARS.sub("_", name).strip().strip(".").strip()
    if not name:
        return ""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if stem.lower() in _RESERVED_WINDOWS:
        stem = "_" + stem
    if len(name) > _MAX_NAME:
        stem = stem[: _MAX_NAME - len(ext) - 1]
    return f"{stem}.{ext}" if ext else stem


def _maybe_percent_decoded(name: str) -> str:
    if not re.search(r"%[0-9A-Fa-f]{2}", name):
        return name
    try:
        return unquote_to_bytes(name).decode("utf-8")
    except UnicodeDecodeError:
        return name


def suggest_filename(url: str, content_disposition: str | bytes | None = None) -> str:
    """A safe .zip file name: the server's (filename* first), else the link's, else package.zip."""
    if content_disposition:
        params = _split_params(_decode_header(content_disposition))
        candidates: list[str] = []
        extended = params.get("filename*")
        if extended:
            decoded = _decode_ext_value(extended)
            if decoded:
                candidates.append(decoded)
        plain = params.get("filename")
        if plain:
            candidates.append(_maybe_percent_decoded(plain))
        for candidate in candidates:
            name = sanitize_filename(candidate)
            if name:
                # The server named the file; it is the package whatever the extension says.
                return name if name.lower().endswith(".zip") else f"{name}.zip"
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return FALLBACK_FILENAME
    name = sanitize_filename(unquote(path, errors="strict") if path else "")
    if name.lower().endswith(".zip") and len(name) > 4:
        return name
    return FALLBACK_FILENAME


# --- Packages already on the computer -------------------------------------------------------


def find_recent_zips(folder: Path, limit: int = 5) -> list[Path]:
    """The newest .zip files directly in a folder, newest first (by modification time)."""
    if limit <= 0:
        return []
    found: list[tuple[float, str, Path]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.name.lower().endswith(".zip") or entry.name.startswith("."):
                    continue
                try:
                    if not entry.is_file():
                        continue
                    mtime = entry.stat().st_mtime
                except OSError:
                    continue  # vanished or unreadable while we looked: not on offer
                found.append((mtime, entry.name, Path(entry.path)))
    except OSError:
        return []
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [path for _mtime, _name, path in found[:limit]]
