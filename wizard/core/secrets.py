"""The only home of the AppSecret and the upload token: the system's password store.

Keychain, Credential Manager, Secret Service... One keyring entry per AppID and kind: service
`wizard.KEYRING_SERVICE`, username = normalized AppID for the AppSecret (`SecretKind.APP_SECRET`,
the default) and `<AppID>/upload-token` for the upload token (`SecretKind.UPLOAD_TOKEN`).
`delete()` and `move()` without a kind handle every kind, so removing a mini-program or
correcting its AppID takes its upload token along with its AppSecret.
When the system has no secure store (or it fails: locked keychain, no D-Bus session, ...),
secrets are kept in memory for this run only and `persistence_message()` says so plainly.
The secret is never written to settings, state or logs; errors are logged by type only.
"""

from __future__ import annotations

import enum
import logging

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import PasswordDeleteError

from wizard import KEYRING_SERVICE
from wizard.core import platform_facts as facts
from wizard.core.credentials import normalize_appid
from wizard.core.i18n import _
from wizard.core.logs import register_secret

log = logging.getLogger(__name__)

# Class names of keyrings.alt's file backends: plaintext on disk, or encrypted with a password
# asked on the console (which would hang a GUI app). Neither is a secure store for us.
INSECURE_CLASS_MARKERS = ("Plaintext", "Encrypted")
INSECURE_MODULE_MARKER = "keyrings.alt"


class SecretKind(enum.Enum):
    """Which secret of a mini-program: its AppSecret or its upload token (for the CLI)."""

    APP_SECRET = "appsecret"
    UPLOAD_TOKEN = "upload-token"

    def key(self, appid: str) -> str:
        """The keyring username: the bare AppID for the AppSecret (as stored since 0.1)."""
        normalized = normalize_appid(appid)
        if self is SecretKind.APP_SECRET:
            return normalized
        return f"{normalized}/{self.value}"


class Persistence(enum.Enum):
    """Where secrets go this run: the system store, or memory (and why)."""

    KEYRING = "keyring"
    MEMORY_NO_BACKEND = "memory-no-backend"
    MEMORY_AFTER_ERROR = "memory-after-error"


class SecretTooLongError(ValueError):
    """A secret longer than the system's password store can hold; `message` is user-facing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit Windows Credential Manager counts in."""
    return len(text.encode("utf-16-le")) // 2


def backend_label(backend: KeyringBackend) -> str:
    """A readable name for a backend ("module.Class"; a chainer lists what it chains)."""
    kind = type(backend)
    label = f"{kind.__module__}.{kind.__qualname__}"
    if isinstance(backend, chainer.ChainerBackend):
        inner = ", ".join(backend_label(b) for b in backend.backends)
        label += f"[{inner}]"
    return label


def storing_backend(chain: chainer.ChainerBackend) -> KeyringBackend | None:
    """The backend a chainer's set_password tries first (None when it chains nothing)."""
    # keyring sorts the chain by falling priority; the first backend keeps the secret unless
    # it raises NotImplementedError, which a store that can hold passwords does not.
    chained = list(chain.backends)
    return chained[0] if chained else None


def is_secure_backend(backend: KeyringBackend) -> bool:
    """Whether a backend really protects secrets across runs (see module docstring)."""
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        # What counts is where the secret is written: the chainer hands set_password to its
        # backends by falling priority and stops at the first that takes it. A secure store
        # first (the desktop keyring, with keyrings.alt's file backends below it) is secure;
        # an empty chainer stores nothing.
        first = storing_backend(backend)
        return first is not None and is_secure_backend(first)
    kind = type(backend)
    if INSECURE_MODULE_MARKER in kind.__module__:
        return False
    return not any(marker in kind.__name__ for marker in INSECURE_CLASS_MARKERS)


class SecretStore:
    """AppSecrets per AppID in the system keyring, or in memory for this run when it can't."""

    def __init__(
        self,
        backend: KeyringBackend | None = None,
        *,
        trusted: bool = False,
        service: str = KEYRING_SERVICE,
    ) -> None:
        """`backend` defaults to keyring's choice; `trusted` accepts an insecure one (tests)."""
        self.service = service
        self._memory: dict[str, str] = {}
        if backend is None:
            try:
                backend = keyring.get_keyring()
            except Exception as exc:  # a broken keyring config must not stop the app
                log.warning("No keyring backend could be loaded (%s)", type(exc).__name__)
                backend = fail.Keyring()  # type: ignore[no-untyped-call]
        self._backend = backend
        secure = trusted or is_secure_backend(backend)
        self._persistence = Persistence.KEYRING if secure else Persistence.MEMORY_NO_BACKEND
        if not secure:
            log.info("Keyring backend %s is not secure; secrets stay in memory", self.backend_name)

    @property
    def backend_name(self) -> str:
        return backend_label(self._backend)

    @property
    def persistence(self) -> Persistence:
        return self._persistence

    @property
    def is_persistent(self) -> bool:
        return self._persistence is Persistence.KEYRING

    def persistence_message(self, kind: SecretKind = SecretKind.APP_SECRET) -> str:
        """Empty when secrets are saved; otherwise a plain sentence about what that means."""
        token = kind is SecretKind.UPLOAD_TOKEN
        if self._persistence is Persistence.MEMORY_NO_BACKEND:
            if token:
                return _(
                    "This computer has no secure password store the app can use, so the upload "
                    "token is kept only until you close the app. You will need to paste it "
                    "again next time."
                )
            return _(
                "This computer has no secure password store the app can use, so the AppSecret "
                "is kept only until you close the app. You will need to paste it again next "
                "time."
            )
        if self._persistence is Persistence.MEMORY_AFTER_ERROR:
            if token:
                return _(
                    "The system's password store (Keychain / Credential Manager) could not be "
                    "used just now; it may be locked. The upload token is kept only until you "
                    "close the app, so you may need to paste it again next time."
                )
            return _(
                "The system's password store (Keychain / Credential Manager) could not be used "
                "just now; it may be locked. The AppSecret is kept only until you close the "
                "app, so you may need to paste it again next time."
            )
        return ""

    def _fall_back(self, action: str, exc: BaseException) -> None:
        # Only the exception's type goes to the log: some backends put the request in messages.
        log.warning(
            "Keyring %s failed on %s (%s); keeping secrets in memory for this run",
            action,
            self.backend_name,
            type(exc).__name__,
        )
        self._persistence = Persistence.MEMORY_AFTER_ERROR

    def get(self, appid: str, kind: SecretKind = SecretKind.APP_SECRET) -> str | None:
        """The stored secret of this kind for this AppID, or None."""
        key = kind.key(appid)
        secret: str | None = None
        if self.is_persistent:
            try:
                secret = self._backend.get_password(self.service, key)
            except Exception as exc:  # keyring, D-Bus and OS errors alike: fall back, never crash
                self._fall_back("read", exc)
        if secret is None:
            secret = self._memory.get(key)
        if secret:
            # Known from now on: the log and every saved text keep it (and pieces of it) out.
            register_secret(secret)
        return secret

    def set(self, appid: str, secret: str, kind: SecretKind = SecretKind.APP_SECRET) -> None:
        """Store the secret; raises SecretTooLongError past the Credential Manager's limit."""
        if utf16_length(secret) > facts.SECRET_MAX_STORED_LENGTH:
            # Enforced on every system so a secret saved on a Mac still fits when moved.
            if kind is SecretKind.UPLOAD_TOKEN:
                message = _(
                    "This upload token is too long to be saved: the system's password store "
                    "(Windows Credential Manager) holds at most {limit} characters."
                )
            else:
                message = _(
                    "This AppSecret is too long to be saved: the system's password store "
                    "(Windows Credential Manager) holds at most {limit} characters."
                )
            raise SecretTooLongError(message.format(limit=facts.SECRET_MAX_STORED_LENGTH))
        register_secret(secret)
        key = kind.key(appid)
        if self.is_persistent:
            try:
                self._backend.set_password(self.service, key, secret)
                self._memory.pop(key, None)
                return
            except Exception as exc:  # see get()
                self._fall_back("write", exc)
        self._memory[key] = secret

    def delete(self, appid: str, kind: SecretKind | None = None) -> None:
        """Forget this AppID's secret of `kind`, or of every kind (no error if there was none)."""
        for each in (kind,) if kind is not None else tuple(SecretKind):
            self._delete_key(each.key(appid))

    def _delete_key(self, key: str) -> None:
        self._memory.pop(key, None)
        if self.is_persistent:
            try:
                self._backend.delete_password(self.service, key)
            except PasswordDeleteError:
                pass  # nothing stored for this AppID: already the wanted result
            except Exception as exc:  # see get()
                self._fall_back("delete", exc)

    def move(self, old_appid: str, new_appid: str, kind: SecretKind | None = None) -> bool:
        """Re-file secrets under a corrected AppID (the AppSecret's result when no kind is
        named: every kind moves); False when there was nothing to move."""
        moved: dict[SecretKind, bool] = {}
        for each in (kind,) if kind is not None else tuple(SecretKind):
            moved[each] = self._move_one(old_appid, new_appid, each)
        return moved[kind] if kind is not None else moved[SecretKind.APP_SECRET]

    def _move_one(self, old_appid: str, new_appid: str, kind: SecretKind) -> bool:
        secret = self.get(old_appid, kind)
        if secret is None:
            return False
        if kind.key(old_appid) == kind.key(new_appid):
            return True
        self.set(new_appid, secret, kind)
        self.delete(old_appid, kind)
        return True
