"""Changelog rules: test account when there is a login, length warning, secrets refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.core.checks import State
from wizard.core.i18n import set_language
from wizard.core.upload.changelog import WARN_LENGTH, check_changelog, contains_secret

SECRET = "0123456789abcdef0123456789abcdef01234567"
TOKEN = "upl-Zx81_kQ2-opaque-token"


@pytest.fixture
def chinese() -> None:
    set_language("zh_CN")  # English comes back after each test (tests/conftest.py)


def test_plain_changelog_without_login_is_fine() -> None:
    report = check_changelog("首页改版，修复下单问题。")
    assert report.check.ok and not report.check.message
    assert report.length == 12 and not report.over_limit


def test_empty_changelog_asks_for_one() -> None:
    report = check_changelog("   ")
    assert report.check.state is State.INTERMEDIATE
    assert "Describe what is new" in report.check.message
    assert "test account" in check_changelog("", has_login=True).check.message


@pytest.mark.parametrize(
    "text",
    [
        "修复首页。测试账号：13800000000 密码：123456",
        "账号 shop01，密码 abc123",
        "测试帐号为 demo 口令为 8888",
        "Test account: demo@example.com password: pass1234",
        "user=tester pwd=qwerty",
        "13912345678 验证码 1234",
        "手机号：13800000000，验证码：6666（固定）",
    ],
)
def test_login_needs_account_and_password_and_these_have_both(text: str) -> None:
    report = check_changelog(text, has_login=True)
    assert report.check.ok, report
    assert report.has_account and report.has_password


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("修复首页", "add a test account and its password"),
        ("测试账号：13800000000", "password too"),
        ("13800000000", "password too"),
        ("密码：123456", "test account itself"),
        ("账号：", "add a test account"),
    ],
)
def test_login_without_both_is_intermediate(text: str, words: str) -> None:
    report = check_changelog(text, has_login=True)
    assert report.check.state is State.INTERMEDIATE
    assert words in report.check.message
    assert check_changelog(text, has_login=False).check.ok


def test_over_200_characters_warns_with_the_count() -> None:
    text = "测试账号：13800000000 密码：123456 " + "更新内容。" * 40
    report = check_changelog(text, has_login=True)
    assert report.over_limit and report.length > WARN_LENGTH
    assert report.check.is_warning
    assert f"{report.length} characters" in report.check.message
    assert check_changelog("x" * WARN_LENGTH).check.message == ""


def test_secret_and_token_are_refused_but_test_password_is_not() -> None:
    for text in (f"appsecret {SECRET}", f"上传密钥 {TOKEN}"):
        report = check_changelog(text, has_login=False, known_secrets=[TOKEN])
        assert report.check.state is State.INVALID
        assert SECRET not in report.check.message and TOKEN not in report.check.message
    fine = check_changelog("账号 demo 密码 upl-Zx81", has_login=True, known_secrets=[TOKEN])
    assert fine.check.ok
    # A short "known secret" would match ordinary words: it is ignored.
    assert not contains_secret("密码 1234", ["1234"])


def test_messages_in_chinese(chinese: None) -> None:
    assert "测试账号" in check_changelog("修复", has_login=True).check.message
    assert "AppSecret" in check_changelog(SECRET).check.message
    warning = check_changelog("更新" * 120).check.message
    assert "240" in warning and "200" in warning


@given(st.text(max_size=300), st.booleans(), st.lists(st.text(max_size=50), max_size=3))
def test_never_raises_and_never_echoes_a_secret(
    text: str, has_login: bool, secrets: list[str]
) -> None:
    report = check_changelog(text, has_login=has_login, known_secrets=secrets)
    assert report.check.state in set(State)
    assert report.length == len(text.strip())
    if report.check.state is not State.ACCEPTABLE:
        assert report.check.message
    for secret in secrets:
        if len(secret.strip()) >= 8:
            assert secret.strip() not in report.check.message
