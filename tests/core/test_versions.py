"""Version numbers: examples for each rule, properties over any text, and the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from wizard.commands.version import main as cli_main
from wizard.core.checks import Check, State
from wizard.core.i18n import set_language
from wizard.core.versions import (
    Version,
    check_live_version,
    check_version,
    parse_lenient,
    parse_version,
    suggestions,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def chinese() -> None:
    set_language("zh_CN")  # English comes back after each test (tests/conftest.py)


# --- Examples ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["1.0.0", "0.0.1", "10.20.30", "9999.9999.9999", " 1.2.3\n", "\u30001.0.0\u200b"]
)
def test_acceptable_versions(text: str) -> None:
    assert check_version(text) == Check(State.ACCEPTABLE, "")


@pytest.mark.parametrize("text", ["", "1", "1.", "1.0", "1.0.", "12.3", " 1.0"])
def test_prefixes_are_intermediate(text: str) -> None:
    check = check_version(text)
    assert check.state is State.INTERMEDIATE
    assert "1.0.0" in check.message


@pytest.mark.parametrize(
    ("text", "char", "position", "fix"),
    [
        ("１．０．０", "１", 1, "1.0.0"),
        ("1。0。0", "。", 2, "1.0.0"),
        ("1.0．3", "．", 4, "1.0.3"),
        ("1.2.３", "３", 5, "1.2.3"),
    ],
)
def test_full_width_characters_are_named_with_position(
    text: str, char: str, position: int, fix: str
) -> None:
    check = check_version(text)
    assert check.state is State.INVALID
    assert f"'{char}' (position {position}) is a full-width character" in check.message
    assert f"Did you mean {fix}?" in check.message


def test_leading_v_is_refused_with_the_fix() -> None:
    check = check_version("v1.0.5")
    assert check.state is State.INVALID
    assert "Leave out the “v”" in check.message and "Type 1.0.5." in check.message
    assert "Type" not in check_version("V1.0").message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1.0.0.1", "this one has 4"),
        ("1.0.0.", "this one has 4"),
        ("1.0.0-beta", "suffix such as “-beta”"),
        ("1.0.0+build.5", "suffix such as “+build.5”"),
        ("1.0.0rc1", "suffix such as “rc1”"),
        ("1.a.0", "'a' (position 3) cannot be in a version number"),
        ("abc", "'a' (position 1)"),
        ("1,0,0", "separate the numbers with dots"),
        ("1..0", "missing before dot 2"),
        (".1.0", "missing before dot 1"),
        ("01.2.3", "type 1.2.3 instead of 01.2.3"),
        ("1.02.03", "type 1.2.3 instead of 1.02.03"),
        ("1.00", "type 1.0 instead of 1.00"),
        ("1.23456.0", "“23456” is too long"),
        ("1 .0.0", "space at position 2"),
        ("1.0\x07.0", "U+0007"),
        ("1.0 ", "incomplete"),
    ],
)
def test_malformed_versions_are_invalid_with_one_sentence(text: str, words: str) -> None:
    check = check_version(text)
    assert check.state is State.INVALID
    assert words in check.message


def test_previous_equal_is_refused_as_already_there() -> None:
    check = check_version("1.0.3", previous="1.0.3")
    assert check.state is State.INVALID
    assert "版本号已存在" in check.message
    assert "1.0.4" in check.message and "1.1.0" in check.message


@pytest.mark.parametrize("text", ["1.0.2", "0.9.9", "1.0.0"])
def test_previous_greater_is_named_with_the_next_one(text: str) -> None:
    check = check_version(text, previous="1.0.3")
    assert check.state is State.INVALID
    assert "greater than 1.0.3" in check.message
    assert "Use 1.0.4, or 1.1.0" in check.message


def test_previous_is_compared_as_numbers_not_text() -> None:
    assert check_version("1.0.10", previous="1.0.9").ok
    assert check_version("1.0.9", previous="1.0.10").state is State.INVALID
    assert check_version("1.0.4", previous="01.00.03").ok


def test_prefix_that_can_never_exceed_previous_is_invalid_at_once() -> None:
    assert check_version("0", previous="1.0.3").state is State.INVALID
    assert check_version("1.0", previous="1.0.3").state is State.INTERMEDIATE
    assert check_version("1", previous="2.0.0").state is State.INTERMEDIATE  # could be 10.0.0
    check = check_version("", previous="1.0.3")
    assert check.state is State.INTERMEDIATE and "greater than 1.0.3" in check.message


def test_big_jump_is_acceptable_with_a_warning() -> None:
    check = check_version("3.0.0", previous="1.0.3")
    assert check.is_warning and "skips ahead" in check.message
    assert check_version("2.0.0", previous="1.0.3") == Check(State.ACCEPTABLE, "")


def test_unreadable_previous_is_ignored() -> None:
    assert check_version("1.0.0", previous="garbage").ok


def test_parse_and_lenient_parse() -> None:
    assert parse_version("1.0.3") == Version(1, 0, 3)
    assert parse_version("01.0.3") is None
    assert parse_lenient("01.00.03") == Version(1, 0, 3)
    assert parse_lenient("v2.1") == Version(2, 1, 0)
    assert parse_lenient("３。１") == Version(3, 1, 0)
    assert parse_lenient(" 7 ") == Version(7, 0, 0)
    assert parse_lenient("1.2.3.4") is None
    assert parse_lenient("1.x") is None
    assert parse_lenient("") is None
    assert parse_lenient("1" * 5000) is None  # never int() a huge digit string
    assert parse_lenient("٣.٠.٠") is None  # other scripts' digits are not version digits


def test_suggestions() -> None:
    assert suggestions(None) == (Version(1, 0, 0), Version(1, 0, 0))
    assert suggestions(Version(1, 0, 3)) == (Version(1, 0, 4), Version(1, 1, 0))
    assert Version(1, 0, 3).next_major() == Version(2, 0, 0)
    assert str(Version(1, 10, 0)) == "1.10.0"


def test_live_version_field() -> None:
    assert check_live_version("") == Check(State.ACCEPTABLE, "")
    assert check_live_version("01.00.03").ok
    check = check_live_version("最新")
    assert check.state is State.INVALID and "线上版本" in check.message


def test_messages_in_chinese(chinese: None) -> None:
    check = check_version("１．０．０")
    assert "第 1 个字符「１」是全角字符" in check.message
    assert "1.0.0" in check.message
    assert "版本号已存在" in check_version("1.0.3", "1.0.3").message
    assert "1.0.4" in check_version("1.0.2", "1.0.3").message
    assert "去掉" in check_version("01.2.3").message


# --- Properties --------------------------------------------------------------------------

version_alphabet = st.sampled_from(list("0123456789....") + list("v-a １．。 \u200b"))


@st.composite
def version_like(draw: st.DrawFn) -> str:
    """Text near the version space: digits and dots, with occasional noise."""
    return draw(st.text(alphabet=version_alphabet, max_size=16))


previous_versions = st.one_of(
    st.none(),
    st.builds(
        lambda a, b, c: f"{a}.{b}.{c}",
        st.integers(0, 12),
        st.integers(0, 12),
        st.integers(0, 12),
    ),
)


def completions(text: str) -> list[str]:
    """Ways a merchant could keep typing: digits for the part being typed, then the rest."""
    parts = text.replace("\u200b", "").strip().split(".")
    missing = 3 - len(parts)
    return [
        text + grow + f".{fill}" * missing
        for grow in ("", "0", "1", "9", "99", "999", "9999")
        for fill in ("0", "1", "9999")
    ]


@settings(max_examples=examples(500))
@given(st.one_of(st.text(max_size=20), version_like()), previous_versions)
@example("1", "2.0.0")
@example("0", "0.0.0")
@example("", "9999.9999.9999")
@example("1.0", "1.0.9999")
def test_check_version_never_raises_and_intermediate_can_be_completed(
    text: str, previous: str | None
) -> None:
    check = check_version(text, previous)
    event(check.state.value)
    assert isinstance(check.state, State)
    if check.state is not State.ACCEPTABLE:
        assert check.message
    if check.state is State.ACCEPTABLE:
        version = parse_version(text)
        assert version is not None
        if previous is not None:
            assert version > parse_lenient(previous)  # type: ignore[operator]
    if check.state is State.INTERMEDIATE:
        reachable = [c for c in completions(text) if check_version(c, previous).ok]
        assert reachable, (text, previous)


@given(st.integers(0, 9999), st.integers(0, 9999), st.integers(0, 9999))
def test_every_well_formed_version_is_acceptable_and_round_trips(a: int, b: int, c: int) -> None:
    text = f"{a}.{b}.{c}"
    assert check_version(text).ok
    assert str(parse_version(text)) == text
    assert parse_lenient(f"0{a}.0{b}.0{c}") == Version(a, b, c)


@given(st.text(max_size=30))
def test_lenient_parse_never_raises(text: str) -> None:
    result = parse_lenient(text)
    assert result is None or isinstance(result, Version)
    assert isinstance(check_live_version(text), Check)


# --- Command line ------------------------------------------------------------------------


def test_cli_acceptable_and_not(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["1.0.4", "--previous", "1.0.3"]) == 0
    assert "1.0.4" in capsys.readouterr().out
    assert cli_main(["1.0.3", "--previous", "1.0.3"]) == 1
    assert "版本号已存在" in capsys.readouterr().out
    assert cli_main(["1.0"]) == 1


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["v1.0.5", "--json", "--previous", "01.00.03"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["state"] == "invalid"
    assert data["previous"] == "1.0.3"
    assert data["suggestions"] == {"next_patch": "1.0.4", "next_minor": "1.1.0"}
    assert cli_main(["2.0.0", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["version"] == "2.0.0" and data["previous"] is None


@pytest.mark.parametrize(
    "argv", [[], ["1.0.0", "--previous", "abc"], ["1.0.0", "--previous", "1.2.3.4"], ["--x"]]
)
def test_cli_bad_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(argv) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.slow
def test_cli_through_the_real_entry_point(tmp_path: Path) -> None:
    env = {**os.environ, "MINIAPP_PUBLISHER_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "wizard", "check-version", "1.0.3", "--previous", "1.0.3"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert "1.0.4" in run.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "wizard", "check-version", "1.0.0", "--previous", "x.y"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr and "x.y" in bad.stderr


def test_live_version_trailing_dot_while_typing_is_not_an_error() -> None:
    assert check_live_version("1.0.").state is State.INTERMEDIATE
    assert check_live_version("１．").state is State.INTERMEDIATE
    assert check_live_version("1.0.3.").state is State.INVALID
