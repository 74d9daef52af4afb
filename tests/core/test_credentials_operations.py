"""The credentials step's named operations (AppID change, storing the AppSecret) headless,
against keyrings.alt's real file backend: the keychain workflow the page used to run itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.core.secrets import SecretStore
from wizard.core.state import MiniProgram
from wizard.core.steps import credentials as step
from wizard.core.steps.credentials import SecretChoice

file_backend = pytest.importorskip("keyrings.alt.file", reason="test-only dep keyrings.alt")

OLD = "tt0123456789abcdef"
NEW = "ttfedcba9876543210"
SECRET = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def secrets(tmp_path: Path) -> SecretStore:
    backend = file_backend.PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")  # type: ignore[misc]
    return SecretStore(backend=backend, trusted=True)


def never_asked(old: str, new: str) -> SecretChoice:
    raise AssertionError(f"asked about {old} → {new}")


def test_first_appid_takes_no_question(secrets: SecretStore) -> None:
    program = MiniProgram(id="p", name="花店")
    change = step.change_appid(
        program, f" {OLD.upper()} ", secrets, old_appid_shared=False, ask=never_asked
    )
    assert change is not None and change.appid == OLD and change.answers == {"appid_text": ""}
    program.appid = OLD
    assert step.change_appid(program, OLD, secrets, old_appid_shared=False, ask=never_asked) is None
    assert (
        step.change_appid(program, "tt12", secrets, old_appid_shared=False, ask=never_asked) is None
    )


@pytest.mark.parametrize("choice", list(SecretChoice))
def test_a_saved_secret_moves_or_goes_as_the_merchant_answers(
    secrets: SecretStore, choice: SecretChoice
) -> None:
    program = MiniProgram(id="p", name="花店", appid=OLD)
    secrets.set(OLD, SECRET)
    asked: list[tuple[str, str]] = []

    def ask(old: str, new: str) -> SecretChoice:
        asked.append((old, new))
        return choice

    change = step.change_appid(program, NEW, secrets, old_appid_shared=False, ask=ask)
    assert asked == [(OLD, NEW)] and change is not None and change.appid == NEW
    assert secrets.get(OLD) is None
    if choice is SecretChoice.MOVE:
        assert secrets.get(NEW) == SECRET and "secret_saved" not in change.answers
    else:
        assert secrets.get(NEW) is None and change.answers["secret_saved"] is False


def test_a_shared_appid_keeps_its_secret_and_the_new_one_gets_a_copy(
    secrets: SecretStore,
) -> None:
    program = MiniProgram(id="p", name="花店", appid=OLD)
    secrets.set(OLD, SECRET)
    change = step.change_appid(program, NEW, secrets, old_appid_shared=True, ask=never_asked)
    assert change is not None and secrets.get(OLD) == SECRET and secrets.get(NEW) == SECRET


def test_store_secret_waits_for_a_whole_appid_then_gives_it_to_the_program(
    secrets: SecretStore,
) -> None:
    program = MiniProgram(id="p", name="花店")
    assert step.store_secret(program, "tt01", SECRET, secrets) is None
    change = step.store_secret(program, OLD, SECRET, secrets)
    assert change is not None and change.appid == OLD and change.answers == {"secret_saved": True}
    assert secrets.get(OLD) == SECRET
    program.appid = OLD
    again = step.store_secret(program, NEW, SECRET, secrets)  # the program's AppID wins
    assert again is not None and again.appid is None and secrets.get(NEW) is None
