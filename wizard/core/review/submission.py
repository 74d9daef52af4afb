"""Submitting for review from the app (second and later releases), one rule for the review page
and the ``submit-review`` command.

The first release is submitted in the console: the official CLI sends no screenshots, and the
platform asks for them the first time (later submissions reuse them). The CLI declares all of
the console's self-test items (自测报告) done on the merchant's behalf, so the merchant confirms
them once before anything is sent. The outcome, whatever it is, enters the release history with
its time: submitted, refused with the platform's reason, or the token not accepted (the console
path).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wizard.core import platform_facts as facts
from wizard.core.i18n import N_, _
from wizard.core.releases import ReleaseHistory, ReleaseRuleError, ReviewState
from wizard.core.review import platform
from wizard.core.review.platform import CallOptions, PlatformAnswer
from wizard.core.state import MiniProgram
from wizard.core.steps import version as version_step

BASE_HOSTS: dict[str, str] = dict(facts.REVIEW_HOST_APPS)
HOST_KEYS: tuple[str, ...] = tuple(BASE_HOSTS) + tuple(
    key + facts.REVIEW_HARMONY_SUFFIX for key in BASE_HOSTS
)


def host_name(key: str) -> str:
    """The host app's Chinese name ("抖音", "抖音（鸿蒙版）"), or the key when unknown."""
    if key.endswith(facts.REVIEW_HARMONY_SUFFIX):
        base = key[: -len(facts.REVIEW_HARMONY_SUFFIX)]
        if base in BASE_HOSTS:
            return _("{name} (HarmonyOS)").format(name=BASE_HOSTS[base])
    return BASE_HOSTS.get(key, key)


def host_explanation(key: str) -> str:
    """One line for a host app's tick: what ticking it means."""
    return _("{name}: users of {name} can find and open the mini-program.").format(
        name=host_name(key)
    )


def parse_hosts(text: str) -> tuple[tuple[str, ...], str]:
    """Host keys from "douyin,toutiao": (keys, "") or ((), a sentence saying what is wrong)."""
    keys = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    if not keys:
        return (), _("Name at least one host app, for example --hosts douyin,toutiao.")
    unknown = [key for key in keys if key not in HOST_KEYS]
    if unknown:
        return (), _("Unknown host app {keys}. Known: {known}.").format(
            keys=", ".join(unknown), known=", ".join(HOST_KEYS)
        )
    return keys, ""


# What the merchant confirms once before the app submits: the tool declares these done.
SELF_TEST_CONFIRMATION = N_(
    "The upload tool tells the platform that all {count} items of the console's self-test "
    "report (自测报告) pass: the mini-program opens, every page loads, login and payment work, "
    "the content fits its category, and nothing breaks the platform's rules. It ticks them for "
    "you, so check them yourself first."
)
AUTO_PUBLISH_EXPLANATION = N_(
    "Publish automatically when approved (自动发布): the version goes live as soon as the "
    "review passes, without you clicking 「发布」. Leave it off to choose the moment yourself."
)


def self_test_words() -> str:
    return _(SELF_TEST_CONFIRMATION).format(count=facts.REVIEW_SELF_TEST_ITEMS)


def first_release(history: ReleaseHistory, platform_live: str = "") -> bool:
    """Nothing has been live yet: the first submission needs the console's screenshots."""
    return not history.live_version() and not platform_live


def why_not_from_app(program: MiniProgram | None, platform_live: str = "") -> str:
    """ "" when the app can submit the newest upload now; else a sentence saying why not."""
    history = version_step.history(program)
    latest = history.latest()
    if latest is None:
        return _("No version is uploaded for this release yet: upload one first.")
    if first_release(history, platform_live):
        return _(
            "The first release is submitted in the console: the platform asks for three "
            "screenshots, which the upload tool cannot send. Later releases reuse them and can "
            "be submitted from here."
        )
    trial = ReleaseHistory.from_dict(history.to_dict())
    try:
        trial.submit(latest.version)
    except ReleaseRuleError as exc:
        return exc.message
    return ""


@dataclass(frozen=True)
class SubmissionResult:
    """The platform's answer and the version-step answers to store (empty: nothing recorded)."""

    answer: PlatformAnswer
    values: dict[str, Any]
    version: str


def record(
    program: MiniProgram,
    answer: PlatformAnswer,
    hosts: tuple[str, ...],
    auto_publish: bool,
    when: float | None = None,
) -> tuple[dict[str, Any], str]:
    """The outcome enters the history: (version-step answers, the version it concerns)."""
    history = version_step.history(program)
    latest = history.latest()
    if latest is None or latest.state is not ReviewState.UPLOADED:
        return {}, ""
    if answer.ok:
        history.submit(latest.version, when, auto_publish, note=",".join(hosts))
    elif answer.kind != platform.CANCELLED:
        history.submission_refused(latest.version, answer.message, when)
    else:
        return {}, latest.version
    return version_step.saved(history), latest.version


def submit_newest(
    program: MiniProgram,
    token: str,
    hosts: tuple[str, ...],
    auto_publish: bool,
    options: CallOptions | None = None,
    platform_live: str = "",
) -> SubmissionResult:
    """Submit the newest upload with `tma audit` and record the outcome. Blocks (a job)."""
    problem = why_not_from_app(program, platform_live)
    if problem:
        refusal = PlatformAnswer(False, platform.REFUSED, problem, platform.AUDIT)
        return SubmissionResult(refusal, {}, "")
    answer = platform.submit(program.appid, token, hosts, auto_publish, options)
    values, version = record(program, answer, hosts, auto_publish, answer.asked_at or None)
    return SubmissionResult(answer, values, version)
