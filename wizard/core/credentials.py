"""AppID and AppSecret validation: what a merchant pasted or typed, and what is wrong with it.

Contract: `check_appid(text)` and `check_secret(text)` return a `Check` (see checks.py) that a
Qt page can turn into QValidator states. INTERMEDIATE is only given to text that typing more
characters at the end can still make acceptable; everything else that is not acceptable is
INVALID with a sentence that names the problem (and the offending character, if there is one).
Messages never echo the secret: at most one offending character and its position.
"""

from __future__ import annotations

import re
import unicodedata

from wizard.core import platform_facts as facts
from wizard.core.checks import Check
from wizard.core.i18n import _, join_sentences

# Invisible characters that web pages and chat apps slip into copied text; they can never be
# part of an ID, so they are dropped wherever they are (not only at the ends).
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
# Punctuation a Chinese input method produces that is not in Unicode's "full-width" class.
CHINESE_IME_PUNCTUATION = frozenset("‘’“”…—·")
# Letters merchants type for look-alike digits.
LOOKALIKE_DIGITS = {"o": "0", "O": "0", "l": "1", "I": "1", "i": "1"}

APPID_LENGTHS = tuple(len(facts.APPID_PREFIX) + n for n in facts.APPID_HEX_LENGTHS)
SECRET_LENGTH = facts.SECRET_HEX_LENGTH
# Shortest placeholder prefix we recognise: "test"/"tour" are not the start of any real AppID.
PLACEHOLDER_MIN_PREFIX = 4


def _clean(text: str) -> str:
    """Drop zero-width characters anywhere; keep everything else (trimming is separate)."""
    return "".join(ch for ch in text if ch not in ZERO_WIDTH)


def normalize_appid(text: str) -> str:
    """The AppID as the platform knows it: trimmed (incl. U+3000, zero-width), lowercase."""
    return _clean(text).strip().lower()


def normalize_secret(text: str) -> str:
    """The AppSecret as pasted, trimmed (incl. U+3000 and zero-width characters)."""
    return _clean(text).strip()


def _ends_with_space(text: str) -> bool:
    """True when something was typed and then a space/line break followed it.

    Typing more after that space can never give a valid value, so an incomplete value followed
    by whitespace is INVALID (usually a copy that was cut off), not INTERMEDIATE.
    """
    core = _clean(text).lstrip()
    return bool(core) and core[-1].isspace()


def is_full_width(ch: str) -> bool:
    """A character a Chinese input method types instead of its plain (half-width) twin."""
    if unicodedata.east_asian_width(ch) == "F":
        return True
    return 0x3000 <= ord(ch) <= 0x303F or ch in CHINESE_IME_PUNCTUATION


def _character_problem(ch: str, position: int, field: str) -> str:
    """The sentence naming one character that cannot be in an AppID/AppSecret."""
    if is_full_width(ch):
        return _(
            "The character '{char}' (position {position}) is a full-width character from a "
            "Chinese input method. Switch to English input and type it again."
        ).format(char=ch, position=position)
    if ch.isspace():
        return _(
            "There is a space or line break at position {position}. The {field} has no spaces: "
            "copy it again in one piece."
        ).format(position=position, field=field)
    if not ch.isprintable():
        return _(
            "There is an invisible character (U+{code}) at position {position}. Delete it, or "
            "copy the {field} again."
        ).format(code=f"{ord(ch):04X}", position=position, field=field)
    if field == "AppID":
        message = _(
            "The character '{char}' (position {position}) cannot be in an AppID: after tt it "
            "has only the digits 0-9 and the letters a-f."
        ).format(char=ch, position=position)
    else:
        message = _(
            "The character '{char}' (position {position}) cannot be in an AppSecret: it has "
            "only the digits 0-9 and the letters a-f."
        ).format(char=ch, position=position)
    digit = LOOKALIKE_DIGITS.get(ch)
    if digit is not None:
        message = join_sentences(message, _("Did you mean the digit {digit}?").format(digit=digit))
    return message


def _where_to_find_appid() -> str:
    return _(
        "Copy the real AppID from the Douyin developer platform ({portal}): your mini-program "
        "→ 开发 → 开发配置."
    ).format(portal=facts.DEVELOPER_PORTAL)


def _keep_typing(missing: int, total: str, field: str) -> str:
    if missing == 1:
        return _("Keep typing: 1 more character expected ({field}: {total}).").format(
            field=field, total=total
        )
    return _("Keep typing: {missing} more characters expected ({field}: {total}).").format(
        missing=missing, field=field, total=total
    )


def _appid_shape() -> str:
    return _("tt followed by 16 or 18 letters/digits")


def check_appid(text: str) -> Check:
    """Is this (typed or pasted) text a Douyin mini-program AppID? Never raises."""
    # Characters are named as the merchant typed them (not lowercased), at their position.
    shown = normalize_secret(text)
    appid = shown.lower()
    if not shown:
        return Check.intermediate(
            _("Enter the AppID: {shape}, for example {example}.").format(
                shape=_appid_shape(), example=facts.APPID_EXAMPLE
            )
        )
    # The CLI's built-in test AppIDs look like real ones, so only an exact match counts.
    if (
        appid in facts.PLACEHOLDER_APPIDS
        or appid in facts.CLI_TEST_APPIDS
        or (
            len(appid) >= PLACEHOLDER_MIN_PREFIX
            and any(p.startswith(appid) for p in facts.PLACEHOLDER_APPIDS)
        )
    ):
        return Check.invalid(
            _(
                "This is the developer tool's test ID, not your mini-program's AppID: it can "
                "never be uploaded."
            )
            + " "
            + _where_to_find_appid()
        )
    if (
        appid.startswith("wx")
        and len(appid) <= len(facts.APPID_EXAMPLE)
        and all(ch in HEX_DIGITS for ch in appid[2:])
    ):
        return Check.invalid(
            _(
                "This looks like a WeChat mini-program AppID (it starts with wx), not a Douyin "
                "one. A Douyin AppID starts with tt."
            )
            + " "
            + _where_to_find_appid()
        )
    if len(shown) == SECRET_LENGTH and all(ch in HEX_DIGITS for ch in shown):
        return Check.invalid(
            _(
                "This looks like the AppSecret (40 letters/digits), not the AppID. The AppID "
                "starts with tt."
            )
            + " "
            + _where_to_find_appid()
        )
    for index, ch in enumerate(shown):
        if index < len(facts.APPID_PREFIX):
            if ch.lower() == facts.APPID_PREFIX[index]:
                continue
            if is_full_width(ch) or ch.isspace() or not ch.isprintable():
                return Check.invalid(_character_problem(ch, index + 1, "AppID"))
            return Check.invalid(
                _(
                    "An AppID starts with tt; the character '{char}' (position {position}) does "
                    "not fit. It looks like {example}."
                ).format(char=ch, position=index + 1, example=facts.APPID_EXAMPLE)
            )
        if ch not in HEX_DIGITS:
            return Check.invalid(_character_problem(ch, index + 1, "AppID"))
    length = len(shown)
    if length in APPID_LENGTHS:
        return Check.acceptable()
    if length > max(APPID_LENGTHS):
        return Check.invalid(
            _(
                "This AppID has {count} characters, but an AppID has 18 or 20 ({shape}). Check "
                "that nothing extra was copied with it."
            ).format(count=length, shape=_appid_shape())
        )
    missing = min(n for n in APPID_LENGTHS if n > length) - length
    if _ends_with_space(text):
        return Check.invalid(
            _(
                "The AppID looks cut off: it has {count} characters, an AppID has 18 or 20. Copy "
                "it again in full."
            ).format(count=length)
        )
    return Check.intermediate(_keep_typing(missing, _appid_shape(), "AppID"))


def check_secret(text: str) -> Check:
    """Is this text plausibly the AppSecret? Never raises; messages never contain the secret."""
    secret = normalize_secret(text)
    if not secret:
        return Check.intermediate(
            _("Paste the AppSecret: {count} letters/digits, from 开发 → 开发配置.").format(
                count=SECRET_LENGTH
            )
        )
    if facts.APPID_PATTERN.match(secret):
        return Check.invalid(
            _("This is an AppID (it starts with tt). Paste the AppSecret here instead.")
        )
    for index, ch in enumerate(secret):
        if ch not in HEX_DIGITS:
            return Check.invalid(_character_problem(ch, index + 1, "AppSecret"))
    length = len(secret)
    if length > facts.SECRET_MAX_STORED_LENGTH:
        return Check.invalid(
            _(
                "This AppSecret has {count} characters: too long to be an AppSecret, and more "
                "than the {limit} the system's password store can keep. Check what was copied."
            ).format(count=length, limit=facts.SECRET_MAX_STORED_LENGTH)
        )
    if length > SECRET_LENGTH:
        # Every known AppSecret has 40 characters, but that is observed, not an official rule.
        return Check.acceptable(
            _(
                "This AppSecret has {count} characters; they usually have {expected}. Check that "
                "nothing extra was copied. If it is exactly what the platform shows, go on."
            ).format(count=length, expected=SECRET_LENGTH)
        )
    if length == SECRET_LENGTH:
        return Check.acceptable()
    if _ends_with_space(text):
        return Check.invalid(
            _(
                "The AppSecret looks cut off: it has {count} characters, an AppSecret has "
                "{expected}. Copy it again in full."
            ).format(count=length, expected=SECRET_LENGTH)
        )
    return Check.intermediate(
        _keep_typing(
            SECRET_LENGTH - length,
            _("{count} letters/digits").format(count=SECRET_LENGTH),
            "AppSecret",
        )
    )


# The upload token (for the official CLI) is made in the console under 开发 → 开发配置
# (「立即启用」). Its form is documented nowhere, so it is opaque text, with one hard rule: it
# travels as an HTTP header (`x-cli-token`), so it is ASCII; a character outside printable
# ASCII is refused (Node would stop every upload with a TypeError). A label pasted with it
# (“token：…”, “上传密钥: …”) is left out. An unusual shape is a warning, never a block.
UPLOAD_TOKEN_SHORT = 16
_TOKEN_LABEL = re.compile(
    r"^(?:x-cli-|upload[ _-]?|cli[ _-]?)?token\s*[:：=]\s*"
    r"|^(?:上传)?(?:密钥|令牌|token)\s*[:：=]\s*",
    re.IGNORECASE,
)


def normalize_upload_token(text: str) -> str:
    """The upload token as pasted: trimmed (incl. U+3000 and zero-width characters), without a
    pasted label such as “token：”."""
    token = normalize_secret(text)
    label = _TOKEN_LABEL.match(token)
    if label is not None:
        token = token[label.end() :].strip()
    return token


def _token_character_problem(ch: str, position: int) -> str:
    """The sentence naming one character that cannot be in an upload token."""
    if is_full_width(ch) or ch.isspace() or not ch.isprintable():
        return _character_problem(ch, position, _("upload token"))
    return _(
        "The character '{char}' (position {position}) cannot be in an upload token: it has only "
        "English letters, digits and signs. Copy the upload token again from 「开发配置」."
    ).format(char=ch, position=position)


def check_upload_token(text: str) -> Check:
    """Is this text plausibly an upload token? Never raises; never echoes the token.
    Positions count from the token's first character (after a pasted label)."""
    check = _check_token(normalize_upload_token(text))
    if check.ok and not check.message and _TOKEN_LABEL.match(normalize_secret(text)):
        return Check.acceptable(
            _("The label in front of the token was left out: only what follows it is saved.")
        )
    return check


def _check_token(token: str) -> Check:
    if not token:
        return Check.intermediate(
            _(
                "Paste the upload token from 「开发」→「开发配置」 (click 「立即启用」 if there is "
                "none yet)."
            )
        )
    if facts.APPID_PATTERN.match(token):
        return Check.invalid(
            _("This is an AppID (it starts with tt). Paste the upload token here instead.")
        )
    for index, ch in enumerate(token):
        if ch in "\r\n" or (not ch.isprintable() and not ch.isspace()):
            return Check.invalid(
                _(
                    "There is a line break or an invisible character at position {position}. "
                    "Copy the upload token again in one piece."
                ).format(position=index + 1)
            )
        if not ch.isascii():
            return Check.invalid(_token_character_problem(ch, index + 1))
    if len(token) > facts.SECRET_MAX_STORED_LENGTH:
        return Check.invalid(
            _(
                "This text has {count} characters: more than the {limit} the system's password "
                "store can keep, so it is not the upload token. Check what was copied."
            ).format(count=len(token), limit=facts.SECRET_MAX_STORED_LENGTH)
        )
    for index, ch in enumerate(token):
        if ch.isspace():
            return Check.acceptable(
                _(
                    "The upload token has a space at position {position}, which is unusual. "
                    "Check that it was copied exactly; if it was, go on."
                ).format(position=index + 1)
            )
    if len(token) == SECRET_LENGTH and all(ch in HEX_DIGITS for ch in token):
        return Check.acceptable(
            _(
                "This looks like an AppSecret (40 letters/digits). The upload token is a "
                "different value, made with 「立即启用」; if this is it, go on."
            )
        )
    if len(token) < UPLOAD_TOKEN_SHORT:
        return Check.acceptable(
            _(
                "This upload token is short ({count} characters). Check that all of it was "
                "copied; if it was, go on."
            ).format(count=len(token))
        )
    return Check.acceptable()
