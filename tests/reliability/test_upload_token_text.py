"""Upload tokens typed the Chinese way: a token is ASCII (it travels as the `x-cli-token`
header), so a full-width character is refused with its name and position, a pasted label
(“token：…”) is left out, and a token saved before this rule gets the token sentence at upload
time instead of Node's `TypeError: Invalid character in header content`. A changelog holding the
saved token is refused by `upload` as the version page refuses it. No Node is started for any of
these refusals (the runner's start is watched)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from wizard.commands import upload as upload_cli
from wizard.commands import upload_token as token_cli
from wizard.core.checks import State
from wizard.core.credentials import check_upload_token, normalize_upload_token
from wizard.core.secrets import SecretKind, SecretStore
from wizard.core.upload import cli_runner
from wizard.core.upload import outcome as up
from wizard.core.upload.uploader import upload_version

APPID = "tt411d37a0de37d565"
TOKEN = "a1B2c3D4e5F6g7H8i9J0-_.~"


@pytest.fixture
def keychain(tmp_path: Path) -> SecretStore:
    file_backend = pytest.importorskip("keyrings.alt.file")
    backend = file_backend.PlaintextKeyring()
    backend.file_path = str(tmp_path / "keychain.cfg")
    return SecretStore(backend=backend, trusted=True)


@pytest.fixture
def no_node(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Fails the test if anything tries to start the CLI."""
    started: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        started.append(args)
        raise AssertionError("the CLI must not be started")

    monkeypatch.setattr(cli_runner.subprocess, "Popen", refuse)
    return started


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    code = tmp_path / "code"
    code.mkdir()
    (code / "project.config.json").write_text(json.dumps({"appid": APPID}), "utf-8")
    (code / "app.json").write_text("{}", "utf-8")
    return code


@pytest.mark.parametrize(
    ("text", "char", "position"),
    [
        ("a1B2c3D4e5F6g7H8ｉ9J0", "ｉ", 17),  # a full-width letter
        ("a1B2c3D4e5F6g7H8i9J0，", "，", 21),  # a Chinese comma
        ("token：a1B2c3D4e5F6中g7H8", "中", 13),  # after the label is left out
        ("a1B2c3D4\u00e9e5F6g7H8", "\u00e9", 9),  # Latin-1: Node takes it, the platform not
    ],
)
def test_what_cannot_be_a_token_is_refused_naming_it(text: str, char: str, position: int) -> None:
    check = check_upload_token(text)
    assert check.state is State.INVALID
    assert f"'{char}'" in check.message and f"position {position}" in check.message


@pytest.mark.parametrize(
    "label",
    ["token：", "Token: ", "TOKEN=", "upload token：", "x-cli-token: ", "上传密钥：", "令牌:"],
)
def test_a_pasted_label_is_left_out(label: str) -> None:
    assert normalize_upload_token(f" {label}{TOKEN} ") == TOKEN
    check = check_upload_token(f"{label}{TOKEN}")
    assert check.ok and "label" in check.message


def test_set_token_refuses_a_full_width_character(
    monkeypatch: pytest.MonkeyPatch, keychain: SecretStore
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("a1B2c3D4e5F6g7H8ｉ9J0\n"))
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    assert token_cli.main([APPID], store=keychain) == 1
    assert "'ｉ' (position 17)" in err.getvalue() and "full-width" in err.getvalue()
    assert keychain.get(APPID, SecretKind.UPLOAD_TOKEN) is None


def test_set_token_saves_without_the_label(
    monkeypatch: pytest.MonkeyPatch, keychain: SecretStore
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"token：{TOKEN}\n"))
    assert token_cli.main([APPID], store=keychain) == 0
    assert keychain.get(APPID, SecretKind.UPLOAD_TOKEN) == TOKEN


def test_a_bad_saved_token_gets_the_token_sentence_at_upload(
    folder: Path, no_node: list[object]
) -> None:
    outcome = upload_version(
        folder, appid=APPID, version="1.0.0", changelog="首发", token="a1B2c3D4e5F6ｇ7H8"
    )
    assert outcome.kind == up.KIND_TOKEN_INVALID and not outcome.ok
    assert "'ｇ' (position 13)" in outcome.message and "set-token" in outcome.message
    assert "TypeError" not in outcome.message and no_node == []


def test_nodes_header_error_is_the_token_sentence_too() -> None:
    stderr = (
        'TypeError [ERR_INVALID_CHAR]: Invalid character in header content ["x-cli-token"]\n'
        "    at ClientRequest.setHeader (node:_http_outgoing:662:3)\n"
    )
    outcome = up.interpret_cli_output("", stderr)
    assert outcome.kind == up.KIND_TOKEN_INVALID and "「开发配置」" in outcome.message


def test_upload_refuses_a_changelog_holding_the_saved_token(
    folder: Path,
    keychain: SecretStore,
    no_node: list[object],
    capsys: pytest.CaptureFixture[str],
) -> None:
    keychain.set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
    changelog = f"修复问题 {TOKEN}"
    code = upload_cli.main([str(folder), "--version", "1.0.0", "--changelog", changelog], keychain)
    out = capsys.readouterr()
    assert code == 1 and no_node == []
    assert out.out.startswith("This looks like the AppSecret or the upload token.")
    assert TOKEN not in out.out + out.err
