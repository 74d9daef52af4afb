"""Which feed the app asks, with which key, and when (at most daily, never when turned off).

The channel is baked into the build (``resources/updates/channel.json``, written by
``build_installer.py --update-channel FILE``): ``{"feed_url": "https://…", "public_key":
"<base64 of the 32-byte Ed25519 key>"}``. A build without it has no update channel and says
so. A provider profile's ``update_feed_url`` replaces the feed address (the provider's own
releases), never the key: a feed is trusted only when the publisher's key signed it.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from pathlib import Path

from wizard.core.files import safe_json
from wizard.core.i18n import _
from wizard.core.paths import resources_dir
from wizard.core.updates.feed import FeedError, public_key_from_text

CHANNEL_FOLDER = "updates"
CHANNEL_NAME = "channel.json"
MAX_CHANNEL_BYTES = 4096
CHECK_INTERVAL_S = 24 * 60 * 60


@dataclass(frozen=True)
class Channel:
    """The baked-in feed address and the key its feed must be signed with."""

    feed_url: str
    public_key: str


def channel_path(resources: Path | None = None) -> Path:
    return (resources or resources_dir()) / CHANNEL_FOLDER / CHANNEL_NAME


def no_channel_message() -> str:
    return _("This build of the app has no update channel, so it cannot look for updates.")


def load_channel(resources: Path | None = None) -> Channel:
    """The baked channel; FeedError (one sentence) when there is none or it is damaged."""
    path = channel_path(resources)
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_CHANNEL_BYTES + 1)
    except FileNotFoundError as exc:
        raise FeedError(no_channel_message()) from exc
    except OSError as exc:
        raise FeedError(no_channel_message()) from exc
    try:
        data = safe_json.loads(raw) if len(raw) <= MAX_CHANNEL_BYTES else None
    except safe_json.UnusableJson:
        data = None
    if not isinstance(data, dict):
        raise FeedError(no_channel_message())
    url, key = data.get("feed_url", ""), data.get("public_key")
    if not isinstance(url, str) or not isinstance(key, str):
        raise FeedError(no_channel_message())
    public_key_from_text(key)  # a damaged key says so now, not at the first check
    return Channel(url, key)


def baked_profile_feed_url() -> str:
    """The feed the build's provider profile names ("" without one)."""
    from wizard.core.profile.store import load_baked_profile

    baked = load_baked_profile()
    return baked.profile.update_feed_url if baked.profile is not None else ""


def feed_url_for(channel: Channel, profile_feed_url: str = "", override: str = "") -> str:
    """The command line's --feed, else the provider profile's feed, else the baked one."""
    return override or profile_feed_url or channel.feed_url


def is_due(enabled: bool, last_check: float, now: float) -> bool:
    """At most one automatic check a day; a clock set back counts as due (not "never")."""
    if not enabled:
        return False
    return not 0 <= now - last_check < CHECK_INTERVAL_S


def this_platform() -> str:
    """The feed's name for this computer's installer ("" where the feed has none)."""
    machine = platform.machine().lower()
    if sys.platform == "win32":
        return "windows-x64" if machine in ("amd64", "x86_64") else ""
    if sys.platform == "darwin":
        return "macos-arm64" if machine == "arm64" else "macos-x64"
    return ""
