"""AppID / AppSecret validators: examples for each rule, and properties over any text."""

from __future__ import annotations

import os
import string
from collections.abc import Iterator

import pytest
from hypothesis import assume, event, example, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from wizard.core import platform_facts as facts
from wizard.core.checks import Check, State
from wizard.core.credentials import (
    check_appid,
    check_secret,
    is_full_width,
    normalize_appid,
    normalize_secret,
)
from wizard.core.i18n import set_language

os.environ.setdefault("MINIAPP_PUBLISHER_HOME", "/nonexistent-miniapp-publisher-home")

OLD_ID = "tt411d37a0de37d565"
NEW_ID = "tt02d6746b9cb2fc0e10"
SECRET = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINIAPP_PUBLISHER_HOME", str(tmp_path))


@pytest.fixture
def chinese() -> Iterator[None]:
    set_language("zh_CN")
    try:
        yield
    finally:
        set_language("en")


# --- AppID: examples ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        OLD_ID,
        NEW_ID,
        OLD_ID.upper(),
        f"  {OLD_ID}\n",
        f"\t{NEW_ID}\r\n",
        f"\u3000{OLD_ID}\u3000",
        f"\ufeff{OLD_ID}\u200b",
        "tt411d\u200b37a0de37d565",
    ],
)
def test_appid_acceptable_after_trimming(text: str) -> None:
    assert check_appid(text) == Check(State.ACCEPTABLE, "")


def test_normalize_appid_trims_and_lowercases() -> None:
    assert normalize_appid("\u3000 TT411D37A0DE37D565\u200b\n") == OLD_ID
    assert normalize_secret(f" \ufeff{SECRET.upper()}\t") == SECRET.upper()


@pytest.mark.parametrize(
    ("text", "missing"),
    [("", None), ("t", 17), ("tt", 16), ("tt0a1b", 12), ("TT0A1B", 12), (OLD_ID + "0", 1)],
)
def test_appid_prefixes_are_intermediate_and_say_how_many(text: str, missing: int | None) -> None:
    check = check_appid(text)
    assert check.state is State.INTERMEDIATE
    assert "16 or 18" in check.message
    if missing is not None:
        expected = "1 more character" if missing == 1 else f"{missing} more characters"
        assert expected in check.message


@pytest.mark.parametrize("text", ["testappId", "touristappid", "TESTAPPID", "testAppId", "test"])
def test_placeholder_ids_are_invalid_and_say_where_to_look(text: str) -> None:
    check = check_appid(text)
    assert check.state is State.INVALID
    assert "developer tool's test ID" in check.message
    assert "开发配置" in check.message


@pytest.mark.parametrize("text", [*sorted(facts.CLI_TEST_APPIDS), "TT07E3715E98C9AAC0"])
def test_the_cli_built_in_test_appids_are_placeholders(text: str) -> None:
    check = check_appid(f" {text} ")
    assert check.state is State.INVALID
    assert "developer tool's test ID" in check.message


@pytest.mark.parametrize(
    "text", ["tt07", "tt07e3715e98c9aac", "tt07e3715e98c9aac1", "tt975be1e608633d42"]
)
def test_only_the_exact_test_appids_are_placeholders(text: str) -> None:
    assert check_appid(text).state is not State.INVALID


def test_te_is_not_a_prefix_and_names_the_letter() -> None:
    check = check_appid("te")
    assert check.state is State.INVALID
    assert "'e' (position 2)" in check.message
    assert "starts with tt" in check.message


@pytest.mark.parametrize("text", ["wx1234567890abcdef", "WX1234567890ABCDEF", "wx12"])
def test_wechat_appid_is_invalid(text: str) -> None:
    check = check_appid(text)
    assert check.state is State.INVALID
    assert "WeChat" in check.message


def test_secret_pasted_into_appid_field_is_recognised() -> None:
    check = check_appid(SECRET)
    assert check.state is State.INVALID
    assert "AppSecret" in check.message
    assert SECRET not in check.message


@pytest.mark.parametrize(
    ("text", "char", "position"),
    [
        ("ｔｔ411d37a0de37d565", "ｔ", 1),
        ("tｔ411d", "ｔ", 2),
        ("tt41１d", "１", 5),
        ("tt411d，", "，", 7),
        ("tt411d。", "。", 7),
        ("tt“411d", "“", 3),
    ],
)
def test_full_width_characters_are_named(text: str, char: str, position: int) -> None:
    check = check_appid(text)
    assert check.state is State.INVALID
    assert f"'{char}' (position {position}) is a full-width character" in check.message
    assert "English input" in check.message


def test_other_characters_are_named_with_a_hint_for_lookalikes() -> None:
    check = check_appid("tt41zd")
    assert check.state is State.INVALID
    assert "'z' (position 5)" in check.message
    hinted = check_appid("tt4o1d")
    assert "'o' (position 4)" in hinted.message
    assert "digit 0" in hinted.message


def test_spaces_and_invisible_characters_inside_are_explained() -> None:
    spaced = check_appid("tt411d 37a0de37d565")
    assert spaced.state is State.INVALID
    assert "position 7" in spaced.message and "space" in spaced.message
    control = check_appid("tt411d\x0737a0de37d565")
    assert control.state is State.INVALID
    assert "U+0007" in control.message


def test_too_long_and_cut_off_appids() -> None:
    long_check = check_appid(NEW_ID + "0")
    assert long_check.state is State.INVALID
    assert "21 characters" in long_check.message
    cut = check_appid("tt411d37a0 \n")
    assert cut.state is State.INVALID
    assert "cut off" in cut.message


def test_appid_messages_in_chinese(chinese: None) -> None:
    check = check_appid("tt4１")
    assert check.state is State.INVALID
    assert "第 4 个字符「１」是全角字符" in check.message
    assert "测试" in check_appid("touristappid").message
    assert "微信" in check_appid("wx1234567890abcdef").message
    assert "还差 14 位" in check_appid("tt41").message


# --- AppSecret: examples -----------------------------------------------------------------


def test_secret_of_40_hex_is_acceptable_after_trimming() -> None:
    assert check_secret(f"\u3000{SECRET}\n") == Check(State.ACCEPTABLE, "")
    assert check_secret(SECRET.upper()).ok


@pytest.mark.parametrize("length", [0, 1, 20, 39])
def test_short_secret_is_intermediate_with_missing_count(length: int) -> None:
    check = check_secret(SECRET[:length])
    assert check.state is State.INTERMEDIATE
    missing = 40 - length
    if length:
        assert (f"{missing} more characters" if missing > 1 else "1 more character") in (
            check.message
        )
    else:
        assert "40" in check.message


def test_longer_secret_is_acceptable_with_a_warning() -> None:
    check = check_secret(SECRET + "abc")
    assert check.state is State.ACCEPTABLE
    assert check.is_warning
    assert "43 characters" in check.message
    assert SECRET not in check.message


def test_secret_over_the_store_limit_is_invalid() -> None:
    at_limit = "a" * facts.SECRET_MAX_STORED_LENGTH
    assert check_secret(at_limit).state is State.ACCEPTABLE
    over = check_secret(at_limit + "b")
    assert over.state is State.INVALID
    assert str(facts.SECRET_MAX_STORED_LENGTH) in over.message


def test_secret_non_hex_is_named_without_echoing_the_secret() -> None:
    text = SECRET[:10] + "g" + SECRET[11:]
    check = check_secret(text)
    assert check.state is State.INVALID
    assert "'g' (position 11)" in check.message
    assert SECRET[:10] not in check.message
    full_width = check_secret(SECRET[:3] + "ａ" + SECRET[4:])
    assert "'ａ' (position 4) is a full-width character" in full_width.message


def test_appid_pasted_into_secret_field() -> None:
    check = check_secret(OLD_ID)
    assert check.state is State.INVALID
    assert "AppID" in check.message


def test_cut_off_secret_is_invalid() -> None:
    check = check_secret(SECRET[:25] + " ")
    assert check.state is State.INVALID
    assert "cut off" in check.message


def test_secret_messages_in_chinese(chinese: None) -> None:
    check = check_secret(SECRET[:5] + "，")
    assert "第 6 个字符「，」是全角字符" in check.message
    assert "还差 30 位" in check_secret(SECRET[:10]).message
    warning = check_secret(SECRET + "00")
    assert warning.is_warning and "42" in warning.message


def test_full_width_classification() -> None:
    assert all(is_full_width(ch) for ch in "ｔ０，。、：；（）　“”")
    assert not any(is_full_width(ch) for ch in "t0,.;:() 我")


# --- Properties --------------------------------------------------------------------------

HEX = "0123456789abcdefABCDEF"
hex_text = st.text(alphabet=HEX, max_size=45)
noise = st.text(
    alphabet=st.sampled_from(list(" \t\n\u3000\u200b\ufeffｔ０，。gxzo-_:") + list(HEX)),
    max_size=4,
)


@st.composite
def appid_like(draw: st.DrawFn) -> str:
    """Text near the AppID space: valid IDs, their prefixes, and small edits of them."""
    hex_part = draw(st.text(alphabet=HEX, min_size=16, max_size=18))
    full = draw(st.sampled_from(["tt", "TT", "tT"])) + hex_part
    cut = draw(st.integers(min_value=0, max_value=len(full)))
    base = full[:cut]
    if draw(st.booleans()):
        where = draw(st.integers(min_value=0, max_value=len(base)))
        base = base[:where] + draw(noise) + base[where:]
    return draw(st.sampled_from(["", " ", "\u3000", "\n"])) + base


@st.composite
def secret_like(draw: st.DrawFn) -> str:
    """Text near the AppSecret space: hex of lengths around 40, with occasional noise."""
    size = draw(st.one_of(st.integers(0, 48), st.sampled_from([39, 40, 41])))
    base = draw(st.text(alphabet=HEX, min_size=size, max_size=size))
    if draw(st.booleans()):
        where = draw(st.integers(min_value=0, max_value=len(base)))
        base = base[:where] + draw(noise) + base[where:]
    return draw(st.sampled_from(["", " ", "\ufeff"])) + base


def complete_appid(text: str) -> str:
    """Append hex digits (as a merchant would keep typing) until the AppID could be complete."""
    length = len(normalize_appid(text))
    if length < 2:
        return text + "tt"[length:] + "0" * 16
    return text + "a" * max(0, min(n for n in (18, 20) if n >= length) - length)


def complete_secret(text: str) -> str:
    return text + "f" * max(0, 40 - len(normalize_secret(text)))


@settings(max_examples=examples(400))
@given(st.one_of(st.text(), appid_like()))
@example("t")
@example("\u200b")
@example("tt\u200b")
@example("\x1c")
def test_check_appid_never_raises_and_intermediate_can_be_completed(text: str) -> None:
    check = check_appid(text)
    event(check.state.value)
    assert isinstance(check.state, State)
    if check.state is State.ACCEPTABLE:
        assert facts.APPID_PATTERN.match(normalize_appid(text))
    else:
        assert check.message
    if check.state is State.INTERMEDIATE:
        completed = complete_appid(text)
        assert check_appid(completed).state is State.ACCEPTABLE, repr(completed)


@settings(max_examples=examples(400))
@given(st.one_of(st.text(), secret_like()))
@example("\ufeff")
def test_check_secret_never_raises_never_echoes_and_intermediate_completes(text: str) -> None:
    check = check_secret(text)
    event(check.state.value)
    assert isinstance(check.state, State)
    if check.state is not State.ACCEPTABLE:
        assert check.message
    secret = normalize_secret(text)
    hex_share = sum(ch in HEX for ch in secret) / max(1, len(secret))
    if len(secret) >= 8 and hex_share >= 0.75 and not any(ch.isspace() for ch in secret):
        # At most one character of a secret may be named; never a run of it. (Only secret-like
        # text is checked: words such as "AppSecret" legitimately appear in the messages.)
        assert secret not in check.message
    if check.state is State.INTERMEDIATE:
        assert check_secret(complete_secret(text)).state is State.ACCEPTABLE


@given(st.text(alphabet=string.hexdigits, min_size=8, max_size=2000))
def test_secret_message_never_contains_the_hex_secret(secret: str) -> None:
    check = check_secret(secret)
    assert secret not in check.message
    assert secret.lower() not in check.message.lower()


@given(st.text(alphabet="0123456789abcdef", min_size=16, max_size=18))
def test_every_valid_appid_is_acceptable_in_any_case(hex_part: str) -> None:
    appid = "tt" + hex_part
    assume(appid not in facts.CLI_TEST_APPIDS)
    expected = State.ACCEPTABLE if len(hex_part) in (16, 18) else State.INTERMEDIATE
    assert check_appid(appid).state is expected
    assert check_appid(appid.upper()).state is expected


# --- Catalog: every message of this area has a Chinese translation ---------------------


def _messages_in(module_path: str) -> set[str]:
    import ast
    from pathlib import Path

    tree = ast.parse(Path(module_path).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"_", "N_"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def test_every_message_has_a_chinese_translation_with_the_same_placeholders() -> None:
    from pathlib import Path

    from wizard.core import credentials, secrets, token_check
    from wizard.core.i18n import load_catalog, parse_po, placeholders

    po_path = Path(__file__).resolve().parents[2] / "resources/i18n/zh_CN/credentials.po"
    entries = parse_po(po_path.read_text(encoding="utf-8"), po_path.name)
    assert entries[0].msgid == "" and "charset=UTF-8" in entries[0].msgstr
    assert not any(entry.fuzzy for entry in entries)
    catalog = load_catalog("zh_CN")
    for module in (credentials, secrets, token_check):
        assert module.__file__ is not None
        for msgid in _messages_in(module.__file__):
            translated = catalog.lookup(msgid)
            assert translated, f"untranslated: {msgid!r}"
            assert placeholders(translated) == placeholders(msgid), msgid
