"""keyring's chainer as it is built when keyrings.alt sits next to a desktop keyring.

Installing keyrings.alt (the README's test extra) makes keyring chain its plaintext file
backend below the system store. The secret goes to the first backend of that chain, so a
secure store first must count as secure, and a plaintext one first must not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer
from keyring.errors import PasswordDeleteError

from wizard.core.secrets import Persistence, SecretStore, is_secure_backend, storing_backend

file_backend = pytest.importorskip("keyrings.alt.file", reason="test-only dep keyrings.alt")

APPID = "tt411d37a0de37d565"
SECRET = "0123456789abcdef0123456789abcdef01234567"


class DesktopKeyring(KeyringBackend):
    """A secure store like Secret Service or Keychain (priority 5), keeping secrets in memory."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.saved.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class LowDesktopKeyring(DesktopKeyring):
    """The same secure store ranked below keyrings.alt's plaintext file (priority 0.5)."""

    priority = 0.1  # type: ignore[assignment]


ChainFactory = Callable[..., chainer.ChainerBackend]


def forget_detected_backends() -> None:
    """Make keyring look for backends again (its list is computed once per process)."""
    vars(keyring.backend.get_all_keyring).pop("saved_result", None)


@pytest.fixture
def build_chain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ChainFactory]:
    """keyring's own detection and chainer, limited to the backends a test names."""
    # keyrings.alt's file backends write under the data folder: this test's own.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.core._keyring_backend)

    def build(*kinds: type[KeyringBackend]) -> chainer.ChainerBackend:
        allowed = (chainer.ChainerBackend, *kinds)
        # Registered as keyring registers every backend class when it is defined.
        keyring.backend.KeyringBackend._classes.update(kinds)  # type: ignore[attr-defined]
        forget_detected_backends()
        keyring.core.init_backend(limit=lambda b: isinstance(b, allowed))
        chosen = keyring.get_keyring()
        assert isinstance(chosen, chainer.ChainerBackend), chosen
        return chosen

    yield build
    # The test's classes leave keyring's registry; the next detection starts clean.
    keyring.backend.KeyringBackend._classes.discard(DesktopKeyring)  # type: ignore[attr-defined]
    keyring.backend.KeyringBackend._classes.discard(LowDesktopKeyring)  # type: ignore[attr-defined]
    keyring.backend._limit = None
    forget_detected_backends()
    # keyring detects its backend again on the next get_keyring(), as in a fresh process.
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)


def test_secure_store_first_in_a_chain_with_plaintext_is_used(build_chain: ChainFactory) -> None:
    chain = build_chain(DesktopKeyring, file_backend.PlaintextKeyring)
    kinds = [type(b) for b in chain.backends]
    assert kinds[0] is DesktopKeyring and file_backend.PlaintextKeyring in kinds
    assert is_secure_backend(chain)

    store = SecretStore()  # keyring's choice, as the app makes it
    assert store.persistence is Persistence.KEYRING
    assert store.persistence_message() == ""
    store.set(APPID, SECRET)
    first = storing_backend(chain)
    assert isinstance(first, DesktopKeyring) and SECRET in first.saved.values()
    plaintext = next(b for b in chain.backends if isinstance(b, file_backend.PlaintextKeyring))
    assert not Path(plaintext.file_path).exists()  # nothing reached the plaintext file
    assert SecretStore().get(APPID) == SECRET


def test_plaintext_first_in_a_chain_is_not_secure(build_chain: ChainFactory) -> None:
    chain = build_chain(LowDesktopKeyring, file_backend.PlaintextKeyring)
    assert isinstance(storing_backend(chain), file_backend.PlaintextKeyring)
    assert not is_secure_backend(chain)
    store = SecretStore()
    assert store.persistence is Persistence.MEMORY_NO_BACKEND
    store.set(APPID, SECRET)
    plaintext = storing_backend(chain)
    assert isinstance(plaintext, file_backend.PlaintextKeyring)
    assert not Path(plaintext.file_path).exists()  # kept in memory, never on disk
