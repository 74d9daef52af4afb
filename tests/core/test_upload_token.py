"""The upload token: checked as typed (opaque: warn, don't block), kept in the keychain per AppID
beside the AppSecret, removed with the mini-program and by --forget-secrets, and saved by
`python -m wizard set-token APPID` from standard input only."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from keyring.backend import KeyringBackend
from keyring.backends import fail

from tests.examples import examples
from wizard.commands import upload_token as token_cli
from wizard.core import i18n
from wizard.core.checks import State
from wizard.core.credentials import check_upload_token, normalize_upload_token
from wizard.core.forget import forget_secrets
from wizard.core.paths import app_paths
from wizard.core.secrets import SecretKind, SecretStore
from wizard.core.state import ProgramStore

file_backend = pytest.importorskip("keyrings.alt.file", reason="test-only dep keyrings.alt")

APPID = "tt411d37a0de37d565"
OTHER = "tt02d6746b9cb2fc0e10"
SECRET = "0123456789abcdef0123456789abcdef01234567"
TOKEN = "upl0ad-T0ken.With_Mixed+Chars/1234567890=="
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def backend(tmp_path: Path) -> KeyringBackend:
    b = file_backend.PlaintextKeyring()
    b.file_path = str(tmp_path / "keychain.cfg")
    return b


def store(backend: KeyringBackend) -> SecretStore:
    return SecretStore(backend=backend, trusted=True)


# --- check_upload_token ---------------------------------------------------------------------


def test_empty_is_intermediate_and_says_where_it_is_made() -> None:
    check = check_upload_token("  \u3000 ")
    assert check.state is State.INTERMEDIATE and "「立即启用」" in check.message


def test_a_plausible_token_is_acceptable_after_trimming() -> None:
    assert check_upload_token(f"\u200b {TOKEN}\n") == check_upload_token(TOKEN)
    assert check_upload_token(TOKEN).ok and not check_upload_token(TOKEN).message
    assert normalize_upload_token(f" {TOKEN}\u3000") == TOKEN


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("abc123", "short"),
        (SECRET, "AppSecret"),
        ("abcdefgh ijklmnopqrstu", "space"),
    ],
)
def test_unusual_shapes_only_warn(text: str, fragment: str) -> None:
    check = check_upload_token(text)
    assert check.state is State.ACCEPTABLE and fragment in check.message


@pytest.mark.parametrize(
    "text",
    [
        APPID,
        "TT411D37A0DE37D565",
        "abcdefgh\nijklmnopqrstuvwxyz",
        "abcdefgh\x00ijklmnopq",
        "x" * 1281,
    ],
)
def test_what_can_never_be_a_token_is_invalid(text: str) -> None:
    assert check_upload_token(text).state is State.INVALID


def test_messages_in_chinese() -> None:
    i18n.set_language(i18n.CHINESE)
    assert "上传密钥" in check_upload_token("").message
    assert "这是 AppID" in check_upload_token(APPID).message


@given(st.text(max_size=300))
@settings(max_examples=examples(300), deadline=None)
def test_never_raises_and_never_echoes_the_token(text: str) -> None:
    check = check_upload_token(text)
    token = normalize_upload_token(text)
    if len(token) >= 8:
        assert token not in check.message


# --- the keychain ---------------------------------------------------------------------------


def test_token_lives_beside_the_appsecret(backend: KeyringBackend) -> None:
    s = store(backend)
    s.set(APPID, SECRET)
    s.set(APPID.upper(), TOKEN, SecretKind.UPLOAD_TOKEN)
    fresh = store(backend)
    assert fresh.get(APPID) == SECRET
    assert fresh.get(APPID, SecretKind.UPLOAD_TOKEN) == TOKEN
    # The AppSecret's entry is unchanged: username = the AppID (as stored before tokens).
    assert backend.get_password(s.service, APPID) == SECRET
    assert backend.get_password(s.service, f"{APPID}/upload-token") == TOKEN


def test_deleting_one_kind_keeps_the_other(backend: KeyringBackend) -> None:
    s = store(backend)
    s.set(APPID, SECRET)
    s.set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
    s.delete(APPID, SecretKind.UPLOAD_TOKEN)
    assert s.get(APPID) == SECRET and s.get(APPID, SecretKind.UPLOAD_TOKEN) is None


def test_removing_the_mini_program_removes_its_token(backend: KeyringBackend) -> None:
    # ProgramContext.remove_program calls delete(appid): every kind goes.
    s = store(backend)
    s.set(APPID, SECRET)
    s.set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
    s.delete(APPID)
    fresh = store(backend)
    assert fresh.get(APPID) is None and fresh.get(APPID, SecretKind.UPLOAD_TOKEN) is None


def test_a_corrected_appid_takes_its_token_along(backend: KeyringBackend) -> None:
    s = store(backend)
    s.set(APPID, SECRET)
    s.set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
    assert s.move(APPID, OTHER)
    assert s.get(OTHER) == SECRET and s.get(OTHER, SecretKind.UPLOAD_TOKEN) == TOKEN
    assert s.get(APPID) is None and s.get(APPID, SecretKind.UPLOAD_TOKEN) is None


def test_a_token_alone_moves_but_move_reports_the_appsecret(backend: KeyringBackend) -> None:
    s = store(backend)
    s.set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
    assert s.move(APPID, OTHER) is False
    assert s.get(OTHER, SecretKind.UPLOAD_TOKEN) == TOKEN


def test_token_in_memory_when_there_is_no_store() -> None:
    s = SecretStore(backend=fail.Keyring())
    s.set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
    assert s.get(APPID, SecretKind.UPLOAD_TOKEN) == TOKEN and s.get(APPID) is None


def test_forget_secrets_removes_tokens_too(backend: KeyringBackend) -> None:
    programs = ProgramStore(app_paths())
    programs.create("a").appid = APPID
    programs.save()
    s = store(backend)
    s.set(APPID, SECRET)
    s.set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
    s.set(OTHER, TOKEN, SecretKind.UPLOAD_TOKEN)  # not this merchant's: left alone
    assert forget_secrets(app_paths(), s) == [APPID]
    fresh = store(backend)
    assert fresh.get(APPID, SecretKind.UPLOAD_TOKEN) is None and fresh.get(APPID) is None
    assert fresh.get(OTHER, SecretKind.UPLOAD_TOKEN) == TOKEN


# --- set-token ------------------------------------------------------------------------------


def run_set_token(
    monkeypatch: pytest.MonkeyPatch, backend: KeyringBackend, argv: list[str], stdin: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = token_cli.main(argv, store=store(backend))
    return code, out.getvalue(), err.getvalue()


def test_set_token_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, backend: KeyringBackend
) -> None:
    code, out, err = run_set_token(monkeypatch, backend, [APPID.upper()], f"  {TOKEN}\n")
    assert code == 0 and APPID in out and TOKEN not in out + err
    assert store(backend).get(APPID, SecretKind.UPLOAD_TOKEN) == TOKEN


def test_set_token_warns_but_saves_an_odd_token(
    monkeypatch: pytest.MonkeyPatch, backend: KeyringBackend
) -> None:
    code, _out, err = run_set_token(monkeypatch, backend, [APPID], "short\n")
    assert code == 0 and "short" in err
    assert store(backend).get(APPID, SecretKind.UPLOAD_TOKEN) == "short"


@pytest.mark.parametrize(
    ("argv", "stdin", "expected"),
    [
        ([APPID], "", 2),
        ([APPID], APPID + "\n", 1),
        (["testappid"], TOKEN, 2),
        ([], TOKEN, 2),
        ([APPID, TOKEN], TOKEN, 2),  # a token on the command line is refused as bad usage
    ],
)
def test_set_token_refusals(
    monkeypatch: pytest.MonkeyPatch,
    backend: KeyringBackend,
    argv: list[str],
    stdin: str,
    expected: int,
) -> None:
    code, out, err = run_set_token(monkeypatch, backend, argv, stdin)
    assert code == expected and "Traceback" not in out + err and err.strip()
    assert store(backend).get(APPID, SecretKind.UPLOAD_TOKEN) is None


def test_set_token_delete(monkeypatch: pytest.MonkeyPatch, backend: KeyringBackend) -> None:
    s = store(backend)
    s.set(APPID, SECRET)
    s.set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
    code, _out, _err = run_set_token(monkeypatch, backend, [APPID, "--delete"], "")
    assert code == 0
    assert store(backend).get(APPID, SecretKind.UPLOAD_TOKEN) is None
    assert store(backend).get(APPID) == SECRET


def test_set_token_without_a_secure_store_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(TOKEN))
    assert token_cli.main([APPID], store=SecretStore(backend=fail.Keyring())) == 1


@pytest.mark.slow
def test_set_token_is_a_command_of_the_app() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wizard", "set-token", "--help"],
        cwd=REPO,
        env={**os.environ, "LANGUAGE": "en", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "APPID" in done.stdout and "--delete" in done.stdout


def test_persistence_message_names_the_upload_token() -> None:
    s = SecretStore(backend=fail.Keyring())
    assert "upload token" in s.persistence_message(SecretKind.UPLOAD_TOKEN)
    assert "AppSecret" in s.persistence_message()
