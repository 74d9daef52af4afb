"""The online check's pure half: request building and what each answer means."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.core import platform_facts as facts
from wizard.core import token_check as tc
from wizard.core.i18n import set_language
from wizard.core.token_check import (
    EndpointKind,
    OutcomeKind,
    build_token_request,
    endpoint_note,
    interpret_token_response,
)

APPID = "tt411d37a0de37d565"
SECRET = "0123456789abcdef0123456789abcdef01234567"
TOKEN = "0801121846735352506a356a6d4744...token-that-must-not-leak"
CLASSIC, STABLE = EndpointKind.CLASSIC, EndpointKind.STABLE


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINIAPP_PUBLISHER_HOME", str(tmp_path))
    monkeypatch.delenv("MINIAPP_PUBLISHER_TOKEN_URL", raising=False)
    monkeypatch.delenv("MINIAPP_PUBLISHER_STABLE_TOKEN_URL", raising=False)


def classic_answer(err_no: int, tips: str = "", token: bool = False) -> bytes:
    data = {"access_token": TOKEN, "expires_in": 7200} if token else {}
    return json.dumps({"err_no": err_no, "err_tips": tips, "data": data}).encode()


def stable_answer(error_code: int, description: str = "", token: bool = False) -> bytes:
    data: dict[str, object] = {"error_code": error_code, "description": description}
    if token:
        data |= {"access_token": TOKEN, "expires_in": 7200}
    return json.dumps({"data": data, "message": "success" if token else "error"}).encode()


# --- requests -----------------------------------------------------------------------------


def test_classic_request_matches_the_documented_call() -> None:
    url, headers, body = build_token_request(CLASSIC, f" {APPID.upper()}\n", f"{SECRET} ")
    assert url == facts.CLASSIC_TOKEN_URL
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {
        "appid": APPID,
        "secret": SECRET,
        "grant_type": "client_credential",
    }


def test_stable_request_matches_the_documented_call(monkeypatch: pytest.MonkeyPatch) -> None:
    url, headers, body = build_token_request(STABLE, APPID, SECRET)
    assert url == facts.STABLE_TOKEN_URL
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {
        "client_key": APPID,
        "client_secret": SECRET,
        "grant_type": "client_credential",
    }
    monkeypatch.setenv("MINIAPP_PUBLISHER_STABLE_TOKEN_URL", "http://127.0.0.1:9/stable")
    assert build_token_request(STABLE, APPID, SECRET)[0] == "http://127.0.0.1:9/stable"


def test_stable_endpoint_is_the_default_and_notes_explain_the_cost() -> None:
    assert tc.DEFAULT_ENDPOINT is STABLE
    assert "5 minutes" in endpoint_note(CLASSIC)
    assert "changes nothing" in endpoint_note(STABLE)
    set_language("zh_CN")
    try:
        assert "5 分钟" in endpoint_note(CLASSIC)
    finally:
        set_language("en")


# --- classic answers ----------------------------------------------------------------------


def test_classic_success() -> None:
    outcome = interpret_token_response(CLASSIC, 200, classic_answer(0, "success", token=True))
    assert outcome.kind is OutcomeKind.RIGHT and outcome.ok and not outcome.blocks
    assert outcome.code == 0 and outcome.http_status == 200
    assert TOKEN not in repr(outcome)


@pytest.mark.parametrize(
    ("err_no", "kind", "blocks"),
    [
        (40015, OutcomeKind.WRONG_APPID, True),
        (40017, OutcomeKind.WRONG_SECRET, True),
        (40020, OutcomeKind.UNEXPECTED, False),
        (-1, OutcomeKind.PLATFORM_ERROR, False),
        (12345, OutcomeKind.UNEXPECTED, False),
    ],
)
def test_classic_errors(err_no: int, kind: OutcomeKind, blocks: bool) -> None:
    outcome = interpret_token_response(CLASSIC, 200, classic_answer(err_no, "bad"))
    assert outcome.kind is kind
    assert outcome.blocks is blocks
    assert outcome.code == err_no
    assert outcome.message


def test_classic_messages_say_what_to_do() -> None:
    appid = interpret_token_response(CLASSIC, 200, classic_answer(40015))
    assert "开发配置" in appid.message
    secret = interpret_token_response(CLASSIC, 200, classic_answer(40017))
    assert "reset" in secret.message
    unknown = interpret_token_response(CLASSIC, 200, classic_answer(12345))
    assert "12345" in unknown.message
    grant = interpret_token_response(CLASSIC, 200, classic_answer(40020))
    assert "problem in this app" in grant.message


def test_classic_error_codes_sent_with_an_http_error_status_are_still_read() -> None:
    outcome = interpret_token_response(CLASSIC, 400, classic_answer(40017))
    assert outcome.kind is OutcomeKind.WRONG_SECRET
    assert outcome.http_status == 400


def test_classic_ok_code_without_token_is_unexpected() -> None:
    outcome = interpret_token_response(CLASSIC, 200, classic_answer(0, "success"))
    assert outcome.kind is OutcomeKind.UNEXPECTED
    assert "error 0" not in outcome.message


# --- stable answers -----------------------------------------------------------------------


def test_stable_success() -> None:
    outcome = interpret_token_response(STABLE, 200, stable_answer(0, token=True))
    assert outcome.kind is OutcomeKind.RIGHT and outcome.conclusive


def test_stable_unknown_client_key_warns_instead_of_blocking() -> None:
    outcome = interpret_token_response(STABLE, 200, stable_answer(10003, "client_key不存在"))
    assert outcome.kind is OutcomeKind.WRONG_APPID
    assert not outcome.conclusive and not outcome.blocks
    assert "does not work for mini-programs" in outcome.message


def test_stable_wrong_secret_and_bad_params() -> None:
    wrong = interpret_token_response(STABLE, 200, stable_answer(10013))
    assert wrong.kind is OutcomeKind.WRONG_SECRET and wrong.blocks
    params = interpret_token_response(STABLE, 200, stable_answer(10002))
    assert params.kind is OutcomeKind.UNEXPECTED and not params.blocks
    assert "10002" in params.message


def test_stable_error_code_at_top_level_is_understood() -> None:
    body = json.dumps({"error_code": 10013, "description": "bad"}).encode()
    assert interpret_token_response(STABLE, 200, body).kind is OutcomeKind.WRONG_SECRET


def test_stable_answer_in_chinese() -> None:
    set_language("zh_CN")
    try:
        outcome = interpret_token_response(STABLE, 200, stable_answer(10003))
        right = interpret_token_response(STABLE, 200, stable_answer(0, token=True))
    finally:
        set_language("en")
    assert "不支持小程序" in outcome.message
    assert right.message == "平台已确认这组 AppID 和 AppSecret 正确。"


# --- broken answers and network failures --------------------------------------------------


@pytest.mark.parametrize("kind", [CLASSIC, STABLE])
def test_http_500_without_json_is_a_platform_error(kind: EndpointKind) -> None:
    outcome = interpret_token_response(kind, 500, b"Internal Server Error")
    assert outcome.kind is OutcomeKind.PLATFORM_ERROR
    assert outcome.http_status == 500


def test_html_instead_of_json_points_at_a_login_page_or_proxy() -> None:
    page = b"<!DOCTYPE html><html><body>Please log in to the Wi-Fi</body></html>"
    outcome = interpret_token_response(STABLE, 200, page)
    assert outcome.kind is OutcomeKind.UNEXPECTED
    assert "web page" in outcome.message


@pytest.mark.parametrize(
    "body", [b"", b"not json", b"[1, 2]", b"\xff\xfe\x00", b'{"data": "x"}', b"null"]
)
def test_garbage_is_unexpected(body: bytes) -> None:
    outcome = interpret_token_response(CLASSIC, 200, body)
    assert outcome.kind is OutcomeKind.UNEXPECTED
    assert "HTTP 200" in outcome.message


def test_other_http_status_without_json() -> None:
    outcome = interpret_token_response(STABLE, 404, b"Not Found")
    assert outcome.kind is OutcomeKind.UNEXPECTED and "404" in outcome.message
    busy = interpret_token_response(STABLE, 429, b"slow down")
    assert busy.kind is OutcomeKind.PLATFORM_ERROR


@pytest.mark.parametrize(
    ("problem", "kind", "words"),
    [
        (tc.NET_TIMEOUT, OutcomeKind.TIMED_OUT, "in time"),
        (tc.NET_CANCELLED, OutcomeKind.CANCELLED, "cancelled"),
        (tc.NET_CONNECTION_REFUSED, OutcomeKind.NO_NETWORK, "could not be reached"),
        (tc.NET_HOST_NOT_FOUND, OutcomeKind.NO_NETWORK, "connected to the internet"),
        (tc.NET_OFFLINE, OutcomeKind.NO_NETWORK, "could not be reached"),
        (tc.NET_TLS, OutcomeKind.NO_NETWORK, "date and time"),
        (tc.NET_PROXY, OutcomeKind.NO_NETWORK, "proxy"),
        ("something new", OutcomeKind.NO_NETWORK, "could not be reached"),
    ],
)
def test_network_errors(problem: str, kind: OutcomeKind, words: str) -> None:
    outcome = interpret_token_response(STABLE, None, b"", problem)
    assert outcome.kind is kind
    assert words in outcome.message
    assert not outcome.blocks


def test_network_error_wins_over_a_partial_body() -> None:
    outcome = interpret_token_response(CLASSIC, 200, classic_answer(0, token=True), tc.NET_TIMEOUT)
    assert outcome.kind is OutcomeKind.TIMED_OUT


@given(
    kind=st.sampled_from(list(EndpointKind)),
    status=st.one_of(st.none(), st.integers(min_value=100, max_value=599)),
    body=st.one_of(
        st.binary(max_size=200),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=10),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(
                    st.sampled_from(["data", "err_no", "error_code", "access_token", "x"]),
                    inner,
                    max_size=4,
                )
            ),
            max_leaves=8,
        ).map(lambda value: json.dumps(value).encode()),
    ),
)
def test_interpreter_never_raises_and_always_explains(
    kind: EndpointKind, status: int | None, body: bytes
) -> None:
    outcome = interpret_token_response(kind, status, body)
    assert isinstance(outcome.kind, OutcomeKind)
    assert outcome.message
    assert outcome.endpoint is kind
