"""The changelog (更新日志) the reviewers read: what they look for, and what must never be in it.

`check_changelog(text, has_login=..., known_secrets=...)` returns a `ChangelogReport` with a
`Check` and the counts a page shows. The rules:

- Something must be written: the official CLI refuses an upload without one, and reviewers read
  it to know what changed.
- When the merchant ticks "this app has a login", a test account and its password are required
  (the most common rejection is "no test account"). The text passes when it has both an
  account-like entry and a password-like entry:
  account = a label (账号, 帐号, 账户, 用户名, 手机号, 登录名, account, user, username, login,
  phone, email) followed by a value, or a bare mainland mobile number or e-mail address;
  password = a label (密码, 口令, 验证码, password, passwd, pwd, pass, code) followed by a
  value. A value is at least two visible characters after an optional ：/:/=/space.
  Until both are there the check is INTERMEDIATE (typing more completes it).
- Past 200 characters the text is still acceptable, with a warning: the review API limits review
  notes to 200 characters, so what reviewers see may be cut.
- The AppSecret or the upload token (any long hex run, or a secret the app knows) is refused:
  the changelog is sent to ByteDance and shown in the console. A test account's password is
  content the merchant means to send and is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from wizard.core import platform_facts as facts
from wizard.core.checks import Check
from wizard.core.i18n import _
from wizard.core.logs import looks_like_secret

WARN_LENGTH: int = facts.CHANGELOG_WARN_LENGTH
# A known secret shorter than this is too likely to occur by chance in ordinary text.
MIN_KNOWN_SECRET = 8

_SEPARATOR = r"\s*(?:[:：=]|是|为)?\s*"
_VALUE = r"[^\s,，;；、。:：=]{2,}"
_ACCOUNT = re.compile(
    r"(?i)(?:测试)?(?:账号|帐号|账户|帐户|用户名|手机号码?|登录名|登陆名|"
    r"\baccount\b|\buser(?:name)?\b|\blogin\b|\bphone\b|\be-?mail\b)" + _SEPARATOR + _VALUE
)
_PASSWORD = re.compile(
    r"(?i)(?:密码|口令|验证码|\bpassword\b|\bpasswd\b|\bpwd\b|\bpass\b|\bcode\b)"
    + _SEPARATOR
    + _VALUE
)
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@dataclass(frozen=True)
class ChangelogReport:
    """The changelog's verdict and what a page shows beside it (counter, found entries)."""

    check: Check
    length: int
    over_limit: bool
    has_account: bool
    has_password: bool


def has_test_account(text: str) -> bool:
    return bool(_ACCOUNT.search(text) or _MOBILE.search(text) or _EMAIL.search(text))


def has_test_password(text: str) -> bool:
    return bool(_PASSWORD.search(text))


def contains_secret(text: str, known_secrets: Iterable[str] = ()) -> bool:
    """An AppSecret/upload token in the text: a long hex run, or one of the app's own secrets."""
    if looks_like_secret(text):
        return True
    return any(
        len(secret.strip()) >= MIN_KNOWN_SECRET and secret.strip() in text
        for secret in known_secrets
    )


def check_changelog(
    text: str, *, has_login: bool = False, known_secrets: Iterable[str] = ()
) -> ChangelogReport:
    """What the reviewers will make of this changelog. Never raises; never echoes a secret."""
    body = text.strip()
    length = len(body)
    over = length > WARN_LENGTH
    account = has_test_account(body)
    password = has_test_password(body)

    def report(check: Check) -> ChangelogReport:
        return ChangelogReport(check, length, over, account, password)

    if contains_secret(body, known_secrets):
        return report(
            Check.invalid(
                _(
                    "This looks like the AppSecret or the upload token. Remove it: the changelog "
                    "is sent to ByteDance and shown in the console, and these must stay secret. "
                    "(A test account's password is fine.)"
                )
            )
        )
    if not body:
        return report(
            Check.intermediate(
                _("Describe what is new in this version, in a sentence or two.")
                + (" " + _login_hint() if has_login else "")
            )
        )
    if has_login and not (account and password):
        if account:
            message = _(
                "Add the test account's password too, for example “密码：123456”: the reviewers "
                "must be able to log in."
            )
        elif password:
            message = _(
                "Add the test account itself too, for example “测试账号：13800000000”: the "
                "reviewers must be able to log in."
            )
        else:
            message = _login_hint()
        return report(Check.intermediate(message))
    if over:
        return report(
            Check.acceptable(
                _(
                    "{count} characters: the reviewers may see only the first {limit}. Put the "
                    "test account first and keep the rest short."
                ).format(count=length, limit=WARN_LENGTH)
            )
        )
    return report(Check.acceptable())


def _login_hint() -> str:
    return _(
        "Your mini-program has a login: add a test account and its password for the reviewers, "
        "for example “测试账号：13800000000 密码：123456”."
    )
