"""Each mini-program's releases: every version uploaded, and where its review stands.

A release is one uploaded version and what happened to it afterwards:

    uploaded ──提交审核──► submitted ──通过──► approved ──发布──► published
        ▲                   │  │                        (自动发布: approved → published at once)
        └────撤回审核───────┘  └──不通过──► rejected (reason kept; the way back is a new version)

The rules live here, not in the pages: a version must be greater than every version uploaded
(and the version the merchant says is live); only the newest upload of the current release can
be submitted; one version at a time is in review; a rejected version is never published or
resubmitted (fix, upload a new version, submit that). "Start a new release" opens the journey
again for a new package and keeps every earlier release in the history.

Every rule broken raises `ReleaseRuleError` with one sentence for the merchant. Times are epoch
seconds; "days" are the merchant's local calendar days. Data from the state file is read with
`ReleaseHistory.from_dict`, which never raises: damaged entries are dropped.
"""

from __future__ import annotations

import enum
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any, Self, TypeVar

from wizard.core import platform_facts as facts
from wizard.core.checks import Check, State
from wizard.core.i18n import _
from wizard.core.logs import looks_like_secret
from wizard.core.versions import Version, check_version, parse_lenient, parse_version

# Limits on what the state file may make us hold (a hostile file must not exhaust memory).
MAX_RELEASES = 500
MAX_TEXT = 4000
MAX_REASON_SHOWN = 40

E = TypeVar("E", bound=enum.Enum)


class Route(enum.Enum):
    """How a version was uploaded: from inside the app (official CLI) or in the developer tool."""

    APP = "app"
    DEVTOOL = "devtool"


class ReviewState(enum.Enum):
    """Where one uploaded version stands with the platform."""

    UPLOADED = "uploaded"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PUBLISHED = "published"
    REJECTED = "rejected"


class EventKind(enum.Enum):
    """Something the merchant recorded about a version (kept for the report)."""

    UPLOADED = "uploaded"
    PREVIEWED = "previewed"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    APPROVED = "approved"
    REJECTED = "rejected"
    PUBLISHED = "published"


class ReleaseRuleError(ValueError):
    """A step the platform would refuse (or that makes no sense); `message` says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ReleaseEvent:
    """One thing that happened to a version, when."""

    kind: EventKind
    at: float
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind.value, "at": self.at}
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_dict(cls, data: object) -> Self | None:
        if not isinstance(data, dict):
            return None
        kind = _enum(EventKind, data.get("kind"))
        at = _time(data.get("at"))
        if kind is None or at is None:
            return None
        return cls(kind, at, _text(data.get("note")))


def preview_still_valid(expires_at: float | None, now: float | None = None) -> bool:
    """A preview QR code or link is shown only until the platform's expiry time."""
    return expires_at is None or expires_at >= (time.time() if now is None else now)


@dataclass
class Release:
    """One uploaded version: its changelog, how and when it was uploaded, and its review."""

    version: str
    changelog: str
    uploaded_at: float
    route: Route
    cycle: int = 0
    state: ReviewState = ReviewState.UPLOADED
    auto_publish: bool = False
    rejection_reason: str = ""
    events: list[ReleaseEvent] = field(default_factory=list)
    # The test version's QR code (a PNG) or short link, when the app's own upload made one.
    qr_code: str = ""
    preview_link: str = ""
    # When the platform stops answering that QR code and link (the CLI's expireTime).
    preview_expires_at: float | None = None

    def preview_valid(self, now: float | None = None) -> bool:
        """The QR code and link can still be scanned (no expiry known counts as valid)."""
        return preview_still_valid(self.preview_expires_at, now)

    @cached_property
    def parsed(self) -> Version:
        # Computed once: histories are read on every keystroke of the version page.
        version = parse_version(self.version)
        assert version is not None  # guaranteed by from_dict and record_upload
        return version

    def last(self, kind: EventKind) -> float | None:
        """When this version last had an event of this kind."""
        times = [event.at for event in self.events if event.kind is kind]
        return max(times) if times else None

    @property
    def submitted_at(self) -> float | None:
        return self.last(EventKind.SUBMITTED) if self.state is not ReviewState.UPLOADED else None

    @property
    def previewed(self) -> bool:
        return self.last(EventKind.PREVIEWED) is not None or self.state is not ReviewState.UPLOADED

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "changelog": "" if looks_like_secret(self.changelog) else self.changelog,
            "uploaded_at": self.uploaded_at,
            "route": self.route.value,
            "cycle": self.cycle,
            "state": self.state.value,
            "auto_publish": self.auto_publish,
            "rejection_reason": self.rejection_reason,
            "events": [event.to_dict() for event in self.events],
            "qr_code": self.qr_code,
            "preview_link": self.preview_link,
            "preview_expires_at": self.preview_expires_at,
        }

    @classmethod
    def from_dict(cls, data: object) -> Self | None:
        """A release from saved data, or None when it is not usable."""
        if not isinstance(data, dict):
            return None
        version_text = data.get("version")
        version = parse_version(version_text) if isinstance(version_text, str) else None
        uploaded_at = _time(data.get("uploaded_at"))
        route = _enum(Route, data.get("route"))
        state = _enum(ReviewState, data.get("state"))
        if version is None or uploaded_at is None or route is None or state is None:
            return None
        changelog = _text(data.get("changelog"))
        cycle = data.get("cycle")
        raw_events = data.get("events")
        events = [
            event
            for event in (
                ReleaseEvent.from_dict(item)
                for item in (raw_events[:MAX_RELEASES] if isinstance(raw_events, list) else [])
            )
            if event is not None
        ]
        return cls(
            version=str(version),
            changelog="" if looks_like_secret(changelog) else changelog,
            uploaded_at=uploaded_at,
            route=route,
            cycle=cycle if isinstance(cycle, int) and not isinstance(cycle, bool) else 0,
            state=state,
            auto_publish=data.get("auto_publish") is True,
            rejection_reason=_text(data.get("rejection_reason")),
            events=events,
            qr_code=_text(data.get("qr_code")),
            preview_link=_link(data.get("preview_link")),
            preview_expires_at=_time(data.get("preview_expires_at")),
        )


@dataclass(frozen=True)
class ReviewWait:
    """How long a version has been in review."""

    days: int
    working_days: int
    longer_than_usual: bool


@dataclass
class ReleaseHistory:
    """All releases of one mini-program, the version the merchant says is live, the cycle."""

    releases: list[Release] = field(default_factory=list)
    declared_live: str = ""
    cycle: int = 0
    # Saved releases that could not be read (damaged) and were left out; never saved.
    dropped: int = field(default=0, compare=False)

    # --- reading ---------------------------------------------------------------------------

    def current(self) -> list[Release]:
        """The releases of the current cycle (since the last "start a new release")."""
        return [release for release in self.releases if release.cycle == self.cycle]

    def latest(self) -> Release | None:
        """The newest upload of the current cycle."""
        current = self.current()
        return current[-1] if current else None

    def find(self, version: str) -> Release | None:
        wanted = parse_lenient(version)
        for release in self.releases:
            if release.parsed == wanted:
                return release
        return None

    def highest_uploaded(self) -> Version | None:
        versions = [release.parsed for release in self.releases]
        return max(versions) if versions else None

    def highest_known(self) -> Version | None:
        """What a new version must exceed: every upload and the version declared live."""
        known = [release.parsed for release in self.releases]
        declared = parse_lenient(self.declared_live) if self.declared_live else None
        if declared is not None:
            known.append(declared)
        return max(known) if known else None

    def live_version(self) -> str:
        """The version users see: the newest published here, else the one declared live."""
        published = [r for r in self.releases if r.state is ReviewState.PUBLISHED]
        if published:
            return str(max(release.parsed for release in published))
        declared = parse_lenient(self.declared_live) if self.declared_live else None
        return str(declared) if declared is not None else ""

    def in_review(self) -> Release | None:
        for release in self.releases:
            if release.state is ReviewState.SUBMITTED:
                return release
        return None

    def check_new_version(self, text: str) -> Check:
        """check_version against everything known for this mini-program."""
        highest = self.highest_known()
        return check_version(text, str(highest) if highest else None)

    # --- done conditions for the journey's steps --------------------------------------------

    def version_done(self) -> bool:
        """An upload greater than the one before it is recorded for the current release."""
        latest = self.latest()
        return latest is not None and latest.state is not ReviewState.REJECTED

    def preview_done(self) -> bool:
        latest = self.latest()
        return self.version_done() and latest is not None and latest.previewed

    def review_submitted(self) -> bool:
        latest = self.latest()
        return latest is not None and latest.state in {
            ReviewState.SUBMITTED,
            ReviewState.APPROVED,
            ReviewState.PUBLISHED,
        }

    def review_done(self) -> bool:
        latest = self.latest()
        return latest is not None and latest.state in {ReviewState.APPROVED, ReviewState.PUBLISHED}

    def publish_done(self) -> bool:
        latest = self.latest()
        return latest is not None and latest.state is ReviewState.PUBLISHED

    # --- changing (each rule broken raises ReleaseRuleError) ---------------------------------

    def declare_live(self, text: str) -> None:
        """Remember the version the console shows as live (`01.00.03` is kept as 1.0.3)."""
        if not text.strip():
            self.declared_live = ""
            return
        version = parse_lenient(text)
        if version is None:
            raise ReleaseRuleError(
                _(
                    "Type the version exactly as the console shows it under 线上版本, for example "
                    "1.0.3, or leave this empty if nothing is live yet."
                )
            )
        self.declared_live = str(version)

    def record_upload(
        self,
        version: str,
        changelog: str,
        route: Route,
        when: float | None = None,
        *,
        qr_code: str = "",
        preview_link: str = "",
        preview_expires_at: float | None = None,
    ) -> Release:
        """A version was uploaded (the merchant confirmed it, or the app's upload succeeded).

        The app's upload passes the QR code file and short link the official CLI gave, so the
        preview step can show them.
        """
        check = self.check_new_version(version)
        if check.state is not State.ACCEPTABLE:
            raise ReleaseRuleError(check.message)
        if looks_like_secret(changelog):
            raise ReleaseRuleError(
                _(
                    "The changelog contains something that looks like the AppSecret or the upload "
                    "token. Remove it before uploading: it must never be sent to anyone."
                )
            )
        if len(self.releases) >= MAX_RELEASES:
            # Keep the newest history; the oldest entries go first.
            del self.releases[0]
        parsed = parse_version(version)
        assert parsed is not None  # an acceptable check means the format is right
        at = _now(when)
        release = Release(
            version=str(parsed),
            changelog=changelog.strip()[:MAX_TEXT],
            uploaded_at=at,
            route=route,
            cycle=self.cycle,
            events=[ReleaseEvent(EventKind.UPLOADED, at)],
            qr_code=qr_code[:MAX_TEXT],
            preview_link=_link(preview_link),
            preview_expires_at=_time(preview_expires_at),
        )
        self.releases.append(release)
        return release

    def mark_previewed(self, version: str, when: float | None = None) -> None:
        release = self._require(version)
        release.events.append(ReleaseEvent(EventKind.PREVIEWED, _now(when)))

    def submit(self, version: str, when: float | None = None, auto_publish: bool = False) -> None:
        """The merchant clicked 提交审核 in the console for this version."""
        release = self._require(version)
        if release.state is ReviewState.REJECTED:
            raise ReleaseRuleError(self._after_rejection(release))
        if release.state is not ReviewState.UPLOADED:
            raise ReleaseRuleError(
                _("Version {version} has already been submitted for review.").format(
                    version=release.version
                )
            )
        if release is not self.latest():
            newest = self.latest()
            raise ReleaseRuleError(
                _(
                    "Version {version} is not the newest upload: submit {newest}, the version "
                    "the console shows as 测试版本."
                ).format(version=release.version, newest=newest.version if newest else "")
            )
        other = self.in_review()
        if other is not None:
            raise ReleaseRuleError(
                _(
                    "Version {other} is still in review (the platform would say 已有版本在审核中). "
                    "Wait for its result, or withdraw it in the console (撤回审核) and record that "
                    "here first."
                ).format(other=other.version)
            )
        release.state = ReviewState.SUBMITTED
        release.auto_publish = auto_publish
        release.events.append(ReleaseEvent(EventKind.SUBMITTED, _now(when)))

    def withdraw(self, version: str, when: float | None = None) -> None:
        """撤回审核: the version goes back to uploaded and can be submitted again."""
        release = self._require_state(version, ReviewState.SUBMITTED)
        release.state = ReviewState.UPLOADED
        release.auto_publish = False
        release.events.append(ReleaseEvent(EventKind.WITHDRAWN, _now(when)))

    def approve(self, version: str, when: float | None = None) -> None:
        """通过: approved, and published at once when 自动发布 was chosen."""
        release = self._require_state(version, ReviewState.SUBMITTED)
        at = _now(when)
        release.events.append(ReleaseEvent(EventKind.APPROVED, at))
        release.state = ReviewState.APPROVED
        if release.auto_publish:
            release.state = ReviewState.PUBLISHED
            release.events.append(ReleaseEvent(EventKind.PUBLISHED, at))

    def reject(self, version: str, reason: str, when: float | None = None) -> None:
        """不通过: the reviewers' reason is kept; the way back is a new version."""
        release = self._require_state(version, ReviewState.SUBMITTED)
        kept = reason.strip()[:MAX_TEXT]
        if looks_like_secret(kept):
            kept = ""
        release.state = ReviewState.REJECTED
        release.rejection_reason = kept
        release.events.append(ReleaseEvent(EventKind.REJECTED, _now(when), kept))

    def publish(self, version: str, when: float | None = None) -> None:
        """发布 after approval: the version is live."""
        release = self._require(version)
        if release.state is ReviewState.REJECTED:
            raise ReleaseRuleError(self._after_rejection(release))
        if release.state is ReviewState.PUBLISHED:
            raise ReleaseRuleError(
                _("Version {version} is already published.").format(version=release.version)
            )
        if release.state is not ReviewState.APPROVED:
            raise ReleaseRuleError(
                _(
                    "Version {version} has not been approved yet: it can be published only after "
                    "the review says 通过."
                ).format(version=release.version)
            )
        release.state = ReviewState.PUBLISHED
        release.events.append(ReleaseEvent(EventKind.PUBLISHED, _now(when)))

    def new_release_blocker(self) -> str | None:
        """Why a new release cannot start now (a sentence), or None when it can.

        The platform takes one version in review at a time; any other state (approved,
        published, rejected, only uploaded) may be followed by a new package.
        """
        if not self.releases:
            return _("Nothing has been uploaded yet: this release is still the first one.")
        other = self.in_review()
        if other is not None:
            return _(
                "Version {other} is still in review. Wait for its result, or withdraw it in "
                "the console (撤回审核) and record that here, before starting a new release."
            ).format(other=other.version)
        return None

    def new_release_warning(self) -> str:
        """What a new release gives up, said before it starts ("" when nothing)."""
        latest = self.latest()
        if latest is not None and latest.state is ReviewState.APPROVED:
            return _(
                "Version {version} is approved but not published yet: once a newer version is "
                "submitted, it can no longer be published. Publish it first if it should go live."
            ).format(version=latest.version)
        return ""

    def start_new_release(self) -> None:
        """A new package from the provider: version, preview, review and publish open again."""
        blocker = self.new_release_blocker()
        if blocker is not None:
            raise ReleaseRuleError(blocker)
        self.cycle += 1

    def _require(self, version: str) -> Release:
        release = self.find(version)
        if release is None:
            raise ReleaseRuleError(
                _("Version {version} has not been uploaded for this mini-program.").format(
                    version=version
                )
            )
        return release

    def _require_state(self, version: str, state: ReviewState) -> Release:
        release = self._require(version)
        if release.state is not state:
            raise ReleaseRuleError(
                _("Version {version} is not in review, so this cannot be recorded for it.").format(
                    version=release.version
                )
            )
        return release

    def _after_rejection(self, release: Release) -> str:
        highest = self.highest_known()
        nxt = highest.next_patch() if highest else release.parsed.next_patch()
        return _(
            "Version {version} was rejected, so it cannot be submitted or published. Fix what "
            "the reviewers asked for, upload a new version (for example {next}) and submit that."
        ).format(version=release.version, next=nxt)

    # --- time -------------------------------------------------------------------------------

    def review_wait(self, now: float | None = None) -> ReviewWait | None:
        """How long the version in review has waited; None when nothing is in review."""
        release = self.in_review()
        submitted = release.submitted_at if release else None
        if submitted is None:
            return None
        start, end = _local_date(submitted), _local_date(_now(now))
        days = max(0, (end - start).days)
        working = working_days_between(start, end)
        return ReviewWait(days, working, working > facts.REVIEW_LONGER_THAN_USUAL_WORKING_DAYS)

    # --- saving -----------------------------------------------------------------------------

    def dropped_sentence(self) -> str:
        """Says that damaged releases were left out, or "" when none were."""
        if not self.dropped:
            return ""
        return _(
            "Saved versions that could not be read (the saved file is damaged) are left out "
            "of the history: {count}. The console's 版本管理 still lists every version."
        ).format(count=self.dropped)

    def to_dict(self) -> dict[str, Any]:
        return {
            "releases": [release.to_dict() for release in self.releases],
            "declared_live": self.declared_live,
            "cycle": self.cycle,
        }

    @classmethod
    def from_dict(cls, data: object) -> Self:
        """The history from saved data; never raises, drops what it cannot use."""
        if not isinstance(data, dict):
            return cls()
        raw = data.get("releases")
        releases: list[Release] = []
        seen: set[Version] = set()
        dropped = 0
        for item in raw[-MAX_RELEASES:] if isinstance(raw, list) else []:
            release = Release.from_dict(item)
            if release is None:
                dropped += 1
                continue
            if release.parsed in seen:
                continue
            seen.add(release.parsed)
            releases.append(release)
        releases.sort(key=lambda release: release.uploaded_at)
        _at_most_one_in_review(releases)
        declared = data.get("declared_live")
        declared_version = parse_lenient(declared) if isinstance(declared, str) else None
        cycle = data.get("cycle")
        cycle_number = cycle if isinstance(cycle, int) and not isinstance(cycle, bool) else 0
        if releases:
            cycle_number = max(cycle_number, max(release.cycle for release in releases))
        return cls(
            releases=releases,
            declared_live=str(declared_version) if declared_version else "",
            cycle=cycle_number,
            dropped=dropped,
        )


def working_days_between(start: date, end: date) -> int:
    """Weekdays after `start` up to and including `end` (public holidays are not known)."""
    if end <= start:
        return 0
    total = (end - start).days
    weeks, rest = divmod(total, 7)
    count = weeks * 5
    day = start + timedelta(days=weeks * 7)
    for _offset in range(rest):
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    return count


def local_day(moment: float | None) -> str:
    """A moment as the merchant's calendar date, 2026-11-02 ("" when unknown or unshowable)."""
    if moment is None:
        return ""
    try:
        return datetime.fromtimestamp(moment).strftime("%Y-%m-%d")
    except (OverflowError, OSError, ValueError):
        return ""


def status_words(history: ReleaseHistory, now: float | None = None) -> str:
    """One line for the welcome page: where this mini-program's release stands, or ""."""
    # A version in review matters more than a newer upload that waits to be submitted.
    latest = history.in_review() or history.latest()
    if latest is None:
        live = history.live_version()
        if live and history.cycle > 0:
            return _("Published {version}; a new release has been started.").format(version=live)
        return ""
    if latest.state is ReviewState.SUBMITTED:
        wait = history.review_wait(now)
        days = wait.days if wait else 0
        if days == 0:
            words = _("In review: submitted today")
        elif days == 1:
            words = _("In review: submitted 1 day ago")
        else:
            words = _("In review: submitted {days} days ago").format(days=days)
        if wait is not None and wait.longer_than_usual:
            words += _(" (longer than usual: check the console)")
        return words
    if latest.state is ReviewState.REJECTED:
        reason = " ".join(latest.rejection_reason.split())
        if len(reason) > MAX_REASON_SHOWN:
            reason = reason[: MAX_REASON_SHOWN - 1] + "…"
        if not reason:
            return _("Rejected: {version}").format(version=latest.version)
        return _("Rejected: {reason}").format(reason=reason)
    if latest.state is ReviewState.APPROVED:
        return _("Approved {version}, not yet published").format(version=latest.version)
    if latest.state is ReviewState.PUBLISHED:
        return _("Published {version}").format(version=latest.version)
    return _("Uploaded {version}, not yet submitted for review").format(version=latest.version)


def _at_most_one_in_review(releases: Iterable[Release]) -> None:
    """A damaged file may claim two versions in review; only the newest stays so."""
    in_review = [release for release in releases if release.state is ReviewState.SUBMITTED]
    for release in in_review[:-1]:
        release.state = ReviewState.UPLOADED


def _now(when: float | None) -> float:
    return time.time() if when is None else when


def _local_date(moment: float) -> date:
    try:
        return datetime.fromtimestamp(moment).date()
    except (OverflowError, OSError, ValueError):
        return date.today()


def _time(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    # Within what datetime can show on every platform (1970 .. 9999).
    if not math.isfinite(number) or not 0 <= number < 253402214400:
        return None
    return number


def _link(value: object) -> str:
    """A preview short link: only https, one line, or nothing."""
    if not isinstance(value, str):
        return ""
    link = value.strip()
    if not link.startswith("https://") or len(link) > 2000 or any(c.isspace() for c in link):
        return ""
    return link


def _text(value: object) -> str:
    return value[:MAX_TEXT] if isinstance(value, str) else ""


def _enum(kind: type[E], value: object) -> E | None:
    try:
        return kind(value)
    except (ValueError, TypeError):
        return None
