"""Provider profile: the example, partial and hostile profiles, the logo, and loading that
never raises (deep nesting, huge numbers, bad UTF-8, a 50 MB file read only up to the cap)."""

from __future__ import annotations

import base64
import copy
import json
import os
import struct
import tracemalloc
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from wizard.core import i18n
from wizard.core.profile.document import (
    LOGO_MAX_PIXELS,
    MAX_FILE_BYTES,
    MAX_LOGO_BYTES,
    SCHEMA_VERSION,
    ProfileLoad,
    check_png,
    load_profile_bytes,
    load_profile_file,
    url_problem,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs" / "example-profile.json"


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def load(document: object) -> ProfileLoad:
    return load_profile_bytes(json.dumps(document, ensure_ascii=False).encode("utf-8"))


def fields_of(result: ProfileLoad) -> list[str]:
    return [problem.field for problem in result.problems]


def png(width: int, height: int, *, body: bytes = b"", colour: int = 6, depth: int = 8) -> bytes:
    """A real PNG: IHDR with a correct CRC, one IDAT of blank rows, IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    rows = body or zlib.compress(b"".join(b"\x00" + bytes(width * channels) for _ in range(height)))
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


# ------------------------------------------------------------------ the example and partial


def test_example_profile_is_valid_and_fills_every_field() -> None:
    result = load_profile_file(EXAMPLE)
    assert result.ok, result.sentences()
    assert result.warnings == ()
    profile = result.profile
    assert profile is not None
    assert profile.id == "yunfan-example"
    assert profile.name.zh == "云帆示例科技" and profile.name.en == "Yunfan Example Tech"
    assert profile.logo_png.startswith(b"\x89PNG") and profile.logo_size == (64, 64)
    support = profile.support
    assert all((support.phone, support.wechat, support.qq, support.email, support.web))
    assert support.hours.zh and support.hours.en
    admin = profile.admin
    assert admin.url.startswith("https://")
    assert admin.credentials_menu and admin.package_menu and admin.package_button
    assert admin.payment_menu == ("字节跳动小程序", "支付设置")
    assert set(profile.server_domains) == {"request", "socket", "uploadFile", "downloadFile"}
    assert profile.webview_domains
    assert "{appid}" in profile.package_download_url
    assert len(profile.guides) == 2 and all(g.title.zh and g.title.en for g in profile.guides)
    assert len(profile.digest) == 64
    # Every field of the schema appears in the example (docs/profile.md promises it).
    data = example()
    assert set(data) == {
        "schema_version", "id", "name", "logo_png_base64", "support", "admin",
        "server_domains", "webview_domains", "package_download_url", "guides",
    }  # fmt: skip


def test_only_the_schema_version_is_a_valid_empty_profile() -> None:
    result = load({"schema_version": 1})
    assert result.ok and result.profile is not None
    profile = result.profile
    assert profile.name.get() == "" and profile.logo_png == b"" and not profile.support
    assert profile.server_domains == {} and profile.guides == ()


def test_partial_profile_with_only_an_english_name_uses_it_in_chinese_too() -> None:
    result = load({"schema_version": 1, "name": {"en": "Acme Hosting"}, "support": {"qq": "12345"}})
    assert result.ok and result.profile is not None
    assert result.profile.display_name(i18n.CHINESE) == "Acme Hosting"
    assert result.profile.support.qq == "12345"


def test_digest_is_the_sha256_of_the_exact_bytes() -> None:
    import hashlib

    raw = EXAMPLE.read_bytes()
    profile = load_profile_bytes(raw).profile
    assert profile is not None and profile.digest == hashlib.sha256(raw).hexdigest()


def test_bom_and_utf16_files_from_windows_notepad_are_read() -> None:
    text = json.dumps({"schema_version": 1, "name": {"zh": "云帆"}}, ensure_ascii=False)
    for data in (b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("utf-16")):
        result = load_profile_bytes(data)
        assert result.ok and result.profile is not None
        assert result.profile.name.zh == "云帆"


# ------------------------------------------------------------------ hostile content


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"id": 7}, "id"),
        ({"id": "Has Spaces"}, "id"),
        ({"name": "云帆"}, "name"),
        ({"name": {"zh": ["x"]}}, "name.zh"),
        ({"name": {"en": None, "zh": True}}, "name.zh"),
        ({"support": []}, "support"),
        ({"support": {"qq": 12345678}}, "support.qq"),
        ({"support": {"qq": "12"}}, "support.qq"),
        ({"support": {"email": "help at example.com"}}, "support.email"),
        ({"support": {"phone": "call us!"}}, "support.phone"),
        ({"support": {"hours": "9-18"}}, "support.hours"),
        ({"admin": {"credentials_menu": "字节跳动小程序"}}, "admin.credentials_menu"),
        ({"admin": {"credentials_menu": ["a", 3]}}, "admin.credentials_menu[1]"),
        ({"admin": {"package_menu": ["x"] * 9}}, "admin.package_menu"),
        ({"admin": {"package_button": "x" * 41}}, "admin.package_button"),
        ({"admin": {"payment_menu": "支付设置"}}, "admin.payment_menu"),
        ({"admin": {"payment_menu": ["支付\n设置"]}}, "admin.payment_menu[0]"),
        ({"server_domains": ["api.example.com"]}, "server_domains"),
        ({"server_domains": {"request": "api.example.com"}}, "server_domains.request"),
        ({"webview_domains": {"a": 1}}, "webview_domains"),
        ({"guides": {"url": "https://a.example.com/"}}, "guides"),
        ({"guides": [{"title": "x", "url": "https://a.example.com/"}]}, "guides[0].title"),
        ({"logo_png_base64": 12}, "logo_png_base64"),
        ({"package_download_url": ["https://a.example.com/"]}, "package_download_url"),
    ],
)
def test_wrong_types_and_shapes_are_refused_naming_the_field(
    patch: dict[str, Any], field: str
) -> None:
    result = load({"schema_version": 1, **patch})
    assert not result.ok and not result.unreadable
    assert field in fields_of(result), result.sentences()
    named = [p for p in result.problems if p.field == field]
    assert all(field in p.message for p in named)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("javascript:alert(1)", "javascript:"),
        ("JavaScript:alert(document.cookie)", "javascript:"),
        ("http://admin.example.com/", "http:"),
        ("data:text/html,<script>alert(1)</script>", "data:"),
        ("file:///C:/Windows/System32/calc.exe", "file:"),
        ("ftp://files.example.com/", "ftp:"),
        ("admin.example.com", "https://"),
        ("//admin.example.com/", "https://"),
        ("https://", "https://"),
        ("https://user:pass@admin.example.com/", "user name"),
        ("https://admin.example.com@evil.example.org/", "user name"),
        ("https://admin example.com/", "spaces"),
        ("https://localhost/", "host"),
        ("https://exa_mple.com/", "host"),
        ("https://admin.example.com:99999/", "valid"),
        ("https://admin.example.com/{path}", "braces"),
    ],
)
def test_only_https_addresses_to_a_named_host_are_accepted(url: str, words: str) -> None:
    reason = url_problem(url)
    assert reason and words in reason
    for where in ("admin", "support"):
        key = "url" if where == "admin" else "web"
        result = load({"schema_version": 1, where: {key: url}})
        assert f"{where}.{key}" in fields_of(result)


def test_good_urls_pass_and_only_the_download_url_takes_the_appid_placeholder() -> None:
    assert url_problem("https://admin.example.com/") == ""
    assert url_problem("https://admin.example.com:8443/a?b=c#d") == ""
    assert url_problem("https://后台.例子.中国/") == ""
    assert url_problem("https://a.example.com/p?appid={appid}", appid_placeholder=True) == ""
    assert "braces" in url_problem("https://a.example.com/p?appid={appid}")
    result = load({"schema_version": 1, "admin": {"url": "https://a.example.com/{appid}"}})
    assert "admin.url" in fields_of(result)


def test_unknown_fields_are_refused_by_name_at_every_level() -> None:
    data = example()
    data["colour"] = "red"
    data["support"]["fax"] = "123"
    data["admin"]["secret"] = "x"
    data["guides"][0]["icon"] = "x"
    result = load(data)
    assert not result.ok
    assert set(fields_of(result)) == {"colour", "support.fax", "admin.secret", "guides[0].icon"}
    assert all("not a field of a provider profile" in m for m in result.sentences())


def test_a_repeated_key_is_refused() -> None:
    raw = b'{"schema_version": 1, "id": "a", "id": "b"}'
    result = load_profile_bytes(raw)
    assert not result.ok and fields_of(result) == ["id"]
    assert "more than once" in result.sentences()[0]


def test_html_in_names_stays_plain_text_with_a_warning() -> None:
    name = "<b>云帆</b><img src=x onerror=alert(1)>&amp;"
    result = load({"schema_version": 1, "name": {"zh": name, "en": name}})
    assert result.ok and result.profile is not None
    assert result.profile.name.zh == name  # kept verbatim: the pages show it as plain text
    assert [w.field for w in result.warnings] == ["name.zh", "name.en"]
    assert "exactly as written" in result.warnings[0].message


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\x00", "\n", "\x1b", "\ud800"])
def test_control_and_direction_characters_are_refused(char: str) -> None:
    raw = json.dumps({"schema_version": 1, "name": {"zh": f"云帆{char}科技"}})  # \u escapes
    result = load_profile_bytes(raw.encode("ascii"))
    assert fields_of(result) == ["name.zh"]
    assert f"U+{ord(char):04X}" in result.sentences()[0]


def test_lengths_are_capped() -> None:
    result = load(
        {
            "schema_version": 1,
            "name": {"zh": "云" * 61},
            "support": {"wechat": "w" * 101},
            "admin": {"url": "https://a.example.com/" + "x" * 2000},
            "guides": [{"url": "https://a.example.com/"}] * 11,
        }
    )
    assert set(fields_of(result)) == {"name.zh", "support.wechat", "admin.url", "guides"}
    assert "61 characters; at most 60" in result.sentences()[0]


@pytest.mark.parametrize(
    ("version", "words"),
    [
        (2, "newer version of the app (schema_version 2; this app reads version 1)"),
        (10**300, "schema_version 10^12+"),
        (0, "whole number"),
        (1.0, "whole number"),
        (True, "whole number"),
        ("1", "whole number"),
        (None, "missing"),
    ],
)
def test_schema_version_newer_or_wrong_is_refused_with_a_sentence(
    version: object, words: str
) -> None:
    document = example()
    if version is None:
        del document["schema_version"]
    else:
        document["schema_version"] = version
    result = load(document)
    assert not result.ok and fields_of(result) == ["schema_version"]
    assert words in result.sentences()[0]


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 200_000 + b"]" * 200_000,
        b'{"schema_version": 1, "a": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001,
        b'{"schema_version": 1' + b"0" * 5000 + b"}",
        b'{"schema_version": ' + b"9" * 4301 + b"}",
    ],
    ids=["deep-list", "deep-object", "huge-int", "huge-version"],
)
def test_deep_nesting_and_huge_numbers_are_unreadable_not_a_crash(raw: bytes) -> None:
    result = load_profile_bytes(raw)
    assert result.profile is None and result.unreadable
    assert "nested too deeply or holds numbers too large" in result.unreadable


def test_a_big_number_within_python_limits_is_a_type_problem() -> None:
    result = load({"schema_version": 1, "support": {"qq": 10**4000 // 10**3700, "phone": 1e308}})
    assert set(fields_of(result)) == {"support.qq", "support.phone"}
    assert load_profile_bytes(b'{"schema_version": 1, "id": NaN}').problems[0].field == "id"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"\x80\x81 not text", "UTF-8"),
        (b'{"schema_version": 1, "name": {"zh": "\xe4\xb8"}}', "UTF-8"),
        (b'{"schema_version": 1,}', "not valid JSON (line 1, column 22)"),
        (b"", "not valid JSON"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00\x9c\xa1", "UTF-8"),
        (b"PK\x03\x04 a zip file", "not valid JSON"),
    ],
)
def test_bad_bytes_are_unreadable_with_a_sentence(raw: bytes, words: str) -> None:
    result = load_profile_bytes(raw, "p.json")
    assert result.profile is None and words in result.unreadable
    assert "p.json" in result.unreadable


def test_a_list_or_text_at_the_top_is_a_problem() -> None:
    for document in ([1, 2], "profile", 3, None):
        result = load(document)
        assert not result.ok and not result.unreadable
        assert "not a provider profile" in result.sentences()[0]


# ------------------------------------------------------------------ the logo


def test_logo_checks_read_the_png_header() -> None:
    assert check_png(png(64, 32)) == (64, 32)
    assert check_png(png(16, 16, colour=3, depth=4)) == (16, 16)
    assert "not a PNG" in str(check_png(b"GIF89a" + bytes(100)))
    assert "not a PNG" in str(check_png(b"\xff\xd8\xff\xe0 a jpeg"))
    broken_crc = bytearray(png(64, 64))
    broken_crc[29] ^= 0xFF
    assert "damaged" in str(check_png(bytes(broken_crc)))
    assert "damaged" in str(check_png(png(64, 64, colour=2, depth=4)))
    assert "cut off" in str(check_png(png(64, 64)[:-20]))
    assert "damaged" in str(check_png(b"\x89PNG\r\n\x1a\n"))
    assert "5000×64 pixels" in str(check_png(png(5000, 64, body=b"x")))
    assert "8×8 pixels" in str(check_png(png(8, 8)))


def test_logo_problems_name_the_field() -> None:
    for value, words in (
        ("not base64!", "not valid base64"),
        (base64.b64encode(b"GIF89a" + bytes(40)).decode(), "not a PNG"),
        (base64.b64encode(png(LOGO_MAX_PIXELS + 1, 20, body=b"x")).decode(), "pixels"),
    ):
        result = load({"schema_version": 1, "logo_png_base64": value})
        assert fields_of(result) == ["logo_png_base64"]
        assert words in result.sentences()[0] and "logo_png_base64" in result.sentences()[0]


def test_line_wrapped_base64_logo_is_accepted() -> None:
    encoded = base64.encodebytes(png(48, 48)).decode()  # wrapped at 76 characters
    result = load({"schema_version": 1, "logo_png_base64": encoded})
    assert result.ok and result.profile is not None and result.profile.logo_size == (48, 48)


def test_a_logo_over_the_cap_inside_a_file_under_the_cap_is_refused_undecoded() -> None:
    big = base64.b64encode(bytes(MAX_LOGO_BYTES + 3000)).decode()
    raw = json.dumps({"schema_version": 1, "logo_png_base64": big}).encode()
    assert len(raw) < MAX_FILE_BYTES
    result = load_profile_bytes(raw)
    assert fields_of(result) == ["logo_png_base64"]
    assert "at most 512 KB" in result.sentences()[0]


def test_a_50_mb_logo_is_refused_without_reading_the_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as stream:
        stream.write(b'{"schema_version": 1, "logo_png_base64": "iVBORw0KGgo')
        stream.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper
    tracemalloc.start()
    try:
        result = load_profile_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.profile is None
    assert "is 50.0 MB; a provider profile is at most 1.0 MB" in result.unreadable
    assert peak < 3 * MAX_FILE_BYTES


def test_missing_file_and_folder_are_unreadable(tmp_path: Path) -> None:
    assert "cannot be found" in load_profile_file(tmp_path / "nope.json").unreadable
    assert "is a folder" in load_profile_file(tmp_path).unreadable


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_without_opening_it(tmp_path: Path) -> None:
    pipe = tmp_path / "provider.json"
    os.mkfifo(pipe)  # opening it for reading would wait for a writer forever
    assert "is not a file" in load_profile_file(pipe).unreadable


# ------------------------------------------------------------------ never raises


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from(
            ["schema_version", "id", "name", "zh", "en", "support", "admin", "url", "guides",
             "server_domains", "request", "webview_domains", "logo_png_base64", "qq", "x"]
        ),
        children,
        max_size=5,
    ),
    max_leaves=25,
)  # fmt: skip


@settings(max_examples=examples(300), deadline=None)
@given(json_values)
def test_any_json_value_gives_a_result_never_an_exception(value: object) -> None:
    if isinstance(value, dict):
        value = {**value, "schema_version": 1}
    result = load(value)
    assert result.ok or result.problems or result.unreadable
    for problem in result.problems:
        assert problem.message


@settings(max_examples=examples(300), deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_result_never_an_exception(raw: bytes) -> None:
    result = load_profile_bytes(raw)
    assert result.ok or result.problems or result.unreadable


@settings(max_examples=examples(100), deadline=None)
@given(st.sampled_from(["name", "support", "admin", "guides"]), json_values)
def test_mutating_a_section_of_the_example_never_raises(section: str, value: object) -> None:
    document = copy.deepcopy(example())
    document[section] = value
    result = load(document)
    assert result.ok or result.problems


def test_problems_are_translated_into_chinese() -> None:
    i18n.set_language(i18n.CHINESE)
    result = load({"schema_version": SCHEMA_VERSION + 1})
    assert "更新" in result.sentences()[0]
    result = load({"schema_version": 1, "admin": {"url": "javascript:alert(1)"}, "x": 1})
    assert all(not m.isascii() for m in result.sentences())


# ------------------------------------------------------------------ domains


def test_profile_domain_kinds_are_the_domains_steps_kinds() -> None:
    from wizard.core import platform_facts as facts
    from wizard.core.profile.document import SERVER_DOMAIN_KINDS, WEBVIEW_KIND

    assert (*SERVER_DOMAIN_KINDS, WEBVIEW_KIND) == facts.DOMAIN_LIST_KINDS


def test_domains_go_through_the_domains_validator_and_are_kept_as_hosts() -> None:
    result = load(
        {
            "schema_version": 1,
            "server_domains": {
                "request": ["https://API.Example.com/v1/", "api.example.com", "img.example.com"],
                "socket": ["wss://ws.example.com"],
            },
            "webview_domains": ["m.example.com"],
        }
    )
    assert result.ok and result.profile is not None, result.sentences()
    assert result.profile.server_domains["request"] == ("api.example.com", "img.example.com")
    assert result.profile.server_domains["socket"] == ("ws.example.com",)
    assert result.profile.webview_domains == ("m.example.com",)
    assert "server_domains.request[1]" in [w.field for w in result.warnings]


@pytest.mark.parametrize(
    ("kind", "domain"),
    [
        ("request", "http://api.example.com"),
        ("request", "192.168.1.10"),
        ("request", "localhost"),
        ("request", "*.example.com"),
        ("uploadFile", "api"),
        ("downloadFile", "javascript:alert(1)"),
        ("socket", "ws://ws.example.com"),
    ],
)
def test_domains_the_console_refuses_are_refused_naming_the_entry(kind: str, domain: str) -> None:
    result = load({"schema_version": 1, "server_domains": {kind: ["ok.example.com", domain]}})
    assert fields_of(result) == [f"server_domains.{kind}[1]"], result.sentences()
    assert domain in result.sentences()[0]


def test_more_than_twenty_domains_in_a_list_are_refused() -> None:
    domains = [f"a{n}.example.com" for n in range(21)]
    result = load({"schema_version": 1, "webview_domains": domains})
    assert fields_of(result) == ["webview_domains"]
    assert "21 entries; at most 20" in result.sentences()[0]
