"""The parsed catalogs are remembered between starts, and never stale or harmful."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wizard.core import i18n
from wizard.core.paths import app_paths, resources_dir


def entries(catalog: i18n.Catalog) -> dict[str, str]:
    return {msgid: entry.msgstr for msgid, entry in catalog.entries.items()}


def test_a_second_load_reads_the_cache_and_gives_the_same_catalog() -> None:
    first = i18n.load_catalog(i18n.CHINESE)
    cache = app_paths().cache / f"catalog-{i18n.CHINESE}.json"
    assert cache.is_file()
    second = i18n.load_catalog(i18n.CHINESE)
    assert entries(second) == entries(first) and len(first.entries) > 500


def test_a_changed_catalog_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(resources_dir() / "i18n", resources / "i18n")
    monkeypatch.setattr(i18n, "resources_dir", lambda: resources)
    before = i18n.load_catalog(i18n.CHINESE)
    po = resources / "i18n" / i18n.CHINESE / "app.po"
    po.write_text(
        po.read_text(encoding="utf-8") + '\nmsgid "A brand new message"\nmsgstr "新消息"\n',
        encoding="utf-8",
    )
    after = i18n.load_catalog(i18n.CHINESE)
    assert "A brand new message" not in before.entries
    assert after.lookup("A brand new message") == "新消息"


def test_a_damaged_cache_is_ignored() -> None:
    cache = app_paths().cache / f"catalog-{i18n.CHINESE}.json"
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text('{"signature": [], "entries": [[1, 2]', encoding="utf-8")
    catalog = i18n.load_catalog(i18n.CHINESE)
    assert catalog.lookup("Summary")
