"""Translations for our own strings: gettext-style .po catalogs read directly (no compile step).

English is the source language. Catalogs live in resources/i18n/<lang>/*.po; every .po file in
a language folder is merged, so each area of the app keeps its strings in its own file.
Messages are looked up when they are shown, so a live language switch takes effect at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from wizard.core.paths import resources_dir

SOURCE_LANGUAGE = "en"
CHINESE = "zh_CN"
SUPPORTED_LANGUAGES = (CHINESE, SOURCE_LANGUAGE)
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@dataclass
class CatalogEntry:
    """One msgid/msgstr pair with its flags and where it came from."""

    msgid: str
    msgstr: str
    fuzzy: bool = False
    source: str = ""


@dataclass
class Catalog:
    """All entries of one language, merged from its .po files."""

    language: str
    entries: dict[str, CatalogEntry] = field(default_factory=dict)

    def lookup(self, msgid: str) -> str | None:
        entry = self.entries.get(msgid)
        if entry is None or entry.fuzzy or not entry.msgstr:
            return None
        return entry.msgstr


class PoSyntaxError(ValueError):
    """A .po file that cannot be read."""


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(.)")


def _unquote(token: str, where: str) -> str:
    """A PO string literal's text (hand-parsed: ast.literal_eval costs ~30 ms at start-up)."""
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise PoSyntaxError(f"{where}: bad string {token!r}")
    body = token[1:-1]
    if '"' in _ESCAPE.sub("", body):
        raise PoSyntaxError(f"{where}: unescaped quote in {token!r}")

    def replace(match: re.Match[str]) -> str:
        escaped = _ESCAPES.get(match.group(1))
        if escaped is None:
            raise PoSyntaxError(f"{where}: unknown escape in {token!r}")
        return escaped

    return _ESCAPE.sub(replace, body)


def parse_po(text: str, source: str = "<po>") -> list[CatalogEntry]:
    """Parse the subset of the PO format we use: msgid, msgstr, multi-line strings, fuzzy flag."""
    entries: list[CatalogEntry] = []
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None
    fuzzy = False
    pending_fuzzy = False

    def flush() -> None:
        nonlocal msgid, msgstr, fuzzy
        if msgid is not None and msgstr is not None:
            entries.append(CatalogEntry("".join(msgid), "".join(msgstr), fuzzy, source))
        msgid = msgstr = None
        fuzzy = False

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        where = f"{source}:{number}"
        if not line:
            continue
        if line.startswith("#,"):
            pending_fuzzy = "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            fuzzy, pending_fuzzy = pending_fuzzy, False
            msgid = [_unquote(line[6:].strip(), where)]
            current = msgid
        elif line.startswith("msgstr "):
            if msgid is None:
                raise PoSyntaxError(f"{where}: msgstr without msgid")
            msgstr = [_unquote(line[7:].strip(), where)]
            current = msgstr
        elif line.startswith('"'):
            if current is None:
                raise PoSyntaxError(f"{where}: string outside an entry")
            current.append(_unquote(line, where))
        else:
            raise PoSyntaxError(f"{where}: unsupported line {line!r}")
    flush()
    return entries


def load_catalog(language: str, root: Path | None = None) -> Catalog:
    """Read and merge every .po file of a language; the header entry (empty msgid) is dropped.

    The app's own catalogs are remembered in its cache folder as parsed entries, keyed by the
    files' sizes and times, so a start reads one small file instead of parsing every catalog
    (parsing all of them takes ~10 ms, about 5% of start-up).
    """
    folder = (root or resources_dir() / "i18n") / language
    po_files = sorted(folder.glob("*.po"))
    if root is None:
        cached = _cached_catalog(language, po_files)
        if cached is not None:
            return cached
    catalog = Catalog(language)
    for po_file in po_files:
        for entry in parse_po(po_file.read_text(encoding="utf-8"), po_file.name):
            if entry.msgid:
                catalog.entries[entry.msgid] = entry
    if root is None:
        _remember_catalog(catalog, po_files)
    return catalog


def _signature(po_files: list[Path]) -> list[list[object]]:
    signature: list[list[object]] = []
    for po_file in po_files:
        status = po_file.stat()
        signature.append([po_file.name, status.st_size, status.st_mtime_ns])
    return signature


def _cache_file(language: str) -> Path:
    from wizard.core.paths import app_paths

    return app_paths().cache / f"catalog-{language}.json"


def _cached_catalog(language: str, po_files: list[Path]) -> Catalog | None:
    """The parsed catalog remembered for exactly these files, or None (then parse them)."""
    import json

    try:
        data = json.loads(_cache_file(language).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("signature") != _signature(po_files):
            return None
        catalog = Catalog(language)
        for msgid, msgstr, fuzzy, source in data["entries"]:
            catalog.entries[msgid] = CatalogEntry(str(msgid), str(msgstr), bool(fuzzy), source)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no cache yet, or a damaged one: parse the catalogs
    return catalog


def _remember_catalog(catalog: Catalog, po_files: list[Path]) -> None:
    """Write the parsed catalog beside the app's other caches (best effort, atomic)."""
    import json

    from wizard.core.atomic import write_text_atomically

    try:
        target = _cache_file(catalog.language)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "signature": _signature(po_files),
            "entries": [[e.msgid, e.msgstr, e.fuzzy, e.source] for e in catalog.entries.values()],
        }
        # A cache: made again when lost, so no flush to disk.
        write_text_atomically(target, json.dumps(data, ensure_ascii=False), durable=False)
    except OSError:
        pass  # a read-only or full disk: parsing again next time costs a few ms


def placeholders(text: str) -> list[str]:
    """The {named} placeholders of a message, sorted, for comparing source and translation."""
    return sorted(PLACEHOLDER.findall(text))


class Translator:
    """Holds the current language and its catalog; tells listeners when it changes."""

    def __init__(self) -> None:
        self.language = SOURCE_LANGUAGE
        self._catalog: Catalog | None = None
        self._loaded: dict[str, Catalog] = {}
        self._listeners: list[Callable[[str], None]] = []

    def set_language(self, language: str) -> None:
        if language not in SUPPORTED_LANGUAGES:
            language = SOURCE_LANGUAGE
        if language == SOURCE_LANGUAGE:
            self._catalog = None
        else:
            if language not in self._loaded:
                self._loaded[language] = load_catalog(language)
            self._catalog = self._loaded[language]
        self.language = language
        for listener in list(self._listeners):
            listener(language)

    def add_listener(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[str], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def gettext(self, message: str) -> str:
        if self._catalog is None:
            return message
        return self._catalog.lookup(message) or message


translator = Translator()


def _(message: str) -> str:
    """Translate a message into the current language (English source text when missing)."""
    return translator.gettext(message)


def N_(message: str) -> str:
    """Mark a message for translation where it is defined; translate it later with _()."""
    return message


def set_language(language: str) -> None:
    translator.set_language(language)


def current_language() -> str:
    return translator.language


def language_from_environment() -> None:
    """Messages before any window or settings: follow the environment's locale, Chinese when
    unknown (the commands use this alone, so they load nothing of the window's)."""
    import os

    names = [os.environ.get(v, "") for v in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")]
    set_language(choose_language(n.split(":")[0] for n in names))


def choose_language(system_locale_names: Iterable[str]) -> str:
    """Chinese when the system prefers Chinese or says nothing useful; English otherwise."""
    for name in system_locale_names:
        normalized = name.strip().replace("-", "_").lower()
        if not normalized or normalized in {"c", "posix"} or normalized.startswith("c."):
            continue
        return CHINESE if normalized.startswith("zh") else SOURCE_LANGUAGE
    return CHINESE


def join_sentences(*sentences: str) -> str:
    """Sentences one after another: a space between them in English, none in Chinese (where
    full-width punctuation already separates them; see docs/chinese-style.md)."""
    separator = "" if current_language() == CHINESE else " "
    return separator.join(part for part in sentences if part)
