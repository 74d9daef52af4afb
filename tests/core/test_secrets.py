"""SecretStore against real keyring backends: keyrings.alt's file backend in a temp folder and,
where installed, GNOME Keyring on a private D-Bus session (a real Secret Service, lockable).

Test-only dependencies: keyrings.alt (pip); gnome-keyring and dbus (Debian) for the Secret
Service tests, which are skipped when those programs are missing.
"""

from __future__ import annotations

import configparser
import logging
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError

from wizard import KEYRING_SERVICE
from wizard.core import platform_facts as facts
from wizard.core.i18n import set_language
from wizard.core.secrets import (
    Persistence,
    SecretStore,
    SecretTooLongError,
    is_secure_backend,
    utf16_length,
)

file_backend = pytest.importorskip("keyrings.alt.file", reason="test-only dep keyrings.alt")

APPID = "tt411d37a0de37d565"
OTHER_APPID = "tt02d6746b9cb2fc0e10"
SECRET = "0123456789abcdef0123456789abcdef01234567"
OTHER_SECRET = "fedcba9876543210fedcba9876543210fedcba98"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINIAPP_PUBLISHER_HOME", str(tmp_path / "home"))


@pytest.fixture
def plaintext(tmp_path: Path) -> KeyringBackend:
    """keyrings.alt's plaintext file backend, writing to a file of this test only."""
    backend = file_backend.PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")
    return backend


class BrokenKeyring(KeyringBackend):
    """A backend whose store fails on every call, as a locked or unreachable store does."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("store unavailable")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("store unavailable")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringError("store unavailable")


# --- which backends count as secure -------------------------------------------------------


def test_insecure_backends_are_recognised(plaintext: KeyringBackend) -> None:
    assert not is_secure_backend(fail.Keyring())
    assert not is_secure_backend(null.Keyring())
    assert not is_secure_backend(plaintext)

    class MyPlaintextKeyring(file_backend.PlaintextKeyring):  # type: ignore[misc]
        """A plaintext file backend living outside keyrings.alt: caught by its class name."""

    assert MyPlaintextKeyring.__module__ == __name__
    assert not is_secure_backend(MyPlaintextKeyring())
    assert is_secure_backend(BrokenKeyring())  # an ordinary backend class is not suspicious


def test_chainer_is_only_as_secure_as_what_it_chains(
    plaintext: KeyringBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [], raising=False)
    assert not is_secure_backend(chainer.ChainerBackend())
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [plaintext], raising=False)
    assert not is_secure_backend(chainer.ChainerBackend())


def test_default_backend_is_used_when_none_given(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    monkeypatch.setattr(keyring.core, "_keyring_backend", null.Keyring(), raising=False)
    store = SecretStore()
    assert "null" in store.backend_name
    assert not store.is_persistent


# --- memory fallback when no secure store exists ------------------------------------------


@pytest.mark.parametrize("make_backend", [fail.Keyring, null.Keyring])
def test_no_secure_backend_keeps_secrets_in_memory(make_backend: type[KeyringBackend]) -> None:
    store = SecretStore(backend=make_backend())
    assert not store.is_persistent
    assert store.persistence is Persistence.MEMORY_NO_BACKEND
    assert "until you close the app" in store.persistence_message()
    store.set(APPID, SECRET)
    assert store.get(APPID.upper()) == SECRET
    assert store.move(APPID, OTHER_APPID)
    assert store.get(APPID) is None
    assert store.get(OTHER_APPID) == SECRET
    store.delete(OTHER_APPID)
    assert store.get(OTHER_APPID) is None


def test_plaintext_file_backend_is_not_trusted_by_default(
    plaintext: KeyringBackend, tmp_path: Path
) -> None:
    store = SecretStore(backend=plaintext)
    assert not store.is_persistent
    store.set(APPID, SECRET)
    assert store.get(APPID) == SECRET
    # Nothing reached the file: an untrusted backend is never written to.
    assert not (tmp_path / "keyring_pass.cfg").exists()


def test_persistence_message_in_chinese() -> None:
    set_language("zh_CN")
    try:
        message = SecretStore(backend=fail.Keyring()).persistence_message()
    finally:
        set_language("en")
    assert "关闭发布助手" in message and "AppSecret" in message


# --- a trusted real backend (file in a temp folder) ---------------------------------------


def test_set_get_delete_move_with_a_real_file_backend(
    plaintext: KeyringBackend, tmp_path: Path
) -> None:
    store = SecretStore(backend=plaintext, trusted=True)
    assert store.is_persistent
    assert store.persistence_message() == ""
    assert store.get(APPID) is None
    store.set(f"  {APPID.upper()}\n", SECRET)
    assert store.get(APPID) == SECRET

    # One entry per AppID, under the app's service name and the normalized AppID.
    stored = configparser.RawConfigParser()
    stored.read(tmp_path / "keyring_pass.cfg", encoding="utf-8")
    sections = stored.sections()
    from keyrings.alt.escape import escape

    assert sections == [escape(KEYRING_SERVICE)]
    assert list(stored[sections[0]]) == [escape(APPID).lower()]

    # A second store on the same file sees it: the secret outlived the first one.
    assert SecretStore(backend=plaintext, trusted=True).get(APPID) == SECRET

    store.set(OTHER_APPID, OTHER_SECRET)
    store.delete(OTHER_APPID)
    assert store.get(OTHER_APPID) is None
    store.delete(OTHER_APPID)  # deleting what is not there is fine

    assert store.move(APPID, OTHER_APPID)
    assert store.get(APPID) is None
    assert store.get(OTHER_APPID) == SECRET
    assert not store.move(APPID, OTHER_APPID)  # nothing left to move
    assert store.move(OTHER_APPID, OTHER_APPID.upper())  # same AppID: stays where it is
    assert store.get(OTHER_APPID) == SECRET


def test_credential_manager_limit(plaintext: KeyringBackend) -> None:
    store = SecretStore(backend=plaintext, trusted=True)
    at_limit = "a" * facts.SECRET_MAX_STORED_LENGTH
    store.set(APPID, at_limit)
    assert store.get(APPID) == at_limit
    with pytest.raises(SecretTooLongError) as raised:
        store.set(APPID, at_limit + "b")
    assert "1280" in raised.value.message
    assert at_limit not in raised.value.message
    # Characters outside the BMP count twice, as Windows counts them.
    assert utf16_length("😀") == 2
    with pytest.raises(SecretTooLongError):
        store.set(APPID, "😀" * (facts.SECRET_MAX_STORED_LENGTH // 2 + 1))
    assert store.get(APPID) == at_limit


# --- a store that fails -------------------------------------------------------------------


def test_keyring_errors_fall_back_to_memory_without_logging_the_secret(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = SecretStore(backend=BrokenKeyring(), trusted=True)
    assert store.is_persistent
    with caplog.at_level(logging.DEBUG):
        store.set(APPID, SECRET)
        assert store.persistence is Persistence.MEMORY_AFTER_ERROR
        assert not store.is_persistent
        assert store.get(APPID) == SECRET
        store.delete(APPID)
        assert store.get(APPID) is None
    assert "could not be used just now" in store.persistence_message()
    assert "KeyringError" in caplog.text
    assert SECRET not in caplog.text


@pytest.mark.parametrize("action", ["get", "delete"])
def test_first_failure_on_read_or_delete_also_falls_back(action: str) -> None:
    store = SecretStore(backend=BrokenKeyring(), trusted=True)
    if action == "get":
        assert store.get(APPID) is None
    else:
        store.delete(APPID)
    assert store.persistence is Persistence.MEMORY_AFTER_ERROR
    store.set(APPID, SECRET)
    assert store.get(APPID) == SECRET


# --- GNOME Keyring on a private D-Bus session ---------------------------------------------


def _login_collection_ready(secretstorage: Any) -> bool:
    connection = secretstorage.dbus_init()
    try:
        if not secretstorage.check_service_availability(connection):
            return False
        collection = secretstorage.Collection(connection)  # the "default" alias, no creation
        return not collection.is_locked()
    except secretstorage.exceptions.SecretStorageException:
        return False
    finally:
        connection.close()


@pytest.fixture
def secret_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Start dbus-daemon + gnome-keyring-daemon for this test; yields the bus address."""
    pytest.importorskip("secretstorage")
    dbus_daemon = shutil.which("dbus-daemon")
    keyring_daemon = shutil.which("gnome-keyring-daemon")
    if not dbus_daemon or not keyring_daemon:
        pytest.skip("needs Debian packages dbus and gnome-keyring")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_RUNTIME_DIR": str(runtime),
    }
    env.pop("DISPLAY", None)  # no password prompt may appear: unlock requests then fail
    bus = subprocess.Popen(
        [dbus_daemon, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    daemon: subprocess.Popen[bytes] | None = None
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        if not address:
            pytest.skip("dbus-daemon did not start")
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        # --unlock reads the login keyring's password from stdin and creates it unlocked.
        daemon = subprocess.Popen(
            [keyring_daemon, "--foreground", "--components=secrets", "--unlock"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        assert daemon.stdin is not None
        daemon.stdin.write(b"login-password-for-tests")
        daemon.stdin.close()
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        import secretstorage

        # Wait for the unlocked login collection itself, not just the service: the daemon
        # answers on the bus a moment before it has created the collection from stdin.
        deadline = time.monotonic() + 10
        while not _login_collection_ready(secretstorage):
            if time.monotonic() > deadline:
                pytest.skip("gnome-keyring-daemon did not come up")
            time.sleep(0.05)
        yield address
    finally:
        for process in (daemon, bus):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.mark.slow
def test_gnome_keyring_is_persistent_and_stores_secrets(secret_service: str) -> None:
    from keyring.backends import SecretService

    store = SecretStore(backend=SecretService.Keyring())
    assert store.is_persistent  # a real Secret Service is trusted without any flag
    assert "SecretService" in store.backend_name
    store.set(APPID, SECRET)
    assert SecretStore(backend=SecretService.Keyring()).get(APPID) == SECRET
    assert store.move(APPID, OTHER_APPID)
    assert store.get(APPID) is None
    assert SecretService.Keyring().get_password(KEYRING_SERVICE, OTHER_APPID) == SECRET
    store.delete(OTHER_APPID)
    assert store.get(OTHER_APPID) is None


@pytest.mark.slow
def test_locked_gnome_keyring_falls_back_to_memory(
    secret_service: str, caplog: pytest.LogCaptureFixture
) -> None:
    import secretstorage
    from keyring.backends import SecretService

    store = SecretStore(backend=SecretService.Keyring())
    store.set(APPID, SECRET)
    connection = secretstorage.dbus_init()
    try:
        secretstorage.get_default_collection(connection).lock()
    finally:
        connection.close()
    with caplog.at_level(logging.WARNING):
        # Unlocking needs a prompt nobody can answer here: the store must not crash.
        assert store.get(APPID) is None
    assert store.persistence is Persistence.MEMORY_AFTER_ERROR
    assert "KeyringLocked" in caplog.text
    store.set(APPID, OTHER_SECRET)
    assert store.get(APPID) == OTHER_SECRET
    assert SECRET not in caplog.text and OTHER_SECRET not in caplog.text


def test_unreachable_session_bus_falls_back_to_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("secretstorage")
    from keyring.backends import SecretService

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    store = SecretStore(backend=SecretService.Keyring())
    assert store.is_persistent
    store.set(APPID, SECRET)  # the D-Bus connection fails with an OSError, not a KeyringError
    assert store.persistence is Persistence.MEMORY_AFTER_ERROR
    assert store.get(APPID) == SECRET
