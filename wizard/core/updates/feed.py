"""The signed update feed: its format, its signature and what a release in it must say.

The feed is one JSON object, ``{"payload": "<base64>", "signature": "<base64>"}``. The
signature is Ed25519 over the payload's exact bytes (no canonical-JSON step to get wrong);
the payload is UTF-8 JSON::

    {"schema": 1, "version": "0.2.0", "published": "2026-12-01",
     "notes": {"zh": "……", "en": "..."},
     "installers": {"windows-x64": {"url": "https://…/setup.exe", "size": 123,
                                     "sha256": "<64 hex>"}, "macos-arm64": {…}, …}}

Everything is checked before anything of it is believed or shown: size, signature, then
shape. The signature, not the transport, makes a feed trustworthy, so plain http works too
(an old signed feed replayed is refused as a downgrade or changes nothing).

Ed25519 comes from ``cryptography`` (pyca's OpenSSL binding, the field's standard): Python's
standard library and Qt have no Ed25519, and a signature check is not code to write ourselves.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from wizard.core.files import safe_json
from wizard.core.i18n import _

FEED_SCHEMA = 1
# A feed is a few hundred bytes; anything this large is not ours (and is not parsed).
MAX_FEED_BYTES = 64 * 1024
MAX_NOTES_CHARS = 4000
# An installer is ~30 MB (Windows) to ~150 MB (macOS universal2); more is refused.
MAX_INSTALLER_BYTES = 600 * 1024 * 1024
PLATFORMS = ("windows-x64", "macos-arm64", "macos-x64", "macos-universal2")
_VERSION = re.compile(r"^(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class FeedError(Exception):
    """The feed was refused; the message is one sentence for the merchant (or support)."""


@dataclass(frozen=True)
class Installer:
    """Where one platform's installer is and what it must be."""

    url: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Release:
    """A release the signed feed announces."""

    version: str
    published: str
    notes_zh: str
    notes_en: str
    installers: dict[str, Installer]

    def notes(self, language: str) -> str:
        """What is new, in the merchant's language (the other one if that one is empty)."""
        if language.startswith("zh"):
            return self.notes_zh or self.notes_en
        return self.notes_en or self.notes_zh


def version_tuple(text: str) -> tuple[int, int, int] | None:
    """``"1.2.3"`` → (1, 2, 3); None for anything else."""
    match = _VERSION.match(text)
    if match is None:
        return None
    return int(match[1]), int(match[2]), int(match[3])


def public_key_from_text(text: str) -> Ed25519PublicKey:
    """The baked-in key: 32 raw bytes, base64."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise FeedError(
            _("This build's update key is damaged, so updates cannot be checked.")
        ) from exc


def verify_feed(data: bytes, public_key: Ed25519PublicKey) -> Release:
    """The release a feed announces, once its signature and contents are checked."""
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(too_large_message())
    envelope = _json_object(data)
    payload_text, signature_text = envelope.get("payload"), envelope.get("signature")
    if not isinstance(payload_text, str) or not isinstance(signature_text, str):
        raise FeedError(_not_a_feed())
    try:
        payload = base64.b64decode(payload_text, validate=True)
        signature = base64.b64decode(signature_text, validate=True)
    except binascii.Error as exc:
        raise FeedError(_not_a_feed()) from exc
    try:
        public_key.verify(signature, payload)
    except InvalidSignature as exc:
        raise FeedError(
            _(
                "The update information is not signed by the publisher's key, so it was "
                "ignored. Nothing was downloaded."
            )
        ) from exc
    return _release(_json_object(payload))


def too_large_message() -> str:
    return _("The update information is far larger than it can be, so it was ignored.")


def _not_a_feed() -> str:
    return _("The update address did not answer with update information, so it was ignored.")


def _json_object(data: bytes) -> dict[str, object]:
    try:
        value = safe_json.loads(data)
    except safe_json.UnusableJson as exc:
        raise FeedError(_not_a_feed()) from exc
    if not isinstance(value, dict):
        raise FeedError(_not_a_feed())
    return value


def _release(payload: dict[str, object]) -> Release:
    bad = _("The signed update information is incomplete ({field}), so it was ignored.")
    if payload.get("schema") != FEED_SCHEMA:
        raise FeedError(bad.format(field="schema"))
    version = payload.get("version")
    if not isinstance(version, str) or version_tuple(version) is None:
        raise FeedError(bad.format(field="version"))
    published = payload.get("published", "")
    notes = payload.get("notes")
    if not isinstance(published, str) or not isinstance(notes, dict):
        raise FeedError(bad.format(field="notes"))
    notes_zh, notes_en = notes.get("zh", ""), notes.get("en", "")
    if not isinstance(notes_zh, str) or not isinstance(notes_en, str):
        raise FeedError(bad.format(field="notes"))
    installers_raw = payload.get("installers")
    if not isinstance(installers_raw, dict):
        raise FeedError(bad.format(field="installers"))
    installers: dict[str, Installer] = {}
    for platform, entry in installers_raw.items():
        if platform not in PLATFORMS:
            continue  # a platform a later version knows about
        installer = _installer(entry)
        if installer is None:
            raise FeedError(bad.format(field=f"installers.{platform}"))
        installers[platform] = installer
    return Release(
        version=version,
        published=published[:40],
        notes_zh=notes_zh[:MAX_NOTES_CHARS],
        notes_en=notes_en[:MAX_NOTES_CHARS],
        installers=installers,
    )


def _web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def _installer(entry: object) -> Installer | None:
    if not isinstance(entry, dict):
        return None
    url, size, sha256 = entry.get("url"), entry.get("size"), entry.get("sha256")
    # http is allowed: the signed size and SHA-256 decide whether the file is ours.
    if not isinstance(url, str) or not _web_address(url):
        return None
    if not isinstance(size, int) or isinstance(size, bool) or not 0 < size <= MAX_INSTALLER_BYTES:
        return None
    if not isinstance(sha256, str) or not _SHA256.match(sha256):
        return None
    return Installer(url, size, sha256)
