"""What an unpacked code package really talks to, compared with the lists the merchant entered.

`scan_package(folder, progress=None, cancel=None) -> DomainScan` reads the files the platform's
packer uploads (.js .json .ttml .ttss .sjs .ts; `node_modules`, dot-folders, `*.js.map` and
`__wxToTT/report` are skipped because tt-ide-cli 0.1.33 never packs them) and finds:

- calls `tt.request`, `tt.uploadFile`, `tt.downloadFile`, `tt.connectSocket` and
  `<web-view src>`, whose address decides the list (request / uploadFile / downloadFile /
  socket / webview);
- every other string literal starting with https://, http://, wss:// or ws:// in code and
  JSON (list from the scheme: https/http → request, wss/ws → socket), and in .ttml/.ttss
  (images, fonts: listed as resources, not as missing domains);
- addresses that cannot be worked out statically (template strings, concatenation, variables):
  reported as information, never as missing.

Each pattern is either a fixed string search or a bounded repetition, so the time is linear in
the file size even for minified one-line files. Slow work: run it as a job (progress in bytes).

`compare_domains(scan, entered)` and `domains_done(scan, entered, confirmed)` are pure.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from wizard.core import platform_facts as facts
from wizard.core import safe_json
from wizard.core.domains.rules import (
    INSECURE_SCHEMES,
    KINDS,
    DomainList,
    DomainVerdict,
    analyse_finished,
    check_domain_list,
    plain_host,
)
from wizard.core.i18n import N_, _

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]

# A file larger than this is not mini-program code (the whole package may hold 16 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024
# How far an address may run, and how far after a call its `url:` may be (minified code has
# no line breaks, so every look-around is bounded instead of running to the end of a line).
MAX_URL_BYTES = 2048
MAX_LABEL_BYTES = 300
CALL_WINDOW_BYTES = 600
TAG_WINDOW_BYTES = 4000
SNIPPET_CHARS = 80
MAX_PLACES_PER_HOST = 200
MAX_DYNAMIC = 2000
# No real mini-program has this many addresses; past it, places are only counted.
MAX_USES = 100_000

# The host part of an address (it never holds "/", so the host parts of two addresses never
# overlap: scanning them is linear), and the rest, read only for the places that are kept.
_HOST = re.compile(rb"[^\s\"'`<>\\/?#]{0,%d}" % MAX_LABEL_BYTES)
_REST = re.compile(rb"[^\s\"'`<>\\]{0,%d}" % MAX_URL_BYTES)
# Shown addresses are cut at this many characters; the rest is never read further.
URL_CHARS = 200
_OPENERS = frozenset(b"\"'`(")
# Every pattern below starts with fixed bytes ("://", "tt"), so the regex engine skips to them
# at memory-search speed; a pattern starting with a class or a look-behind is 20-200x slower.
SCHEMES = ("https", "http", "wss", "ws")


def _address_start(openers: bytes) -> re.Pattern[bytes]:
    """ "://" preceded by a scheme (any case) and one of `openers`: group N is scheme N."""
    behind = b"|".join(
        rb"(?<=[%s]((?i:%s))://)" % (re.escape(openers), scheme.encode()) for scheme in SCHEMES
    )
    return re.compile(rb"://(?:%s)" % behind)


# The look-behinds come after the fixed "://", so the engine still skips to "://" at
# memory-search speed, and "://" not opened by a quote (prose, comments) costs no Python.
_ADDRESS_IN_CODE = _address_start(b"\"'`")
# In pages and styles an address may also open url( … ).
_ADDRESS_IN_MARKUP = _address_start(b"\"'`(")
# tt.<call>( where "tt" is followed by a dot or a space (the identifier before it is checked
# apart: a leading look-behind would cost the fast skip).
_CALL_AT = re.compile(
    rb"tt(?=[. \t\r\n])\s{0,20}\.\s{0,20}(%s)\s{0,20}\("
    % "|".join(facts.DOMAIN_CALLS).encode("ascii")
)
# Cancel and progress are looked at every this many bytes inside a file.
CHECK_EVERY_BYTES = 1 << 20
_URL_KEY = re.compile(rb"(?<![\w$])[\"']?url[\"']?\s{0,20}:\s{0,20}")
_WEB_VIEW = re.compile(rb"<web-view\b[^>]{0,%d}" % TAG_WINDOW_BYTES)
_SRC_ATTR = re.compile(rb"\ssrc\s{0,20}=\s{0,20}([\"'])")
_XMLNS_BEFORE = re.compile(rb"xmlns(?::[\w.-]{1,40})?\s{0,20}=\s{0,20}\Z")
_SCHEMA_BEFORE = re.compile(rb"[\"']\$(?:schema|id)[\"']\s{0,20}:\s{0,20}\Z")
_IDENTIFIER = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")
_QUOTES = frozenset(b"\"'`")
# What can come just before the opening quote of an attribute or JSON value.
_BEFORE_VALUE = frozenset(b"=: \t\r\n")
_EXPRESSION = re.compile(rb"[^,;\n<>]{0,%d}" % (SNIPPET_CHARS * 2))
CODE_SUFFIXES = (".js", ".sjs", ".ts")
MARKUP_SUFFIXES = (".ttml", ".ttss")


class DomainScanError(Exception):
    """The folder cannot be scanned; `message` is one sentence for the merchant."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UrlUse(NamedTuple):
    """One address the package uses, where, and which console list it belongs to."""

    url: str
    scheme: str
    # What the console wants (bare host, punycode, port kept), or None when it cannot be entered.
    host: str | None
    # The list it must be in; None for resources (images, fonts, links in pages and styles).
    kind: str | None
    # How it was found: "tt.request" … "web-view", "literal" (list from scheme), "resource".
    via: str
    file: str
    line: int
    # Why the host can never be entered (IP address, localhost, malformed), else "".
    problem: str = ""

    @property
    def insecure(self) -> bool:
        return self.scheme in INSECURE_SCHEMES

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "scheme": self.scheme,
            "host": self.host,
            "kind": self.kind,
            "via": self.via,
            "file": self.file,
            "line": self.line,
            "insecure": self.insecure,
            "problem": self.problem,
        }


class DynamicUse(NamedTuple):
    """An address built at run time (variable, template string, concatenation)."""

    kind: str | None
    via: str
    file: str
    line: int
    snippet: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "via": self.via,
            "file": self.file,
            "line": self.line,
            "snippet": self.snippet,
        }


@dataclass
class DomainScan:
    """What one scan found (partial when `cancelled`)."""

    root: str
    uses: list[UrlUse] = field(default_factory=list)
    dynamic: list[DynamicUse] = field(default_factory=list)
    files_scanned: int = 0
    bytes_scanned: int = 0
    # Files that could not be read or were too large to be code (display names).
    unreadable: list[str] = field(default_factory=list)
    # Places not kept once a host (or the run-time addresses) had enough examples: a hostile
    # package with millions of addresses must not exhaust memory.
    omitted: int = 0
    cancelled: bool = False

    def called_hosts(self, kind: str) -> dict[str, list[UrlUse]]:
        """Host → uses, for the addresses that belong in `kind`'s list and can be entered."""
        found: dict[str, list[UrlUse]] = {}
        for use in self.uses:
            if use.kind == kind and use.host is not None:
                found.setdefault(use.host, []).append(use)
        return dict(sorted(found.items()))

    @property
    def insecure(self) -> list[UrlUse]:
        return [use for use in self.uses if use.insecure]

    @property
    def unusable(self) -> list[UrlUse]:
        """Called addresses whose host no console list can take (IP, localhost, malformed)."""
        return [use for use in self.uses if use.host is None and use.kind is not None]

    @property
    def resources(self) -> list[UrlUse]:
        return [use for use in self.uses if use.kind is None]

    def summary(self) -> ScanSummary:
        return ScanSummary(
            root=self.root,
            called={kind: tuple(self.called_hosts(kind)) for kind in KINDS},
            insecure=tuple(dict.fromkeys(use.url for use in self.insecure)),
            dynamic=len(self.dynamic),
            cancelled=self.cancelled,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "files_scanned": self.files_scanned,
            "bytes_scanned": self.bytes_scanned,
            "cancelled": self.cancelled,
            "unreadable": list(self.unreadable),
            "omitted": self.omitted,
            "calls": {
                kind: {
                    host: [use.where for use in uses]
                    for host, uses in self.called_hosts(kind).items()
                }
                for kind in KINDS
            },
            "uses": [use.to_dict() for use in self.uses],
            "dynamic": [use.to_dict() for use in self.dynamic],
        }


@dataclass(frozen=True)
class ScanSummary:
    """What the done-condition needs of a scan, small enough to keep in the state file."""

    root: str = ""
    # List → hosts the package calls that belong in it (and can be entered), sorted.
    called: dict[str, tuple[str, ...]] = field(default_factory=dict)
    insecure: tuple[str, ...] = ()
    dynamic: int = 0
    cancelled: bool = False

    def hosts(self, kind: str) -> tuple[str, ...]:
        return self.called.get(kind, ())

    def to_dict(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "called": {kind: list(hosts) for kind, hosts in self.called.items()},
            "insecure": list(self.insecure),
            "dynamic": self.dynamic,
            "cancelled": self.cancelled,
        }

    @classmethod
    def from_dict(cls, data: object) -> ScanSummary | None:
        """Read a saved summary; None when there is none or it is damaged beyond use."""
        if not isinstance(data, dict) or not isinstance(data.get("root"), str):
            return None
        called: dict[str, tuple[str, ...]] = {}
        raw = data.get("called")
        if isinstance(raw, dict):
            for kind in KINDS:
                hosts = raw.get(kind)
                if isinstance(hosts, list):
                    called[kind] = tuple(h for h in hosts if isinstance(h, str) and h)[:500]
        insecure = data.get("insecure")
        dynamic = data.get("dynamic")
        return cls(
            root=data["root"],
            called=called,
            insecure=tuple(u for u in insecure if isinstance(u, str))[:500]
            if isinstance(insecure, list)
            else (),
            dynamic=dynamic if isinstance(dynamic, int) and not isinstance(dynamic, bool) else 0,
            cancelled=data.get("cancelled") is True,
        )


# --- walking ---------------------------------------------------------------------------


def display_path(relative: str) -> str:
    """A relative path fit to show and print: names the file system gave us as undecodable
    bytes (a GBK-named file from a Chinese Windows zip) are decoded as GB18030 if possible."""
    try:
        relative.encode("utf-8")
        return relative
    except UnicodeEncodeError:
        raw = os.fsencode(relative)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def code_root(folder: Path) -> Path:
    """The folder the packer packs: project.config.json's miniprogramRoot when it is a safe
    sub-folder that exists, else the folder itself."""
    config = safe_json.load_object_file(folder / facts.PROJECT_CONFIG)
    value = config.get("miniprogramRoot") if config is not None else None
    if not isinstance(value, str):
        return folder
    parts = [p for p in value.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts or value.startswith(("/", "\\")) or ":" in value:
        return folder
    candidate = folder.joinpath(*parts)
    return candidate if candidate.is_dir() else folder


def unreadable_sentence(name: str) -> str:
    """What the report says of a file or folder (ending in "/") the scan could not read."""
    if name.endswith("/"):
        return _(
            "Could not open the folder {folder} (its path may be too long for this system, or "
            "it may not be readable); the files in it were not checked. Unpack the package "
            "into a folder with a shorter path, such as C:\\pkg."
        ).format(folder=name)
    return _("Could not read {file}; it was skipped.").format(file=name)


def package_files(root: Path, skipped: list[str] | None = None) -> Iterator[tuple[str, str, int]]:
    """(full path, relative path, size) of every file the packer would upload that can hold an
    address. Links are not followed; a folder that cannot be opened (past the system's path
    length, no permission) is skipped and its relative path, ending in "/", added to skipped."""
    stack = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError:
            if skipped is not None and prefix:
                skipped.append(display_path(prefix))
            continue
        folders: list[tuple[str, str]] = []
        for entry in listed:
            name = entry.name
            relative = prefix + name
            if name.startswith("."):
                continue
            try:
                if entry.is_symlink():
                    continue
                if entry.is_dir():
                    if (
                        name in facts.PACKER_IGNORED_FOLDERS
                        or relative in facts.PACKER_IGNORED_PATHS
                    ):
                        continue
                    folders.append((entry.path, relative + "/"))
                    continue
                if not entry.is_file():
                    continue
                if not name.lower().endswith(facts.DOMAIN_SCAN_SUFFIXES):
                    continue
                if name in facts.DOMAIN_SCAN_TOOL_FILES:
                    continue
                yield entry.path, relative, entry.stat().st_size
            except OSError:
                continue
        # Depth first, in name order, so results come out in a stable order.
        stack.extend(reversed(folders))


def scan_package(
    folder: str | os.PathLike[str],
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> DomainScan:
    """Scan an unpacked package folder; progress(done_bytes, total_bytes). Raises
    DomainScanError only when the folder itself cannot be used."""
    path = Path(folder)
    if not path.exists():
        raise DomainScanError(
            _("The folder {path} does not exist. Choose the unpacked code package.").format(
                path=path
            )
        )
    if not path.is_dir():
        raise DomainScanError(
            _("{path} is not a folder. Choose the folder of the unpacked code package.").format(
                path=path
            )
        )
    try:
        os.listdir(path)
    except OSError as exc:
        raise DomainScanError(
            _("The folder {path} cannot be read ({reason}). Check its permissions.").format(
                path=path, reason=exc.strerror or exc.__class__.__name__
            )
        ) from exc
    root = code_root(path)
    skipped: list[str] = []
    files = list(package_files(root, skipped))
    total = sum(size for _path, _rel, size in files)
    scan = DomainScan(root=str(root))
    # Folders that could not be opened: listed like unreadable files (ending in "/"), so the
    # report never says "the code uses no domain" of code it did not read.
    scan.unreadable.extend(skipped)
    done = 0

    def report(position: int) -> bool:
        """Progress inside the current file; True when the merchant asked to stop."""
        if progress is not None:
            progress(min(done + position, total), total)
        return cancel is not None and cancel()

    scanner = _Scanner(scan, report)
    if progress is not None:
        progress(0, total)
    for text in read_package_files(files):
        if cancel is not None and cancel():
            scan.cancelled = True
            break
        if text.data is None:
            scan.unreadable.append(text.shown)
        else:
            try:
                scanner.scan(text.data, text.shown, text.relative.lower())
            except _Stopped:
                scan.cancelled = True
                break
            scan.files_scanned += 1
            scan.bytes_scanned += len(text.data)
        done += text.size
        if progress is not None:
            progress(min(done, total), total)
    return scan


class PackageText(NamedTuple):
    """One file the packer uploads: its path relative to the code root, the name to show, its
    listed size, and its bytes (None when it cannot be read or is too large to be code)."""

    relative: str
    shown: str
    size: int
    data: bytes | None


def read_package_files(files: Iterable[tuple[str, str, int]]) -> Iterator[PackageText]:
    """The bytes of each (full path, relative path, size) from package_files, one file at a
    time (at most MAX_FILE_BYTES each, so memory stays bounded whatever the package holds)."""
    for full, relative, size in files:
        shown = display_path(relative)
        data: bytes | None = None
        if size <= MAX_FILE_BYTES:
            try:
                data = _read(full, size)
            except OSError:
                data = None
        yield PackageText(relative, shown, size, data)


def package_texts(root: Path) -> Iterator[PackageText]:
    """Every file of the code root the packer would upload that can hold code, with its bytes:
    the walk the domain scan uses, for any other scan of the package's code."""
    return read_package_files(package_files(root))


_NO_WAIT = getattr(os, "O_NONBLOCK", 0)


def _read(path: str, size: int) -> bytes:
    """The whole file (os.read: half the cost of open().read() for 2,000 small files)."""
    # Opened without waiting: a file replaced by a named pipe after the listing must not
    # block the scan; its kind is checked on the open file (OSError: listed as unreadable).
    handle = os.open(path, os.O_RDONLY | _NO_WAIT | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(f"{path} is not a regular file")
        if _NO_WAIT:
            os.set_blocking(handle, True)
        chunks = [os.read(handle, size + 1)]
        # A file that grew since it was listed is read to its end, up to the cap.
        while chunks[-1] and sum(map(len, chunks)) <= MAX_FILE_BYTES:
            more = os.read(handle, 1 << 20)
            if not more:
                break
            chunks.append(more)
        return b"".join(chunks)
    finally:
        os.close(handle)


def _find_calls(data: bytes) -> list[tuple[int, int, str]]:
    """(start, end after "(", name) of every tt.<call>( in data, in order, not part of a
    longer name (xtt.request)."""
    found: list[tuple[int, int, str]] = []
    for call in _CALL_AT.finditer(data):
        at = call.start()
        if at and data[at - 1] in _IDENTIFIER:
            continue
        found.append((at, call.end(), call.group(1).decode("ascii")))
    return found


class _Stopped(Exception):
    """The merchant asked to stop in the middle of a file."""


# --- one file ----------------------------------------------------------------------------


@dataclass
class _Claim:
    kind: str
    via: str


class _Scanner:
    """Finds the addresses in one file's bytes; keeps host verdicts cached across files."""

    def __init__(self, scan: DomainScan, report: Callable[[int], bool] | None = None) -> None:
        self.result = scan
        # report(position in the file) -> stop: called every CHECK_EVERY_BYTES.
        self._report = report
        self._verdicts: dict[tuple[str, str], DomainVerdict] = {}
        self._hosts: dict[tuple[str, bytes, str | None], tuple[str | None, str, bool]] = {}
        self._examples: dict[tuple[str | None, str | None, str], int] = {}

    def scan(self, data: bytes, shown: str, lowered: str) -> None:
        lines = _LineCounter(data)
        claims: dict[int, _Claim] = {}
        is_code = lowered.endswith(CODE_SUFFIXES)
        is_markup = lowered.endswith(MARKUP_SUFFIXES)
        # Each pass starts with a fixed-string search, so no pre-check is needed.
        if is_code:
            self._calls(data, shown, lines, claims)
        if lowered.endswith(".ttml"):
            self._web_views(data, shown, lines, claims)
        self._literals(data, shown, lines, claims, markup=is_markup)

    def _calls(
        self, data: bytes, shown: str, lines: _LineCounter, claims: dict[int, _Claim]
    ) -> None:
        calls = _find_calls(data)
        check = CHECK_EVERY_BYTES
        for index, (start, end, name) in enumerate(calls):
            if start >= check:
                check = self._checkpoint(start)
            kind = facts.DOMAIN_CALLS[name]
            via = f"tt.{name}"
            # The url belongs to this call only up to where the next call starts: that also
            # keeps the work linear for hostile files made of nothing but calls.
            following = calls[index + 1][0] if index + 1 < len(calls) else len(data)
            window_end = min(following, end + CALL_WINDOW_BYTES)
            key = _URL_KEY.search(data, end, window_end)
            if key is None:
                self._dynamic(kind, via, data, start, shown, lines)
                continue
            value = key.end()
            if value < len(data) and data[value] in _QUOTES and _starts_url(data, value + 1):
                claims[value + 1] = _Claim(kind, via)
                continue
            self._dynamic(kind, via, data, value, shown, lines)

    def _web_views(
        self, data: bytes, shown: str, lines: _LineCounter, claims: dict[int, _Claim]
    ) -> None:
        for tag in _WEB_VIEW.finditer(data):
            src = _SRC_ATTR.search(data, tag.start(), tag.end())
            if src is None:
                continue
            value = src.end()
            attribute = _until_quote(data, value, src.group(1))
            # A placeholder after the host ("https://h5.shop.com/?id={{id}}") leaves the host
            # readable; the literal pass decides about placeholders inside the host.
            if _starts_url(data, value):
                claims[value] = _Claim("webview", "web-view")
            else:
                self._dynamic("webview", "web-view", data, value, shown, lines, attribute)

    def _literals(
        self,
        data: bytes,
        shown: str,
        lines: _LineCounter,
        claims: dict[int, _Claim],
        *,
        markup: bool,
    ) -> None:
        # "://" is found at memory-search speed; the scheme and what opens the string are
        # read just before it, cheapest checks first; the host part (which never overlaps the
        # next address's) is matched once, the rest of the address only for a kept place.
        uses = self.result.uses
        hosts = self._hosts
        examples = self._examples
        result = self.result
        check = CHECK_EVERY_BYTES
        size = len(data)
        pattern = _ADDRESS_IN_MARKUP if markup else _ADDRESS_IN_CODE
        host_at = _HOST.match
        dynamic = result.dynamic
        for found in pattern.finditer(data):
            separator = found.start()
            if separator >= check:
                check = self._checkpoint(separator)
            start = separator - len(found.group(found.lastindex or 1))
            claim = claims.get(start)
            if claim is None and data[start - 1] != 40 and _names_something(data, start):
                continue  # an XML namespace or a schema id ("(": url( … ) in styles)
            host_end = host_at(data, separator + 3).end()  # type: ignore[union-attr]
            host_part = data[separator + 3 : host_end]
            if claim is not None:
                kind: str | None = claim.kind
                via = claim.via
            elif markup:
                kind, via = None, "resource"
            else:
                kind = "socket" if data[start] in b"wW" else "request"
                via = "literal"
            if _is_dynamic(data, host_part, host_end):
                if len(dynamic) >= MAX_DYNAMIC:
                    result.omitted += 1  # (the same as _dynamic's count, without the call)
                else:
                    self._dynamic(kind, via, data, start, shown, lines)
                continue
            scheme = data[start:separator].decode("ascii").lower()
            key = (scheme, host_part, kind)
            known = hosts.get(key)
            if known is None:
                name = host_part.decode("utf-8", "replace")
                # Each host is checked once; a plain one without the full analysis.
                plain = plain_host(name)
                if plain is not None:
                    known = (plain, "", plain in facts.NON_NETWORK_HOSTS)
                else:
                    verdict = self._verdict(f"{scheme}://{name}", kind)
                    named = verdict.host is not None and (
                        verdict.host.split(":")[0] in facts.NON_NETWORK_HOSTS
                    )
                    problem = "" if verdict.host is not None else verdict.check.message
                    known = (verdict.host, problem, named)
                hosts[key] = known
            host, problem, named = known
            if named:
                continue
            url = None
            if host is None:
                url = _address(data, start, host_end, size)
            # A bounded number of places per (list, host, scheme); every host is still kept.
            example = (kind, host if host is not None else url[:80], scheme)  # type: ignore[index]
            seen = examples.get(example, 0)
            examples[example] = seen + 1
            if seen >= MAX_PLACES_PER_HOST or len(uses) >= MAX_USES:
                result.omitted += 1
                continue
            if url is None:
                url = _address(data, start, host_end, size)
            uses.append(UrlUse(url, scheme, host, kind, via, shown, lines.line_at(start), problem))

    def _checkpoint(self, position: int) -> int:
        """Progress and Cancel inside a long file; the next position to check at."""
        if self._report is not None and self._report(position):
            raise _Stopped
        return position + CHECK_EVERY_BYTES

    def _verdict(self, address: str, kind: str | None) -> DomainVerdict:
        list_kind = kind or "request"
        key = (address, list_kind)
        verdict = self._verdicts.get(key)
        if verdict is None:
            # An address in code is complete: nothing more will be typed after it.
            verdict = analyse_finished(address, list_kind)
            self._verdicts[key] = verdict
        return verdict

    def _dynamic(
        self,
        kind: str | None,
        via: str,
        data: bytes,
        at: int,
        shown: str,
        lines: _LineCounter,
        raw: bytes | None = None,
    ) -> None:
        if len(self.result.dynamic) >= MAX_DYNAMIC:
            self.result.omitted += 1
            return
        if raw is None:
            # The expression only: up to the end of the property, statement or attribute.
            expression = _EXPRESSION.match(data, at)
            raw = expression.group(0).rstrip(b" \t)}") if expression else b""
        snippet = " ".join(raw.decode("utf-8", "replace").split())[:SNIPPET_CHARS]
        self.result.dynamic.append(DynamicUse(kind, via, shown, lines.line_at(at), snippet))


def _starts_url(data: bytes, at: int) -> bool:
    head = data[at : at + 8].lower()
    return head.startswith((b"https://", b"http://", b"wss://", b"ws://"))


def _until_quote(data: bytes, at: int, quote: bytes) -> bytes:
    end = data.find(quote, at, at + MAX_URL_BYTES)
    return data[at : end if end != -1 else at + MAX_URL_BYTES]


def _names_something(data: bytes, start: int) -> bool:
    """An XML namespace (xmlns="http://…") or a JSON schema id names a thing; it is not called."""
    if start < 2 or data[start - 2] not in _BEFORE_VALUE:
        return False
    window = data[max(0, start - 60) : max(0, start - 1)]
    if b"xmlns" in window and _XMLNS_BEFORE.search(window):
        return True
    return b"$" in window and _SCHEMA_BEFORE.search(window) is not None


def _address(data: bytes, start: int, host_end: int, size: int) -> str:
    """The address as shown (its first URL_CHARS bytes): the rest is read only this far."""
    limit = min(size, start + URL_CHARS)
    if host_end >= limit:
        return data[start:limit].decode("utf-8", "replace")
    end = _REST.match(data, host_end, limit).end()  # type: ignore[union-attr]
    return data[start:end].decode("utf-8", "replace")


def _is_dynamic(data: bytes, host_part: bytes, end: int) -> bool:
    """The host is built at run time: a template placeholder inside it, or the string ends
    inside the host and is continued with + (concatenation)."""
    if not host_part or b"{" in host_part:
        return True
    if end < len(data) and data[end] in _QUOTES:
        # "https://api." + region + ".example.com": the string stops inside the host.
        unfinished = b"." not in host_part or host_part.endswith((b".", b"-", b":"))
        if unfinished and data[end + 1 : end + 21].lstrip().startswith(b"+"):
            return True
    return False


class _LineCounter:
    """Line numbers for increasing offsets in linear total time (minified files are one line)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0
        self.line = 1

    def line_at(self, offset: int) -> int:
        if offset < self.offset:
            # Offsets come from several passes; restart for an earlier one.
            self.offset, self.line = 0, 1
        self.line += self.data.count(b"\n", self.offset, offset)
        self.offset = offset
        return self.line


# --- comparison and the step's done-condition -----------------------------------------------


@dataclass(frozen=True)
class ListComparison:
    """One console list: what the package calls, what was entered, what is missing or unused."""

    kind: str
    entered: DomainList
    called: dict[str, tuple[UrlUse, ...]]
    missing: tuple[str, ...]
    unused: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.missing and self.entered.ok

    @property
    def suggested(self) -> list[str]:
        """What the list should hold: the entered hosts plus the missing ones, in order."""
        return [*self.entered.hosts, *self.missing][: facts.DOMAINS_PER_LIST]


@dataclass(frozen=True)
class DomainComparison:
    """Every list compared with the scan; `blocking` when something must be fixed."""

    lists: dict[str, ListComparison]
    insecure: tuple[UrlUse, ...]
    unusable: tuple[UrlUse, ...]
    dynamic: tuple[DynamicUse, ...]
    resources: tuple[UrlUse, ...]

    @property
    def missing(self) -> dict[str, tuple[str, ...]]:
        return {kind: c.missing for kind, c in self.lists.items() if c.missing}

    @property
    def invalid_entries(self) -> bool:
        return any(not c.entered.ok for c in self.lists.values())

    @property
    def blocking(self) -> bool:
        """What the command line's exit 1 means: missing, invalid, or http:// / ws:// used."""
        return (
            bool(self.missing) or self.invalid_entries or bool(self.insecure) or bool(self.unusable)
        )

    def problems(self) -> list[str]:
        """Sentences about what must be fixed: the lists first, then the code."""
        return self.list_problems() + self.code_problems()

    def list_problems(self) -> list[str]:
        """Missing hosts and invalid entries, in the platform's list order."""
        lines: list[str] = []
        for kind, comparison in self.lists.items():
            for host in comparison.missing:
                first = comparison.called[host][0]
                lines.append(
                    _(
                        "{host} is used by the mini-program ({where}) but is missing from the "
                        "{kind}."
                    ).format(host=host, where=first.where, kind=kind_label(kind))
                )
            for entry in comparison.entered.entries:
                if not entry.ok:
                    lines.append(
                        _("In the {kind}, “{text}”: {problem}").format(
                            kind=kind_label(kind),
                            text=entry.text.strip()[:80],
                            problem=entry.message,
                        )
                    )
        return lines

    def code_problems(self) -> list[str]:
        """Addresses in the code that fail after release, whatever the lists hold."""
        return [insecure_sentence(use) for use in self.insecure] + self.unusable_problems()

    def unusable_problems(self) -> list[str]:
        """Called addresses no list can hold (IP addresses, localhost, malformed hosts)."""
        lines: list[str] = []
        for use in self.unusable:
            if use.problem:
                lines.append(
                    _(
                        "{url} ({where}) cannot be used by a released mini-program: {problem}"
                    ).format(url=use.url[:80], where=use.where, problem=use.problem)
                )
        return lines

    def information(self) -> list[str]:
        """Sentences that need no fix: entered but unused hosts, and addresses built at run time."""
        return self.unused_information() + self.dynamic_information()

    def dynamic_information(self) -> list[str]:
        return [dynamic_sentence(use) for use in self.dynamic]

    def unused_information(self) -> list[str]:
        lines: list[str] = []
        for kind, comparison in self.lists.items():
            for host in comparison.unused:
                lines.append(
                    _(
                        "{host} is in the {kind}, but the code package never uses it for "
                        "this list (it may be used by code that builds its addresses at run "
                        "time)."
                    ).format(host=host, kind=kind_label(kind))
                )
        return lines


LIST_LABELS: dict[str, str] = {
    "request": N_("request list"),
    "socket": N_("socket list"),
    "uploadFile": N_("uploadFile list"),
    "downloadFile": N_("downloadFile list"),
    "webview": N_("web-view list (业务域名)"),
}


def kind_label(kind: str) -> str:
    """The list's name as the console shows it, in the current language."""
    return _(LIST_LABELS[kind]) if kind in LIST_LABELS else kind


def insecure_sentence(use: UrlUse) -> str:
    secure = INSECURE_SCHEMES.get(use.scheme, "https")
    return _(
        "{url} ({where}) uses {scheme}://: it works in preview but fails after release. Ask "
        "your provider to change it to {secure}://."
    ).format(url=use.url[:80], where=use.where, scheme=use.scheme, secure=secure)


def dynamic_sentence(use: DynamicUse) -> str:
    if use.kind is None or use.via in ("literal", "resource"):
        return _(
            "{where}: an address is put together while the mini-program runs, so its domain "
            "cannot be read from the code ({snippet})."
        ).format(where=use.where, snippet=use.snippet)
    return _(
        "{where}: {via} uses an address put together while the mini-program runs, so its "
        "domain cannot be read from the code ({snippet}). Check with your provider that its "
        "domain is in the {kind}."
    ).format(where=use.where, via=use.via, snippet=use.snippet, kind=kind_label(use.kind))


def compare_domains(
    scan: DomainScan, entered: Mapping[str, str | Sequence[str]]
) -> DomainComparison:
    """Per list: hosts the package calls that were not entered, and entered hosts never used."""
    lists: dict[str, ListComparison] = {}
    for kind in KINDS:
        entered_list = check_domain_list(entered.get(kind, ()), kind)
        called = {host: tuple(uses) for host, uses in scan.called_hosts(kind).items()}
        entered_hosts = entered_list.hosts
        missing = tuple(host for host in called if host not in entered_hosts)
        unused = tuple(host for host in entered_hosts if host not in called)
        lists[kind] = ListComparison(kind, entered_list, called, missing, unused)
    return DomainComparison(
        lists=lists,
        insecure=tuple(scan.insecure),
        unusable=tuple(scan.unusable),
        dynamic=tuple(scan.dynamic),
        resources=tuple(scan.resources),
    )


@dataclass(frozen=True)
class DoneVerdict:
    """Whether the domains step is done, and the sentences saying what is left."""

    done: bool
    reasons: tuple[str, ...] = ()


def domains_done(
    scan: DomainScan | ScanSummary | None,
    entered: Mapping[str, str | Sequence[str]],
    confirmed: bool,
) -> DoneVerdict:
    """The step is done when every host the package calls is entered in its list, no entry is
    invalid, and the merchant confirmed they saved the lists in the console.

    Addresses no list can hold (IP addresses, localhost) and http:// addresses are the
    provider's to fix in the code; they are shown as problems but do not hold the step back.
    """
    reasons: list[str] = []
    if scan is None:
        reasons.append(_("Check the code package first, so the lists can be compared with it."))
    elif scan.cancelled:
        reasons.append(_("The check of the code package was stopped: run it again."))
    else:
        summary = scan.summary() if isinstance(scan, DomainScan) else scan
        for kind in KINDS:
            entered_hosts = check_domain_list(entered.get(kind, ()), kind).hosts
            hosts = [host for host in summary.hosts(kind) if host not in entered_hosts]
            if hosts:
                reasons.append(
                    _("Add to the {kind}: {hosts}.").format(
                        kind=kind_label(kind), hosts=", ".join(hosts)
                    )
                )
    for kind in KINDS:
        entered_list = check_domain_list(entered.get(kind, ()), kind)
        if not entered_list.ok:
            reasons.append(
                _("Fix the {kind}: {summary}").format(
                    kind=kind_label(kind), summary=entered_list.summary()
                )
            )
    if not confirmed:
        reasons.append(_("Confirm that you saved the lists in the console."))
    return DoneVerdict(not reasons, tuple(reasons))
