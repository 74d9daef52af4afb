"""Without a secure password store (Linux without Secret Service) every place that speaks of
what is kept says the AppSecret and the upload token are not: the close dialog, the summary and
the self-test (WARN, exit 0: a missing keychain is not a broken install)."""

from __future__ import annotations

import sys

import pytest
from keyrings.alt.file import PlaintextKeyring
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWizard, answer_next_box
from wizard.core.secrets import SecretStore
from wizard.ui import self_test


def insecure_store(tmp_path) -> SecretStore:  # type: ignore[no-untyped-def]
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "plain.cfg")  # type: ignore[misc]
    return SecretStore(backend=backend)  # not trusted: secrets stay in memory


def test_the_close_dialog_says_the_secrets_are_not_kept(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    window = open_wizard()
    window.context.secrets = insecure_store(tmp_path)
    seen = answer_next_box(qtbot, "Keep working")
    assert window.confirm_close() is False
    assert "AppSecret" in seen[0] and "upload token" in seen[0]
    assert "Everything you entered is kept" not in seen[0]


def test_the_summary_does_not_say_kept_safely(open_wizard: OpenWizard, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from wizard.core import journey
    from wizard.core.steps import credentials as credentials_step

    window = open_wizard()
    welcome = window.page_for(journey.WELCOME)
    welcome.name_edit.insert("小明的花店")
    welcome.create_from_field()
    program = window.context.program
    program.appid = "tt411d37a0de37d565"
    window.context.update_answers(
        program, credentials_step.ID, secret_saved=True, pasted_in_admin=True
    )
    summary = window.page_for(journey.SUMMARY)
    window.context.secrets = insecure_store(tmp_path)
    done, _left = summary.done_and_left()
    line = next(text for text in done if "AppID" in text)
    assert "kept safely" not in line and "until the app closes" in line


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="a Linux desktop's case")
def test_the_self_test_warns_and_still_passes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import keyring

    # The process's keyring choice is a plain file (what a Linux desktop without Secret
    # Service falls back to); put back afterwards.
    previous = keyring.get_keyring()
    plain = PlaintextKeyring()
    plain.file_path = str(tmp_path / "plain.cfg")  # type: ignore[misc]
    keyring.set_keyring(plain)
    try:
        ok, detail = self_test.check_keyring()
        assert ok and isinstance(detail, self_test.Caution)
        monkeypatch.setattr(self_test, "CHECKS", (("keyring", self_test.check_keyring),))
        assert self_test.run_self_test(["-platform", "offscreen"]) == 0
    finally:
        keyring.set_keyring(previous)
    out = capsys.readouterr().out
    assert "WARN keyring:" in out and "AppSecret" in out and "self-test passed" in out
