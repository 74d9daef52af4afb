"""The step modules version, preview, review and publish, headless: records, rules, done."""

from __future__ import annotations

import pytest

from wizard.core import journey
from wizard.core.releases import ReleaseRuleError, ReviewState, Route
from wizard.core.state import MiniProgram
from wizard.core.steps import preview, publish, review
from wizard.core.steps import version as version_step
from wizard.core.steps.review import ReviewAnswers
from wizard.core.steps.version import VersionAnswers

CHANGELOG = "测试账号：13800000000 密码：123456"
SECRET = "0123456789abcdef0123456789abcdef01234567"


def program() -> MiniProgram:
    return MiniProgram(id="p1", name="花店", appid="tt411d37a0de37d565")


def apply(p: MiniProgram, values: dict[str, object], step_id: str = version_step.ID) -> None:
    p.answer(step_id).update(values)


def test_damaged_answers_read_as_defaults() -> None:
    p = program()
    p.answers["version"] = {"history": "x", "has_login": "yes", "route": 5, "draft_version": 1}
    p.answers["review"] = {"checklist": ["a"], "agreements_read": 1}
    p.answers["preview"] = {"checked": {"opens": "true"}}
    answers = VersionAnswers.read(p)
    assert answers.history.releases == [] and not answers.has_login
    assert answers.route is Route.DEVTOOL and answers.draft_version == ""
    assert ReviewAnswers.read(p) == ReviewAnswers()
    assert preview.PreviewAnswers.read(p).checked == {k: False for k in preview.PHONE_CHECKS}
    assert VersionAnswers.read(None).history.releases == []


def test_whole_release_through_the_step_functions() -> None:
    p = program()
    assert version_step.suggested_versions(p) == ("1.0.0", "1.0.0")
    assert not version_step.is_done(p)
    release, values = version_step.record_upload(p, "1.0.0", CHANGELOG, Route.DEVTOOL)
    apply(p, values)
    assert release.version == "1.0.0" and values["draft_version"] == ""
    assert version_step.is_done(p) and not preview.is_done(p)
    assert version_step.suggested_versions(p) == ("1.0.1", "1.1.0")
    apply(p, preview.confirm_previewed(p))
    assert preview.is_done(p)
    apply(p, review.record_submitted(p, auto_publish=False))
    assert not review.is_done(p)
    apply(p, review.record_approved(p))
    assert review.is_done(p) and not publish.is_done(p)
    apply(p, publish.record_published(p))
    assert publish.is_done(p) and publish.live_version(p) == "1.0.0"
    assert journey.status_report(p)["publish"] == "done"
    assert version_step.welcome_words(p) == "Published 1.0.0"


def test_rejection_reopens_the_version_step_and_names_the_fix() -> None:
    p = program()
    apply(p, version_step.record_upload(p, "1.0.0", CHANGELOG, Route.APP)[1])
    apply(p, review.record_submitted(p))
    apply(p, review.record_rejected(p, "页面白屏，无法进入"))
    assert not version_step.is_done(p)
    assert [item.key for item in review.fixes_for_rejection(p)] == ["no_blank_pages"]
    with pytest.raises(ReleaseRuleError):
        publish.record_published(p)
    with pytest.raises(ReleaseRuleError, match="版本号已存在"):
        version_step.record_upload(p, "1.0.0", CHANGELOG, Route.APP)


def test_withdraw_and_resubmit() -> None:
    p = program()
    apply(p, version_step.record_upload(p, "1.0.0", CHANGELOG, Route.DEVTOOL)[1])
    apply(p, review.record_submitted(p))
    apply(p, review.record_withdrawn(p))
    assert version_step.history(p).latest().state is ReviewState.UPLOADED  # type: ignore[union-attr]
    apply(p, review.record_submitted(p, auto_publish=True))
    apply(p, review.record_approved(p))
    assert publish.is_done(p)


def test_nothing_uploaded_changes_nothing() -> None:
    p = program()
    assert preview.confirm_previewed(p) == {}
    assert review.record_submitted(p) == {}
    assert publish.record_published(p) == {}
    assert review.fixes_for_rejection(p) == ()


def test_review_ready_needs_every_item_and_the_agreements() -> None:
    p = program()
    apply(p, {"has_login": True})
    keys = [item.key for item in review.items_for(p)]
    assert "test_account" in keys
    apply(p, {"checklist": dict.fromkeys(keys, True)}, review.ID)
    assert not review.ready_to_submit(p)
    apply(p, {"agreements_read": True}, review.ID)
    assert review.ready_to_submit(p)
    apply(p, {"has_login": False})
    assert "test_account" not in [item.key for item in review.items_for(p)]


def test_new_release_keeps_history_and_reopens_steps() -> None:
    p = program()
    apply(p, version_step.record_upload(p, "1.0.0", CHANGELOG, Route.DEVTOOL)[1])
    apply(p, review.record_submitted(p))
    with pytest.raises(ReleaseRuleError, match="still in review"):
        version_step.start_new_release(p)
    apply(p, review.record_approved(p))
    apply(p, publish.record_published(p))
    p.answers["package"] = {"can_upload": True, "extracted_to": "/x"}
    p.answers["credentials"] = {"entered_in_admin": True}
    for step_id, values in version_step.start_new_release(p).items():
        apply(p, values, step_id)
    assert p.answers["package"]["can_upload"] is False
    assert p.answers["credentials"] == {"entered_in_admin": True}
    assert not version_step.is_done(p) and not publish.is_done(p)
    assert len(version_step.history(p).releases) == 1
    assert version_step.suggested_versions(p) == ("1.0.1", "1.1.0")


def test_a_secret_is_never_kept_as_a_draft() -> None:
    assert version_step.draft_changelog_to_keep(f"x {SECRET}", []) == ""
    assert version_step.draft_changelog_to_keep("x opaque-token-1", ["opaque-token-1"]) == ""
    assert version_step.draft_changelog_to_keep(CHANGELOG, ["opaque-token-1"]) == CHANGELOG
    report = version_step.check_changelog_for(program(), "x opaque-token-1", ["opaque-token-1"])
    assert report.check.state.value == "invalid"
