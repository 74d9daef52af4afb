"""Code package extraction and inspection, against a corpus of hostile and awkward zips.

Every zip is built here, one per case: with zipfile where it can express the case, and from
hand-made bytes (raw_zip) where it cannot (legacy-encoded names, lying sizes, set flags).
"""

from __future__ import annotations

import ast
import errno
import io
import json
import os
import stat
import struct
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from wizard.core import i18n
from wizard.core.package import zipsafe
from wizard.core.package.extract import (
    PackageCancelled,
    PackageError,
    Severity,
    extract_package,
    format_size,
    inspect_folder,
)
from wizard.core.sizes import Rounding

REPO = Path(__file__).resolve().parents[2]
APPID = "tt411d37a0de37d565"
OTHER_APPID = "tt02d6746b9cb2fc0e10"
MB = 1024 * 1024


# --- building zips ----------------------------------------------------------------------------


def project_files(appid: str = APPID, /, **extra: bytes | str) -> dict[str, bytes | str]:
    """A minimal valid project, plus or overriding files given as name=content."""
    config = {
        "setting": {"urlCheck": True, "es6": True},
        "miniprogramRoot": "./",
        "appid": appid,
        "projectname": "小店",
    }
    files: dict[str, bytes | str] = {
        "project.config.json": json.dumps(config, ensure_ascii=False, indent=4) + "\n",
        "app.json": json.dumps({"pages": ["pages/index/index"]}),
        "app.js": "App({})\n",
        "app.ttss": "page { color: #333; }\n",
        "pages/index/index.js": "Page({ data: {} })\n",
        "pages/index/index.ttml": "<view>你好</view>\n",
    }
    files.update(extra)
    return files


def make_zip(
    path: Path,
    files: dict[str, bytes | str],
    wrapper: str = "",
    method: int = zipfile.ZIP_DEFLATED,
) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, content in files.items():
            archive.writestr(f"{wrapper}{name}", content)
    return path


@dataclass
class Raw:
    """One entry for raw_zip: name bytes and payload exactly as they go into the file."""

    name: bytes
    payload: bytes = b""
    plain: bytes | None = None  # the uncompressed bytes (for the CRC); payload when stored
    method: int = zipfile.ZIP_STORED
    flags: int = 0
    external_attr: int = 0
    declared_size: int | None = None  # override the uncompressed size in both headers


def deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def raw_entry(name: str | bytes, plain: bytes = b"", **options: object) -> Raw:
    encoded = name.encode("utf-8") if isinstance(name, str) else name
    return Raw(encoded, deflate(plain), plain, zipfile.ZIP_DEFLATED, **options)  # type: ignore[arg-type]


def raw_zip(entries: list[Raw]) -> bytes:
    """A zip written by hand, so names, flags and sizes are exactly what the test says."""
    body = bytearray()
    central = bytearray()
    for entry in entries:
        plain = entry.payload if entry.plain is None else entry.plain
        crc = zlib.crc32(plain)
        size = len(plain) if entry.declared_size is None else entry.declared_size
        common = (entry.flags, entry.method, 0, 0x21, crc, len(entry.payload), size)
        offset = len(body)
        body += struct.pack("<4sBBHHHHIIIHH", b"PK\x03\x04", 20, 0, *common, len(entry.name), 0)
        body += entry.name + entry.payload
        central += struct.pack(
            "<4sBBBBHHHHIIIHHHHHII",
            b"PK\x01\x02",
            20,
            3,  # made on unix, so external_attr carries a unix mode
            20,
            0,
            *common,
            len(entry.name),
            0,
            0,
            0,
            0,
            entry.external_attr,
            offset,
        )
        central += entry.name
    count = len(entries)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(central), len(body), 0)
    return bytes(body + central + end)


def project_raw_entries(appid: str = APPID) -> list[Raw]:
    files = project_files(appid)
    return [
        raw_entry(name, content.encode() if isinstance(content, str) else content)
        for name, content in files.items()
    ]


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- fixtures and assertions ------------------------------------------------------------------


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("MINIAPP_PUBLISHER_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty parent folder for destinations, so leftovers are easy to see."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def assert_nothing_written(out: Path) -> None:
    """No destination, no temporary sibling, nothing at all in the parent folder."""
    assert list(out.iterdir()) == []


def refused(zip_path: Path, out: Path, code: str, **options: object) -> PackageError:
    with pytest.raises(PackageError) as caught:
        extract_package(zip_path, out / "dest", **options)  # type: ignore[arg-type]
    assert caught.value.code == code, caught.value.message
    assert caught.value.message  # always a sentence for the merchant
    return caught.value


# --- the happy paths ------------------------------------------------------------------------


def test_project_at_top_is_extracted_and_reported(tmp_path: Path, out: Path) -> None:
    package = make_zip(tmp_path / "p.zip", project_files())
    report = extract_package(package, out / "dest")
    assert report.root == (out / "dest").absolute()
    assert (out / "dest" / "pages" / "index" / "index.ttml").read_text() == "<view>你好</view>\n"
    assert report.file_count == 6
    assert report.has_app_json and report.entry_script == "app.js" and report.has_project_config
    assert report.found_appid == APPID and not report.appid_is_placeholder
    assert report.problems == [] and report.can_upload
    assert sorted(p.name for p in out.iterdir()) == ["dest"]


def test_wrapper_folder_is_unwrapped_and_mac_clutter_skipped(tmp_path: Path, out: Path) -> None:
    files = project_files()
    files.update({"pages/.DS_Store": b"x", "Thumbs.db": b"x", "pages/desktop.ini": b"x"})
    package = tmp_path / "p.zip"
    make_zip(package, files, wrapper="miniapp/")
    with zipfile.ZipFile(package, "a") as archive:
        archive.writestr("__MACOSX/", b"")
        archive.writestr("__MACOSX/miniapp/._app.js", b"\x00\x05\x16\x07")
        archive.writestr("miniapp/._app.js", b"\x00\x05\x16\x07")
        archive.writestr("miniapp/pages/", b"")  # an explicit folder entry
    report = extract_package(package, out / "dest")
    dest = out / "dest"
    assert (dest / "app.json").is_file() and not (dest / "miniapp").exists()
    names = {p.relative_to(dest).as_posix() for p in dest.rglob("*")}
    assert not any("MACOSX" in n or "._" in n or "DS_Store" in n or "Thumbs" in n for n in names)
    assert "pages/desktop.ini" not in names
    assert report.file_count == 6 and report.can_upload


def test_existing_empty_destination_is_used(tmp_path: Path, out: Path) -> None:
    (out / "dest").mkdir()
    report = extract_package(make_zip(tmp_path / "p.zip", project_files()), out / "dest")
    assert report.can_upload and (out / "dest" / "app.js").is_file()
    assert sorted(p.name for p in out.iterdir()) == ["dest"]


def test_missing_parent_folders_are_created(tmp_path: Path, out: Path) -> None:
    dest = out / "a" / "b" / "dest"
    extract_package(make_zip(tmp_path / "p.zip", project_files()), dest)
    assert (dest / "app.json").is_file()


def test_backslash_separators_from_old_windows_tools_become_folders(
    tmp_path: Path, out: Path
) -> None:
    entries = [*project_raw_entries(), raw_entry("pages\\list\\list.js", b"Page({})")]
    extract_package(write(tmp_path / "p.zip", raw_zip(entries)), out / "dest")
    assert (out / "dest" / "pages" / "list" / "list.js").read_bytes() == b"Page({})"


def test_progress_is_reported_from_zero_to_total(tmp_path: Path, out: Path) -> None:
    files = project_files(**{f"pages/p{i}/p.js": os.urandom(50_000) for i in range(20)})
    calls: list[tuple[int, int]] = []
    extract_package(
        make_zip(tmp_path / "p.zip", files),
        out / "dest",
        progress=lambda d, t: calls.append((d, t)),
    )
    total = calls[0][1]
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert total >= 20 * 50_000
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert 3 <= len(calls) <= 250  # throttled, yet regular


# --- hostile names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../evil.js",
        "pages/../../evil.js",
        "/tmp/evil.js",
        "\\evil.js",
        "C:/Windows/evil.js",
        "C:evil.js",
        "d:\\evil.js",
        "a\\..\\..\\x",
        "pages/\x00/evil.js",
    ],
)
def test_paths_leaving_the_destination_are_refused(tmp_path: Path, out: Path, name: str) -> None:
    entries = [*project_raw_entries(), raw_entry(name, b"owned")]
    refused(write(tmp_path / "p.zip", raw_zip(entries)), out, "unsafe-path")
    assert_nothing_written(out)
    assert not (tmp_path / "evil.js").exists()


def test_symlink_entry_is_refused(tmp_path: Path, out: Path) -> None:
    link_mode = (stat.S_IFLNK | 0o777) << 16
    entries = [
        *project_raw_entries(),
        raw_entry("pages/link", b"/etc/passwd", external_attr=link_mode),
    ]
    error = refused(write(tmp_path / "p.zip", raw_zip(entries)), out, "link")
    assert "pages/link" in error.message
    assert_nothing_written(out)


@pytest.mark.parametrize(
    "name",
    [
        "CON",
        "pages/prn.js",
        "aux/index.js",
        "nul.txt",
        "NUL.tar.gz",
        "com1.js",
        "LPT9",
        "pages/dot./a.js",
        "trailing space ",
        "a<b.js",
        'quote".js',
        "what?.js",
        "star*.js",
        "pipe|.js",
        "colon:stream.js",
    ],
)
def test_names_windows_cannot_create_are_refused(tmp_path: Path, out: Path, name: str) -> None:
    entries = [*project_raw_entries(), raw_entry(name, b"x")]
    refused(write(tmp_path / "p.zip", raw_zip(entries)), out, "reserved-name")
    assert_nothing_written(out)


@pytest.mark.parametrize("name", ["console.js", "nullable.js", "com10.js", "auxiliary/a.js"])
def test_names_that_merely_look_reserved_are_fine(tmp_path: Path, out: Path, name: str) -> None:
    report = extract_package(make_zip(tmp_path / "p.zip", project_files(**{name: "x"})), out / "d")
    assert (out / "d" / name).is_file() and report.can_upload


def test_names_clashing_by_case_are_refused(tmp_path: Path, out: Path) -> None:
    entries = [*project_raw_entries(), raw_entry("pages/A.js", b"1"), raw_entry("pages/a.js", b"2")]
    refused(write(tmp_path / "p.zip", raw_zip(entries)), out, "duplicate")
    assert_nothing_written(out)


def test_a_file_where_a_folder_is_needed_is_refused(tmp_path: Path, out: Path) -> None:
    entries = [*project_raw_entries(), raw_entry("pages/index", b"file, not folder")]
    refused(write(tmp_path / "p.zip", raw_zip(entries)), out, "duplicate")


# --- limits and zip bombs -------------------------------------------------------------------


def test_too_many_entries_are_refused_quickly(tmp_path: Path, out: Path) -> None:
    entries = [Raw(f"f{i}.js".encode()) for i in range(zipsafe.MAX_ENTRIES + 1)]
    package = write(tmp_path / "many.zip", raw_zip([*project_raw_entries(), *entries]))
    started = time.monotonic()
    refused(package, out, "too-many-entries")
    assert time.monotonic() - started < 5
    assert_nothing_written(out)


def zeros_deflated(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = bytes(MB)
    parts = [packer.compress(block) for _ in range(size // MB)]
    return b"".join(parts) + packer.flush()


def test_high_ratio_entry_is_refused_within_a_second(tmp_path: Path, out: Path) -> None:
    size = 64 * MB
    bomb = Raw(b"pages/bomb.js", zeros_deflated(size), None, zipfile.ZIP_DEFLATED)
    bomb.plain = b""  # the CRC does not matter: the bomb is refused before any byte is read
    bomb.declared_size = size
    package = write(tmp_path / "bomb.zip", raw_zip([*project_raw_entries(), bomb]))
    started = time.monotonic()
    error = refused(package, out, "zip-bomb")
    assert time.monotonic() - started < 5
    assert "pages/bomb.js" in error.message
    assert_nothing_written(out)


def test_many_small_high_ratio_entries_are_refused_as_a_whole(tmp_path: Path, out: Path) -> None:
    # Each entry stays under the per-entry floor; together they would unpack to 300 MB.
    payload = zeros_deflated(MB)
    small = MB - 1
    entries = [
        Raw(f"pages/p{i}.js".encode(), payload, b"", zipfile.ZIP_DEFLATED, declared_size=small)
        for i in range(300)
    ]
    package = write(tmp_path / "bombs.zip", raw_zip([*project_raw_entries(), *entries]))
    started = time.monotonic()
    refused(package, out, "zip-bomb")
    assert time.monotonic() - started < 5
    assert_nothing_written(out)


def test_total_declared_size_over_the_limit_is_refused(
    tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zipsafe, "MAX_TOTAL_SIZE", 2 * MB)
    files = project_files(**{"a.bin": os.urandom(MB), "b.bin": os.urandom(MB + 1)})
    package = make_zip(tmp_path / "big.zip", files, method=zipfile.ZIP_STORED)
    refused(package, out, "too-large")
    assert_nothing_written(out)


def test_header_announcing_less_than_the_data_holds_is_refused(tmp_path: Path, out: Path) -> None:
    # The headers claim 100 bytes; the data would inflate to 20 MB. Never more than the claim
    # is read, the entry then fails its checksum, and nothing is kept.
    size = 20 * MB
    liar = Raw(b"pages/liar.js", zeros_deflated(size), bytes(size), zipfile.ZIP_DEFLATED)
    liar.declared_size = 100
    package = write(tmp_path / "liar.zip", raw_zip([*project_raw_entries(), liar]))
    started = time.monotonic()
    error = refused(package, out, "damaged")
    assert time.monotonic() - started < 5
    assert "pages/liar.js" in error.message
    assert_nothing_written(out)


def test_lying_header_with_matching_checksum_yields_only_what_it_announced(
    tmp_path: Path, out: Path
) -> None:
    # A checksum forged for the first 100 bytes passes; still only 100 bytes reach the disk.
    liar = Raw(b"pages/liar.js", zeros_deflated(20 * MB), bytes(100), zipfile.ZIP_DEFLATED)
    package = write(tmp_path / "liar.zip", raw_zip([*project_raw_entries(), liar]))
    report = extract_package(package, out / "dest")
    assert (out / "dest" / "pages" / "liar.js").stat().st_size == 100
    assert report.total_size < 10_000


def test_header_announcing_more_than_the_data_holds_is_refused(tmp_path: Path, out: Path) -> None:
    short = raw_entry("pages/short.js", b"only this", declared_size=5000)
    refused(write(tmp_path / "short.zip", raw_zip([*project_raw_entries(), short])), out, "damaged")
    assert_nothing_written(out)


def test_encrypted_entry_is_refused_with_a_clear_message(tmp_path: Path, out: Path) -> None:
    secret = Raw(b"app.js", b"\x8f" * 24, b"App({})", zipfile.ZIP_STORED, flags=0x1)
    entries = [e for e in project_raw_entries() if e.name != b"app.js"] + [secret]
    error = refused(write(tmp_path / "locked.zip", raw_zip(entries)), out, "encrypted")
    assert "password" in error.message
    assert_nothing_written(out)


# --- name encodings -------------------------------------------------------------------------


def test_gbk_names_without_utf8_flag_are_decoded(tmp_path: Path, out: Path) -> None:
    gbk = Raw("页面/首页.js".encode("gbk"), b"Page({})")
    report = extract_package(
        write(tmp_path / "gbk.zip", raw_zip([*project_raw_entries(), gbk])), out / "dest"
    )
    assert (out / "dest" / "页面" / "首页.js").read_bytes() == b"Page({})"
    assert report.can_upload


def test_utf8_names_without_the_flag_are_decoded(tmp_path: Path, out: Path) -> None:
    mac = Raw("页面/详情.js".encode(), b"Page({})")  # no 0x800 flag, as macOS writes it
    extract_package(write(tmp_path / "mac.zip", raw_zip([*project_raw_entries(), mac])), out / "d")
    assert (out / "d" / "页面" / "详情.js").is_file()


def test_utf8_flagged_names_are_taken_as_they_are(tmp_path: Path, out: Path) -> None:
    extract_package(
        make_zip(tmp_path / "p.zip", project_files(**{"图片/标志.png": b"\x89PNG"})), out / "d"
    )
    assert (out / "d" / "图片" / "标志.png").read_bytes() == b"\x89PNG"


def test_names_that_are_neither_utf8_nor_gb18030_fall_back_to_cp437() -> None:
    info = zipfile.ZipInfo(b"caf\xff.js".decode("cp437"))
    assert zipsafe.decode_name(info) == "caf\u00a0.js"


def test_info_zip_unicode_path_field_wins_over_the_legacy_name() -> None:
    legacy = b"?.js"
    info = zipfile.ZipInfo(legacy.decode("cp437"))
    utf8 = "首页.js".encode()
    body = struct.pack("<BI", 1, zlib.crc32(legacy)) + utf8
    info.extra = struct.pack("<HH", 0x7075, len(body)) + body
    assert zipsafe.decode_name(info) == "首页.js"


# --- files that are not (whole) zips ---------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><head><title>Login</title></head></html>",
        b"\xef\xbb\xbf\r\n  <html lang='zh'><body>please log in</body></html>",
        b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'></html>",
    ],
)
def test_html_saved_as_zip_says_log_in_again(tmp_path: Path, out: Path, content: bytes) -> None:
    error = refused(write(tmp_path / "package.zip", content), out, "html")
    assert "logged out" in error.message and "一键打包" in error.message
    assert_nothing_written(out)


def test_json_error_reply_says_log_in_again_and_quotes_the_admin(tmp_path: Path, out: Path) -> None:
    reply = json.dumps({"code": 401, "msg": "登录已过期"}, ensure_ascii=False).encode()
    error = refused(write(tmp_path / "package.zip", reply), out, "json")
    assert "logged out" in error.message and "登录已过期" in error.message


def test_truncated_download_says_download_again(tmp_path: Path, out: Path) -> None:
    whole = make_zip(tmp_path / "whole.zip", project_files(**{"big.bin": os.urandom(100_000)}))
    cut = write(tmp_path / "cut.zip", whole.read_bytes()[:60_000])
    error = refused(cut, out, "truncated")
    assert "incomplete" in error.message and "again" in error.message
    assert_nothing_written(out)


def test_damaged_entry_data_is_refused_and_cleaned_up(tmp_path: Path, out: Path) -> None:
    good = raw_entry("pages/data.js", os.urandom(300_000))
    broken = bytearray(good.payload)
    broken[1000:1010] = b"\x00" * 10
    good.payload = bytes(broken)
    package = write(tmp_path / "bad.zip", raw_zip([*project_raw_entries(), good]))
    refused(package, out, "damaged")
    assert_nothing_written(out)


def test_empty_missing_folder_and_other_files_each_get_a_sentence(
    tmp_path: Path, out: Path
) -> None:
    refused(write(tmp_path / "empty.zip", b""), out, "empty")
    refused(tmp_path / "nowhere.zip", out, "not-found")
    refused(tmp_path, out, "is-folder")
    refused(write(tmp_path / "r.zip", b"Rar!\x1a\x07\x00" + bytes(100)), out, "other-archive")
    refused(write(tmp_path / "x.zip", os.urandom(2000).replace(b"PK", b"pk")), out, "not-zip")
    assert_nothing_written(out)


def test_unreadable_file_gets_a_sentence(
    tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = make_zip(tmp_path / "p.zip", project_files())

    def locked(*_args: object, **_kwargs: object) -> io.BufferedReader:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(zipsafe, "open", locked, raising=False)
    error = refused(package, out, "unreadable")
    assert "Permission denied" in error.message


def test_zip_without_a_project_root_is_refused(tmp_path: Path, out: Path) -> None:
    files = {f"deep/er/{name}": content for name, content in project_files().items()}
    refused(make_zip(tmp_path / "p.zip", files), out, "no-project")
    refused(make_zip(tmp_path / "q.zip", {"readme.txt": "hi"}), out, "no-project")
    assert_nothing_written(out)


def test_zip_with_two_projects_is_refused(tmp_path: Path, out: Path) -> None:
    files = {f"{wrap}/{n}": c for wrap in ("a", "b") for n, c in project_files().items()}
    error = refused(make_zip(tmp_path / "p.zip", files), out, "several-projects")
    assert "a, b" in error.message


# --- destination, cancel, full disk ----------------------------------------------------------


def test_existing_non_empty_destination_is_never_touched(tmp_path: Path, out: Path) -> None:
    dest = out / "dest"
    dest.mkdir()
    (dest / "mine.txt").write_text("keep me")
    error = refused(make_zip(tmp_path / "p.zip", project_files()), out, "dest-not-empty")
    assert "empty or new folder" in error.message
    assert [p.name for p in dest.iterdir()] == ["mine.txt"]
    assert (dest / "mine.txt").read_text() == "keep me"
    assert sorted(p.name for p in out.iterdir()) == ["dest"]


def test_destination_that_is_a_file_is_refused(tmp_path: Path, out: Path) -> None:
    (out / "dest").write_text("a file")
    refused(make_zip(tmp_path / "p.zip", project_files()), out, "dest-is-file")
    assert (out / "dest").read_text() == "a file"


def test_cancel_between_members_leaves_nothing(tmp_path: Path, out: Path) -> None:
    files = project_files(**{f"pages/p{i}/p.js": f"Page({i})" for i in range(50)})
    polls = 0

    def cancel() -> bool:
        nonlocal polls
        polls += 1
        return polls > 20

    with pytest.raises(PackageCancelled) as caught:
        extract_package(make_zip(tmp_path / "p.zip", files), out / "dest", cancel=cancel)
    assert caught.value.code == "cancelled" and isinstance(caught.value, PackageError)
    assert polls > 20
    assert_nothing_written(out)


def test_cancel_inside_a_large_member_stops_it(tmp_path: Path, out: Path) -> None:
    files = project_files(**{"assets/video.bin": os.urandom(8 * MB)})
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)

    def cancel() -> bool:
        return any(done >= 2 * MB for done in seen)

    package = make_zip(tmp_path / "p.zip", files, method=zipfile.ZIP_STORED)
    with pytest.raises(PackageCancelled):
        extract_package(package, out / "dest", progress=progress, cancel=cancel)
    assert max(seen) < 8 * MB  # stopped within the member, not after it
    assert_nothing_written(out)


def test_full_disk_midway_cleans_up_and_says_so(
    tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = zipsafe._write_member
    calls = 0

    def filling(*args: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(zipsafe, "_write_member", filling)
    error = refused(make_zip(tmp_path / "p.zip", project_files()), out, "no-space")
    assert "full" in error.message
    assert_nothing_written(out)


def test_too_little_free_space_is_refused_before_writing(
    tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(1, 1, 0))
    refused(make_zip(tmp_path / "p.zip", project_files()), out, "no-space")
    assert_nothing_written(out)


# --- AppID ----------------------------------------------------------------------------------


@pytest.mark.parametrize("placeholder", ["testappId", "touristappid", "TESTAPPID"])
def test_placeholder_appid_blocks_the_upload(tmp_path: Path, out: Path, placeholder: str) -> None:
    report = extract_package(make_zip(tmp_path / "p.zip", project_files(placeholder)), out / "d")
    assert report.appid_is_placeholder and report.found_appid == placeholder
    assert [p.code for p in report.problems] == ["appid-placeholder"]
    assert report.problems[0].severity is Severity.BLOCKING and not report.can_upload


def test_appid_argument_fixes_a_placeholder_keeping_other_fields(tmp_path: Path, out: Path) -> None:
    package = make_zip(tmp_path / "p.zip", project_files("testappId"))
    report = extract_package(package, out / "d", appid=f"  {APPID.upper()} ")
    assert report.appid_is_placeholder and report.appid_written and report.can_upload
    assert report.appid == APPID and report.problems == []
    text = (out / "d" / "project.config.json").read_text(encoding="utf-8")
    config = json.loads(text)
    assert list(config) == ["setting", "miniprogramRoot", "appid", "projectname"]
    assert config["appid"] == APPID and config["setting"] == {"urlCheck": True, "es6": True}
    assert '"projectname": "小店"' in text  # written as UTF-8, not \u escapes
    assert text.startswith('{\n    "setting"') and text.endswith("}\n")  # indentation kept
    assert sorted(p.name for p in (out / "d").iterdir() if p.name.startswith(".")) == []


def test_different_appid_is_replaced_and_not_a_problem(tmp_path: Path, out: Path) -> None:
    package = make_zip(tmp_path / "p.zip", project_files(OTHER_APPID))
    report = extract_package(package, out / "d", appid=APPID)
    assert report.appid_differs and report.appid_written and report.can_upload
    assert report.found_appid == OTHER_APPID
    assert json.loads((out / "d" / "project.config.json").read_bytes())["appid"] == APPID


def test_same_appid_is_not_rewritten(tmp_path: Path, out: Path) -> None:
    report = extract_package(make_zip(tmp_path / "p.zip", project_files()), out / "d", appid=APPID)
    assert not report.appid_differs and not report.appid_written and report.can_upload


def test_invalid_appid_argument_is_refused_before_anything_is_written(
    tmp_path: Path, out: Path
) -> None:
    refused(make_zip(tmp_path / "p.zip", project_files()), out, "invalid-appid", appid="wx123")
    assert_nothing_written(out)


@pytest.mark.parametrize(
    ("found", "code"),
    [("", "appid-missing"), ("wx0123456789abcdef", "appid-wechat"), ("tt123", "appid-invalid")],
)
def test_unusable_appids_are_blocking(tmp_path: Path, out: Path, found: str, code: str) -> None:
    report = extract_package(make_zip(tmp_path / "p.zip", project_files(found)), out / "d")
    assert [p.code for p in report.problems] == [code] and not report.can_upload


# --- sizes and required files ----------------------------------------------------------------


def sized_project(
    main_extra: int = 0, subpackages: dict[str, int] | None = None, key: str = "subpackages"
) -> dict[str, bytes | str]:
    subs = subpackages or {}
    app = {"pages": ["pages/index/index"], key: [{"root": f"{r}/", "pages": ["p"]} for r in subs]}
    files = project_files(**{"app.json": json.dumps(app)})
    blob = os.urandom(max(main_extra, *subs.values(), 0))
    if main_extra:
        files["assets/main.bin"] = blob[:main_extra]
    for root, size in subs.items():
        files[f"{root}/data.bin"] = blob[:size]
    return files


def test_main_package_over_4_mb_is_blocking(tmp_path: Path, out: Path) -> None:
    files = sized_project(main_extra=4 * MB + 100_000)
    report = extract_package(make_zip(tmp_path / "p.zip", files, method=0), out / "d")
    assert not report.main_within_limit and report.total_within_limit
    assert [p.code for p in report.problems] == ["main-too-large"]
    assert "4 MB" in report.problems[0].message and "4.1 MB" in report.problems[0].message


def test_subpackage_over_2_mb_is_blocking(tmp_path: Path, out: Path) -> None:
    files = sized_project(subpackages={"packageA": 2 * MB + 1, "packageB": MB}, key="subPackages")
    report = extract_package(make_zip(tmp_path / "p.zip", files, method=0), out / "d")
    sizes = {sub.root: (sub.size, sub.within_limit) for sub in report.subpackages}
    assert sizes == {"packageA": (2 * MB + 1, False), "packageB": (MB, True)}
    assert report.main_within_limit and report.main_size < 10_000
    assert [p.code for p in report.problems] == ["subpackage-too-large"]
    assert "packageA" in report.problems[0].message


def test_total_over_16_mb_is_blocking(tmp_path: Path, out: Path) -> None:
    subs = {f"package{i}": 2 * MB - 1000 for i in range(7)}
    files = sized_project(main_extra=4 * MB - 100_000, subpackages=subs)
    report = extract_package(make_zip(tmp_path / "p.zip", files, method=0), out / "d")
    assert report.code_size > 16 * MB and not report.total_within_limit
    assert [p.code for p in report.problems] == ["total-too-large"]


def test_missing_app_js_is_blocking_and_app_ts_is_accepted(tmp_path: Path, out: Path) -> None:
    files = project_files()
    del files["app.js"]
    report = extract_package(make_zip(tmp_path / "p.zip", files), out / "a")
    assert report.missing_files == ["app.js"] and [p.code for p in report.problems] == [
        "missing-file"
    ]
    files["app.ts"] = "App({})"
    report = extract_package(make_zip(tmp_path / "q.zip", files), out / "b")
    assert report.entry_script == "app.ts" and report.can_upload


def test_missing_project_config_is_blocking(tmp_path: Path, out: Path) -> None:
    files = project_files()
    del files["project.config.json"]
    report = extract_package(make_zip(tmp_path / "p.zip", files), out / "d", appid=APPID)
    assert report.missing_files == ["project.config.json"] and not report.can_upload


def test_damaged_json_is_blocking(tmp_path: Path, out: Path) -> None:
    report = extract_package(
        make_zip(tmp_path / "p.zip", project_files(**{"app.json": "{pages: oops"})), out / "d"
    )
    assert [p.code for p in report.problems] == ["damaged-json"]


def test_code_in_a_miniprogram_root_folder_is_measured_there(tmp_path: Path, out: Path) -> None:
    config = {"miniprogramRoot": "dist/", "appid": APPID}
    files: dict[str, bytes | str] = {
        "project.config.json": json.dumps(config),
        "dist/app.json": json.dumps({"pages": ["p"], "subpackages": [{"root": "sub"}]}),
        "dist/app.js": "App({})",
        "dist/sub/x.js": "x" * 1000,
        "src/big.ts": os.urandom(5 * MB),  # sources beside the code are not uploaded
    }
    report = extract_package(make_zip(tmp_path / "p.zip", files, method=0), out / "d")
    assert report.code_folder == "dist" and report.can_upload, report.problems
    assert report.subpackages[0].size == 1000 and report.main_size < 1000


def test_missing_miniprogram_root_folder_is_blocking(tmp_path: Path, out: Path) -> None:
    files = project_files(
        **{"project.config.json": json.dumps({"miniprogramRoot": "dist", "appid": APPID})}
    )
    report = extract_package(make_zip(tmp_path / "p.zip", files), out / "d")
    assert "code-folder-missing" in [p.code for p in report.problems]


def test_declared_subpackage_without_folder_is_a_warning(tmp_path: Path, out: Path) -> None:
    app = {"pages": ["pages/index/index"], "subpackages": [{"root": "ghost"}]}
    report = extract_package(
        make_zip(tmp_path / "p.zip", project_files(**{"app.json": json.dumps(app)})), out / "d"
    )
    assert [(p.code, p.severity) for p in report.problems] == [
        ("subpackage-missing", Severity.WARNING)
    ]
    assert report.can_upload


def test_inspect_folder_finds_the_root_inside_a_wrapper(tmp_path: Path, out: Path) -> None:
    extract_package(
        make_zip(tmp_path / "p.zip", project_files("testappId")), out / "unzipped" / "shop"
    )
    report = inspect_folder(out / "unzipped")
    assert report.root == out / "unzipped" / "shop" and report.appid_is_placeholder
    fixed = inspect_folder(out / "unzipped" / "shop", appid=APPID)
    assert fixed.can_upload and inspect_folder(out / "unzipped").found_appid == APPID
    with pytest.raises(PackageError):
        inspect_folder(tmp_path / "p.zip")


def test_report_to_dict_is_json_ready(tmp_path: Path, out: Path) -> None:
    report = extract_package(
        make_zip(tmp_path / "p.zip", sized_project(subpackages={"s": 10})), out / "d"
    )
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["root"] == str(report.root) and data["can_upload"] is True
    assert data["subpackages"] == [
        {"root": "s", "size": 10, "limit": 2 * MB, "exists": True, "within_limit": True}
    ]
    assert data["limits"] == {"total": 16 * MB, "main": 4 * MB, "subpackage": 2 * MB}


# --- helpers, translations -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 bytes"),
        (1023, "1023 bytes"),
        (1024, "1 KB"),
        (1536, "1.5 KB"),
        (4 * MB, "4 MB"),
        (4 * MB + 1, "4.1 MB"),
        (16 * MB, "16 MB"),
    ],
)
def test_format_size(size: int, text: str) -> None:
    # Sizes shown beside a limit round up, so an overrun never reads as the limit itself.
    assert format_size(size, Rounding.UP) == text


@pytest.mark.parametrize(
    ("part", "bad"),
    [
        ("index.js", False),
        ("CON", True),
        ("con.json", True),
        ("Com3.txt", True),
        ("lpt¹", True),
        ("a.", True),
        ("a ", True),
        ("a\tb", True),
        ("x" * 256, True),
        ("x" * 255, False),
    ],
)
def test_windows_name_problem(part: str, bad: bool) -> None:
    assert zipsafe.windows_name_problem(part) is bad


def test_messages_follow_the_language(tmp_path: Path, out: Path) -> None:
    html = write(tmp_path / "p.zip", b"<!doctype html><html></html>")
    try:
        i18n.set_language("zh_CN")
        error = refused(html, out, "html")
        assert "一键打包" in error.message and "重新登录" in error.message
        report = extract_package(
            make_zip(tmp_path / "q.zip", project_files("testappId")), out / "d"
        )
        assert "占位 AppID「testappId」" in report.problems[0].message
        assert format_size(12) == "12 字节"
    finally:
        i18n.set_language("en")
    assert "logged out" in refused(html, out, "html").message


def package_msgids() -> list[str]:
    """Every literal passed to _() in the package modules."""
    found: list[str] = []
    for name in (
        "core/package/zipsafe.py",
        "core/package/extract.py",
        "core/package/describe.py",
        "commands/package.py",
    ):
        tree = ast.parse((REPO / "wizard" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
            ):
                argument = node.args[0]
                assert isinstance(argument, ast.Constant), f"{name}: _() needs a literal"
                assert isinstance(argument.value, str)
                found.append(argument.value)
    return found


def test_every_package_message_has_a_chinese_translation() -> None:
    po = REPO / "resources" / "i18n" / "zh_CN" / "package.po"
    entries = {e.msgid: e for e in i18n.parse_po(po.read_text(encoding="utf-8"), po.name)}
    assert "charset=UTF-8" in entries[""].msgstr
    msgids = package_msgids()
    assert len(msgids) > 40
    for msgid in msgids:
        entry = entries.get(msgid)
        assert entry is not None and entry.msgstr, f"untranslated: {msgid}"
        assert not entry.fuzzy
        assert i18n.placeholders(entry.msgstr) == i18n.placeholders(msgid), msgid
    unused = set(entries) - set(msgids) - {""}
    assert not unused, f"stale entries in package.po: {unused}"


# --- property: whatever the names, nothing lands outside ------------------------------------

NAME_PARTS = st.sampled_from(
    ["..", ".", "", "a", "页面", "C:", "c:x", "CON", "x.js", " ", "b\\..", "\x00", "~", "ok"]
)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    names=st.lists(
        st.lists(NAME_PARTS, min_size=1, max_size=4).map("/".join), min_size=1, max_size=4
    )
)
def test_any_names_either_refused_or_written_inside(tmp_path: Path, names: list[str]) -> None:
    case = tmp_path / f"case{time.monotonic_ns()}"
    (case / "out").mkdir(parents=True)
    entries = [*project_raw_entries(), *(raw_entry(n, b"x") for n in names)]
    package = write(case / "p.zip", raw_zip(entries))
    try:
        extract_package(package, case / "out" / "dest")
    except PackageError:
        assert list((case / "out").iterdir()) == []
    written = {p.resolve() for p in case.rglob("*")}
    inside = (case / "out").resolve()
    assert all(p == case.resolve() / "p.zip" or p.is_relative_to(inside) for p in written)


def test_failed_final_rename_keeps_the_empty_destination_and_cleans_up(
    tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wizard.core.package import extract as package_module

    (out / "dest").mkdir()
    monkeypatch.setattr(package_module, "RENAME_RETRY_DELAYS", (0.0, 0.0))
    attempts = 0

    def locked(_source: object, _target: object) -> None:
        nonlocal attempts
        attempts += 1
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(os, "rename", locked)
    error = refused(make_zip(tmp_path / "p.zip", project_files()), out, "write-failed")
    assert "Access is denied" in error.message and attempts == 3
    assert [p.name for p in out.iterdir()] == ["dest"] and not any((out / "dest").iterdir())


def test_archive_comment_imitating_the_end_record_does_not_confuse_the_count(
    tmp_path: Path,
) -> None:
    package = make_zip(tmp_path / "p.zip", project_files())
    with zipfile.ZipFile(package, "a") as archive:
        archive.comment = b"PK\x05\x06" + b"\xff" * 30
    with open(package, "rb") as fp:
        assert zipsafe.declared_entry_count(fp, package.stat().st_size) == 6
