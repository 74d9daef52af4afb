"""Server domains (服务器域名) and 业务域名: what to paste into the console, checked as typed.

Contract: `check_domain(text, kind) -> Check` for the kinds in `platform_facts.DOMAIN_LIST_KINDS`
(`request`, `socket`, `uploadFile`, `downloadFile`, `webview`). The console takes a bare host
(`api.example.com`), so a pasted URL is reduced to it; `analyse_domain` gives the whole verdict
(the exact text to paste, the Unicode form of an internationalised name, what was removed) and
`normalise_domain` only the text to paste. INTERMEDIATE is only given to text that typing more at
the end can still make acceptable; every other problem is INVALID with one sentence naming it.

Whole lists: `split_domain_list(text)` and `check_domain_list(text_or_entries, kind)`.
Per mini-program answers: `EnteredDomains` (to_dict/from_dict, never raises on damaged data).
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Self

from wizard.core import platform_facts as facts
from wizard.core.checks import Check, State
from wizard.core.credentials import ZERO_WIDTH, is_full_width
from wizard.core.i18n import _, join_sentences

KINDS: tuple[str, ...] = facts.DOMAIN_LIST_KINDS
# Schemes a merchant may paste; only the secure ones can be used by a released mini-program.
SECURE_SCHEMES = ("https", "wss")
INSECURE_SCHEMES = {"http": "https", "ws": "wss"}
KNOWN_SCHEMES = (*SECURE_SCHEMES, *INSECURE_SCHEMES)
ASCII_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")
# What separates entries in a pasted list: line breaks, spaces (also U+3000), commas and
# semicolons in both widths, and the Chinese enumeration comma.
LIST_SEPARATORS = re.compile(r"[\s,，、;；]+")
MAX_LABEL = 63
MAX_NAME = 253
MAX_PORT = 65535


@dataclass(frozen=True)
class DomainVerdict:
    """Everything the page needs about one entry: the verdict and the exact text to paste."""

    text: str
    kind: str
    check: Check
    # The text to paste into the console (lowercase, punycode, port kept), or None.
    host: str | None = None
    # The name as the merchant reads it (Unicode), when it differs from `host` (IDN).
    display: str | None = None
    scheme: str | None = None
    port: int | None = None
    # True when a scheme, path, query or fragment was removed from what was pasted.
    reduced: bool = False

    @property
    def state(self) -> State:
        return self.check.state

    @property
    def ok(self) -> bool:
        return self.check.ok


def _clean(text: str) -> str:
    return "".join(ch for ch in text if ch not in ZERO_WIDTH)


def _example() -> str:
    return "api.example.com"


def _require_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown domain list {kind!r}; expected one of {', '.join(KINDS)}")


def check_domain(text: str, kind: str) -> Check:
    """Is this typed or pasted text something the console's `kind` list accepts? Never raises
    for any text (an unknown `kind` is a programming error: ValueError)."""
    return analyse_domain(text, kind).check


def normalise_domain(text: str, kind: str) -> str | None:
    """The exact text to paste into the console for this entry, or None if it is not acceptable."""
    verdict = analyse_domain(text, kind)
    return verdict.host if verdict.ok else None


def analyse_domain(text: str, kind: str) -> DomainVerdict:
    """The full verdict for one entry (see DomainVerdict). Never raises for any text."""
    _require_kind(kind)
    trimmed = _clean(text).strip()
    # Something typed and then a space or line break: typing more at the end cannot help.
    closed = bool(trimmed) and _clean(text).rstrip() != _clean(text)
    return _analyse(text, trimmed, kind, closed)


def analyse_finished(text: str, kind: str) -> DomainVerdict:
    """The verdict for text nobody will type more into (an entry of a saved list, an address
    found in code): what would be INTERMEDIATE while typing is INVALID here."""
    _require_kind(kind)
    return _analyse(text, _clean(text).strip(), kind, closed=True)


def _analyse(text: str, trimmed: str, kind: str, closed: bool) -> DomainVerdict:
    def verdict(check: Check, **values: Any) -> DomainVerdict:
        return DomainVerdict(text=text, kind=kind, check=check, **values)

    if not trimmed:
        return verdict(
            Check.intermediate(
                _("Enter a domain, for example {example}.").format(example=_example())
            )
        )
    problem = _character_problem(trimmed)
    if problem:
        return verdict(Check.invalid(problem))
    lower = trimmed.lower()

    # --- scheme ------------------------------------------------------------------------
    scheme: str | None = None
    rest = trimmed
    if "://" in lower:
        scheme, rest = lower.split("://", 1)[0], trimmed.split("://", 1)[1]
        if scheme not in KNOWN_SCHEMES:
            return verdict(
                Check.invalid(
                    _(
                        "The address starts with “{scheme}://”: only https:// (wss:// for "
                        "socket) addresses can be used. Enter just the domain, like {example}."
                    ).format(scheme=trimmed.split("://", 1)[0], example=_example())
                )
            )
    elif re.match(r"^[a-z][a-z0-9+.\-]*:/", lower):
        written = lower.split(":", 1)[0]
        if (
            written in SECURE_SCHEMES
            and not closed
            and any(f"{s}://".startswith(lower) for s in SECURE_SCHEMES)
        ):
            return verdict(Check.intermediate(_keep_typing_address()))
        return verdict(
            Check.invalid(
                _(
                    "The address “{text}” is missing a slash after the colon. Enter just the "
                    "domain, like {example}."
                ).format(text=trimmed[:40], example=_example())
            )
        )
    elif lower.endswith(":") and lower[:-1] in SECURE_SCHEMES and not closed:
        return verdict(Check.intermediate(_keep_typing_address()))
    elif lower.endswith(":") and lower[:-1] in INSECURE_SCHEMES:
        return verdict(Check.invalid(_insecure_scheme(lower[:-1], None, kind)))
    elif rest.startswith("//"):
        rest = rest[2:]

    # --- authority ---------------------------------------------------------------------
    cut = len(rest)
    for separator in "/?#":
        where = rest.find(separator)
        if where != -1:
            cut = min(cut, where)
    authority, tail = rest[:cut], rest[cut:]
    reduced = scheme is not None or bool(tail) or trimmed.startswith("//")
    host_closed = closed or bool(tail)
    # Where the host starts in the trimmed text, so characters are named at their position.
    offset = len(trimmed) - len(rest)

    if scheme in INSECURE_SCHEMES and not authority:
        return verdict(Check.invalid(_insecure_scheme(scheme, None, kind)))
    if not authority:
        if scheme is not None and not host_closed:
            return verdict(Check.intermediate(_keep_typing_address()))
        return verdict(
            Check.invalid(
                _("There is no domain in “{text}”. Enter a domain, like {example}.").format(
                    text=trimmed[:60], example=_example()
                )
            )
        )
    if "*" in authority:
        return verdict(
            Check.invalid(
                _(
                    "Wildcards (*) are not accepted: enter every domain in full, like {example}."
                ).format(example=_example())
            )
        )
    if "@" in authority:
        return verdict(
            Check.invalid(
                _(
                    "The address contains a user name or password (the part before @). Enter just "
                    "the domain after the @."
                )
            )
        )
    if authority.startswith("["):
        return verdict(Check.invalid(_ip_address()))

    # --- port --------------------------------------------------------------------------
    port: int | None = None
    host = authority
    if ":" in authority:
        host, port_text = authority.rsplit(":", 1)
        if ":" in host:
            if _is_ip(authority):
                return verdict(Check.invalid(_ip_address()))
            return verdict(Check.invalid(_bad_character(":", offset + host.index(":") + 1)))
        if not port_text:
            if host_closed:
                return verdict(Check.invalid(_empty_port()))
            # The port is being typed; the name before it must already be complete.
            before = _check_host(host, offset, kind, closed=True)
            if before.check.state is not State.ACCEPTABLE:
                return verdict(before.check)
            if scheme in INSECURE_SCHEMES:
                return verdict(Check.invalid(_insecure_scheme(scheme, before.host, kind)))
            return verdict(Check.intermediate(_empty_port()))
        if not port_text.isascii() or not port_text.isdigit():
            return verdict(
                Check.invalid(
                    _(
                        "“{port}” after the colon is not a port number. Enter just the domain, "
                        "like {example}."
                    ).format(port=port_text[:20], example=_example())
                )
            )
        port = int(port_text)
        if not 1 <= port <= MAX_PORT:
            return verdict(
                Check.invalid(
                    _("The port {port} does not exist (ports go from 1 to 65535).").format(
                        port=port_text[:20]
                    )
                )
            )
        host_closed = True

    named = _check_host(host, offset, kind, closed=host_closed)
    if named.check.state is State.INTERMEDIATE and scheme in INSECURE_SCHEMES:
        # Typing more can finish the name, never change the scheme.
        return verdict(Check.invalid(_insecure_scheme(scheme, None, kind)), scheme=scheme)
    if named.check.state is not State.ACCEPTABLE or named.host is None:
        return verdict(named.check, scheme=scheme, reduced=reduced)
    paste = named.host if port is None else f"{named.host}:{port}"
    values: dict[str, Any] = {
        "host": paste,
        "display": named.display,
        "scheme": scheme,
        "port": port,
        "reduced": reduced,
    }
    if scheme in INSECURE_SCHEMES:
        return verdict(Check.invalid(_insecure_scheme(scheme, paste, kind)), **values)
    warnings: list[str] = []
    if scheme == "wss" and kind != "socket":
        warnings.append(
            _(
                "This is a socket address (wss://). Keep it in this list only if the "
                "mini-program also uses {host} for this kind of connection; otherwise enter it "
                "under socket."
            ).format(host=paste)
        )
    if port is not None:
        warnings.append(
            _(
                "The address has a port (:{port}). Douyin's documents disagree on whether ports "
                "are accepted: if you can, serve it on the standard HTTPS port and enter just "
                "{host}."
            ).format(port=port, host=named.host)
        )
    if named.display is not None:
        warnings.append(
            _(
                "“{name}” is an internationalised domain name. If the console does not accept "
                "it, paste its encoded form {punycode}."
            ).format(name=named.display, punycode=named.host)
        )
    return verdict(Check.acceptable(join_sentences(*warnings)), **values)


@dataclass(frozen=True)
class _Host:
    check: Check
    host: str | None = None
    display: str | None = None


def _check_host(host: str, offset: int, kind: str, *, closed: bool) -> _Host:
    """Check a host name (no scheme, no port); `closed` when nothing more can be typed after it."""
    lower = host.lower()
    if not lower:
        return _Host(Check.invalid(_empty_port() if closed else _keep_typing_address()))
    if lower == "localhost" or lower.endswith(".localhost"):
        return _Host(
            Check.invalid(
                _(
                    "“localhost” always means the phone the mini-program runs on, never your "
                    "server. Enter the domain of your server on the internet."
                )
            )
        )
    if _is_ip(lower):
        return _Host(Check.invalid(_ip_address()))
    for index, ch in enumerate(lower):
        if ch in ASCII_HOST_CHARS:
            continue
        if ch.isascii() or not _idn_letter(ch):
            return _Host(Check.invalid(_bad_character(host[index], offset + index + 1)))
    trailing_dot = lower.endswith(".")
    name = lower[:-1] if trailing_dot else lower
    labels = name.split(".")
    if name.startswith(".") or "" in labels:
        where = offset + (lower.index("..") + 2 if ".." in lower else 1)
        return _Host(
            Check.invalid(
                _(
                    "There is an empty part between dots (position {position}): a domain looks "
                    "like {example}."
                ).format(position=where, example=_example())
            )
        )
    ascii_labels: list[str] = []
    for label in labels:
        encoded = _to_ascii(label)
        if encoded is None:
            return _Host(
                Check.invalid(
                    _(
                        "“{label}” cannot be part of a domain name (it cannot be encoded for "
                        "the internet). Check the spelling."
                    ).format(label=label[:MAX_LABEL])
                )
            )
        if len(encoded) > MAX_LABEL:
            return _Host(
                Check.invalid(
                    _(
                        "The part “{label}…” is longer than 63 characters; no domain has a part "
                        "that long."
                    ).format(label=label[:20])
                )
            )
        ascii_labels.append(encoded)
    ascii_name = ".".join(ascii_labels)
    if len(ascii_name) > MAX_NAME:
        return _Host(
            Check.invalid(
                _("The domain has {count} characters; a domain has at most 253.").format(
                    count=len(ascii_name)
                )
            )
        )
    last = ascii_labels[-1]
    # Room to keep typing: one more character must still fit in the last part and the name.
    room = len(last) < MAX_LABEL and len(ascii_name) + 4 <= MAX_NAME
    for index, label in enumerate(ascii_labels):
        is_last = index == len(ascii_labels) - 1 and not trailing_dot
        if label.startswith("-") or (label.endswith("-") and not (is_last and not closed)):
            return _Host(
                Check.invalid(
                    _(
                        "The part “{label}” starts or ends with a hyphen, which a domain cannot do."
                    ).format(label=labels[index])
                )
            )
    if trailing_dot:
        if closed or not room:
            return _Host(
                Check.invalid(
                    _("The domain ends with a dot. Remove the dot at the end: {host}.").format(
                        host=name
                    )
                )
            )
        return _Host(
            Check.intermediate(_("The domain ends with a dot: keep typing, or remove the dot."))
        )
    if last.endswith("-"):
        if not room:
            return _Host(Check.invalid(_not_complete(name)))
        return _Host(Check.intermediate(_keep_typing_domain()))
    if len(ascii_labels) == 1:
        if closed or not room:
            return _Host(Check.invalid(_not_complete(name)))
        return _Host(Check.intermediate(_keep_typing_domain()))
    # A top-level domain has at least two characters and is never all digits.
    if len(last) < 2 or last.isdigit():
        if closed or not room:
            return _Host(Check.invalid(_not_complete(name)))
        return _Host(
            Check.intermediate(_("Keep typing: a domain ends with a name like .com or .cn."))
        )
    display = name if ascii_name != name else None
    return _Host(Check.acceptable(), host=ascii_name, display=display)


def _idn_letter(ch: str) -> bool:
    """A non-ASCII character that may be part of an internationalised name (a letter or digit,
    unchanged by compatibility folding, so nothing is silently turned into something else)."""
    if unicodedata.category(ch)[0] not in "LMN":
        return False
    return unicodedata.normalize("NFKC", ch) == ch


def _to_ascii(label: str) -> str | None:
    """One label's ASCII (punycode) form, or None when it cannot be encoded."""
    if label.isascii():
        if label.startswith("xn--"):
            try:
                label.encode("ascii").decode("idna")
            except (UnicodeError, ValueError):
                return None
        return label
    try:
        return label.encode("idna").decode("ascii").lower()
    except (UnicodeError, ValueError):
        return None


def plain_host(name: str) -> str | None:
    """The host as the console wants it when `name` is a plain ASCII domain every check above
    accepts as it is (letters, digits, inner hyphens, two parts or more, a top-level part of
    letters, no port), else None: then only analyse_finished can say. For the package scan,
    which meets thousands of hosts: about 20x cheaper than the full analysis, same answer."""
    if len(name) > MAX_NAME or not name.isascii():
        return None
    lower = name.lower()
    labels = lower.split(".")
    if len(labels) < 2:
        return None
    for label in labels:
        if (
            not label
            or len(label) > MAX_LABEL
            or label[0] == "-"
            or label[-1] == "-"
            or label.startswith("xn--")
            or not ASCII_HOST_CHARS.issuperset(label)
        ):
            return None
    last = labels[-1]
    if len(last) < 2 or last.isdigit() or last == "localhost":
        return None
    return lower


def _is_ip(text: str) -> bool:
    candidate = text.strip("[]")
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        # Four numbers with one out of range ("300.1.1.1") are still meant as an address.
        return re.fullmatch(r"\d+(\.\d+){3}", candidate) is not None
    return True


def _character_problem(trimmed: str) -> str:
    """The first character no entry can contain, named with its position ('' if none).

    Full-width characters are refused here, before any IDNA conversion: nameprep would quietly
    fold 'ｅ' to 'e' and '。' to '.', and the merchant would never learn the entry was mistyped.
    """
    for index, ch in enumerate(trimmed):
        position = index + 1
        if is_full_width(ch):
            return _(
                "The character '{char}' (position {position}) is a full-width character from a "
                "Chinese input method. Switch to English input and type it again."
            ).format(char=ch, position=position)
        if ch.isspace():
            return _(
                "There is a space or line break at position {position}. Enter one domain per "
                "line, with no spaces."
            ).format(position=position)
        if not ch.isprintable():
            return _(
                "There is an invisible character (U+{code}) at position {position}. Delete it, "
                "or copy the domain again."
            ).format(code=f"{ord(ch):04X}", position=position)
    return ""


def _bad_character(ch: str, position: int) -> str:
    return _(
        "The character '{char}' (position {position}) cannot be in a domain: use only letters, "
        "digits, hyphens (-) and dots."
    ).format(char=ch, position=position)


def _keep_typing_address() -> str:
    return _("Keep typing, or enter just the domain, like {example}.").format(example=_example())


def _keep_typing_domain() -> str:
    return _("Keep typing: a domain has at least one dot, like {example}.").format(
        example=_example()
    )


def _not_complete(name: str) -> str:
    return _(
        "“{name}” is not a complete domain: it needs a dot and an ending like .com or .cn."
    ).format(name=name[:80])


def _empty_port() -> str:
    return _("The address ends with a colon: remove it, or type the port number after it.")


def _ip_address() -> str:
    return _(
        "This is an IP address: the console only accepts domain names. Enter your server's "
        "domain, like {example}."
    ).format(example=_example())


def _insecure_scheme(scheme: str, host: str | None, kind: str) -> str:
    secure = INSECURE_SCHEMES.get(scheme, "https")
    if host is None:
        return _(
            "“{scheme}://” addresses work in preview but fail after release: the released "
            "mini-program only connects with {secure}://. Enter just the domain."
        ).format(scheme=scheme, secure=secure)
    return _(
        "“{scheme}://” addresses work in preview but fail after release: the released "
        "mini-program only connects with {secure}://. Make sure {host} works with {secure}:// "
        "and enter just {host}."
    ).format(scheme=scheme, secure=secure, host=host)


# --- whole lists ---------------------------------------------------------------------------


def split_domain_list(text: str) -> list[str]:
    """A pasted list split into entries (line breaks, spaces, commas, 、，；;), blanks dropped."""
    return [part for part in LIST_SEPARATORS.split(_clean(text)) if part]


@dataclass(frozen=True)
class ListEntry:
    """One entry of a list: its own verdict, and whether it repeats or exceeds the limit."""

    verdict: DomainVerdict
    # Position (0-based) of the earlier entry with the same host, when this one repeats it.
    duplicate_of: int | None = None
    over_limit: bool = False

    @property
    def text(self) -> str:
        return self.verdict.text

    @property
    def host(self) -> str | None:
        return self.verdict.host if self.verdict.ok else None

    @property
    def message(self) -> str:
        """The entry's problem or warning as one or two sentences ('' when fine)."""
        if self.duplicate_of is not None:
            return _("Entered twice (the same as entry {number}): remove one.").format(
                number=self.duplicate_of + 1
            )
        if self.over_limit:
            return _("Over the limit: a list holds at most {limit} domains.").format(
                limit=facts.DOMAINS_PER_LIST
            )
        if self.verdict.state is State.INTERMEDIATE:
            return _not_complete_entry(self.verdict)
        return self.verdict.check.message

    @property
    def ok(self) -> bool:
        return self.verdict.ok and self.duplicate_of is None and not self.over_limit


def _not_complete_entry(verdict: DomainVerdict) -> str:
    # In a finished list an incomplete entry cannot be completed later: say so plainly.
    return analyse_finished(verdict.text, verdict.kind).check.message


@dataclass(frozen=True)
class DomainList:
    """A whole list as the merchant entered it, split and judged entry by entry."""

    kind: str
    entries: tuple[ListEntry, ...]

    @property
    def hosts(self) -> list[str]:
        """Acceptable hosts in order, without repeats (what goes into the console)."""
        seen: list[str] = []
        for entry in self.entries:
            if entry.host is not None and entry.host not in seen:
                seen.append(entry.host)
        return seen

    @property
    def paste_text(self) -> str:
        """The list to copy: one host per line, at most the list's limit."""
        return "\n".join(self.hosts[: facts.DOMAINS_PER_LIST])

    @property
    def invalid(self) -> list[ListEntry]:
        return [e for e in self.entries if not e.verdict.ok]

    @property
    def duplicates(self) -> list[ListEntry]:
        return [e for e in self.entries if e.duplicate_of is not None]

    @property
    def over_limit(self) -> bool:
        return len(self.hosts) > facts.DOMAINS_PER_LIST

    @property
    def ok(self) -> bool:
        """Nothing to fix: every entry acceptable and the list within its limit."""
        return not self.invalid and not self.over_limit

    def summary(self) -> str:
        """One sentence about the whole list ('' when there is nothing to say)."""
        if self.over_limit:
            return _(
                "This list has {count} domains, but the console accepts at most {limit}: keep "
                "only those the mini-program uses."
            ).format(count=len(self.hosts), limit=facts.DOMAINS_PER_LIST)
        bad = len(self.invalid)
        if bad == 1:
            return _("1 entry needs fixing.")
        if bad:
            return _("{count} entries need fixing.").format(count=bad)
        return ""


def check_domain_list(entries: str | Iterable[str], kind: str) -> DomainList:
    """Judge a list: pasted text (split like split_domain_list) or entries already split."""
    _require_kind(kind)
    if isinstance(entries, str):
        texts = split_domain_list(entries)
    else:
        texts = [text for text in entries if _clean(text).strip()]
    judged: list[ListEntry] = []
    first_of: dict[str, int] = {}
    accepted = 0
    for index, text in enumerate(texts):
        verdict = analyse_domain(text, kind)
        if verdict.state is State.INTERMEDIATE:
            # Nothing more will be typed into a finished list entry.
            verdict = analyse_finished(text, kind)
        duplicate: int | None = None
        over = False
        if verdict.ok and verdict.host is not None:
            duplicate = first_of.get(verdict.host)
            if duplicate is None:
                first_of[verdict.host] = index
                accepted += 1
                over = accepted > facts.DOMAINS_PER_LIST
        judged.append(ListEntry(verdict, duplicate, over))
    return DomainList(kind, tuple(judged))


def check_domain_lists(lists: Mapping[str, str | Sequence[str]]) -> dict[str, DomainList]:
    """Every list in the platform's order; kinds not given are empty lists."""
    return {kind: check_domain_list(lists.get(kind, ()), kind) for kind in KINDS}


# --- the merchant's answers ----------------------------------------------------------------


@dataclass
class EnteredDomains:
    """The lists the merchant entered (raw text per kind) and whether they saved them in the
    console. Plain data for the step's answers record."""

    lists: dict[str, list[str]] = field(default_factory=dict)
    confirmed_saved: bool = False

    def entries(self, kind: str) -> list[str]:
        return list(self.lists.get(kind, []))

    def to_dict(self) -> dict[str, Any]:
        return {
            "lists": {kind: list(self.lists.get(kind, [])) for kind in KINDS if kind in self.lists},
            "confirmed_saved": self.confirmed_saved,
        }

    @classmethod
    def from_dict(cls, data: object) -> Self:
        """Read saved answers; unknown kinds, non-text entries and damage are dropped."""
        result = cls()
        if not isinstance(data, dict):
            return result
        raw_lists = data.get("lists")
        if isinstance(raw_lists, dict):
            for kind in KINDS:
                values = raw_lists.get(kind)
                if isinstance(values, list):
                    # Bounded: a damaged file cannot make the page build thousands of rows.
                    texts = [v[:1000] for v in values if isinstance(v, str) and v.strip()]
                    result.lists[kind] = texts[:200]
        result.confirmed_saved = data.get("confirmed_saved") is True
        return result
