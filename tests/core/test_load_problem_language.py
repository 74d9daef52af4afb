"""A set-aside file's sentence is rendered when shown: in the language chosen by then."""

from __future__ import annotations

from pathlib import Path

from wizard.core.files.storage import JsonDocument
from wizard.core.i18n import CHINESE, SOURCE_LANGUAGE, set_language


def test_damaged_file_sentence_follows_a_later_language_switch(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(b'{"programs": [tru')
    set_language(SOURCE_LANGUAGE)  # found while the app still speaks the system's language
    result = JsonDocument(path, 1).load()
    assert result.problem_text is not None and result.moved_to is not None
    assert "could not be used because it was damaged" in result.problem

    set_language(CHINESE)  # the merchant's saved choice is applied after loading
    assert "无法使用，因为文件已损坏" in result.problem and "started fresh" not in result.problem
    assert str(result.moved_to) in result.problem

    set_language(SOURCE_LANGUAGE)
    assert "started fresh" in result.problem


def test_unreadable_file_sentence_follows_the_language_too(tmp_path: Path) -> None:
    newer = tmp_path / "settings.json"
    newer.write_text('{"schema_version": 99}', encoding="utf-8")
    set_language(CHINESE)
    result = JsonDocument(newer, 1).load()
    chinese = result.problem
    set_language(SOURCE_LANGUAGE)
    assert "newer version" in result.problem and result.problem != chinese
    assert JsonDocument(tmp_path / "missing.json", 1).load().problem == ""
