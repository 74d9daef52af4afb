"""Which APIs and components of an unpacked package need the privacy agreement (用户隐私保护协议).

`scan_privacy(folder, progress=None, cancel=None) -> PrivacyScan` walks the files the packer
uploads with the domain scan's own walk (same limits: files over MAX_FILE_BYTES are not read,
links are not followed, names are decoded for display, cancel is checked between files) and
finds:

- in code (.js .sjs .ts, minified too): `tt.<api>` for every API of the official table
  (platform_facts.PRIVACY_INFO_TYPES), with file:line;
- in pages (.ttml): `open-type="getPhoneNumber"` (counted as the API getPhoneNumber) and the
  other open-type values of the table, and the `<camera>` component.

A use inside a comment (`// …`, `/* … */`, `<!-- … -->`) is kept apart: an API used *only* in
comments is information, never something the agreement must declare. Every pattern starts with
a fixed string, and a file's comments are only worked out when it has a hit, so the time is
linear in the package size.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from wizard.core import platform_facts as facts

# The walk is the domain scan's, so both scans read exactly the same files with the same limits.
from wizard.core.domains.scan import MAX_FILE_BYTES, code_root, display_path, package_files
from wizard.core.domains.scan import _read as read_package_file
from wizard.core.i18n import _

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]

CODE_SUFFIXES = (".js", ".sjs", ".ts")
PAGE_SUFFIXES = (".ttml",)
# Places kept per API (a hostile package with a million calls must not exhaust memory).
MAX_PLACES_PER_API = 200
# How far a string may run before the lexer stops following it (an unclosed one then counts
# as code).
MAX_LEXEME_BYTES = 256 * 1024


def _api_scopes() -> dict[str, tuple[str, ...]]:
    scopes: dict[str, list[str]] = {}
    for info_type, apis in facts.PRIVACY_INFO_TYPES.items():
        for api in apis:
            scopes.setdefault(api, []).append(info_type)
    return {api: tuple(types) for api, types in scopes.items()}


API_SCOPES: dict[str, tuple[str, ...]] = _api_scopes()
SCOPE_ORDER: dict[str, int] = {name: i for i, name in enumerate(facts.PRIVACY_INFO_TYPES)}

_IDENTIFIER = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")
_OPEN_TYPE = re.compile(rb"open-type\s{0,20}=\s{0,20}[\"']\s{0,20}([A-Za-z]{2,60})\s{0,20}[\"']")
_COMPONENT = re.compile(rb"<\s{0,20}(%s)(?=[\s/>])" % "|".join(facts.PRIVACY_COMPONENTS).encode())
# A comment starts only at the start or after a space or one of ;{}(),=!&|? — not after ":"
# (https://…) nor inside an operator like "*/*" (an Accept header), which keeps addresses in
# strings from reading as comments even where a regular expression literal put the lexer off
# its stride.
# One match = everything up to the next comment (strings skipped whole, so "//" inside one is
# no comment) + that comment; possessive, so nothing is tried twice and the time stays linear.
_JS_NOT_COMMENT = (
    rb"[^\"'`/]++"
    rb"|\"(?:[^\"\\\n]|\\.){0,%(n)d}+\"|'(?:[^'\\\n]|\\.){0,%(n)d}+'|`(?:[^`\\]|\\.){0,%(n)d}+`"
    rb"|[\"'`]|/(?![/*])|(?<=[^\s;{}(),=!&|?])/"
)
_JS_COMMENTS = re.compile(
    rb"(?:%(x)s)*+(?:(//[^\n]*+|/\*(?:[^*]++|\*(?!/))*+\*/)|/|\Z)"
    % {b"x": _JS_NOT_COMMENT % {b"n": MAX_LEXEME_BYTES}},
)
# After the last "*/" no block comment can close: there "/*" is ordinary text (an unclosed
# comment is a syntax error; its calls are reported rather than hidden).
_JS_LINE_COMMENTS = re.compile(
    rb"(?:%(x)s|/(?=\*))*+(?:(//[^\n]*+)|/|\Z)"
    % {b"x": _JS_NOT_COMMENT % {b"n": MAX_LEXEME_BYTES}},
)
# Longest names first, so that a name is never matched as the start of a longer one.
_API_NAMES = sorted(API_SCOPES, key=len, reverse=True)
_TT_PRIVACY = re.compile(
    rb"tt\s{0,20}\.\s{0,20}(%s)(?![\w$])" % "|".join(_API_NAMES).encode("ascii")
)
_COMMENT_BEFORE = frozenset(b" \t\r\n\f\v;{}(),=!&|?")


class PrivacyScanError(Exception):
    """The folder cannot be scanned; `message` is one sentence for the merchant."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PrivacyUse(NamedTuple):
    """One place where the package uses an API (or component) the agreement is about."""

    api: str
    file: str
    line: int
    in_comment: bool

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class ScopeNeed:
    """One API with one information type it collects, and where the package uses it."""

    api: str
    scope: str
    places: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"api": self.api, "scope": self.scope, "places": list(self.places)}


@dataclass
class PrivacyScan:
    """What one scan found (partial when `cancelled`)."""

    root: str
    uses: list[PrivacyUse] = field(default_factory=list)
    files_scanned: int = 0
    bytes_scanned: int = 0
    unreadable: list[str] = field(default_factory=list)
    omitted: int = 0
    cancelled: bool = False

    def needs(self) -> list[ScopeNeed]:
        """APIs used in code, one entry per (API, information type), in the table's order."""
        return _grouped(use for use in self.uses if not use.in_comment)

    def information(self) -> list[ScopeNeed]:
        """APIs that appear only in comments: worth a look, nothing to declare."""
        in_code = {use.api for use in self.uses if not use.in_comment}
        return _grouped(use for use in self.uses if use.in_comment and use.api not in in_code)

    def scopes(self) -> tuple[str, ...]:
        """The information types the agreement must declare, in the console's order."""
        return tuple(dict.fromkeys(need.scope for need in self.needs()))

    def to_dict(self) -> dict[str, Any]:
        """The `check-privacy --json` contract: {"apis": [...], "information": [...]}."""
        return {
            "apis": [need.to_dict() for need in self.needs()],
            "information": [need.to_dict() for need in self.information()],
        }


def scope_of(api: str) -> tuple[str, ...]:
    """The information types an API or component collects (empty when none)."""
    if api in API_SCOPES:
        return API_SCOPES[api]
    for source in (facts.PRIVACY_OPEN_TYPES, facts.PRIVACY_COMPONENTS):
        if api in source:
            return (source[api],)
    return ()


def _grouped(uses: Iterable[PrivacyUse]) -> list[ScopeNeed]:
    places: dict[str, list[str]] = {}
    for use in uses:
        places.setdefault(use.api, []).append(use.where)
    needs = [
        ScopeNeed(api, scope, tuple(dict.fromkeys(where)))
        for api, where in places.items()
        for scope in scope_of(api)
    ]
    needs.sort(key=lambda need: (SCOPE_ORDER.get(need.scope, 999), need.api))
    return needs


def check_folder(path: Path) -> None:
    """Raise PrivacyScanError with one sentence when the folder cannot be scanned."""
    if not path.exists():
        raise PrivacyScanError(
            _("The folder {path} does not exist. Choose the unpacked code package.").format(
                path=path
            )
        )
    if not path.is_dir():
        raise PrivacyScanError(
            _("{path} is not a folder. Choose the folder of the unpacked code package.").format(
                path=path
            )
        )
    try:
        os.listdir(path)
    except OSError as exc:
        raise PrivacyScanError(
            _("The folder {path} cannot be read ({reason}). Check its permissions.").format(
                path=path, reason=exc.strerror or exc.__class__.__name__
            )
        ) from exc


def scan_privacy(
    folder: str | os.PathLike[str],
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> PrivacyScan:
    """Scan an unpacked package folder; progress(done_bytes, total_bytes)."""
    path = Path(folder)
    check_folder(path)
    root = code_root(path)
    files = [
        entry
        for entry in package_files(root)
        if entry[1].lower().endswith(CODE_SUFFIXES + PAGE_SUFFIXES)
    ]
    total = sum(size for _full, _relative, size in files)
    scan = PrivacyScan(root=str(root))
    kept: dict[str, int] = {}
    done = 0
    if progress is not None:
        progress(0, total)
    for full, relative, size in files:
        if cancel is not None and cancel():
            scan.cancelled = True
            break
        shown = display_path(relative)
        if size > MAX_FILE_BYTES:
            scan.unreadable.append(shown)
        else:
            try:
                data = read_package_file(full, size)
            except OSError:
                scan.unreadable.append(shown)
            else:
                page = relative.lower().endswith(PAGE_SUFFIXES)
                for use in scan_bytes(data, shown, page=page):
                    count = kept.get(use.api, 0)
                    if count >= MAX_PLACES_PER_API:
                        scan.omitted += 1
                        continue
                    kept[use.api] = count + 1
                    scan.uses.append(use)
                scan.files_scanned += 1
                scan.bytes_scanned += len(data)
        done += size
        if progress is not None:
            progress(min(done, total), total)
    return scan


def scan_bytes(data: bytes, shown: str, *, page: bool) -> list[PrivacyUse]:
    """The uses in one file's bytes (code, or a .ttml page when `page`)."""
    hits = _page_hits(data) if page else _code_hits(data)
    if not hits:
        return []
    comments = _page_comments(data) if page else _code_comments(data)
    starts = [start for start, _end in comments]
    uses: list[PrivacyUse] = []
    line, counted = 1, 0
    for at, api in hits:
        line += data.count(b"\n", counted, at)
        counted = at
        index = bisect.bisect_right(starts, at) - 1
        in_comment = index >= 0 and at < comments[index][1]
        uses.append(PrivacyUse(api, shown, line, in_comment))
    return uses


def _code_hits(data: bytes) -> list[tuple[int, str]]:
    hits: list[tuple[int, str]] = []
    for match in _TT_PRIVACY.finditer(data):
        at = match.start()
        if at and data[at - 1] in _IDENTIFIER:
            continue  # "att.x", "_tt.x": another object
        hits.append((at, match.group(1).decode("ascii")))
    return hits


def _page_hits(data: bytes) -> list[tuple[int, str]]:
    hits: list[tuple[int, str]] = []
    if b"open-type" in data:
        for match in _OPEN_TYPE.finditer(data):
            name = match.group(1).decode("ascii")
            if name in facts.PRIVACY_OPEN_TYPES:
                hits.append((match.start(), name))
    if b"<" in data:
        for match in _COMPONENT.finditer(data):
            hits.append((match.start(), match.group(1).decode("ascii")))
    hits.sort()
    return hits


def _code_comments(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of every comment, skipping strings so that "//" inside one is no comment."""
    if not _may_have_comment(data):
        return []  # typical of minified code: no lexing at all
    close = data.rfind(b"*/")
    end = close + 2 if close != -1 else 0
    spans = [match.span(1) for match in _JS_COMMENTS.finditer(data, 0, end) if match.lastindex]
    if end < len(data):
        tail = _JS_LINE_COMMENTS.finditer(data, end)
        spans.extend(match.span(1) for match in tail if match.lastindex)
    return spans


def _may_have_comment(data: bytes) -> bool:
    """A "//" or "/*" where a comment can start (fixed-string finds: "https://" is skipped at
    the cost of one look at the byte before it)."""
    find = data.find
    for marker in (b"/*", b"//"):
        at = find(marker)
        while at != -1:
            if at == 0 or data[at - 1] in _COMMENT_BEFORE:
                return True
            at = find(marker, at + 2)
    return False


def _page_comments(data: bytes) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    find = data.find
    at = find(b"<!--")
    while at != -1:
        end = find(b"-->", at + 4)
        if end == -1:
            spans.append((at, len(data)))
            break
        spans.append((at, end + 3))
        at = find(b"<!--", end + 3)
    return spans
