"""A secret never reaches a stored text or the log: not whole, not in pieces, not in a name;
text the merchant writes on purpose (a test account for reviewers) is kept."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from wizard.core.logs import (
    REDACTED,
    SECRET_PIECE_LENGTH,
    forget_known_secrets,
    looks_like_secret,
    redact,
    register_secret,
    setup_logging,
)
from wizard.core.paths import app_paths
from wizard.core.secrets import SecretStore
from wizard.core.state import ProgramStore

SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"
TOKEN = "tma-upload-7Hq2xZ9pLmN4vB8cK1rT5yW3"  # an upload token: not hex at all


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    forget_known_secrets()
    yield
    forget_known_secrets()


def saved_text() -> str:
    return app_paths().state_file.read_text("utf-8")


def test_an_appsecret_pasted_into_the_name_is_not_saved() -> None:
    store = ProgramStore(app_paths())
    program = store.create(SECRET)
    store.save()
    assert SECRET not in saved_text()
    assert program.name == ""
    # And when an older file already holds one, it is not written back.
    state = json.loads(saved_text())
    state["programs"][0]["name"] = f"我的 {SECRET}"
    app_paths().state_file.write_text(json.dumps(state), encoding="utf-8")
    store.load()
    store.save()
    assert SECRET not in saved_text()


def test_a_known_token_of_any_shape_is_kept_out_of_names_and_answers() -> None:
    register_secret(TOKEN)
    store = ProgramStore(app_paths())
    program = store.create(f"shop {TOKEN}")
    program.answer("version")["changelog"] = f"fixed; token was {TOKEN[5:25]}"
    program.answer("domains")["list"] = ["a.example.com", TOKEN, "b.example.com"]
    store.save()
    text = saved_text()
    assert TOKEN not in text and TOKEN[5:25] not in text
    assert "a.example.com" in text and "b.example.com" in text


def test_text_written_for_reviewers_is_kept() -> None:
    register_secret(SECRET)
    register_secret(TOKEN)
    store = ProgramStore(app_paths())
    program = store.create("小明的花店")
    note = "测试账号：13800000000，密码：test1234（审核专用）"
    program.answer("version")["changelog"] = note
    store.save()
    assert note in saved_text() and "小明的花店" in saved_text()
    assert not looks_like_secret(note)


def test_the_keychain_store_feeds_the_registry() -> None:
    from keyrings.alt.file import PlaintextKeyring  # a real backend (tests only)

    backend = PlaintextKeyring()
    backend.file_path = str(app_paths().state / "keyring.cfg")  # type: ignore[misc]
    store = SecretStore(backend, trusted=True)
    store.set("tt411d37a0de37d565", TOKEN)
    forget_known_secrets()
    assert store.get("tt411d37a0de37d565") == TOKEN  # read back in a later run
    assert looks_like_secret(f"xx{TOKEN[3 : 3 + SECRET_PIECE_LENGTH]}xx")


def test_the_log_redacts_any_long_piece_of_a_known_secret() -> None:
    register_secret(SECRET)
    register_secret(TOKEN)
    piece = SECRET[7:27]  # 20 characters from the middle, as an exception message may quote
    assert redact(f"request failed near {piece}; retry") == f"request failed near {REDACTED}; retry"
    assert TOKEN[2 : 2 + SECRET_PIECE_LENGTH] not in redact(f"x{TOKEN[2:30]}y")
    assert SECRET.upper()[3:23] not in redact(SECRET.upper()[3:23])  # case does not matter
    # Short pieces are left alone: an 8-character slice is too common to mean the secret.
    assert redact(f"id {SECRET[:8]}") == f"id {SECRET[:8]}"


def test_a_piece_of_the_secret_in_a_traceback_never_reaches_the_log_file() -> None:
    register_secret(TOKEN)
    log_file = setup_logging(app_paths())
    logger = logging.getLogger("test.pieces")
    try:
        raise RuntimeError(f"server said: bad token ...{TOKEN[4:24]}...")
    except RuntimeError:
        logger.exception("upload failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text("utf-8")
    assert "upload failed" in text and "RuntimeError" in text
    assert TOKEN[4:24] not in text
    for start in range(len(TOKEN) - SECRET_PIECE_LENGTH + 1):
        assert TOKEN[start : start + SECRET_PIECE_LENGTH] not in text
