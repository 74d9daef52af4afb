"""Default unpack folders: named after the mini-program, never an existing non-empty folder."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from wizard.core.package.target import default_target, safe_folder_name
from wizard.core.paths import documents_folder


def test_documents_folder_moves_with_the_home(app_home: Path) -> None:
    assert documents_folder() == app_home / "Documents"


def test_default_target_is_named_after_the_program(tmp_path: Path) -> None:
    assert default_target("小明的花店", tmp_path) == tmp_path / "小明的花店"


def test_existing_non_empty_folder_is_never_proposed(tmp_path: Path) -> None:
    (tmp_path / "Shop").mkdir()
    (tmp_path / "Shop" / "app.json").write_text("{}", encoding="utf-8")
    (tmp_path / "Shop (2)").mkdir()
    (tmp_path / "Shop (2)" / "x").write_text("x", encoding="utf-8")
    assert default_target("Shop", tmp_path) == tmp_path / "Shop (3)"
    (tmp_path / "Empty").mkdir()
    assert default_target("Empty", tmp_path) == tmp_path / "Empty"


def test_unsafe_names_are_cleaned() -> None:
    assert safe_folder_name('a<b>c:"d"/e\\f|g?h*') == "a_b_c__d__e_f_g_h_"
    assert safe_folder_name("  ...  ") == "miniapp"
    assert safe_folder_name("CON") == "CON_"
    assert safe_folder_name("shop. ") == "shop"


@given(st.text(max_size=200))
def test_any_name_gives_a_usable_folder_name(name: str) -> None:
    cleaned = safe_folder_name(name)
    assert cleaned and len(cleaned) <= 81
    assert not any(ch in cleaned for ch in '<>:"/\\|?*')
    assert cleaned == cleaned.strip() or cleaned.endswith("_")
