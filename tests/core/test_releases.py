"""Release history and review state: the transitions and their rules, time, saving, restarts."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from wizard.core.i18n import set_language
from wizard.core.paths import app_paths
from wizard.core.releases import (
    EventKind,
    Release,
    ReleaseHistory,
    ReleaseRuleError,
    ReviewState,
    Route,
    status_words,
    working_days_between,
)
from wizard.core.state import ProgramStore
from wizard.core.versions import Version

CHANGELOG = "修复首页。测试账号：13800000000 密码：123456"


def at(year: int, month: int, day: int, hour: int = 10) -> float:
    """A local time as epoch seconds (the history counts the merchant's calendar days)."""
    return datetime(year, month, day, hour).timestamp()


MONDAY = at(2026, 11, 2)


@pytest.fixture
def chinese() -> None:
    set_language("zh_CN")  # English comes back after each test (tests/conftest.py)


def uploaded(*versions: str) -> ReleaseHistory:
    history = ReleaseHistory()
    for number, version in enumerate(versions):
        history.record_upload(version, CHANGELOG, Route.DEVTOOL, MONDAY + number * 60)
    return history


# --- Uploads -----------------------------------------------------------------------------


def test_upload_is_recorded_and_next_versions_suggested() -> None:
    history = uploaded("1.0.0")
    release = history.latest()
    assert release is not None
    assert (release.version, release.route, release.state) == (
        "1.0.0",
        Route.DEVTOOL,
        ReviewState.UPLOADED,
    )
    assert release.changelog == CHANGELOG
    assert history.highest_uploaded() == Version(1, 0, 0)
    assert history.version_done()
    assert history.check_new_version("1.0.1").ok


@pytest.mark.parametrize(
    ("version", "words"),
    [("1.0.0", "版本号已存在"), ("0.9.0", "greater than 1.0.0"), ("v2", "Leave out")],
)
def test_upload_not_greater_or_malformed_is_refused(version: str, words: str) -> None:
    history = uploaded("1.0.0")
    with pytest.raises(ReleaseRuleError) as caught:
        history.record_upload(version, CHANGELOG, Route.APP)
    assert words in caught.value.message
    assert len(history.releases) == 1


def test_declared_live_version_counts_from_the_first_upload() -> None:
    history = ReleaseHistory()
    history.declare_live("01.00.03")
    assert history.declared_live == "1.0.3"
    assert history.live_version() == "1.0.3"
    with pytest.raises(ReleaseRuleError, match=r"greater than 1\.0\.3"):
        history.record_upload("1.0.0", CHANGELOG, Route.DEVTOOL)
    history.record_upload("1.0.4", CHANGELOG, Route.DEVTOOL)
    with pytest.raises(ReleaseRuleError, match="线上版本"):
        history.declare_live("latest")
    history.declare_live("")
    assert history.declared_live == ""


def test_secret_in_changelog_is_refused() -> None:
    history = ReleaseHistory()
    with pytest.raises(ReleaseRuleError, match="AppSecret"):
        history.record_upload("1.0.0", "token 0123456789abcdef0123456789abcdef", Route.APP)


# --- Review state machine ----------------------------------------------------------------


def test_happy_path_submit_approve_publish() -> None:
    history = uploaded("1.0.0")
    history.mark_previewed("1.0.0", MONDAY + 100)
    assert history.preview_done()
    history.submit("1.0.0", MONDAY + 200)
    assert history.review_submitted() and not history.review_done()
    assert history.in_review() is history.latest()
    history.approve("1.0.0", MONDAY + 300)
    assert history.review_done() and not history.publish_done()
    history.publish("1.0.0", MONDAY + 400)
    assert history.publish_done()
    assert history.live_version() == "1.0.0"
    release = history.latest()
    assert release is not None
    assert [e.kind for e in release.events] == [
        EventKind.UPLOADED,
        EventKind.PREVIEWED,
        EventKind.SUBMITTED,
        EventKind.APPROVED,
        EventKind.PUBLISHED,
    ]


def test_auto_publish_goes_live_on_approval() -> None:
    history = uploaded("1.0.0")
    history.submit("1.0.0", MONDAY, auto_publish=True)
    history.approve("1.0.0", MONDAY + 10)
    assert history.publish_done() and history.live_version() == "1.0.0"


def test_withdraw_goes_back_to_uploaded_and_can_resubmit() -> None:
    history = uploaded("1.0.0")
    history.submit("1.0.0", MONDAY)
    history.withdraw("1.0.0", MONDAY + 10)
    release = history.latest()
    assert release is not None and release.state is ReviewState.UPLOADED
    assert release.submitted_at is None
    history.submit("1.0.0", MONDAY + 20)
    assert history.review_submitted()


def test_rejected_version_cannot_be_published_or_resubmitted() -> None:
    history = uploaded("1.0.0")
    history.submit("1.0.0", MONDAY)
    history.reject("1.0.0", "未提供测试账号，请在更新日志中补充", MONDAY + 10)
    release = history.latest()
    assert release is not None and release.rejection_reason.startswith("未提供测试账号")
    assert not history.version_done()  # the way back starts at the version step
    with pytest.raises(ReleaseRuleError, match="rejected") as caught:
        history.publish("1.0.0")
    assert "1.0.1" in caught.value.message
    with pytest.raises(ReleaseRuleError, match="rejected"):
        history.submit("1.0.0")


def test_new_upload_after_rejection_is_a_new_greater_version() -> None:
    history = uploaded("1.0.0")
    history.submit("1.0.0", MONDAY)
    history.reject("1.0.0", "白屏", MONDAY + 10)
    with pytest.raises(ReleaseRuleError, match="版本号已存在"):
        history.record_upload("1.0.0", CHANGELOG, Route.DEVTOOL)
    history.record_upload("1.0.1", CHANGELOG, Route.APP, MONDAY + 20)
    assert history.version_done() and not history.review_submitted()
    history.submit("1.0.1", MONDAY + 30)
    assert len(history.releases) == 2


@pytest.mark.parametrize(
    ("action", "words"),
    [
        (lambda h: h.approve("1.0.0"), "not in review"),
        (lambda h: h.reject("1.0.0", "x"), "not in review"),
        (lambda h: h.withdraw("1.0.0"), "not in review"),
        (lambda h: h.publish("1.0.0"), "not been approved"),
        (lambda h: h.submit("2.0.0"), "has not been uploaded"),
    ],
)
def test_out_of_order_steps_are_refused(action: Any, words: str) -> None:
    history = uploaded("1.0.0")
    with pytest.raises(ReleaseRuleError, match=words):
        action(history)


def test_only_one_version_in_review_and_only_the_newest_is_submitted() -> None:
    history = uploaded("1.0.0")
    history.submit("1.0.0", MONDAY)
    history.record_upload("1.0.1", CHANGELOG, Route.DEVTOOL, MONDAY + 10)
    with pytest.raises(ReleaseRuleError, match="已有版本在审核中"):
        history.submit("1.0.1")
    history.withdraw("1.0.0")
    with pytest.raises(ReleaseRuleError, match="not the newest upload"):
        history.submit("1.0.0")
    history.submit("1.0.1")
    with pytest.raises(ReleaseRuleError, match="already been submitted"):
        history.submit("1.0.1")


def test_publishing_twice_is_refused() -> None:
    history = uploaded("1.0.0")
    history.submit("1.0.0")
    history.approve("1.0.0")
    history.publish("1.0.0")
    with pytest.raises(ReleaseRuleError, match="already published"):
        history.publish("1.0.0")


def test_start_new_release_keeps_history_and_opens_the_steps_again() -> None:
    history = uploaded("1.0.0")
    history.submit("1.0.0")
    with pytest.raises(ReleaseRuleError, match="still in review"):
        history.start_new_release()
    history.approve("1.0.0")
    history.publish("1.0.0")
    history.start_new_release()
    assert history.latest() is None
    assert not history.version_done() and not history.publish_done()
    assert len(history.releases) == 1 and history.live_version() == "1.0.0"
    assert history.check_new_version("1.0.0").state.value == "invalid"
    history.record_upload("1.1.0", CHANGELOG, Route.APP)
    assert history.version_done()
    assert [r.cycle for r in history.releases] == [0, 1]


# --- Time and words ----------------------------------------------------------------------


def test_working_days() -> None:
    monday = date(2026, 11, 2)
    assert working_days_between(monday, monday) == 0
    assert working_days_between(monday, date(2026, 11, 3)) == 1
    assert working_days_between(monday, date(2026, 11, 6)) == 4  # Friday
    assert working_days_between(monday, date(2026, 11, 8)) == 4  # Sunday
    assert working_days_between(monday, date(2026, 11, 9)) == 5
    assert working_days_between(date(2026, 11, 6), date(2026, 11, 9)) == 1  # Fri -> Mon
    assert working_days_between(monday, date(2026, 11, 30)) == 20
    assert working_days_between(date(2026, 11, 9), monday) == 0


def test_review_wait_and_longer_than_usual() -> None:
    history = uploaded("1.0.0")
    assert history.review_wait(MONDAY) is None
    history.submit("1.0.0", MONDAY)
    wait = history.review_wait(at(2026, 11, 4))
    assert wait is not None and (wait.days, wait.working_days, wait.longer_than_usual) == (
        2,
        2,
        False,
    )
    friday_after = history.review_wait(at(2026, 11, 6))
    assert friday_after is not None and friday_after.longer_than_usual
    friday = uploaded("1.0.0")
    friday.submit("1.0.0", at(2026, 11, 6))
    weekend = friday.review_wait(at(2026, 11, 10))  # Fri -> Tue: 4 days, 2 working days
    assert weekend is not None and (weekend.days, weekend.working_days) == (4, 2)
    assert not weekend.longer_than_usual


def test_status_words_in_english() -> None:
    history = ReleaseHistory()
    assert status_words(history) == ""
    history.record_upload("1.0.3", CHANGELOG, Route.DEVTOOL, MONDAY)
    assert status_words(history) == "Uploaded 1.0.3, not yet submitted for review"
    history.submit("1.0.3", MONDAY)
    assert status_words(history, MONDAY + 60) == "In review: submitted today"
    assert status_words(history, at(2026, 11, 3)) == "In review: submitted 1 day ago"
    assert status_words(history, at(2026, 11, 4)) == "In review: submitted 2 days ago"
    assert "longer than usual" in status_words(history, at(2026, 11, 9))
    history.approve("1.0.3")
    assert status_words(history) == "Approved 1.0.3, not yet published"
    history.publish("1.0.3")
    assert status_words(history) == "Published 1.0.3"
    history.start_new_release()
    assert status_words(history) == "Published 1.0.3; a new release has been started."
    history.record_upload("1.0.4", CHANGELOG, Route.APP, MONDAY)
    history.submit("1.0.4", MONDAY)
    history.reject("1.0.4", "页面空白，无法进入。" * 10)
    words = status_words(history)
    assert words.startswith("Rejected: 页面空白") and words.endswith("…") and len(words) < 60


def test_status_words_in_chinese(chinese: None) -> None:
    history = uploaded("1.0.3")
    history.submit("1.0.3", MONDAY)
    assert status_words(history, at(2026, 11, 4)) == "审核中，已提交 2 天"
    history.reject("1.0.3", "缺少测试账号")
    assert status_words(history) == "未通过：缺少测试账号"
    published = uploaded("1.0.3")
    published.submit("1.0.3")
    published.approve("1.0.3")
    published.publish("1.0.3")
    assert status_words(published) == "已发布 1.0.3"


# --- Saving and restarting ---------------------------------------------------------------


def test_round_trip_through_dict_and_json() -> None:
    history = uploaded("1.0.0", "1.0.1")
    history.declare_live("0.9")
    history.submit("1.0.1", MONDAY, auto_publish=True)
    restored = ReleaseHistory.from_dict(json.loads(json.dumps(history.to_dict())))
    assert restored == history


def test_restart_in_the_middle_of_a_review_restores_state_and_words(tmp_path: Path) -> None:
    paths = app_paths()
    store = ProgramStore(paths)
    program = store.create("我的小店")
    history = uploaded("1.0.3")
    history.submit("1.0.3", MONDAY)
    program.answer("review")["history"] = history.to_dict()
    store.save()

    again = ProgramStore(paths)
    again.load()
    reloaded = again.get(program.id)
    assert reloaded is not None
    restored = ReleaseHistory.from_dict(reloaded.answer("review").get("history"))
    assert restored.in_review() is not None
    assert status_words(restored, at(2026, 11, 4)) == "In review: submitted 2 days ago"


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "x",
        {"releases": "x"},
        {"releases": [None, 1, "a", {}, {"version": 1}]},
        {
            "releases": [
                {"version": "01.0.0", "uploaded_at": 1, "route": "app", "state": "uploaded"}
            ]
        },
        {
            "releases": [
                {
                    "version": "1.0.0",
                    "uploaded_at": float("nan"),
                    "route": "app",
                    "state": "uploaded",
                }
            ]
        },
        {"releases": [{"version": "1.0.0", "uploaded_at": 1, "route": "ftp", "state": "uploaded"}]},
        {"releases": [{"version": "1.0.0", "uploaded_at": 1, "route": "app", "state": "lost"}]},
        {
            "releases": [
                {"version": "1.0.0", "uploaded_at": 1e300, "route": "app", "state": "uploaded"}
            ]
        },
        {"declared_live": ["1"], "cycle": "3"},
        {"cycle": True},
    ],
)
def test_hostile_data_is_dropped_not_fatal(data: object) -> None:
    history = ReleaseHistory.from_dict(data)
    assert history.releases == []
    assert history.cycle == 0 and history.declared_live == ""


def test_damaged_entries_are_dropped_and_the_rest_kept() -> None:
    good = uploaded("1.0.0", "1.0.1").to_dict()
    good["releases"].insert(1, {"version": "bad"})
    good["releases"].append(dict(good["releases"][0]))  # duplicate version
    good["releases"][0]["events"] = [{"kind": "nope", "at": 1}, {"kind": "uploaded", "at": "x"}, 5]
    good["releases"][0]["changelog"] = "secret 0123456789abcdef0123456789abcdef0123"
    history = ReleaseHistory.from_dict(good)
    assert [r.version for r in history.releases] == ["1.0.0", "1.0.1"]
    assert history.releases[0].events == [] and history.releases[0].changelog == ""


def test_two_versions_claimed_in_review_leave_only_the_newest() -> None:
    data = uploaded("1.0.0", "1.0.1").to_dict()
    for release in data["releases"]:
        release["state"] = "submitted"
    history = ReleaseHistory.from_dict(data)
    assert [r.state for r in history.releases] == [ReviewState.UPLOADED, ReviewState.SUBMITTED]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)
release_keys = st.sampled_from(
    [
        "version",
        "uploaded_at",
        "route",
        "state",
        "cycle",
        "events",
        "changelog",
        "rejection_reason",
        "auto_publish",
    ]
)


@st.composite
def release_like(draw: st.DrawFn) -> dict[str, object]:
    base: dict[str, object] = {
        "version": draw(st.sampled_from(["1.0.0", "1.0.1", "2.0.0", "01.0.0", "x"])),
        "uploaded_at": draw(st.one_of(st.floats(), st.integers(-5, 2**40))),
        "route": draw(st.sampled_from(["app", "devtool", "?"])),
        "state": draw(st.sampled_from([s.value for s in ReviewState] + ["?"])),
    }
    for key in draw(st.lists(release_keys, max_size=3)):
        base[key] = draw(json_values)
    return base


@settings(max_examples=examples(300))
@given(
    st.one_of(
        json_values,
        st.fixed_dictionaries(
            {"releases": st.lists(release_like(), max_size=5)},
            optional={"cycle": json_values, "declared_live": json_values},
        ),
    )
)
def test_from_dict_never_raises_and_round_trips(data: object) -> None:
    history = ReleaseHistory.from_dict(data)
    again = ReleaseHistory.from_dict(json.loads(json.dumps(history.to_dict())))
    assert again == history
    status_words(history)
    for release in history.releases:
        assert isinstance(release, Release)


def test_qr_code_and_preview_link_are_kept_and_links_checked() -> None:
    history = ReleaseHistory()
    history.record_upload(
        "1.0.0", CHANGELOG, Route.APP, MONDAY, qr_code="/tmp/qr.png", preview_link="https://x.cn/a"
    )
    restored = ReleaseHistory.from_dict(json.loads(json.dumps(history.to_dict())))
    assert restored.releases[0].qr_code == "/tmp/qr.png"
    assert restored.releases[0].preview_link == "https://x.cn/a"
    other = ReleaseHistory()
    other.record_upload("1.0.0", CHANGELOG, Route.APP, preview_link="javascript:alert(1)")
    assert other.releases[0].preview_link == ""


def test_preview_expiry_is_kept_and_judged() -> None:
    history = ReleaseHistory()
    release = history.record_upload(
        "1.0.0", "first", Route.APP, 1000.0, qr_code="qr.png", preview_expires_at=2000.0
    )
    assert release.preview_valid(now=1999.0) and not release.preview_valid(now=2001.0)
    again = Release.from_dict(release.to_dict())
    assert again is not None and again.preview_expires_at == 2000.0
    assert Release.from_dict({**release.to_dict(), "preview_expires_at": "soon"}) is not None
    assert history.record_upload("1.0.1", "second", Route.APP, 1000.0).preview_valid(now=9e9)


def test_a_new_release_is_blocked_only_by_a_version_in_review() -> None:
    """One rule for the publish page and core: empty history or in review blocks; a
    rejected, approved or published version may be followed by a new package."""
    assert ReleaseHistory().new_release_blocker() is not None
    history = uploaded("1.0.0")
    assert history.new_release_blocker() is None
    history.submit("1.0.0")
    assert "still in review" in (history.new_release_blocker() or "")
    history.reject("1.0.0", "页面空白")
    assert history.new_release_blocker() is None and history.new_release_warning() == ""
    approved = uploaded("1.0.0")
    approved.submit("1.0.0")
    approved.approve("1.0.0")
    assert approved.new_release_blocker() is None
    assert "1.0.0" in approved.new_release_warning()
