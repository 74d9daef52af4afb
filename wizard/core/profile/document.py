"""A provider profile: the hosting provider's name, logo, support, admin paths and domains.

The profile is a JSON file written by the provider who hands this app to its merchants
(schema in docs/profile.md). It is untrusted input: it is read with a size cap before parsing,
every field is checked (types, lengths, HTTPS-only addresses, domains, the logo's PNG header),
and loading never raises. Nothing from a profile is executed or rendered as rich text; pages
show its texts with Qt.PlainText.

Decisions (reasons in docs/profile.md):
- The logo is embedded as base64 PNG (``logo_png_base64``), not a path beside the file: one
  self-contained file survives being mailed, copied into the app's home and baked into an
  installer, and a path could point anywhere on the merchant's disk.
- A field the app does not know is refused, naming it: a misspelt field would otherwise drop
  the provider's data silently. New fields come with a new ``schema_version``.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import hashlib
import json
import re
import stat
import struct
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from wizard.core import platform_facts as facts
from wizard.core.domains.rules import DomainVerdict, analyse_finished
from wizard.core.echo import elide, escape_controls, shown
from wizard.core.i18n import CHINESE, N_, _, current_language
from wizard.core.lookalike import lookalike_problem

SCHEMA_VERSION = 1

# Limits. The file cap is checked before anything is parsed; it leaves room for the logo
# in base64 (4/3 of its size) and the rest of the profile.
MAX_FILE_BYTES = 1024 * 1024
MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_BASE64_CHARS = (MAX_LOGO_BYTES + 2) // 3 * 4
LOGO_MIN_PIXELS = 16
LOGO_MAX_PIXELS = 1024
MAX_NAME_CHARS = 60
MAX_ID_CHARS = 64
MAX_SHORT_TEXT_CHARS = 100
MAX_URL_CHARS = 2000
MAX_MENU_ITEMS = 8
MAX_MENU_LABEL_CHARS = 40
MAX_GUIDES = 10
MAX_DOMAINS_PER_LIST = facts.DOMAINS_PER_LIST

SERVER_DOMAIN_KINDS: tuple[str, ...] = facts.DOMAIN_KINDS
WEBVIEW_KIND = "webview"
APPID_PLACEHOLDER = "{appid}"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Allowed (colour type → bit depths) from the PNG specification, section 11.2.2.
PNG_BIT_DEPTHS: dict[int, frozenset[int]] = {
    0: frozenset({1, 2, 4, 8, 16}),
    2: frozenset({8, 16}),
    3: frozenset({1, 2, 4, 8}),
    4: frozenset({8, 16}),
    6: frozenset({8, 16}),
}

_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_EMAIL = re.compile(r"^[^@\s<>\"'()]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]*(?:(?:转|ext\.?|x|,)\s*[0-9]{1,6})?$")
_QQ = re.compile(r"^[1-9][0-9]{4,11}$")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# Characters that change how text is laid out or hide it: bidirectional overrides and
# isolates (they can make a name read backwards), besides the control characters.
_DIRECTION_CHARS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@dataclass(frozen=True)
class LocalText:
    """A text the provider wrote in Chinese and/or English."""

    zh: str = ""
    en: str = ""

    def get(self, language: str | None = None) -> str:
        """The text in the language (current one by default), else the other one."""
        chinese = (language or current_language()) == CHINESE
        first, second = (self.zh, self.en) if chinese else (self.en, self.zh)
        return first or second

    def __bool__(self) -> bool:
        return bool(self.zh or self.en)


@dataclass(frozen=True)
class Support:
    """How merchants reach the provider's support."""

    phone: str = ""
    wechat: str = ""
    qq: str = ""
    email: str = ""
    hours: LocalText = LocalText()
    web: str = ""

    def __bool__(self) -> bool:
        return bool(self.phone or self.wechat or self.qq or self.email or self.web)


@dataclass(frozen=True)
class Admin:
    """The provider's admin: its address and the menu labels as its screens show them."""

    url: str = ""
    credentials_menu: tuple[str, ...] = ()
    package_menu: tuple[str, ...] = ()
    package_button: str = ""
    # Where the merchant enters the payment merchant number (商户号) and key (SALT).
    payment_menu: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuideLink:
    """A page of the provider's own guide."""

    title: LocalText
    url: str


@dataclass(frozen=True)
class ProviderProfile:
    """A validated provider profile; every field may be empty (the app then stays generic)."""

    id: str = ""
    name: LocalText = LocalText()
    logo_png: bytes = b""
    logo_size: tuple[int, int] = (0, 0)
    support: Support = Support()
    admin: Admin = Admin()
    server_domains: dict[str, tuple[str, ...]] = field(default_factory=dict)
    webview_domains: tuple[str, ...] = ()
    package_download_url: str = ""
    guides: tuple[GuideLink, ...] = ()
    # The provider's own update feed (still signed with the publisher's key).
    update_feed_url: str = ""
    # sha256 of the file's bytes: names the stored copy and tells two versions apart.
    digest: str = ""

    def display_name(self, language: str | None = None) -> str:
        return self.name.get(language)


@dataclass(frozen=True)
class ProfileProblem:
    """One thing wrong with a profile: the field (dotted path) and a sentence naming it."""

    field: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


@dataclass(frozen=True)
class ProfileLoad:
    """The outcome of reading a profile: a profile, or problems, or an unreadable file."""

    profile: ProviderProfile | None
    problems: tuple[ProfileProblem, ...] = ()
    warnings: tuple[ProfileProblem, ...] = ()
    # Set (a sentence) when the file could not be read or parsed at all (check-profile exit 2).
    unreadable: str = ""

    @property
    def ok(self) -> bool:
        return self.profile is not None

    def sentences(self) -> list[str]:
        """Everything wrong, one sentence each (empty for a usable profile)."""
        if self.unreadable:
            return [self.unreadable]
        return [problem.message for problem in self.problems]


# ------------------------------------------------------------------ reading bytes


def read_capped(path: Path, limit: int = MAX_FILE_BYTES) -> bytes | str:
    """The file's bytes, or a sentence why not; never reads more than limit + 1 bytes, and
    never opens what is not a regular file (a named pipe would block the reader forever)."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            return _("{path} is a folder, not a provider profile file.").format(path=path)
        if not stat.S_ISREG(mode):
            return _("{path} is not a file; choose the provider profile file.").format(path=path)
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except FileNotFoundError:
        return _("The profile {path} cannot be found.").format(path=path)
    except IsADirectoryError:
        return _("{path} is a folder, not a provider profile file.").format(path=path)
    except OSError as exc:
        return _("The profile {path} cannot be read ({reason}).").format(
            path=path, reason=exc.strerror or type(exc).__name__
        )
    if len(data) > limit:
        try:
            size = path.stat().st_size
        except OSError:
            size = len(data)
        return _("{what} is {size}; a provider profile is at most {limit}.").format(
            what=_("The profile {path}").format(path=path),
            size=_format_size(size),
            limit=_format_size(limit),
        )
    return data


def load_profile_file(path: Path) -> ProfileLoad:
    """Read and validate a profile file; never raises."""
    data = read_capped(path)
    if isinstance(data, str):
        return ProfileLoad(None, unreadable=data)
    return load_profile_bytes(data, str(path))


def load_profile_bytes(data: bytes, source: str = "") -> ProfileLoad:
    """Validate a profile from its bytes (UTF-8, with or without BOM, or UTF-16 with BOM)."""
    what = _("The profile {path}").format(path=source) if source else _("The provider profile")
    if len(data) > MAX_FILE_BYTES:
        return ProfileLoad(
            None,
            unreadable=_("{what} is {size}; a provider profile is at most {limit}.").format(
                what=what, size=_format_size(len(data)), limit=_format_size(MAX_FILE_BYTES)
            ),
        )
    text = _decode(data)
    if text is None:
        return ProfileLoad(
            None,
            unreadable=_(
                "{what} is not a text file in UTF-8; it may be another kind of file."
            ).format(what=what),
        )
    duplicates: list[str] = []
    try:
        document = json.loads(text, object_pairs_hook=_pairs_hook(duplicates))
    except json.JSONDecodeError as exc:
        return ProfileLoad(
            None,
            unreadable=_(
                "{what} is not valid JSON (line {line}, column {column}); "
                "ask your provider for a corrected file."
            ).format(what=what, line=exc.lineno, column=exc.colno),
        )
    except (RecursionError, ValueError, OverflowError, MemoryError):
        # Deeply nested lists or numbers with thousands of digits: hostile or broken.
        return ProfileLoad(
            None,
            unreadable=_(
                "{what} is nested too deeply or holds numbers too large to read; "
                "it is not a provider profile."
            ).format(what=what),
        )
    try:
        validator = _Validator(duplicates)
        profile = validator.profile(document)
    except (RecursionError, ValueError, OverflowError, MemoryError, TypeError):
        # The validator walks only known fields; this is a last guard, not a code path.
        return ProfileLoad(
            None,
            unreadable=_(
                "{what} could not be checked; ask your provider for a corrected file."
            ).format(what=what),
        )
    problems = tuple(validator.problems)
    if problems or profile is None:
        return ProfileLoad(None, problems, tuple(validator.warnings))
    digest = hashlib.sha256(data).hexdigest()
    return ProfileLoad(_with_digest(profile, digest), (), tuple(validator.warnings))


def _decode(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Windows Notepad's "Unicode" encoding.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _pairs_hook(duplicates: list[str]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """Build objects keeping the first value of a repeated key and noting the key."""

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                duplicates.append(key)
                continue
            result[key] = value
        return result

    return hook


def _with_digest(profile: ProviderProfile, digest: str) -> ProviderProfile:
    from dataclasses import replace

    return replace(profile, digest=digest)


def _format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


# ------------------------------------------------------------------ validation

# What a JSON value is, in words, for "expected text, found …".
_FOUND_WORDS = {
    "null": N_("nothing (null)"),
    "bool": N_("true or false"),
    "number": N_("a number"),
    "text": N_("text"),
    "list": N_("a list"),
    "object": N_("a group of fields"),
}


def _found(value: object) -> str:
    if value is None:
        key = "null"
    elif isinstance(value, bool):
        key = "bool"
    elif isinstance(value, (int, float)):
        key = "number"
    elif isinstance(value, str):
        key = "text"
    elif isinstance(value, list):
        key = "list"
    else:
        key = "object"
    return _(_FOUND_WORDS[key])


def _quote(text: str, limit: int = 60) -> str:
    """A value quoted in a sentence, shortened so a hostile value cannot flood the report."""
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    if current_language() == CHINESE:
        return "「" + shown + "」"
    return "“" + shown + "”"


class _Validator:
    """Walks a parsed profile, collecting problems; builds the profile from the good parts."""

    def __init__(self, duplicates: list[str]) -> None:
        self.problems: list[ProfileProblem] = []
        self.warnings: list[ProfileProblem] = []
        self.duplicates = duplicates

    def problem(self, path: str, message: str) -> None:
        # Every sentence is bounded, whatever of the file it quotes.
        self.problems.append(ProfileProblem(shown(path), escape_controls(elide(message, 600))))

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(ProfileProblem(shown(path), escape_controls(elide(message, 600))))

    # -- structure

    def profile(self, document: object) -> ProviderProfile | None:
        for key in dict.fromkeys(self.duplicates):
            self.problem(
                key,
                _("{field} appears more than once; keep only one of them.").format(
                    field=shown(key)
                ),
            )
        if not isinstance(document, dict):
            self.problem(
                "",
                _(
                    "The file holds {found} instead of a group of fields; "
                    "it is not a provider profile."
                ).format(found=_found(document)),
            )
            return None
        if not self.schema_version(document.get("schema_version")):
            # Fields of a newer (or unknown) schema cannot be judged by this app.
            return None
        top = self.fields(
            "",
            document,
            (
                "schema_version",
                "id",
                "name",
                "logo_png_base64",
                "support",
                "admin",
                "server_domains",
                "webview_domains",
                "package_download_url",
                "guides",
                "update_feed_url",
            ),
        )
        logo, size = self.logo("logo_png_base64", top.get("logo_png_base64"))
        return ProviderProfile(
            id=self.identifier("id", top.get("id")),
            name=self.local_text("name", top.get("name"), MAX_NAME_CHARS, html_warning=True),
            logo_png=logo,
            logo_size=size,
            support=self.support("support", top.get("support")),
            admin=self.admin("admin", top.get("admin")),
            server_domains=self.server_domains("server_domains", top.get("server_domains")),
            webview_domains=self.domain_list(
                "webview_domains", top.get("webview_domains"), WEBVIEW_KIND
            ),
            package_download_url=self.url(
                "package_download_url", top.get("package_download_url"), appid_placeholder=True
            ),
            guides=self.guides("guides", top.get("guides")),
            update_feed_url=self.url("update_feed_url", top.get("update_feed_url")),
        )

    def schema_version(self, value: object) -> bool:
        if value is None:
            self.problem(
                "schema_version",
                _(
                    "schema_version is missing: a provider profile starts with "
                    '"schema_version": {version}.'
                ).format(version=SCHEMA_VERSION),
            )
            return False
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.problem(
                "schema_version",
                _("schema_version must be a whole number such as {version}.").format(
                    version=SCHEMA_VERSION
                ),
            )
            return False
        if value > SCHEMA_VERSION:
            found = str(value) if value < 10**12 else "10^12+"
            self.problem(
                "schema_version",
                _(
                    "This profile is for a newer version of the app (schema_version {found}; "
                    "this app reads version {known}). Update the app, or ask your provider for "
                    "a profile of version {known}."
                ).format(found=found, known=SCHEMA_VERSION),
            )
            return False
        return True

    def fields(self, path: str, value: object, known: tuple[str, ...]) -> dict[str, Any]:
        """The object's known fields; unknown ones are refused by name."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(
                path,
                _("{field}: expected a group of fields, found {found}.").format(
                    field=path, found=_found(value)
                ),
            )
            return {}
        for key in value:
            if key not in known:
                # A key is the provider's text: bounded and made printable before it is echoed.
                name = f"{path}.{shown(key)}" if path else shown(key)
                self.problem(
                    name,
                    _(
                        "{field} is not a field of a provider profile; remove it or check "
                        "its spelling."
                    ).format(field=name),
                )
        return {key: value[key] for key in known if key in value}

    def items(self, path: str, value: object, limit: int) -> Iterator[tuple[str, object]]:
        if value is None:
            return
        if not isinstance(value, list):
            self.problem(
                path,
                _("{field}: expected a list, found {found}.").format(
                    field=path, found=_found(value)
                ),
            )
            return
        if len(value) > limit:
            self.problem(
                path,
                _("{field}: {count} entries; at most {limit} are allowed.").format(
                    field=path, count=len(value), limit=limit
                ),
            )
            return
        for index, item in enumerate(value):
            yield f"{path}[{index}]", item

    # -- scalars

    def text(self, path: str, value: object, limit: int, *, html_warning: bool = False) -> str:
        """Plain one-line text: a string, trimmed, within the limit, no control characters."""
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(
                path,
                _("{field}: expected text, found {found}.").format(field=path, found=_found(value)),
            )
            return ""
        text = value.strip()
        if len(text) > limit:
            self.problem(
                path,
                _("{field}: {length} characters; at most {limit} are allowed.").format(
                    field=path, length=len(text), limit=limit
                ),
            )
            return ""
        for position, char in enumerate(text, start=1):
            if char in _DIRECTION_CHARS or unicodedata.category(char) in ("Cc", "Cs", "Co"):
                self.problem(
                    path,
                    _(
                        "{field}: the character U+{code} at position {position} is not allowed "
                        "(line breaks, control and direction-changing characters)."
                    ).format(field=path, code=f"{ord(char):04X}", position=position),
                )
                return ""
        if html_warning and ("<" in text or ">" in text or "&" in text):
            self.warn(
                path,
                _(
                    "{field}: {text} contains <, > or &; the app shows it exactly as written, "
                    "never as formatting."
                ).format(field=path, text=_quote(text)),
            )
        return text

    def local_text(
        self, path: str, value: object, limit: int, *, html_warning: bool = False
    ) -> LocalText:
        parts = self.fields(path, value, ("zh", "en"))
        return LocalText(
            zh=self.text(f"{path}.zh", parts.get("zh"), limit, html_warning=html_warning),
            en=self.text(f"{path}.en", parts.get("en"), limit, html_warning=html_warning),
        )

    def identifier(self, path: str, value: object) -> str:
        text = self.text(path, value, MAX_ID_CHARS)
        if text and not _ID.fullmatch(text):
            self.problem(
                path,
                _(
                    "{field}: {text} is not a valid id (lower-case letters a-z, digits, '.', "
                    "'-' and '_', starting with a letter or digit)."
                ).format(field=path, text=_quote(text)),
            )
            return ""
        return text

    def matching(self, path: str, value: object, pattern: re.Pattern[str], message: str) -> str:
        text = self.text(path, value, MAX_SHORT_TEXT_CHARS)
        if text and not pattern.fullmatch(text):
            self.problem(path, message.format(field=path, text=_quote(text)))
            return ""
        return text

    def url(self, path: str, value: object, *, appid_placeholder: bool = False) -> str:
        text = self.text(path, value, MAX_URL_CHARS)
        if not text:
            return ""
        reason = url_problem(text, appid_placeholder=appid_placeholder)
        if reason:
            self.problem(path, _("{field}: {reason}").format(field=path, reason=reason))
            return ""
        return text

    def logo(self, path: str, value: object) -> tuple[bytes, tuple[int, int]]:
        if value is None:
            return b"", (0, 0)
        if not isinstance(value, str):
            self.problem(
                path,
                _("{field}: expected text, found {found}.").format(field=path, found=_found(value)),
            )
            return b"", (0, 0)
        encoded = "".join(value.split())  # line-wrapped base64 is common
        if len(encoded) > MAX_LOGO_BASE64_CHARS:
            # Judged from the text's length: the image is never decoded.
            self.problem(
                path,
                _("{field}: the logo is about {size}; at most {limit} is allowed.").format(
                    field=path,
                    size=_format_size(len(encoded) // 4 * 3),
                    limit=_format_size(MAX_LOGO_BYTES),
                ),
            )
            return b"", (0, 0)
        try:
            png = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            self.problem(
                path,
                _("{field}: the logo is not valid base64 text.").format(field=path),
            )
            return b"", (0, 0)
        if len(png) > MAX_LOGO_BYTES:
            self.problem(
                path,
                _("{field}: the logo is about {size}; at most {limit} is allowed.").format(
                    field=path, size=_format_size(len(png)), limit=_format_size(MAX_LOGO_BYTES)
                ),
            )
            return b"", (0, 0)
        check = check_png(png)
        if isinstance(check, str):
            self.problem(path, _("{field}: {reason}").format(field=path, reason=check))
            return b"", (0, 0)
        return png, check

    # -- groups

    def support(self, path: str, value: object) -> Support:
        parts = self.fields(path, value, ("phone", "wechat", "qq", "email", "hours", "web"))
        return Support(
            phone=self.matching(
                f"{path}.phone",
                parts.get("phone"),
                _PHONE,
                _("{field}: {text} is not a phone number (digits, spaces, +, - and brackets)."),
            ),
            wechat=self.text(f"{path}.wechat", parts.get("wechat"), MAX_SHORT_TEXT_CHARS),
            qq=self.matching(
                f"{path}.qq",
                parts.get("qq"),
                _QQ,
                _("{field}: {text} is not a QQ number (5 to 12 digits)."),
            ),
            email=self.matching(
                f"{path}.email",
                parts.get("email"),
                _EMAIL,
                _("{field}: {text} is not an e-mail address."),
            ),
            hours=self.local_text(f"{path}.hours", parts.get("hours"), MAX_SHORT_TEXT_CHARS),
            web=self.url(f"{path}.web", parts.get("web")),
        )

    def admin(self, path: str, value: object) -> Admin:
        parts = self.fields(
            path,
            value,
            ("url", "credentials_menu", "package_menu", "package_button", "payment_menu"),
        )
        return Admin(
            url=self.url(f"{path}.url", parts.get("url")),
            credentials_menu=self.menu(f"{path}.credentials_menu", parts.get("credentials_menu")),
            package_menu=self.menu(f"{path}.package_menu", parts.get("package_menu")),
            package_button=self.text(
                f"{path}.package_button", parts.get("package_button"), MAX_MENU_LABEL_CHARS
            ),
            payment_menu=self.menu(f"{path}.payment_menu", parts.get("payment_menu")),
        )

    def menu(self, path: str, value: object) -> tuple[str, ...]:
        labels = []
        for item_path, item in self.items(path, value, MAX_MENU_ITEMS):
            label = self.text(item_path, item, MAX_MENU_LABEL_CHARS)
            if label:
                labels.append(label)
        return tuple(labels)

    def server_domains(self, path: str, value: object) -> dict[str, tuple[str, ...]]:
        parts = self.fields(path, value, SERVER_DOMAIN_KINDS)
        lists: dict[str, tuple[str, ...]] = {}
        for kind in SERVER_DOMAIN_KINDS:
            domains = self.domain_list(f"{path}.{kind}", parts.get(kind), kind)
            if domains:
                lists[kind] = domains
        return lists

    def domain_list(self, path: str, value: object, kind: str) -> tuple[str, ...]:
        """Each entry judged by the domains step's validator as finished text; kept as the
        exact host to paste into the console (a pasted https://… address is reduced)."""
        domains: list[str] = []
        for item_path, item in self.items(path, value, MAX_DOMAINS_PER_LIST):
            text = self.text(item_path, item, 253)
            if not text:
                continue
            verdict = analyse_profile_domain(text, kind)
            lookalike = lookalike_problem(verdict.display or text)
            if lookalike:
                self.problem(
                    item_path,
                    _("{field}: {text}: {reason}").format(
                        field=item_path, text=_quote(text), reason=lookalike
                    ),
                )
                continue
            if not verdict.ok or verdict.host is None:
                self.problem(
                    item_path,
                    _("{field}: {text}: {reason}").format(
                        field=item_path, text=_quote(text), reason=verdict.check.message
                    ),
                )
                continue
            if verdict.check.message:
                self.warn(
                    item_path,
                    _("{field}: {text}: {reason}").format(
                        field=item_path, text=_quote(text), reason=verdict.check.message
                    ),
                )
            if verdict.host in domains:
                self.warn(
                    item_path,
                    _("{field}: {text} is already in this list.").format(
                        field=item_path, text=_quote(text)
                    ),
                )
                continue
            domains.append(verdict.host)
        return tuple(domains)

    def guides(self, path: str, value: object) -> tuple[GuideLink, ...]:
        links = []
        for item_path, item in self.items(path, value, MAX_GUIDES):
            parts = self.fields(item_path, item, ("title", "url"))
            if not parts:
                continue
            title = self.local_text(f"{item_path}.title", parts.get("title"), 80)
            url = self.url(f"{item_path}.url", parts.get("url"))
            if url:
                links.append(GuideLink(title, url))
        return tuple(links)


# ------------------------------------------------------------------ single checks


def analyse_profile_domain(text: str, kind: str) -> DomainVerdict:
    """A domain from a profile, judged as the domains step judges a finished entry (what would
    still be "typing" there is refused here: nobody types more into a profile)."""
    return analyse_finished(text, kind)


def url_problem(text: str, *, appid_placeholder: bool = False) -> str:
    """Why a web address from a profile cannot be used (a sentence), or "" when it can.

    Only https:// addresses to a named host; no user name or password in them (they are
    used to disguise where a link really goes); with appid_placeholder, {appid} may appear.
    """
    if any(char.isspace() for char in text):
        return _("{url} contains spaces; a web address has none.").format(url=_quote(text))
    probe = text.replace(APPID_PLACEHOLDER, "tt0") if appid_placeholder else text
    if "{" in probe or "}" in probe:
        if appid_placeholder:
            return _(
                "{url} has braces; the only placeholder allowed is {{appid}}, replaced "
                "by the merchant's AppID."
            ).format(url=_quote(text))
        return _("{url} has braces, which a web address cannot have.").format(url=_quote(text))
    try:
        parts = urlsplit(probe)
        port = parts.port
    except ValueError:
        return _("{url} is not a valid web address.").format(url=_quote(text))
    scheme = parts.scheme.lower()
    if scheme != "https":
        if not scheme or not probe.lower().startswith(scheme + ":"):
            return _("{url} is not a web address starting with https://.").format(url=_quote(text))
        return _("{url} starts with {scheme}:, which is not allowed; only https:// is.").format(
            url=_quote(text), scheme=scheme
        )
    if not parts.netloc or not probe.lower().startswith("https://"):
        return _("{url} is not a web address starting with https://.").format(url=_quote(text))
    if "@" in parts.netloc or parts.username is not None:
        return _("{url} holds a user name or password; a profile's links must not.").format(
            url=_quote(text)
        )
    host = parts.hostname or ""
    if not _valid_host(host) or (port is not None and not 0 < port < 65536):
        return _("{url} does not name a valid host.").format(url=_quote(text))
    return lookalike_problem(host)


def _valid_host(host: str) -> bool:
    if not host or len(host) > 253:
        return False
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        return False
    labels = ascii_host.rstrip(".").split(".")
    return len(labels) >= 2 and all(_HOST_LABEL.fullmatch(label) for label in labels)


def check_png(data: bytes) -> tuple[int, int] | str:
    """(width, height) of a PNG, from its IHDR chunk, or a sentence why it is no usable PNG.

    Checks the signature, the IHDR chunk (length, CRC, colour type and bit depth), the size
    in pixels, and that the file ends with IEND (a cut-off download fails here).
    """
    if not data.startswith(PNG_SIGNATURE):
        return _("the logo is not a PNG image.")
    header = data[8:33]
    if len(header) < 25 or header[:8] != b"\x00\x00\x00\x0dIHDR":
        return _("the logo's PNG image is damaged.")
    width, height, depth, colour = struct.unpack(">IIBB", header[8:18])
    (crc,) = struct.unpack(">I", header[21:25])
    if zlib.crc32(header[4:21]) != crc or depth not in PNG_BIT_DEPTHS.get(colour, ()):
        return _("the logo's PNG image is damaged.")
    if not data.endswith(b"\x00\x00\x00\x00IEND\xaeB`\x82"):
        return _("the logo's PNG image is cut off or damaged.")
    if not (LOGO_MIN_PIXELS <= width <= LOGO_MAX_PIXELS) or not (
        LOGO_MIN_PIXELS <= height <= LOGO_MAX_PIXELS
    ):
        return _(
            "the logo is {width}×{height} pixels; each side must be between {min} and {max}."
        ).format(width=width, height=height, min=LOGO_MIN_PIXELS, max=LOGO_MAX_PIXELS)
    needed = png_data_size(width, height, depth, colour, interlaced=header[20] == 1)
    inflated = _inflated_image_data(data, needed + PNG_DATA_SLACK)
    if inflated is None:
        return _("the logo's PNG image is damaged.")
    if inflated > needed + PNG_DATA_SLACK:
        # A few hundred KB of zeros can unpack to hundreds of MB, and an image viewer
        # unpacks all of it each time it draws the logo.
        return _(
            "the logo's image data unpacks to more than its {width}×{height} pixels need "
            "(over {size}, where {needed} is enough); save the logo again with an image editor."
        ).format(
            width=width,
            height=height,
            size=_format_size(needed + PNG_DATA_SLACK),
            needed=_format_size(needed),
        )
    return width, height


# Image data bytes beyond what the pixels need that a logo may carry (some encoders pad).
PNG_DATA_SLACK = 1024
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
# Adam7 passes: (first column, first row, column step, row step).
_ADAM7: tuple[tuple[int, int, int, int], ...] = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)


def png_data_size(width: int, height: int, depth: int, colour: int, *, interlaced: bool) -> int:
    """Bytes of unpacked image data (each row with its filter byte) the PNG's size needs."""
    bits = depth * _PNG_CHANNELS.get(colour, 4)

    def rows(columns: int, count: int) -> int:
        return 0 if columns == 0 or count == 0 else count * (1 + (columns * bits + 7) // 8)

    if not interlaced:
        return rows(width, height)
    return sum(
        rows(max(0, (width - x + dx - 1) // dx), max(0, (height - y + dy - 1) // dy))
        for x, y, dx, dy in _ADAM7
    )


def _inflated_image_data(data: bytes, limit: int) -> int | None:
    """Bytes the IDAT chunks unpack to, counting stopped just past limit (never more is
    unpacked, so a bomb costs no more than an honest logo); None when the chunks or the
    compressed stream are damaged."""
    position = len(PNG_SIGNATURE)
    inflater = zlib.decompressobj()
    total = 0
    while position + 12 <= len(data):
        (length,) = struct.unpack_from(">I", data, position)
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if len(body) != length:
            return None
        position += 12 + length
        if kind == b"IEND":
            return total if position == len(data) else None
        if kind != b"IDAT":
            continue
        try:
            total += len(inflater.decompress(body, limit + 1 - total))
            while total <= limit and inflater.unconsumed_tail:
                total += len(inflater.decompress(inflater.unconsumed_tail, limit + 1 - total))
        except zlib.error:
            return None
        if total > limit:
            return total
    return None
