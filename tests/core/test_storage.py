"""JSON documents: atomic writes, schema version, damaged files set aside with a sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wizard.core import i18n
from wizard.core.files.storage import JsonDocument, StorageError


def test_round_trip_writes_schema_version_and_no_temp_files(tmp_path: Path) -> None:
    doc = JsonDocument(tmp_path / "state.json", schema_version=3)
    doc.save({"name": "小明的花店"})
    on_disk = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert on_disk == {"name": "小明的花店", "schema_version": 3}
    assert doc.load().data["name"] == "小明的花店"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_missing_file_is_an_empty_document(tmp_path: Path) -> None:
    result = JsonDocument(tmp_path / "nothing.json", 1).load()
    assert result.data == {} and result.problem == ""


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b"", b'{"schema_version": "x"}'],
)
def test_damaged_file_is_moved_aside_and_reported(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    result = JsonDocument(path, 1).load()
    assert result.data == {}
    assert "settings.json" in result.problem and "started fresh" in result.problem
    assert result.moved_to is not None and result.moved_to.read_bytes() == content
    assert not path.exists()


def test_problem_sentence_is_translated(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{", encoding="utf-8")
    i18n.set_language(i18n.CHINESE)
    result = JsonDocument(path, 1).load()
    assert "发布助手已重新开始" in result.problem


def test_newer_document_is_kept_for_the_newer_app(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text('{"schema_version": 99, "x": 1}', encoding="utf-8")
    result = JsonDocument(path, 1).load()
    assert result.data == {} and "newer version" in result.problem
    assert result.moved_to is not None and json.loads(result.moved_to.read_text())["x"] == 1


def test_migrations_run_in_order(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text('{"schema_version": 1, "n": 1}', encoding="utf-8")
    doc = JsonDocument(
        path,
        3,
        migrations={1: lambda d: {**d, "n": d["n"] * 10}, 2: lambda d: {**d, "n": d["n"] + 1}},
    )
    assert doc.load().data == {"n": 11, "schema_version": 3}


def test_failed_write_raises_a_sentence_and_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    doc = JsonDocument(path, 1)
    doc.save({"kept": True})
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(StorageError) as caught:
        JsonDocument(blocker / "state.json", 1).save({"x": 1})
    assert "could not be saved" in caught.value.message
    assert json.loads(path.read_text())["kept"] is True


def test_failed_rename_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.mkdir()  # a folder in the way: os.replace fails after the temp file was written
    (target / "inside").write_text("x", encoding="utf-8")
    with pytest.raises(StorageError):
        JsonDocument(target, 1).save({"x": 1})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_a_file_that_cannot_be_opened_is_never_written_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    JsonDocument(path, 1).save({"programs": ["precious"]})
    real_read_bytes = Path.read_bytes

    def locked(self: Path) -> bytes:  # as a backup tool or antivirus holding the file
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", locked)
    doc = JsonDocument(path, 1)
    result = doc.load()
    assert result.data == {} and "untouched" in result.problem
    with pytest.raises(StorageError) as caught:
        doc.save({"programs": ["new"]})
    assert "restart" in caught.value.message
    monkeypatch.undo()
    assert json.loads(path.read_text(encoding="utf-8"))["programs"] == ["precious"]
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]
