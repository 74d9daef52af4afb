"""Telling drawn Chinese from empty boxes, where the font list says nothing (Windows, Wine)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from wizard.ui import fonts


def test_real_glyphs_are_told_from_the_same_box_twice(qtbot: QtBot) -> None:
    assert fonts._draws_distinct_glyphs(fonts.SAMPLE)  # this machine has a Chinese font
    # Private-use characters have no glyph in any font: the same box (or nothing) twice.
    assert not fonts._draws_distinct_glyphs("\ue000\ue001")
    assert not fonts._draws_distinct_glyphs("  ")
