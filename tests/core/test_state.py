"""Mini-programs and their answers: kept apart, kept across restarts, never with a secret."""

from __future__ import annotations

import json

from wizard.core.paths import app_paths
from wizard.core.settings import SettingsStore
from wizard.core.state import ProgramStore


def test_two_programs_are_kept_apart_across_a_restart() -> None:
    paths = app_paths()
    store = ProgramStore(paths)
    store.load()
    flowers = store.create("小明的花店")
    bakery = store.create("Bakery")
    flowers.appid = "tt411d37a0de37d565"
    flowers.answer("registration")["status"] = "under_review"
    bakery.answer("registration")["status"] = "approved"
    store.save()

    again = ProgramStore(paths)
    again.load()
    assert again.get(flowers.id).appid == "tt411d37a0de37d565"  # type: ignore[union-attr]
    assert again.get(flowers.id).answers["registration"]["status"] == "under_review"  # type: ignore[union-attr]
    assert again.get(bakery.id).answers["registration"]["status"] == "approved"  # type: ignore[union-attr]
    assert again.get(bakery.id).appid == ""  # type: ignore[union-attr]


def test_secret_like_answers_never_reach_the_file() -> None:
    paths = app_paths()
    store = ProgramStore(paths)
    program = store.create("Shop")
    program.answer("credentials").update({"secret": "0123456789abcdef" * 2, "appid": "tt1"})
    program.answer("credentials")["AppSecret"] = "zzz-should-not-be-written"
    store.save()
    text = paths.state_file.read_text(encoding="utf-8")
    assert "0123456789abcdef" not in text and "zzz-should-not-be-written" not in text
    assert '"appid": "tt1"' in text


def test_unusable_entries_are_dropped_not_fatal() -> None:
    paths = app_paths()
    paths.state.mkdir(parents=True)
    paths.state_file.write_text(
        json.dumps(
            {
                "schema_version": 1,
                "programs": [
                    {"id": "a", "name": "Good", "answers": {"registration": {"status": "x"}}},
                    {"id": 5, "name": None},
                    "nonsense",
                    {"id": "b", "name": "Odd answers", "answers": ["not", "a", "dict"]},
                ],
            }
        ),
        encoding="utf-8",
    )
    store = ProgramStore(paths)
    result = store.load()
    assert result.problem == ""
    assert sorted(p.name for p in store.programs.values()) == ["Good", "Odd answers"]
    assert store.get("b").answers == {}  # type: ignore[union-attr]


def test_corrupt_state_starts_clean_with_a_sentence() -> None:
    paths = app_paths()
    paths.state.mkdir(parents=True)
    paths.state_file.write_text('{"programs": [', encoding="utf-8")
    store = ProgramStore(paths)
    store.load()
    assert store.programs == {}
    assert "state.json" in store.load_problem
    assert list(paths.state.glob("state.unreadable-*.json"))


def test_settings_round_trip_and_unknown_language_ignored() -> None:
    paths = app_paths()
    settings = SettingsStore(paths)
    settings.load()
    assert settings.settings.language == ""
    settings.settings.language = "zh_CN"
    settings.settings.last_program_id = "abc"
    settings.save()
    again = SettingsStore(paths)
    again.load()
    assert (again.settings.language, again.settings.last_program_id) == ("zh_CN", "abc")
    paths.settings_file.write_text('{"language": "klingon"}', encoding="utf-8")
    again.load()
    assert again.settings.language == ""


def test_secret_looking_values_are_dropped_whatever_their_key() -> None:
    paths = app_paths()
    store = ProgramStore(paths)
    program = store.create("Shop")
    program.answer("credentials")["appid_text"] = "3f2a" * 10  # an AppSecret pasted as AppID
    program.answer("credentials")["note"] = "fine"
    store.save()
    text = paths.state_file.read_text(encoding="utf-8")
    assert "3f2a3f2a" not in text and '"note": "fine"' in text
