"""The package scan over real folders: calls, literals, minified and hostile files, GBK names,
vendored folders, progress and cancel; then the comparison and the step's done-condition."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from wizard.core.domains.scan import (
    DomainScanError,
    code_root,
    compare_domains,
    domains_done,
    scan_package,
)

APP_JS = """\
// Docs: https://docs.shop.example.com/guide (a comment, not a call)
const BASE = "https://api.shop.example.com/v1";
tt.request({ url: "https://api.shop.example.com/v1/items", method: "GET" });
tt.request({ url: BASE + "/orders" });
tt.uploadFile({ url: `https://upload.shop.example.com/${folder}`, filePath: f, name: "f" });
tt.downloadFile({url:'http://cdn.shop.example.com/a.zip'});
tt.connectSocket({
  url: "wss://live.shop.example.com:8443/room",
});
const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
const built = "https://" + host + "/x";
const regional = "https://api." + region + ".shop.example.com";
const api = "https://api.shop.example.com" + "/v2";
const dev = "http://192.168.1.5:8080/api";
"""

INDEX_TTML = """\
<view xmlns:xlink="http://www.w3.org/1999/xlink">
  <web-view src="https://h5.shop.example.com/page?id={{id}}"></web-view>
  <image src="https://img.shop.example.com/a.png" />
  <web-view src="{{link}}" />
  <text>Visit https://www.shop.example.com today</text>
</view>
"""


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def package(tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    write(root, "project.config.json", json.dumps({"appid": "tt411d37a0de37d565"}))
    write(root, "app.json", json.dumps({"pages": ["pages/index/index"]}))
    write(root, "app.js", APP_JS)
    write(root, "pages/index/index.ttml", INDEX_TTML)
    write(
        root,
        "pages/index/index.ttss",
        ".a { background: url(https://img2.shop.example.com/b.png) }",
    )
    write(root, "ext.json", json.dumps({"ext": {"baseUrl": "https://ext.shop.example.com"}}))
    # What the packer never uploads: vendored code, source maps, dot-folders, tool files.
    write(root, "node_modules/lib/index.js", 'tt.request({url: "https://vendored.example.com"})')
    write(root, "app.js.map", '{"sources": ["https://map.example.com/app.js"]}')
    write(root, ".git/hooks/x.js", 'fetch("https://dot.example.com")')
    write(root, "package-lock.json", '{"resolved": "https://registry.npmjs.org/x"}')
    write(root, "__wxToTT/report/r.js", '"https://report.example.com"')
    return root


def hosts(scan: object, kind: str) -> list[str]:
    return list(scan.called_hosts(kind))  # type: ignore[attr-defined]


def test_calls_literals_and_lists(package: Path) -> None:
    scan = scan_package(package)
    assert not scan.cancelled and scan.unreadable == []
    assert hosts(scan, "request") == ["api.shop.example.com", "ext.shop.example.com"]
    assert hosts(scan, "uploadFile") == ["upload.shop.example.com"]
    assert hosts(scan, "downloadFile") == ["cdn.shop.example.com"]
    assert hosts(scan, "socket") == ["live.shop.example.com:8443"]
    assert hosts(scan, "webview") == ["h5.shop.example.com"]
    api = scan.called_hosts("request")["api.shop.example.com"]
    assert [(u.via, u.where) for u in api] == [
        ("literal", "app.js:2"),
        ("tt.request", "app.js:3"),
        ("literal", "app.js:13"),
    ]
    socket = scan.called_hosts("socket")["live.shop.example.com:8443"][0]
    assert socket.via == "tt.connectSocket" and socket.line == 8
    assert scan.called_hosts("webview")["h5.shop.example.com"][0].where == (
        "pages/index/index.ttml:2"
    )
    # Images and fonts in pages and styles are resources, not list entries.
    assert sorted(u.host for u in scan.resources) == [
        "img.shop.example.com",
        "img2.shop.example.com",
    ]


def test_vendored_and_unpacked_files_are_not_scanned(package: Path) -> None:
    scan = scan_package(package)
    everything = json.dumps({**scan.to_dict(), "root": ""})
    for host in ["vendored", "map.example", "dot.example", "registry.npmjs", "report.example"]:
        assert host not in everything
    assert "docs.shop.example.com" not in everything  # comment
    assert "www.shop.example.com" not in everything  # prose inside a page
    assert "w3.org" not in everything  # namespaces are not calls
    assert scan.files_scanned == 5


def test_insecure_unusable_and_dynamic_addresses(package: Path) -> None:
    scan = scan_package(package)
    assert [(u.url, u.where) for u in scan.insecure] == [
        ("http://cdn.shop.example.com/a.zip", "app.js:6"),
        ("http://192.168.1.5:8080/api", "app.js:14"),
    ]
    [ip] = scan.unusable
    assert ip.host is None and "IP address" in ip.problem
    dynamic = [(d.kind, d.via, d.where, d.snippet) for d in scan.dynamic]
    assert dynamic == [
        ("request", "tt.request", "app.js:4", 'BASE + "/orders"'),
        ("request", "literal", "app.js:11", 'https://" + host + "/x"'),
        ("request", "literal", "app.js:12", 'https://api." + region + ".shop.example.com"'),
        ("webview", "web-view", "pages/index/index.ttml:4", "{{link}}"),
    ]


def test_comparison_per_list(package: Path) -> None:
    scan = scan_package(package)
    entered = {
        "request": "https://api.shop.example.com/v1\nold.example.com",
        "socket": ["live.shop.example.com:8443"],
        "uploadFile": "upload.shop.example.com",
        "downloadFile": "cdn.shop.example.com，localhost",
    }
    comparison = compare_domains(scan, entered)
    assert comparison.missing == {
        "request": ("ext.shop.example.com",),
        "webview": ("h5.shop.example.com",),
    }
    assert comparison.lists["request"].unused == ("old.example.com",)
    assert comparison.lists["request"].suggested == [
        "api.shop.example.com",
        "old.example.com",
        "ext.shop.example.com",
    ]
    assert comparison.blocking
    problems = comparison.problems()
    assert problems[0] == (
        "ext.shop.example.com is used by the mini-program (ext.json:1) but is missing from the "
        "request list."
    )
    assert any("“localhost”" in p and "downloadFile list" in p for p in problems)
    assert any("app.js:6" in p and "fail" in p for p in comparison.code_problems())
    information = comparison.information()
    assert information[0].startswith("old.example.com is in the request list")
    assert any("app.js:4" in line and "tt.request" in line for line in information)


def test_done_condition() -> None:
    assert not domains_done(None, {}, True).done


def test_done_condition_over_a_scan(package: Path) -> None:
    scan = scan_package(package)
    complete = {
        "request": ["api.shop.example.com", "ext.shop.example.com"],
        "socket": ["live.shop.example.com:8443"],
        "uploadFile": ["upload.shop.example.com"],
        "downloadFile": ["cdn.shop.example.com"],
        "webview": ["h5.shop.example.com"],
    }
    assert domains_done(scan, complete, True).done
    unconfirmed = domains_done(scan, complete, False)
    assert not unconfirmed.done and unconfirmed.reasons == (
        "Confirm that you saved the lists in the console.",
    )
    missing = domains_done(scan, {**complete, "webview": []}, True)
    assert missing.reasons == ("Add to the web-view list (业务域名): h5.shop.example.com.",)
    invalid = domains_done(scan, {**complete, "request": [*complete["request"], "*.x.com"]}, True)
    assert not invalid.done and "Fix the request list" in invalid.reasons[0]
    scan.cancelled = True
    assert "stopped" in domains_done(scan, complete, True).reasons[0]


def test_minified_and_pathological_files_finish(tmp_path: Path) -> None:
    root = tmp_path / "min"
    # One line, 1 MB: real calls among filler; unclosed addresses, runs of scheme separators,
    # call names with no url, and long runs without quotes must not blow up the patterns.
    filler = "var a=function(e){return e+1};" * 2000
    calls = 'tt.request({url:"https://api.min.example.com/x"});tt.connectSocket({url:"wss://ws.min.example.com"});'
    hostile = (
        '"https://'
        + "a" * 300_000
        + "\n"  # an address that never ends (over the cap)
        + "://" * 50_000
        + "tt.request(" * 20_000
        + '"'
        + "https" * 20_000
        + "`https://${" * 5_000
    )
    write(root, "app.js", (filler + calls) * 3 + hostile.replace("\n", ""))
    scan = scan_package(root)
    assert hosts(scan, "request") == ["api.min.example.com"]
    assert hosts(scan, "socket") == ["ws.min.example.com"]
    assert all(u.line == 1 for u in scan.uses)
    assert all(len(u.url) <= 200 for u in scan.uses)
    # Each url-less tt.request( is information (up to a bound), never a missing host.
    assert len(scan.dynamic) + scan.omitted >= 20_000


def test_nested_and_repeated_calls_stay_linear(tmp_path: Path) -> None:
    root = tmp_path / "calls"
    # 2 MB of calls whose url comes only at the very end: each call looks no further than
    # the next one, and line numbers never restart.
    body = "tt.request(\n" * 150_000 + 'tt.request({url: "https://last.example.com"})'
    write(root, "app.js", body)
    scan = scan_package(root)
    assert scan.called_hosts("request")["last.example.com"][0].line == 150_001
    # Run-time addresses are kept up to a bound, the rest counted.
    assert len(scan.dynamic) == 2000 and scan.omitted == 148_000
    assert scan.dynamic[-1].line == 2000


def test_miniprogram_root_is_honoured(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    write(root, "project.config.json", json.dumps({"miniprogramRoot": "dist/"}))
    write(root, "dist/app.js", 'tt.request({url: "https://in.example.com"})')
    write(root, "src/app.js", 'tt.request({url: "https://source.example.com"})')
    assert code_root(root) == root / "dist"
    assert hosts(scan_package(root), "request") == ["in.example.com"]
    write(root, "project.config.json", json.dumps({"miniprogramRoot": "../elsewhere"}))
    assert code_root(root) == root


@pytest.mark.skipif(sys.platform == "win32", reason="GBK bytes in names need a POSIX file system")
def test_gbk_named_files_and_gbk_content(tmp_path: Path) -> None:
    root = tmp_path / "gbk"
    pages = root / "pages"
    pages.mkdir(parents=True)
    # A name as a Chinese Windows zip tool writes it: GBK bytes, not UTF-8.
    name = "首页.js".encode("gbk")
    with open(os.path.join(os.fsencode(pages), name), "wb") as handle:
        handle.write('// 首页\ntt.request({url: "https://gbk.example.com/首页"})'.encode("gbk"))
    with open(os.path.join(os.fsencode(pages), b"\xff\xfe.js"), "wb") as handle:
        handle.write(b'"https://odd.example.com"')
    scan = scan_package(root)
    assert scan.called_hosts("request")["gbk.example.com"][0].where == "pages/首页.js:2"
    odd = scan.called_hosts("request")["odd.example.com"][0]
    assert odd.file.startswith("pages/") and odd.file.endswith(".js")
    json.dumps(scan.to_dict(), ensure_ascii=False).encode("utf-8")  # printable everywhere


def test_progress_counts_bytes_and_cancel_stops(package: Path) -> None:
    seen: list[tuple[int, int]] = []
    scan_package(package, progress=lambda done, total: seen.append((done, total)))
    total = seen[0][1]
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    calls = iter(range(100))
    stopped = scan_package(package, cancel=lambda: next(calls) >= 2)
    assert stopped.cancelled and stopped.files_scanned == 2


def test_unusable_folders_are_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(DomainScanError, match="does not exist"):
        scan_package(tmp_path / "missing")
    file = write(tmp_path, "a.zip", "x")
    with pytest.raises(DomainScanError, match="not a folder"):
        scan_package(file)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions")
def test_unreadable_file_is_skipped_and_named(tmp_path: Path) -> None:
    root = tmp_path / "perm"
    write(root, "ok.js", '"https://ok.example.com"')
    locked = write(root, "locked.js", '"https://locked.example.com"')
    locked.chmod(0)
    try:
        scan = scan_package(root)
    finally:
        locked.chmod(0o644)
    assert scan.unreadable == ["locked.js"]
    assert hosts(scan, "request") == ["ok.example.com"]
