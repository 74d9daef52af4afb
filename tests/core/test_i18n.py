"""Catalogs: every marked message translated, none fuzzy, placeholders matching; no compile step."""

from __future__ import annotations

from pathlib import Path

import pytest

import wizard
from wizard.core import i18n
from wizard.core.i18n import CHINESE, load_catalog, parse_po, placeholders
from wizard.core.i18n.sources import collect_messages
from wizard.core.paths import resources_dir

PACKAGE_DIR = Path(wizard.__file__).parent
PO_FILES = sorted((resources_dir() / "i18n" / CHINESE).glob("*.po"))


def test_catalog_files_exist() -> None:
    assert PO_FILES, "no zh_CN .po files"


def test_every_marked_message_has_a_chinese_translation() -> None:
    catalog = load_catalog(CHINESE)
    messages = collect_messages(PACKAGE_DIR)
    assert len(messages) > 50
    missing = [
        f"{text!r} at {places}" for text, places in messages.items() if not catalog.lookup(text)
    ]
    hint = "untranslated (run python -m wizard.core.i18n.sources):\n"
    assert not missing, hint + "\n".join(missing)


@pytest.mark.parametrize("po_file", PO_FILES, ids=lambda p: p.name)
def test_no_fuzzy_entries_and_placeholders_match(po_file: Path) -> None:
    entries = parse_po(po_file.read_text(encoding="utf-8"), po_file.name)
    problems = []
    for entry in entries:
        if not entry.msgid:
            continue
        if entry.fuzzy:
            problems.append(f"fuzzy: {entry.msgid!r}")
        if not entry.msgstr:
            problems.append(f"empty: {entry.msgid!r}")
        if placeholders(entry.msgid) != placeholders(entry.msgstr):
            problems.append(f"placeholders differ: {entry.msgid!r} -> {entry.msgstr!r}")
        if entry.msgid.count("&") != entry.msgstr.count("&"):
            problems.append(f"keyboard accelerator lost: {entry.msgid!r}")
    assert not problems, "\n".join(problems)


def test_no_message_is_defined_twice_with_different_translations() -> None:
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for po_file in PO_FILES:
        for entry in parse_po(po_file.read_text(encoding="utf-8"), po_file.name):
            if not entry.msgid:
                continue  # each file's header
            if entry.msgid in seen and seen[entry.msgid][0] != entry.msgstr:
                clashes.append(f"{entry.msgid!r}: {seen[entry.msgid][1]} vs {po_file.name}")
            seen[entry.msgid] = (entry.msgstr, po_file.name)
    assert not clashes, "\n".join(clashes)


def test_parser_reads_multiline_fuzzy_and_escapes() -> None:
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Hello {name}"\nmsgstr "你好 {name}"\n\n'
        'msgid "Two "\n"lines \\"quoted\\""\nmsgstr "两行"\n"\\n第二行"\n'
    )
    entries = parse_po(text)
    assert entries[1].fuzzy and entries[1].msgstr == "你好 {name}"
    assert entries[2].msgid == 'Two lines "quoted"' and entries[2].msgstr == "两行\n第二行"


def test_fuzzy_entries_are_not_used(tmp_path: Path) -> None:
    folder = tmp_path / CHINESE
    folder.mkdir()
    (folder / "x.po").write_text(
        '#, fuzzy\nmsgid "Hello"\nmsgstr "你好"\n\nmsgid "Bye"\nmsgstr "再见"\n', encoding="utf-8"
    )
    catalog = load_catalog(CHINESE, tmp_path)
    assert catalog.lookup("Hello") is None and catalog.lookup("Bye") == "再见"


def test_switching_language_changes_messages_and_tells_listeners() -> None:
    heard: list[str] = []
    i18n.translator.add_listener(heard.append)
    try:
        i18n.set_language(CHINESE)
        assert i18n._("Welcome") == "欢迎"
        i18n.set_language("en")
        assert i18n._("Welcome") == "Welcome"
    finally:
        i18n.translator.remove_listener(heard.append)
    assert heard == [CHINESE, "en"]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["zh-CN"], CHINESE),
        (["zh_TW.UTF-8"], CHINESE),
        (["en-US", "zh-CN"], "en"),
        (["de_DE"], "en"),
        ([], CHINESE),
        (["", "C"], CHINESE),
        (["POSIX"], CHINESE),
        (["C.UTF-8", "fr"], "en"),
    ],
)
def test_language_choice(names: list[str], expected: str) -> None:
    assert i18n.choose_language(names) == expected
