"""The pure download decisions: payload sniffing, resume, redirects, messages, sizes, names."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.core import i18n
from wizard.core.checks import State
from wizard.core.package.download.failures import (
    DownloadOutcome,
    FailureKind,
    describe_http_error,
    describe_network_error,
    keeps_partial,
    logged_out_message,
    payload_problem,
    retry_automatically,
)
from wizard.core.package.download.filenames import sanitize_filename, suggest_filename
from wizard.core.package.download.links import (
    FALLBACK_FILENAME,
    check_download_url,
    part_path,
    redirect_allowed,
    target_for_url,
)
from wizard.core.package.download.progress import RateEstimator, progress_line
from wizard.core.package.download.recent import find_recent_zips
from wizard.core.package.download.resume import (
    ContentRange,
    PartialInfo,
    ResumeAction,
    ResumeDecision,
    SizeVerdict,
    check_final_size,
    decide_resume,
    parse_content_length,
    parse_content_range,
    parse_unsatisfied_range,
)
from wizard.core.paths import downloads_folder
from wizard.core.payload import PayloadKind, sniff_payload
from wizard.core.sizes import format_size, format_speed, format_time_left

# --- payload ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_bytes", "kind"),
    [
        (b"PK\x03\x04\x14\x00\x00\x00", PayloadKind.ZIP),
        (b"PK\x05\x06" + b"\x00" * 18, PayloadKind.ZIP),  # an empty archive
        (b"<!DOCTYPE html><html>", PayloadKind.HTML),
        (b"<!doctype HTML>", PayloadKind.HTML),
        (b"\xef\xbb\xbf\r\n  \t<html lang='zh'>", PayloadKind.HTML),
        (b"<HEAD><title>", PayloadKind.HTML),
        (b"\n\n<head>", PayloadKind.HTML),
        (b"<!-- login --><html>", PayloadKind.HTML),
        (b"<script>location.href='/login'</script>", PayloadKind.HTML),
        ("<html><body>请登录</body></html>".encode("utf-16"), PayloadKind.HTML),
        (b'{"code": 401, "msg": "not logged in"}', PayloadKind.JSON),
        (b"  [1, 2]", PayloadKind.JSON),
        (b"", PayloadKind.EMPTY),
        (b"Rar!\x1a\x07\x00", PayloadKind.UNKNOWN),
        (b"PK", PayloadKind.UNKNOWN),
        (b"PK\x07\x08", PayloadKind.UNKNOWN),
    ],
)
def test_sniff_payload(first_bytes: bytes, kind: PayloadKind) -> None:
    assert sniff_payload(first_bytes) is kind


@given(st.binary(max_size=2048))
def test_sniff_payload_never_raises(data: bytes) -> None:
    assert isinstance(sniff_payload(data), PayloadKind)


@given(st.binary(max_size=256))
def test_anything_starting_with_a_local_header_is_a_zip(rest: bytes) -> None:
    assert sniff_payload(b"PK\x03\x04" + rest) is PayloadKind.ZIP


def test_html_problem_is_the_logged_out_message() -> None:
    message = payload_problem(PayloadKind.HTML)
    assert message == logged_out_message()
    assert "logged out" in message and "一键打包" in message


def test_json_problem_quotes_the_providers_text() -> None:
    body = '{"code": 1, "msg": "打包任务不存在"}'.encode()
    assert "“打包任务不存在”" in payload_problem(PayloadKind.JSON, body)
    generic = payload_problem(PayloadKind.JSON, b'{"code": 1}')
    assert "answered with a message" in generic and "“" not in generic
    assert payload_problem(PayloadKind.JSON, b"[truncated") == generic


def test_other_payload_problems() -> None:
    assert payload_problem(PayloadKind.ZIP) == ""
    assert "empty" in payload_problem(PayloadKind.EMPTY)
    assert "not a zip" in payload_problem(PayloadKind.UNKNOWN)


# --- link and paths -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "state", "warns"),
    [
        ("", State.INTERMEDIATE, True),
        ("htt", State.INTERMEDIATE, True),
        ("https://provider.example.cn/pack/download?id=42", State.ACCEPTABLE, False),
        ("  https://provider.example.cn/a.zip  ", State.ACCEPTABLE, False),
        ("http://provider.example.cn/a.zip", State.ACCEPTABLE, True),
        ("ftp://provider.example.cn/a.zip", State.INVALID, True),
        ("provider.example.cn/a.zip", State.INVALID, True),
        ("https://", State.INVALID, True),
        ("https://provider.example.cn/a b.zip", State.INVALID, True),
        ("https://[::1", State.INVALID, True),
    ],
)
def test_check_download_url(text: str, state: State, warns: bool) -> None:
    check = check_download_url(text)
    assert check.state is state
    assert bool(check.message) is warns


def test_target_for_url_is_stable_per_link(tmp_path: Path) -> None:
    first = target_for_url("https://a.example/x?id=1", tmp_path)
    assert first == target_for_url(" https://a.example/x?id=1 ", tmp_path)
    assert first != target_for_url("https://a.example/x?id=2", tmp_path)
    assert first.parent == tmp_path and first.name.startswith("package-")
    assert first.suffix == ".zip"
    assert target_for_url("https://a.example/", tmp_path, "代码").suffix == ".zip"


def test_part_path_sits_beside_the_target(tmp_path: Path) -> None:
    assert part_path(tmp_path / "代码.zip") == tmp_path / "代码.zip.part"


# --- resume -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("bytes 0-99/1000", ContentRange(0, 99, 1000)),
        ("bytes 100-999/1000", ContentRange(100, 999, 1000)),
        ("BYTES  5 - 9 / *", ContentRange(5, 9, None)),
        ("bytes 0-0/1", ContentRange(0, 0, 1)),
        ("bytes 0-1000/1000", None),  # end beyond the total
        ("bytes 10-5/100", None),
        ("bytes */1000", None),
        ("items 0-9/10", None),
        ("bytes -5-9/10", None),
        ("bytes 0-9/10; extra", None),
        ("", None),
        (None, None),
        ("bytes 0-9/" + "9" * 40, None),
    ],
)
def test_parse_content_range(value: str | None, expected: ContentRange | None) -> None:
    assert parse_content_range(value) == expected


@given(st.text(max_size=80))
def test_parse_content_range_never_raises(value: str) -> None:
    parsed = parse_content_range(value)
    if parsed is not None:
        assert 0 <= parsed.start <= parsed.end
        assert parsed.total is None or parsed.end < parsed.total


@given(st.integers(0, 10**12), st.integers(0, 10**9), st.integers(1, 10**9))
def test_parse_content_range_round_trips(start: int, length: int, extra: int) -> None:
    end = start + length
    total = end + extra
    parsed = parse_content_range(f"bytes {start}-{end}/{total}")
    assert parsed == ContentRange(start, end, total)
    assert parsed is not None and parsed.length == length + 1


@given(st.text(max_size=40))
def test_other_header_parsers_never_raise(value: str) -> None:
    unsatisfied = parse_unsatisfied_range(value)
    length = parse_content_length(value)
    assert unsatisfied is None or unsatisfied >= 0
    assert length is None or length >= 0


def test_parse_unsatisfied_range_and_content_length() -> None:
    assert parse_unsatisfied_range("bytes */1000") == 1000
    assert parse_unsatisfied_range("bytes 0-9/1000") is None
    assert parse_unsatisfied_range(None) is None
    assert parse_content_length(" 1234 ") == 1234
    assert parse_content_length("-1") is None
    assert parse_content_length("12a") is None
    assert parse_content_length("١٢") is None  # Unicode digits are not a header number
    assert parse_content_length(None) is None


A = ResumeAction


@pytest.mark.parametrize(
    ("partial", "status", "content_range", "length", "expected"),
    [
        (0, 200, None, 1000, ResumeDecision(A.WRITE_FROM_START, 1000)),
        (0, 200, None, None, ResumeDecision(A.WRITE_FROM_START, None)),
        (400, 200, None, 1000, ResumeDecision(A.WRITE_FROM_START, 1000)),  # Range ignored
        (400, 206, "bytes 400-999/1000", 600, ResumeDecision(A.APPEND, 1000)),
        (400, 206, "bytes 400-999/*", None, ResumeDecision(A.APPEND, None)),
        (0, 206, "bytes 0-999/1000", 1000, ResumeDecision(A.WRITE_FROM_START, 1000)),
        (400, 206, "bytes 300-999/1000", 700, ResumeDecision(A.RESTART)),  # wrong place
        (400, 206, "bytes 400-499/1000", 100, ResumeDecision(A.RESTART)),  # only a slice
        (400, 206, "bytes 400-999/1000", 10, ResumeDecision(A.RESTART)),  # length disagrees
        (400, 206, None, 600, ResumeDecision(A.RESTART)),
        (1000, 416, "bytes */1000", 0, ResumeDecision(A.COMPLETE, 1000)),
        (1200, 416, "bytes */1000", 0, ResumeDecision(A.RESTART)),  # the file got smaller
        (1000, 416, None, 0, ResumeDecision(A.RESTART)),
        (400, 404, None, 10, ResumeDecision(A.HTTP_ERROR)),
        (0, 500, None, None, ResumeDecision(A.HTTP_ERROR)),
        (0, 0, None, None, ResumeDecision(A.HTTP_ERROR)),
    ],
)
def test_decide_resume(
    partial: int, status: int, content_range: str | None, length: int | None, expected: object
) -> None:
    # The .part was begun for this link; the server sent no validator then (none to compare).
    begun = PartialInfo("https://example.com/pkg.zip", "", None)
    assert decide_resume(partial, status, content_range, length, expected=begun) == expected


def test_check_final_size() -> None:
    assert check_final_size(10, 10) is SizeVerdict.COMPLETE
    assert check_final_size(9, 10) is SizeVerdict.SHORT
    assert check_final_size(11, 10) is SizeVerdict.TOO_LONG
    assert check_final_size(11, None) is SizeVerdict.UNKNOWN_TOTAL


# --- redirects ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("from_url", "to_url", "allowed"),
    [
        ("http://a.example/x", "http://b.example/y.zip", True),
        ("http://a.example/x", "https://b.example/y.zip", True),
        ("https://a.example/x", "https://cdn.example/y.zip", True),
        ("https://a.example/x", "http://cdn.example/y.zip", False),
        ("HTTPS://a.example/x", "HTTP://cdn.example/y.zip", False),
        ("https://a.example/x", "/y.zip", True),  # relative: stays on https
        ("http://a.example/x", "ftp://a.example/y.zip", False),
        ("http://a.example/x", "file:///etc/passwd", False),
        ("http://a.example/x", "javascript:alert(1)", False),
        ("http://a.example/x", "http://[::1", False),
    ],
)
def test_redirect_allowed(from_url: str, to_url: str, allowed: bool) -> None:
    assert redirect_allowed(from_url, to_url) is allowed


# --- failures in words --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (404, "expired"),
        (410, "expired"),
        (401, "logged out"),
        (403, "logged out"),
        (429, "busy"),
        (500, "server has a problem"),
        (503, "server has a problem"),
        (418, "did not send"),
    ],
)
def test_describe_http_error(status: int, words: str) -> None:
    message = describe_http_error(status)
    assert words in message
    assert str(status) in message


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (FailureKind.NO_NETWORK, "not connected"),
        (FailureKind.TIMED_OUT, "no data arrived"),
        (FailureKind.TLS, "secure connection"),
        (FailureKind.DISK_FULL, "not enough free space"),
        (FailureKind.CANCELLED, "cancelled"),
        (FailureKind.CONNECTION_DROPPED, "connection was lost"),
        (FailureKind.INSECURE_REDIRECT, "insecure"),
    ],
)
def test_describe_network_error(kind: FailureKind, words: str) -> None:
    assert words in describe_network_error(kind)


def test_every_failure_kind_has_its_own_sentence() -> None:
    sentences = [describe_network_error(kind) for kind in FailureKind]
    assert all(sentence.endswith(".") for sentence in sentences)
    # Only the generic HTTP fallback may repeat another kind's sentence; none does today.
    assert len(set(sentences)) == len(sentences)


def test_messages_are_translated_when_made() -> None:
    english = [describe_network_error(kind) for kind in FailureKind]
    english += [describe_http_error(s) for s in (404, 403, 429, 500, 418)]
    english += [payload_problem(kind) for kind in PayloadKind if kind is not PayloadKind.ZIP]
    i18n.set_language(i18n.CHINESE)
    chinese = [describe_network_error(kind) for kind in FailureKind]
    chinese += [describe_http_error(s) for s in (404, 403, 429, 500, 418)]
    chinese += [payload_problem(kind) for kind in PayloadKind if kind is not PayloadKind.ZIP]
    assert all(zh != en for zh, en in zip(chinese, english, strict=True))
    assert "404" in describe_http_error(404) and "过期" in describe_http_error(404)
    assert "一键打包" in logged_out_message()
    assert progress_line(3 * 2**20, 12 * 2**20, 2**20, 8) == (
        "3 MB / 12 MB · 1 MB/s · 大约还需 8 秒"
    )


def test_which_failures_keep_the_part_and_retry() -> None:
    assert keeps_partial(FailureKind.CONNECTION_DROPPED)
    assert keeps_partial(FailureKind.TIMED_OUT)
    assert keeps_partial(FailureKind.HTTP, 503) and keeps_partial(FailureKind.HTTP, 429)
    assert not keeps_partial(FailureKind.HTTP, 404)
    assert not keeps_partial(FailureKind.CANCELLED)
    assert not keeps_partial(FailureKind.NOT_A_ZIP)
    assert not keeps_partial(FailureKind.DISK_FULL)
    assert retry_automatically(FailureKind.CONNECTION_DROPPED)
    assert not retry_automatically(FailureKind.TIMED_OUT)  # the merchant decides after a stall
    assert not retry_automatically(FailureKind.CANCELLED)


def test_outcome_constructors(tmp_path: Path) -> None:
    good = DownloadOutcome.success(tmp_path / "p.zip", 10, "代码.zip")
    assert good.ok and good.path == tmp_path / "p.zip" and good.message == "" and good.kind is None
    bad = DownloadOutcome.failure(FailureKind.HTTP, "m", http_status=500, resumable=True, size=3)
    assert not bad.ok and bad.path is None and bad.http_status == 500 and bad.resumable


# --- sizes, speed, time left --------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 bytes"),
        (-5, "0 bytes"),
        (1023, "1023 bytes"),
        (1024, "1 KB"),
        (1536, "1.5 KB"),
        (1024 * 1024 - 1, "1 MB"),  # never "1024 KB"
        (int(3.2 * 2**20), "3.2 MB"),
        (int(3.25 * 2**20), "3.3 MB"),  # to the nearest, halves up
        (12 * 2**20, "12 MB"),
        (5 * 2**30, "5 GB"),
        (2**60, "1048576 TB"),
    ],
)
def test_format_size(n: int, text: str) -> None:
    assert format_size(n) == text


def test_format_speed() -> None:
    assert format_speed(1.1 * 2**20) == "1.1 MB/s"
    assert format_speed(-3) == "0 bytes/s"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.2, "about 1 s left"),
        (7.1, "about 8 s left"),
        (59, "about 59 s left"),
        (61, "about 2 min left"),
        (3540, "about 59 min left"),
        (3541, "about 1 h 0 min left"),
        (3600, "about 1 h 0 min left"),
        (3601 + 3540, "about 2 h 0 min left"),
        (3 * 3600 + 5 * 60, "about 3 h 5 min left"),
    ],
)
def test_format_time_left(seconds: float, text: str) -> None:
    assert format_time_left(seconds) == text


def test_rate_estimator_over_a_window() -> None:
    estimator = RateEstimator(window_s=2.0)
    assert estimator.rate() is None
    estimator.add(0.0, 0)
    estimator.add(0.1, 100_000)
    assert estimator.rate() is None  # too short a span to say anything
    estimator.add(1.0, 1_000_000)
    assert estimator.rate() == pytest.approx(1_000_000)
    # Slower lately: old samples fall out of the window and the rate follows.
    for t in range(2, 8):
        estimator.add(float(t), 1_000_000 + (t - 1) * 100_000)
    assert estimator.rate() == pytest.approx(100_000)
    assert estimator.seconds_left(1_600_000, 2_600_000) == pytest.approx(10.0)
    assert estimator.seconds_left(10, -1) is None
    estimator.add(8.0, 0)  # restarted from zero
    assert estimator.rate() is None
    estimator.add(9.0, 500)
    estimator.reset()
    assert estimator.rate() is None


def test_rate_estimator_stalled_has_no_eta() -> None:
    estimator = RateEstimator()
    estimator.add(0.0, 500)
    estimator.add(1.0, 500)
    assert estimator.rate() == 0
    assert estimator.seconds_left(500, 1000) is None


def test_progress_line() -> None:
    assert progress_line(int(3.2 * 2**20), 12 * 2**20, 1.1 * 2**20, 7.6) == (
        "3.2 MB / 12 MB · 1.1 MB/s · about 8 s left"
    )
    assert progress_line(2048, -1, None, None) == "2 KB"
    assert progress_line(2048, -1, 1024.0, 3.0) == "2 KB · 1 KB/s"
    assert progress_line(0, 100, None, None) == "0 bytes / 100 bytes"
    assert progress_line(100, 100, 50.0, 0.0) == "100 bytes / 100 bytes · 50 bytes/s"


# --- file names ---------------------------------------------------------------------------

URL = "https://provider.example.cn/admin/pack/download.php?id=42"


@pytest.mark.parametrize(
    ("url", "disposition", "name"),
    [
        (URL, "attachment; filename*=UTF-8''%E4%BB%A3%E7%A0%81.zip", "代码.zip"),
        (URL, "attachment; filename=\"fallback.zip\"; filename*=utf-8''%E4%BB%A3.zip", "代.zip"),
        (URL, "attachment; filename*=GBK''%B4%FA%C2%EB.zip", "代码.zip"),
        (URL, 'attachment; filename="代码包.zip"', "代码包.zip"),
        (URL, 'attachment; filename="代码包.zip"'.encode(), "代码包.zip"),
        (URL, 'attachment; filename="代码包.zip"'.encode("gbk"), "代码包.zip"),
        # Qt hands raw UTF-8 header bytes over as Latin-1 text.
        (URL, 'attachment; filename="代码包.zip"'.encode().decode("latin-1"), "代码包.zip"),
        (URL, 'attachment; filename="%E4%BB%A3%E7%A0%81.zip"', "代码.zip"),
        (URL, 'attachment; filename="../../etc/evil.zip"', "evil.zip"),
        (URL, 'attachment; filename="C:\\Users\\x\\pkg.zip"', "pkg.zip"),
        (URL, 'attachment; filename="a\\"b;c.zip"', "a_b;c.zip"),
        (URL, "attachment; filename=mini app", "mini app.zip"),
        (URL, 'filename="no-type.zip"', "no-type.zip"),
        (URL, 'attachment; filename="CON.zip"', "_CON.zip"),
        (URL, 'attachment; filename=".."', FALLBACK_FILENAME),
        (URL, "attachment; filename*=UTF-8''%FF%FE.zip", FALLBACK_FILENAME),
        (URL, "attachment", FALLBACK_FILENAME),
        (URL, None, FALLBACK_FILENAME),
        ("https://cdn.example.cn/p/%E4%BB%A3%E7%A0%81.zip?sign=1", None, "代码.zip"),
        ("https://cdn.example.cn/p/build.ZIP", "", "build.ZIP"),
        ("https://cdn.example.cn/p/.zip", None, FALLBACK_FILENAME),
        ("https://cdn.example.cn/", None, FALLBACK_FILENAME),
        ("https://[::1", None, FALLBACK_FILENAME),
    ],
)
def test_suggest_filename(url: str, disposition: str | bytes | None, name: str) -> None:
    assert suggest_filename(url, disposition) == name


@given(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=200), st.binary(max_size=200)))
def test_suggest_filename_is_always_a_safe_zip_name(
    url: str, disposition: str | bytes | None
) -> None:
    name = suggest_filename(url, disposition)
    assert name.lower().endswith(".zip")
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert name not in (".zip", "..zip")
    assert len(name) <= 124


def test_sanitize_filename_keeps_the_extension_when_shortening() -> None:
    long_name = "包" * 300 + ".zip"
    cleaned = sanitize_filename(long_name)
    assert cleaned.endswith(".zip") and len(cleaned) == 120
    assert sanitize_filename("a<b>c:d|e?f*g.zip") == "a_b_c_d_e_f_g.zip"
    assert sanitize_filename(" . ") == ""


# --- packages already downloaded ----------------------------------------------------------


def test_downloads_folder_under_app_home(app_home: Path) -> None:
    assert downloads_folder() == app_home / "Downloads"


def test_downloads_folder_is_the_platform_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MINIAPP_PUBLISHER_HOME")
    assert downloads_folder() == Path(platformdirs.user_downloads_dir())


def _touch(path: Path, mtime: float) -> Path:
    path.write_bytes(b"PK\x03\x04")
    os.utime(path, (mtime, mtime))
    return path


def test_find_recent_zips_newest_first(tmp_path: Path) -> None:
    base = 1_700_000_000.0
    old = _touch(tmp_path / "旧的代码包.zip", base)
    newest = _touch(tmp_path / "代码包.ZIP", base + 300)
    middle = _touch(tmp_path / "package.zip", base + 100)
    _touch(tmp_path / "notes.txt", base + 400)
    _touch(tmp_path / "half.zip.part", base + 500)
    _touch(tmp_path / ".hidden.zip", base + 600)
    (tmp_path / "folder.zip").mkdir()
    (tmp_path / "sub").mkdir()
    _touch(tmp_path / "sub" / "deeper.zip", base + 700)

    assert find_recent_zips(tmp_path) == [newest, middle, old]
    assert find_recent_zips(tmp_path, limit=2) == [newest, middle]
    assert find_recent_zips(tmp_path, limit=0) == []


def test_find_recent_zips_without_folder(tmp_path: Path) -> None:
    assert find_recent_zips(tmp_path / "missing") == []
    (tmp_path / "file").write_text("x")
    assert find_recent_zips(tmp_path / "file") == []
