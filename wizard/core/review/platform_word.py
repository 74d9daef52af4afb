"""What the platform last said about a mini-program (live version, host apps) and what follows.

Kept in the review step's answers under ``platform`` with the time each was asked, so the page
can say "asked at …". The live version replaces the one the merchant typed (the next version is
suggested from it), and a live version equal to the one in review means the review passed and
the version was published: the history records it ("published" noticed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wizard.core.i18n import _
from wizard.core.releases import ReleaseRuleError, ReviewState
from wizard.core.review.platform import PlatformAnswer
from wizard.core.state import MiniProgram
from wizard.core.steps import version as version_step
from wizard.core.versions import parse_lenient

REVIEW_STEP = "review"
# The platform is asked again by itself when its last answer is older than this.
ASK_AGAIN_AFTER_SECONDS = 10 * 60
KEY = "platform"
MAX_HOSTS = 40


@dataclass(frozen=True)
class PlatformWord:
    """The live version and host apps as the platform last gave them, with when."""

    live_version: str = ""
    live_asked_at: float = 0.0
    hosts: tuple[str, ...] = ()
    hosts_asked_at: float = 0.0

    @classmethod
    def read(cls, program: MiniProgram | None) -> PlatformWord:
        values = program.answers.get(REVIEW_STEP, {}).get(KEY) if program else None
        if not isinstance(values, dict):
            return cls()
        live = values.get("live_version")
        hosts = values.get("hosts")
        return cls(
            live_version=live if isinstance(live, str) and parse_lenient(live) else "",
            live_asked_at=_time(values.get("live_asked_at")),
            hosts=tuple(h for h in hosts if isinstance(h, str) and h)[:MAX_HOSTS]
            if isinstance(hosts, list)
            else (),
            hosts_asked_at=_time(values.get("hosts_asked_at")),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "live_version": self.live_version,
            "live_asked_at": self.live_asked_at,
            "hosts": list(self.hosts),
            "hosts_asked_at": self.hosts_asked_at,
        }


def _time(value: object) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def remembered(program: MiniProgram, answer: PlatformAnswer) -> dict[str, Any]:
    """The review-step answers to store after a successful get-meta or hosts ({} otherwise)."""
    if not answer.ok:
        return {}
    word = PlatformWord.read(program)
    if answer.command == "get-meta":
        word = PlatformWord(answer.live_version, answer.asked_at, word.hosts, word.hosts_asked_at)
    elif answer.command == "hosts":
        hosts = answer.hosts[:MAX_HOSTS]
        word = PlatformWord(word.live_version, word.live_asked_at, hosts, answer.asked_at)
    else:
        return {}
    return {KEY: word.to_dict()}


def follow_live_version(
    program: MiniProgram, live: str, when: float | None = None
) -> tuple[dict[str, Any], str]:
    """The platform says `live` is live: (version-step answers, a sentence), both may be empty.

    The live version becomes the one the next version must exceed (nothing to type); when it is
    the version in review (or approved), the review passed and the version is published.
    """
    parsed = parse_lenient(live) if live else None
    if parsed is None:
        return {}, ""
    history = version_step.history(program)
    changed = False
    if history.declared_live != str(parsed):
        # The platform's word replaces what the merchant typed under 线上版本.
        history.declare_live(str(parsed))
        changed = True
    sentence = ""
    release = history.find(str(parsed))
    if release is not None and release.state in (ReviewState.SUBMITTED, ReviewState.APPROVED):
        try:
            if release.state is ReviewState.SUBMITTED:
                history.approve(release.version, when)
            if release.state is ReviewState.APPROVED:
                history.publish(release.version, when)
        except ReleaseRuleError:
            return (version_step.saved(history) if changed else {}), ""
        changed = True
        sentence = _(
            "Version {version} is live: the review passed and it was published. MiniApp Publisher "
            "recorded it."
        ).format(version=release.version)
    return (version_step.saved(history) if changed else {}), sentence


def worth_asking(program: MiniProgram | None, now: float | None = None) -> bool:
    """Ask the platform by itself (at start, or when the review page is shown): a version is
    in review or approved (it may be live now), or nothing was asked for a while."""
    import time

    if program is None:
        return False
    history = version_step.history(program)
    latest = history.in_review() or history.latest()
    if latest is not None and latest.state in (ReviewState.SUBMITTED, ReviewState.APPROVED):
        return True
    asked = PlatformWord.read(program).live_asked_at
    return (time.time() if now is None else now) - asked > ASK_AGAIN_AFTER_SECONDS
