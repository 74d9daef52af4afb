"""One update check: read the feed, verify it, compare versions (shared by command and app)."""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core.i18n import _
from wizard.core.updates.feed import (
    FeedError,
    Installer,
    Release,
    public_key_from_text,
    verify_feed,
    version_tuple,
)
from wizard.core.updates.fetch import read_feed

UP_TO_DATE = "up-to-date"
UPDATE = "update"
# macOS: a universal2 disk image serves both kinds of Mac.
FALLBACK_PLATFORMS = {"macos-arm64": "macos-universal2", "macos-x64": "macos-universal2"}


@dataclass(frozen=True)
class UpdateCheck:
    """What the feed says for this computer: up to date, or a newer release to install."""

    status: str
    current: str
    release: Release
    platform: str = ""
    installer: Installer | None = None

    def sentence(self, language: str) -> str:
        if self.status == UP_TO_DATE:
            return _("MiniApp Publisher {current} is the newest version.").format(
                current=self.current
            )
        if self.installer is None:
            return _(
                "MiniApp Publisher {latest} is available (you have {current}), but there is no "
                "installer for this computer yet."
            ).format(latest=self.release.version, current=self.current)
        return _("MiniApp Publisher {latest} is available (you have {current}).").format(
            latest=self.release.version, current=self.current
        )


def report_lines(check: UpdateCheck, language: str) -> list[str]:
    """What check-update prints: the sentence, then (for an update) what is new and where the
    installer is."""
    lines = [check.sentence(language)]
    if check.installer is not None:
        notes = check.release.notes(language)
        if notes:
            lines += [_("What is new:"), notes]
        lines.append(
            _("Installer: {url} ({size} bytes, SHA-256 {sha256})").format(
                url=check.installer.url, size=check.installer.size, sha256=check.installer.sha256
            )
        )
    return lines


def check_for_update(
    feed_url: str, public_key: str, current: str, platform: str, *, timeout: float = 15.0
) -> UpdateCheck:
    """Raises FeedUnreachable (network) or FeedError (refused), each with one sentence."""
    key = public_key_from_text(public_key)
    release = verify_feed(read_feed(feed_url, timeout=timeout), key)
    return judge(release, current, platform)


def judge(release: Release, current: str, platform: str) -> UpdateCheck:
    """Up to date, an update with this platform's installer, or refused (downgrade...)."""
    latest, mine = version_tuple(release.version), version_tuple(current)
    if latest is None or mine is None:
        raise FeedError(_("The version numbers cannot be compared, so the update was ignored."))
    if latest < mine:
        raise FeedError(
            _(
                "The update information names {latest}, older than the installed {current}: "
                "an older version is never installed over a newer one."
            ).format(latest=release.version, current=current)
        )
    if latest == mine:
        return UpdateCheck(UP_TO_DATE, current, release)
    chosen = platform if platform in release.installers else FALLBACK_PLATFORMS.get(platform, "")
    installer = release.installers.get(chosen) if chosen else None
    # Still a verified update (exit 0): the sentence says it cannot be installed from here.
    return UpdateCheck(UPDATE, current, release, chosen if installer else "", installer)
