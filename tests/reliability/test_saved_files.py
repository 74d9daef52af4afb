"""Saved files (settings, state) that parse but cannot be used, and saves that cannot finish.

Fault classes from the reliability review: a file that parses but cannot be loaded, a value
that loads but cannot be saved, set-aside copies replacing each other, a BOM, temporary files
left by a killed save, and the rename not made durable.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from wizard.core import safe_json, storage
from wizard.core.paths import app_paths
from wizard.core.settings import SettingsStore
from wizard.core.state import ProgramStore
from wizard.core.storage import JsonDocument, StorageError

from .hostile import HOSTILE_JSON, ODD_BUT_LOADABLE


def _stores() -> tuple[ProgramStore, SettingsStore]:
    paths = app_paths()
    paths.ensure()
    return ProgramStore(paths), SettingsStore(paths)


@pytest.mark.parametrize("name", sorted(HOSTILE_JSON))
@pytest.mark.parametrize("which", ["state", "settings"])
def test_a_hostile_file_is_set_aside_with_a_sentence_never_raised(name: str, which: str) -> None:
    programs, settings_store = _stores()
    store = programs if which == "state" else settings_store
    path = app_paths().state_file if which == "state" else app_paths().settings_file
    path.write_bytes(HOSTILE_JSON[name])
    result = store.load()
    assert result.problem, "the merchant is told the file was set aside"
    assert result.moved_to is not None and result.moved_to.read_bytes() == HOSTILE_JSON[name]
    assert not path.exists()
    store.save()  # and the app can save again at once
    assert json.loads(path.read_text("utf-8"))["schema_version"] >= 1


@pytest.mark.parametrize("name", sorted(ODD_BUT_LOADABLE))
def test_what_loads_can_always_be_saved_and_loaded_again(name: str) -> None:
    programs, settings_store = _stores()
    paths = app_paths()
    paths.state_file.write_bytes(ODD_BUT_LOADABLE[name])
    paths.settings_file.write_bytes(ODD_BUT_LOADABLE[name])
    for store in (programs, settings_store):
        store.load()
        store.save()  # a lone surrogate used to raise UnicodeEncodeError here
        again = store.load()
        assert again.problem == "", again.problem
    leftovers = [p.name for p in paths.state.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    # Whatever was odd, the saved file is strict UTF-8 JSON any tool can read.
    json.loads(paths.state_file.read_bytes().decode("utf-8"))


def test_a_lone_surrogate_typed_in_is_saved_as_a_replacement_character() -> None:
    programs, _settings = _stores()
    program = programs.create("花店\ud800")
    program.answer("registration")["note"] = "x\udfffy"
    programs.save()
    text = app_paths().state_file.read_text("utf-8")
    assert "花店\ufffd" in text and "x\ufffdy" in text


def test_a_value_json_cannot_hold_fails_with_a_sentence_and_no_temp_file(tmp_path: Path) -> None:
    doc = JsonDocument(tmp_path / "state.json", 1)
    doc.save({"kept": 1})
    for bad in (float("inf"), float("nan"), {1, 2}, object()):
        with pytest.raises(StorageError) as caught:
            doc.save({"value": bad})
        assert "could not be saved" in caught.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]
    assert json.loads((tmp_path / "state.json").read_text("utf-8"))["kept"] == 1


def test_a_failing_migration_sets_the_file_aside(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text('{"schema_version": 1, "programs": "not a list"}', encoding="utf-8")
    doc = JsonDocument(path, 2, migrations={1: lambda d: {**d, "n": len(d["programs"][0]["x"])}})
    result = doc.load()
    assert result.problem and result.moved_to is not None and not path.exists()


def test_two_files_set_aside_in_the_same_second_keep_both_copies(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    copies = []
    for number in range(5):
        content = f"damaged copy {number}".encode()
        path.write_bytes(content)
        result = JsonDocument(path, 1).load()
        assert result.moved_to is not None
        copies.append((result.moved_to, content))
    assert len({moved for moved, _content in copies}) == 5
    for moved, content in copies:
        assert moved.read_bytes() == content


def test_setting_aside_never_replaces_an_existing_file_even_when_names_collide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A frozen clock: every attempt asks for the same time-stamped name.
    monkeypatch.setattr(storage.time, "strftime", lambda _fmt: "20260101-000000")
    taken = tmp_path / "state.unreadable-20260101-000000.json"
    taken.write_bytes(b"someone else's copy")
    path = tmp_path / "state.json"
    path.write_bytes(b"{")
    moved = JsonDocument(path, 1).load().moved_to
    assert moved is not None and moved != taken
    assert taken.read_bytes() == b"someone else's copy" and moved.read_bytes() == b"{"


def test_a_file_saved_with_a_bom_is_read_not_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b'\xef\xbb\xbf{"schema_version": 1, "language": "zh_CN"}')
    result = JsonDocument(path, 1).load()
    assert result.problem == "" and result.data["language"] == "zh_CN"
    assert path.exists()


def test_temporary_files_of_a_killed_save_are_removed_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    doc = JsonDocument(path, 1)
    doc.save({"x": 1})
    killed = [tmp_path / f".state.json.{os.urandom(6).hex()}.tmp" for _ in range(3)]
    for leftover in killed:
        leftover.write_text("half a save", encoding="utf-8")
    others = [tmp_path / ".settings.json.0123456789ab.tmp", tmp_path / "notes.tmp"]
    for other in others:
        other.write_text("not ours to remove", encoding="utf-8")
    removed = doc.remove_leftovers()
    assert sorted(removed) == sorted(killed)
    assert not any(p.exists() for p in killed)
    assert all(p.exists() for p in others) and path.exists()


@pytest.mark.skipif(os.name != "posix", reason="folders are fsynced where they can be opened")
def test_the_folder_is_fsynced_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync-folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync-file")
        real_fsync(fd)

    def replace(src: str, dst: object) -> None:
        events.append("rename")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    JsonDocument(tmp_path / "state.json", 1).save({"x": 1})
    assert events == ["fsync-file", "rename", "fsync-folder"]


@settings(max_examples=examples(200), deadline=None)
@given(
    st.binary(max_size=300)
    | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))
)
def test_safe_json_raises_only_its_own_error(data: bytes) -> None:
    try:
        value = safe_json.loads(data)
    except safe_json.UnusableJson:
        return
    # Whatever loaded can be written as strict UTF-8.
    safe_json.dumps(value, ensure_ascii=False).encode("utf-8")


@settings(max_examples=examples(100), deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=30,
    )
)
def test_every_document_the_app_saves_loads_back(value: object) -> None:
    try:
        text = safe_json.dumps({"v": value}, ensure_ascii=False)
    except safe_json.UnusableJson:
        return  # refused before any file is touched (a StorageError for the merchant)
    loaded = safe_json.loads(text.encode("utf-8"))
    assert isinstance(loaded, dict) and "v" in loaded
