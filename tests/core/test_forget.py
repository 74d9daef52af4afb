"""The uninstaller's "also remove my data" leaves no AppSecret in the keychain."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.core.forget import forget_secrets
from wizard.core.paths import app_paths
from wizard.core.secrets import SecretStore
from wizard.core.state import ProgramStore

file_backend = pytest.importorskip("keyrings.alt.file")


def test_every_saved_secret_is_removed(tmp_path: Path) -> None:
    backend = file_backend.PlaintextKeyring()
    backend.file_path = str(tmp_path / "keychain.cfg")
    store = SecretStore(backend=backend, trusted=True)
    programs = ProgramStore(app_paths())
    for name, appid in (("a", "tt411d37a0de37d565"), ("b", "tt02d6746b9cb2fc0e10"), ("c", "")):
        programs.create(name).appid = appid
    programs.save()
    store.set("tt411d37a0de37d565", "1" * 40)
    store.set("tt02d6746b9cb2fc0e10", "2" * 40)
    store.set("tt0000000000000000", "3" * 40)  # not this merchant's: left alone

    forgotten = forget_secrets(app_paths(), store)

    assert forgotten == ["tt02d6746b9cb2fc0e10", "tt411d37a0de37d565"]
    fresh = SecretStore(backend=backend, trusted=True)
    assert fresh.get("tt411d37a0de37d565") is None and fresh.get("tt02d6746b9cb2fc0e10") is None
    assert fresh.get("tt0000000000000000") == "3" * 40
