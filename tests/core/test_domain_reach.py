"""Reachability verdicts (pure): each failure one sentence, certificate names and dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from wizard.core.domains.reach import (
    CertProblem,
    Failure,
    ReachObservation,
    certificate_matches,
    judge_reach,
)
from wizard.core.i18n import set_language

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
GOOD = ReachObservation(
    host="api.example.com",
    names=("api.example.com",),
    not_before=NOW - timedelta(days=10),
    not_after=NOW + timedelta(days=200),
    protocol="TLSv1.3",
)


@pytest.mark.parametrize(
    ("host", "names", "expected"),
    [
        ("api.example.com", ["api.example.com"], True),
        ("API.example.com.", ["api.example.com"], True),
        ("api.example.com", ["*.example.com"], True),
        ("example.com", ["*.example.com"], False),
        ("a.b.example.com", ["*.example.com"], False),
        ("api.example.com", ["*.*.com", "other.com"], False),
        ("api.example.com:8443", ["api.example.com"], True),
        ("api.example.com", [], False),
    ],
)
def test_certificate_matches(host: str, names: list[str], expected: bool) -> None:
    assert certificate_matches(host, names) is expected


def test_good_host_has_a_summary_and_no_warning() -> None:
    verdict = judge_reach(GOOD, NOW)
    assert verdict.ok and verdict.check.message == ""
    assert verdict.summary == (
        "api.example.com answers over HTTPS; its certificate is valid until 2027-06-17."
    )


def test_soon_expiring_certificate_is_a_warning() -> None:
    soon = ReachObservation(**{**GOOD.__dict__, "not_after": NOW + timedelta(days=5)})
    verdict = judge_reach(soon, NOW)
    assert verdict.ok and verdict.check.is_warning
    assert "expires on 2026-12-04" in verdict.check.message


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"failure": Failure.STOPPED}, "was stopped"),
        ({"failure": Failure.HOST_NOT_FOUND}, "was not found on the internet"),
        ({"failure": Failure.REFUSED, "port": 8443}, "refused the connection on port 8443"),
        ({"failure": Failure.TIMED_OUT, "timeout_seconds": 7}, "within 7 seconds"),
        ({"failure": Failure.NETWORK}, "Check your internet connection"),
        ({"failure": Failure.TLS_FAILED}, "does not complete a secure"),
        ({"failure": Failure.CLOSED}, "does not complete a secure"),
        ({"not_after": NOW - timedelta(days=1)}, "expired on 2026-11-28"),
        ({"not_before": NOW + timedelta(days=1)}, "only valid from 2026-11-30"),
        ({"names": ("www.other.com",)}, "is for www.other.com, not for api.example.com"),
        ({"problems": (CertProblem.HOST_MISMATCH,)}, "not for api.example.com"),
        ({"problems": (CertProblem.UNTRUSTED,)}, "not trusted"),
        ({"problems": (CertProblem.EXPIRED,)}, "has expired"),
        ({"protocol": "TLSv1.1"}, "TLS 1.2 or newer"),
    ],
)
def test_each_failure_is_one_sentence(changes: dict[str, object], words: str) -> None:
    observation = ReachObservation(**{**GOOD.__dict__, **changes})  # type: ignore[arg-type]
    verdict = judge_reach(observation, NOW)
    assert not verdict.ok
    assert words in verdict.check.message


def test_chinese_sentences() -> None:
    set_language("zh_CN")
    try:
        message = judge_reach(ReachObservation("api.example.com", failure=Failure.REFUSED), NOW)
        assert "api.example.com" in message.check.message and "你" not in message.check.message
        assert "443" in message.check.message
    finally:
        set_language("en")
