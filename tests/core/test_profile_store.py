"""Where a profile comes from: baked in, opened and copied into the app's home, chosen per
mini-program; a broken or missing one never stops the app."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from wizard.core import i18n
from wizard.core.paths import app_paths
from wizard.core.profile.store import (
    SOURCE_BAKED,
    SOURCE_NONE,
    SOURCE_OPENED,
    ProfileChoice,
    active_profile,
    baked_profile_path,
    import_profile,
    load_baked_profile,
    profiles_dir,
    refusal_message,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs" / "example-profile.json"


def write_profile(path: Path, **fields: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"schema_version": 1, **fields}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    """An app resources folder of our own (the real one has no baked profile)."""
    folder = tmp_path / "resources"
    folder.mkdir()
    return folder


def test_no_baked_profile_is_a_generic_app_without_a_notice(resources: Path) -> None:
    baked = load_baked_profile(resources)
    assert baked.profile is None and baked.source == SOURCE_NONE and baked.notice == ""


def test_baked_profile_is_found_in_the_resources(resources: Path) -> None:
    baked_profile_path(resources).parent.mkdir(parents=True)
    shutil.copyfile(EXAMPLE, baked_profile_path(resources))
    baked = load_baked_profile(resources)
    assert baked.source == SOURCE_BAKED and baked.notice == ""
    assert baked.profile is not None and baked.profile.id == "yunfan-example"


@pytest.mark.parametrize(
    "content",
    [
        b'{"schema_version": 1, "admin": {"url": "javascript:alert(1)"}}',
        b'{"schema_version": 7}',
        b"\x00\x01 not a profile",
        b"[" * 100_000,
    ],
    ids=["hostile", "newer", "binary", "deep"],
)
def test_broken_baked_profile_starts_generic_with_a_sentence(
    resources: Path, content: bytes
) -> None:
    path = baked_profile_path(resources)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    baked = load_baked_profile(resources)
    assert baked.profile is None and baked.source == SOURCE_NONE
    assert "built into this copy of the app could not be used" in baked.notice
    assert "general instructions" in baked.notice
    i18n.set_language(i18n.CHINESE)
    assert "发布助手" in load_baked_profile(resources).notice


def test_opened_profile_is_copied_into_the_home_and_survives_the_file_moving(
    tmp_path: Path, app_home: Path, resources: Path
) -> None:
    original = tmp_path / "Downloads" / "provider.json"
    original.parent.mkdir()
    shutil.copyfile(EXAMPLE, original)
    outcome = import_profile(original)
    assert outcome.ok and outcome.choice is not None and outcome.message == ""
    choice = outcome.choice
    stored = choice.path()
    assert stored.parent == profiles_dir() == app_paths().config / "profiles"
    assert str(stored).startswith(str(app_home))
    assert stored.read_bytes() == EXAMPLE.read_bytes()
    assert choice.profile_id == "yunfan-example" and choice.name == "Yunfan Example Tech"
    original.unlink()
    active = active_profile(choice, resources=resources)
    assert active.source == SOURCE_OPENED and active.notice == ""
    assert active.profile is not None and active.profile.digest.startswith(choice.digest)
    assert [p.name for p in stored.parent.iterdir()] == [stored.name]  # no temporary left


def test_a_refused_profile_is_not_copied_and_says_why(tmp_path: Path) -> None:
    bad = write_profile(tmp_path / "bad.json", name={"zh": 5}, support={"web": "http://x.cn"})
    outcome = import_profile(bad)
    assert not outcome.ok and outcome.choice is None
    lines = outcome.message.splitlines()
    assert lines[0] == "This provider profile cannot be used:"
    assert any("name.zh" in line for line in lines) and any("support.web" in line for line in lines)
    assert lines[-1] == "Ask your provider for a corrected file."
    assert not profiles_dir().exists()
    missing = import_profile(tmp_path / "missing.json")
    assert not missing.ok and "cannot be found" in missing.message
    assert refusal_message(missing.load) == missing.message


def test_two_mini_programs_can_use_two_providers(tmp_path: Path, resources: Path) -> None:
    first = import_profile(write_profile(tmp_path / "a.json", id="a", name={"zh": "甲"}))
    second = import_profile(write_profile(tmp_path / "b.json", id="b", name={"zh": "乙"}))
    assert first.choice is not None and second.choice is not None
    assert first.choice.digest != second.choice.digest
    # Through the real state file and back, one choice per mini-program.
    from wizard.core.state import ProgramStore

    store = ProgramStore(app_paths())
    for name, outcome in (("shop", first), ("cafe", second)):
        assert outcome.choice is not None
        store.create(name).answer("welcome")["provider_profile"] = outcome.choice.to_dict()
    store.save()
    reloaded = ProgramStore(app_paths())
    reloaded.load()
    saved = {p.name: p.answers["welcome"]["provider_profile"] for p in reloaded.ordered()}
    for program, provider in (("shop", "a"), ("cafe", "b")):
        choice = ProfileChoice.from_dict(saved[program])
        active = active_profile(choice, resources=resources)
        assert active.profile is not None and active.profile.id == provider


def test_a_missing_stored_copy_falls_back_to_the_baked_profile_with_a_sentence(
    tmp_path: Path, resources: Path
) -> None:
    outcome = import_profile(write_profile(tmp_path / "a.json", id="a", name={"en": "Acme"}))
    assert outcome.choice is not None
    outcome.choice.path().unlink()
    active = active_profile(outcome.choice, resources=resources)
    assert active.profile is None and active.source == SOURCE_NONE
    assert "The saved details of Acme could not be read" in active.notice
    assert "general instructions" in active.notice
    write_profile(baked_profile_path(resources), id="baked")
    active = active_profile(outcome.choice, resources=resources)
    assert active.profile is not None and active.profile.id == "baked"
    assert active.source == SOURCE_BAKED and "installed with" in active.notice


def test_a_stored_copy_changed_on_disk_is_not_trusted(tmp_path: Path, resources: Path) -> None:
    outcome = import_profile(write_profile(tmp_path / "a.json", id="a"))
    assert outcome.choice is not None
    write_profile(outcome.choice.path(), id="swapped")
    active = active_profile(outcome.choice, resources=resources)
    assert active.profile is None and active.notice


def test_no_choice_means_the_baked_profile(resources: Path) -> None:
    write_profile(baked_profile_path(resources), id="baked")
    active = active_profile(None, resources=resources)
    assert active.profile is not None and active.source == SOURCE_BAKED


def test_import_fails_with_a_sentence_when_the_home_cannot_be_written(
    tmp_path: Path, app_home: Path
) -> None:
    app_home.mkdir(parents=True, exist_ok=True)
    (app_home / "config").write_text("a file where the folder should be")
    outcome = import_profile(write_profile(tmp_path / "a.json", id="a"))
    assert not outcome.ok and outcome.profile is not None
    assert "is fine but could not be saved" in outcome.message


def test_choice_round_trips() -> None:
    choice = ProfileChoice("ab" * 12, "yunfan-example", "云帆示例科技")
    assert ProfileChoice.from_dict(choice.to_dict()) == choice


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "ab" * 12,
        {},
        {"digest": "../../../etc/passwd"},
        {"digest": "AB" * 12},
        {"digest": "ab" * 11},
        {"digest": 5},
        {"digest": "ab" * 12 + "\n"},
    ],
)
def test_damaged_choice_records_are_dropped(data: object) -> None:
    assert ProfileChoice.from_dict(data) is None


def test_damaged_optional_parts_of_a_choice_are_emptied() -> None:
    choice = ProfileChoice.from_dict({"digest": "cd" * 12, "profile_id": "../x", "name": ["x"] * 3})
    assert choice == ProfileChoice("cd" * 12, "", "")
    long_name = ProfileChoice.from_dict({"digest": "cd" * 12, "name": "x" * 500})
    assert long_name is not None and len(long_name.name) == 60


def test_choice_of_reads_the_remembered_choice_of_a_program() -> None:
    from wizard.core.profile.store import CHOICE_KEY, CHOICE_STEP, choice_of
    from wizard.core.state import MiniProgram

    program = MiniProgram(id="p1", name="shop")
    assert choice_of(None) is None and choice_of(program) is None
    program.answer(CHOICE_STEP)[CHOICE_KEY] = {"digest": "ef" * 12, "name": "甲"}
    assert choice_of(program) == ProfileChoice("ef" * 12, "", "甲")
    program.answer(CHOICE_STEP)[CHOICE_KEY] = "damaged"
    assert choice_of(program) is None
