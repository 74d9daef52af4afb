"""Server domain validation: examples for each rule, whole lists, saved answers, and properties."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from wizard.core import platform_facts as facts
from wizard.core.checks import Check, State
from wizard.core.domains.rules import (
    KINDS,
    EnteredDomains,
    analyse_domain,
    analyse_finished,
    check_domain,
    check_domain_list,
    check_domain_lists,
    normalise_domain,
    split_domain_list,
)
from wizard.core.i18n import set_language


@pytest.fixture
def chinese() -> Iterator[None]:
    set_language("zh_CN")
    try:
        yield
    finally:
        set_language("en")


# --- one entry: what to paste -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "paste"),
    [
        ("api.example.com", "request", "api.example.com"),
        ("API.Example.COM", "request", "api.example.com"),
        ("https://api.example.com/v1/x?y=1#z", "request", "api.example.com"),
        ("https://api.example.com", "uploadFile", "api.example.com"),
        ("HTTPS://cdn.example.com/a.png", "downloadFile", "cdn.example.com"),
        ("wss://live.example.com/socket", "socket", "live.example.com"),
        ("https://live.example.com", "socket", "live.example.com"),
        ("//h5.example.com/page", "webview", "h5.example.com"),
        ("h5.example.com/", "webview", "h5.example.com"),
        ("  api.example.com\n", "request", "api.example.com"),
        ("\u3000api.example.com\u200b", "request", "api.example.com"),
        ("a-b.c-d.example.cn", "request", "a-b.c-d.example.cn"),
        ("xn--fsqu00a.xn--fiqs8s", "request", "xn--fsqu00a.xn--fiqs8s"),
    ],
)
def test_acceptable_entries_reduce_to_the_bare_host(text: str, kind: str, paste: str) -> None:
    verdict = analyse_domain(text, kind)
    assert verdict.check == Check(State.ACCEPTABLE, ""), verdict.check.message
    assert verdict.host == paste
    assert normalise_domain(text, kind) == paste
    assert verdict.reduced == (("/" in text) or ("://" in text))


def test_port_is_kept_and_warned_about() -> None:
    verdict = analyse_domain("https://api.example.com:8443/v1", "request")
    assert verdict.ok and verdict.check.is_warning
    assert verdict.host == "api.example.com:8443" and verdict.port == 8443
    assert (
        ":8443" in verdict.check.message and "enter just api.example.com" in verdict.check.message
    )


def test_internationalised_name_shows_its_punycode() -> None:
    verdict = analyse_domain("https://例子.中国/首页", "request")
    assert verdict.ok and verdict.check.is_warning
    assert verdict.host == "xn--fsqu00a.xn--fiqs8s"
    assert verdict.display == "例子.中国"
    assert "xn--fsqu00a.xn--fiqs8s" in verdict.check.message
    assert "例子.中国" in verdict.check.message


def test_wss_outside_the_socket_list_is_a_warning() -> None:
    check = check_domain("wss://live.example.com", "request")
    assert check.is_warning and "socket" in check.message
    assert check_domain("wss://live.example.com", "socket") == Check(State.ACCEPTABLE, "")


# --- one entry: problems, each one sentence -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("http://api.example.com/v1", "request", ["http://", "fail after release", "https://"]),
        ("ws://live.example.com", "socket", ["ws://", "fail after release", "wss://"]),
        ("http:", "request", ["http://", "fail after release"]),
        ("ftp://files.example.com", "request", ["ftp://", "only https://"]),
        ("127.0.0.1", "request", ["IP address"]),
        ("https://192.168.1.10:8080/api", "request", ["IP address"]),
        ("[::1]", "request", ["IP address"]),
        ("300.1.1.1", "request", ["IP address"]),
        ("localhost", "request", ["localhost"]),
        ("http://localhost:3000", "request", ["localhost"]),
        ("dev.localhost", "request", ["localhost"]),
        ("*.example.com", "request", ["Wildcards"]),
        ("api.*.com", "request", ["Wildcards"]),
        ("user:pw@api.example.com", "request", ["user name or password"]),
        ("api.example.com:", "request", []),
        ("api.example.com:abc", "request", ["not a port number"]),
        ("api.example.com:70000", "request", ["does not exist"]),
        ("api.example.com. ", "request", ["ends with a dot"]),
        ("https://api.example.com./x", "request", ["ends with a dot"]),
        ("a..example.com", "request", ["empty part between dots (position 3)"]),
        (".example.com", "request", ["empty part between dots (position 1)"]),
        ("a_b.example.com", "request", ["'_' (position 2)"]),
        ("api.exa$mple.com", "request", ["'$' (position 8)"]),
        ("-api.example.com", "request", ["hyphen"]),
        ("api-.example.com", "request", ["hyphen"]),
        ("a" * 64 + ".com", "request", ["longer than 63"]),
        (".".join(["a" * 60] * 5), "request", ["at most 253"]),
        ("api ", "request", ["not a complete domain"]),
        ("https://api/x", "request", ["not a complete domain"]),
        ("xn--zz.com", "request", ["cannot be encoded"]),
        ("ﬁle.example.com", "request", ["'ﬁ' (position 1)"]),
        ("①.example.com", "request", ["'①' (position 1)"]),
        ("https:/api.example.com", "request", ["missing a slash"]),
        ("https://", "request", []),
    ],
)
def test_problems_are_named(text: str, kind: str, words: list[str]) -> None:
    check = check_domain(text, kind)
    assert check.state is not State.ACCEPTABLE
    assert check.message
    for word in words:
        assert word in check.message, check.message
    # One sentence (a second one only where the message gives the fix).
    assert check.message.count(". ") <= 2


@pytest.mark.parametrize(
    ("text", "char", "position"),
    [
        ("api。example.com", "。", 4),
        ("ａpi.example.com", "ａ", 1),
        ("api.example．com", "．", 12),
        ("api，example.com", "，", 4),
        ("ｈｔｔｐｓ://api.example.com", "ｈ", 1),
        ("https：//api.example.com", "：", 6),
        ("api.example.com／", "／", 16),
        ("api.example.c０m", "０", 14),
        ("“api.example.com”", "“", 1),
    ],
)
def test_full_width_characters_are_refused_before_idna(text: str, char: str, position: int) -> None:
    # IDNA's nameprep would fold these to ASCII silently; the merchant must see them instead.
    verdict = analyse_domain(text, "request")
    assert verdict.state is State.INVALID
    assert verdict.host is None
    assert f"'{char}' (position {position}) is a full-width character" in verdict.check.message
    assert "English input" in verdict.check.message


def test_space_inside_is_named_with_its_position() -> None:
    check = check_domain("api.example .com", "request")
    assert check.state is State.INVALID
    assert "position 12" in check.message
    assert "U+0007" in check_domain("api\x07.example.com", "request").message


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("", "Enter a domain"),
        ("a", "at least one dot"),
        ("api", "at least one dot"),
        ("h", "at least one dot"),
        ("https", "at least one dot"),
        ("https:", "Keep typing"),
        ("https:/", "Keep typing"),
        ("https://", "Keep typing"),
        ("wss://", "Keep typing"),
        ("api.", "ends with a dot"),
        ("api.example.", "ends with a dot"),
        ("api.example.c", "ends with a name like .com"),
        ("api.1", "ends with a name like .com"),
        ("api-", "at least one dot"),
        ("api.example.com:", "colon"),
        ("https://api", "at least one dot"),
    ],
)
def test_prefixes_are_intermediate(text: str, hint: str) -> None:
    check = check_domain(text, "request")
    assert check.state is State.INTERMEDIATE
    assert hint in check.message


def test_finished_entries_are_never_intermediate() -> None:
    for text in ["api", "api.", "https://", "api.example.com:", "api.c"]:
        assert analyse_finished(text, "request").state is State.INVALID, text


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown domain list"):
        check_domain("api.example.com", "image")


def test_domain_messages_in_chinese(chinese: None) -> None:
    assert "第 4 个字符「。」是全角字符" in check_domain("api。example.com", "request").message
    assert "IP 地址" in check_domain("10.0.0.1", "request").message
    assert "发布后" in check_domain("http://api.example.com", "request").message
    assert "你" not in check_domain("*.example.com", "request").message


# --- whole lists ---------------------------------------------------------------------------


def test_pasted_lists_are_split_on_every_separator() -> None:
    pasted = (
        "a.example.com\nb.example.com, c.example.com；d.example.com、e.example.com，"
        "f.example.com;g.example.com h.example.com\u3000i.example.com\r\n"
    )
    assert split_domain_list(pasted) == [f"{c}.example.com" for c in "abcdefghi"]
    assert split_domain_list(" \n ,， ") == []


def test_list_verdicts_per_entry_with_duplicates_flagged() -> None:
    result = check_domain_list(
        "https://api.example.com/v1\napi.example.com\nhttp://old.example.com\napi\n", "request"
    )
    assert [e.text for e in result.entries] == [
        "https://api.example.com/v1",
        "api.example.com",
        "http://old.example.com",
        "api",
    ]
    first, again, insecure, short = result.entries
    assert first.ok and first.host == "api.example.com" and first.message == ""
    assert again.duplicate_of == 0 and not again.ok and "entry 1" in again.message
    assert insecure.verdict.state is State.INVALID and "fail after release" in insecure.message
    # In a finished list an incomplete entry is wrong, not "keep typing".
    assert short.verdict.state is State.INVALID and "not a complete domain" in short.message
    assert result.hosts == ["api.example.com"]
    assert result.paste_text == "api.example.com"
    assert not result.ok and result.summary() == "2 entries need fixing."


def test_the_twenty_first_domain_is_over_the_limit() -> None:
    hosts = [f"h{i}.example.com" for i in range(facts.DOMAINS_PER_LIST + 2)]
    result = check_domain_list(hosts, "downloadFile")
    assert result.over_limit and not result.ok
    assert [e.over_limit for e in result.entries] == [False] * 20 + [True, True]
    assert "at most 20" in result.entries[-1].message
    assert "22 domains" in result.summary()
    assert result.paste_text.splitlines() == hosts[:20]
    # Repeats do not count towards the limit.
    assert check_domain_list(hosts[:20] + hosts[:5], "request").over_limit is False


def test_all_lists_in_the_platform_order() -> None:
    lists = check_domain_lists({"socket": ["wss://live.example.com"]})
    assert (
        list(lists)
        == list(KINDS)
        == [
            "request",
            "socket",
            "uploadFile",
            "downloadFile",
            "webview",
        ]
    )
    assert lists["socket"].hosts == ["live.example.com"]
    assert lists["request"].entries == () and lists["request"].ok


def test_entered_domains_round_trip_and_survive_damage() -> None:
    answers = EnteredDomains({"request": ["api.example.com", "x"], "webview": []}, True)
    assert EnteredDomains.from_dict(answers.to_dict()) == answers
    for damaged in [None, [], "x", {"lists": 3}, {"lists": {"request": "a.com"}}]:
        assert EnteredDomains.from_dict(damaged) == EnteredDomains()
    mixed = EnteredDomains.from_dict(
        {
            "lists": {"request": ["a.com", 3, None, "  ", "b" * 5000], "images": ["x.com"]},
            "confirmed_saved": "yes",
        }
    )
    assert mixed.lists == {"request": ["a.com", "b" * 1000]}
    assert mixed.confirmed_saved is False


# --- properties ----------------------------------------------------------------------------

HOST_CHARS = "abcxyz019-."
noise = st.text(
    alphabet=st.sampled_from(list(" \t\n\u3000\u200b。，：／ａ０_*@:/[]例中ü") + list(HOST_CHARS)),
    max_size=3,
)


@st.composite
def domain_like(draw: st.DrawFn) -> str:
    """Text near the domain space: URLs and hosts, their prefixes, and small edits of them."""
    labels = draw(st.lists(st.text(alphabet="abcxyz019-", min_size=1, max_size=8), max_size=4))
    host = ".".join(labels)
    scheme = draw(st.sampled_from(["", "https://", "wss://", "http://", "//", "HTTPS://"]))
    port = draw(st.sampled_from(["", ":443", ":8080", ":"]))
    path = draw(st.sampled_from(["", "/", "/v1/x?y=1"]))
    full = scheme + host + port + path
    cut = draw(st.integers(min_value=0, max_value=len(full)))
    base = full[:cut]
    if draw(st.booleans()):
        where = draw(st.integers(min_value=0, max_value=len(base)))
        base = base[:where] + draw(noise) + base[where:]
    return base


CONTINUATIONS = ("", "a.com", ".com", "com", "a", "//a.com", "/a.com", "443", "a.cn")


@settings(max_examples=examples(600))
@given(st.one_of(st.text(), domain_like()), st.sampled_from(KINDS))
@example("https:", "request")
@example("api.example.com:", "request")
@example("a" * 63, "request")
@example("ü", "request")
@example("api-", "request")
@example("\u200b", "request")
def test_check_domain_never_raises_and_intermediate_can_be_completed(text: str, kind: str) -> None:
    verdict = analyse_domain(text, kind)
    event(verdict.state.value)
    assert isinstance(verdict.state, State)
    if verdict.state is State.ACCEPTABLE:
        assert verdict.host
        # What to paste is itself acceptable as it is.
        assert check_domain(verdict.host, kind).ok
    else:
        assert verdict.check.message
    if verdict.state is State.INTERMEDIATE:
        completions = [text + suffix for suffix in CONTINUATIONS]
        assert any(check_domain(c, kind).ok for c in completions), text


@given(st.text())
def test_splitting_never_raises_and_drops_blanks(text: str) -> None:
    parts = split_domain_list(text)
    assert all(part and not part.isspace() for part in parts)
    check_domain_list(parts, "request")
