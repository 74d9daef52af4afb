"""The zh_CN catalogs: one file per step or subject, no msgid in two files, each message in
the file its subject names (wizard.core.i18n.catalogs), nothing stale."""

from __future__ import annotations

import shutil
from pathlib import Path

from wizard.core.i18n import CHINESE, parse_po
from wizard.core.i18n.catalogs import catalog_for, regroup, subject_of
from wizard.core.i18n.sources import collect_messages
from wizard.core.paths import resources_dir

PACKAGE = Path(__file__).resolve().parents[2] / "wizard"
FOLDER = resources_dir() / "i18n" / CHINESE


def test_no_msgid_is_in_two_files() -> None:
    seen: dict[str, str] = {}
    twice = []
    for po_file in sorted(FOLDER.glob("*.po")):
        for entry in parse_po(po_file.read_text("utf-8"), po_file.name):
            if entry.msgid and entry.msgid in seen:
                twice.append(f"{entry.msgid[:60]!r}: {seen[entry.msgid]} and {po_file.name}")
            seen.setdefault(entry.msgid, po_file.name)
    assert twice == []


def test_every_message_is_in_its_subjects_catalog(tmp_path: Path) -> None:
    """Regrouping a copy changes nothing (run python -m wizard.core.i18n.catalogs if it does)."""
    copy = tmp_path / CHINESE
    shutil.copytree(FOLDER, copy)
    assert regroup(copy, PACKAGE) == []
    assert sorted(p.name for p in copy.glob("*.po")) == sorted(p.name for p in FOLDER.glob("*.po"))


def test_the_subject_rule() -> None:
    assert subject_of("core/steps/filing.py") == "filing"
    assert subject_of("ui/pages/filing_page.py") == "filing"
    assert subject_of("core/upload/outcome.py") == "upload"
    assert subject_of("commands/upload_token.py") == "upload"
    assert subject_of("core/package/download/links.py") == "download"
    assert subject_of("core/journey.py") == "app"
    assert catalog_for(["core/upload/outcome.py:3", "ui/widgets/upload_panel.py:9"]) == "upload"
    assert catalog_for(["core/upload/outcome.py:3", "ui/pages/review_page.py:9"]) == "app"


def test_a_subject_search_finds_its_catalog() -> None:
    """grep for a step or subject finds its catalog: each subject with messages has a file."""
    used = collect_messages(PACKAGE, relative=True)
    subjects = {catalog_for(places) for places in used.values()}
    assert subjects == {p.stem for p in FOLDER.glob("*.po")}
