"""The privacy scan on real folders: a made-up package per information type, minified code,
comments (information, not APIs), pages with open-type, the shared walk's limits, and the
`check-privacy` command's JSON and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wizard import cli
from wizard.core import platform_facts as facts
from wizard.core.privacy import PrivacyScanError, scan_privacy, texts
from wizard.core.privacy.scan import MAX_PLACES_PER_API

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def english_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command follows the environment's language: these tests read English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def package(root: Path, files: dict[str, str | bytes]) -> Path:
    (root / "app.json").write_text('{"pages": ["pages/index/index"]}', encoding="utf-8")
    (root / "project.config.json").write_text('{"appid": "tt411d37a0de37d565"}', "utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def check(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    code = cli.main(["check-privacy", str(folder), "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


SCOPED = [(scope, apis[0]) for scope, apis in facts.PRIVACY_INFO_TYPES.items() if apis]


@pytest.mark.parametrize(("scope", "api"), SCOPED, ids=[api for _s, api in SCOPED])
def test_one_made_up_package_per_information_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], scope: str, api: str
) -> None:
    folder = package(
        tmp_path,
        {"pages/index/index.js": f"Page({{\n  onTap() {{\n    tt.{api}({{}});\n  }},\n}});\n"},
    )
    code, view = check(folder, capsys)
    assert code == 1
    entries = [entry for entry in view["apis"] if entry["api"] == api]  # type: ignore[union-attr]
    assert {"api": api, "scope": scope, "places": ["pages/index/index.js:3"]} in entries
    assert view["information"] == []


def test_open_type_get_phone_number_counts_as_the_api(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = package(
        tmp_path,
        {
            "pages/index/index.ttml": (
                "<view>\n  <button open-type='getPhoneNumber' bindgetphonenumber='onPhone'>"
                "登录</button>\n</view>\n"
            ),
            "pages/index/index.js": "Page({});\n",
        },
    )
    code, view = check(folder, capsys)
    assert code == 1
    assert view == {
        "apis": [
            {"api": "getPhoneNumber", "scope": "手机号", "places": ["pages/index/index.ttml:2"]}
        ],
        "information": [],
    }


def test_minified_code_on_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Strings with "//" and "*/*", a regular expression with a quote, then the calls.
    minified = (
        'var a="https://api.shop.example.com//v1",h={Accept:"application/json, */*"},'
        'r=/\'/g;function f(){return tt.getLocation({type:"gcj02"})}'
        "function g(){tt.setClipboardData({data:a})}" + "var x=1;" * 20000 + "tt.makePhoneCall({})"
    )
    folder = package(tmp_path, {"common/vendor.js": minified})
    code, view = check(folder, capsys)
    assert code == 1
    found = {entry["api"]: entry["places"] for entry in view["apis"]}  # type: ignore[index]
    assert found == {
        "getLocation": ["common/vendor.js:1"],
        "setClipboardData": ["common/vendor.js:1"],
        "makePhoneCall": ["common/vendor.js:1"],
    }


def test_a_scope_used_only_in_a_comment_is_information(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = package(
        tmp_path,
        {
            "pages/index/index.js": (
                "// tt.getLocation was used by the old map page\n"
                "/* tt.chooseAddress({})\n   is coming back later */\n"
                "Page({ onLoad() { tt.showToast({ title: 'hi' }); } });\n"
            ),
            "pages/index/index.ttml": '<!-- <button open-type="getPhoneNumber"/> -->\n',
        },
    )
    code, view = check(folder, capsys)
    assert code == 0
    assert view["apis"] == []
    info = {entry["api"]: entry for entry in view["information"]}  # type: ignore[index]
    assert info["getLocation"] == {
        "api": "getLocation",
        "scope": "地理位置",
        "places": ["pages/index/index.js:1"],
    }
    assert info["chooseAddress"]["places"] == ["pages/index/index.js:2"]
    assert info["getPhoneNumber"]["places"] == ["pages/index/index.ttml:1"]


def test_used_in_code_and_in_a_comment_is_an_api_only(tmp_path: Path) -> None:
    folder = package(
        tmp_path,
        {
            "a.js": (
                "// tt.getLocation below\n"
                "const u = 'https://x.example.com//a'; tt.getLocation({})\n"
            )
        },
    )
    scan = scan_privacy(folder)
    assert [(need.api, need.places) for need in scan.needs()] == [("getLocation", ("a.js:2",))]
    assert scan.information() == []


def test_other_objects_and_longer_names_are_not_the_api(tmp_path: Path) -> None:
    folder = package(
        tmp_path,
        {"a.js": "att.getLocation(); tt.getLocationInfo(); my_tt.chooseImage(); tt . scanCode()"},
    )
    assert [need.api for need in scan_privacy(folder).needs()] == ["scanCode"]


def test_an_unclosed_comment_does_not_hide_a_call(tmp_path: Path) -> None:
    folder = package(tmp_path, {"a.js": "var x = 1; /* started, never closed\ntt.getLocation()\n"})
    # An unclosed comment is a syntax error: the call is reported rather than hidden.
    assert [need.api for need in scan_privacy(folder).needs()] == ["getLocation"]


def test_the_walk_is_the_domain_scans(tmp_path: Path) -> None:
    folder = package(
        tmp_path,
        {
            "node_modules/lib/index.js": "tt.getLocation()",
            ".git/hooks/x.js": "tt.getLocation()",
            "a.js.map": "tt.getLocation()",
            "src/pages/a.js": "tt.chooseAddress()",
        },
    )
    (folder / "project.config.json").write_text('{"miniprogramRoot": "src/"}', "utf-8")
    scan = scan_privacy(folder)
    assert [(need.api, need.places) for need in scan.needs()] == [
        ("chooseAddress", ("pages/a.js:1",))
    ]
    assert scan.root == str(folder / "src")


def test_places_are_bounded_for_a_hostile_file(tmp_path: Path) -> None:
    folder = package(tmp_path, {"a.js": "tt.getLocation();\n" * 5000})
    scan = scan_privacy(folder)
    (need,) = scan.needs()
    assert len(need.places) == MAX_PLACES_PER_API
    assert scan.omitted == 5000 - MAX_PLACES_PER_API
    assert any("more places" in line for line in texts.information_lines(scan))


def test_progress_and_cancel(tmp_path: Path) -> None:
    folder = package(tmp_path, {f"p{i}.js": "tt.getLocation()\n" for i in range(5)})
    seen: list[tuple[int, int]] = []
    scan = scan_privacy(folder, progress=lambda d, t: seen.append((d, t)))
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1] > 0
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    assert scan.files_scanned == 5
    stopped = scan_privacy(folder, cancel=lambda: True)
    assert stopped.cancelled and stopped.uses == []
    assert "stopped" in texts.summary(stopped)


def test_nothing_to_declare_exit_0_and_exact_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = package(
        tmp_path, {"app.js": "App({ onLaunch() { tt.request({ url: 'https://a.example.com' }) } })"}
    )
    assert check(folder, capsys) == (0, {"apis": [], "information": []})
    assert cli.main(["check-privacy", str(folder)]) == 0
    assert "no API that needs a privacy declaration" in capsys.readouterr().out


def test_text_report_names_the_console_path_and_the_copy_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = package(tmp_path, {"a.js": "tt.chooseImage({})"})
    assert cli.main(["check-privacy", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "相册: chooseImage (a.js:1)" in out
    assert "「设置」→「基础设置」→「类目与配置」→「用户隐私保护协议」" in out
    copy = texts.copy_text(scan_privacy(folder))
    assert "- 相册 (used by tt.chooseImage)" in copy


def test_unreadable_folder_is_exit_2_with_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check-privacy", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "does not exist" in err[0]
    a_file = tmp_path / "file.zip"
    a_file.write_bytes(b"PK")
    assert cli.main(["check-privacy", str(a_file)]) == 2
    with pytest.raises(PrivacyScanError):
        scan_privacy(a_file)
    assert cli.main(["check-privacy"]) == 2  # bad usage


@pytest.mark.slow
def test_as_a_subprocess(tmp_path: Path) -> None:
    folder = (
        package(tmp_path / "pkg", {"a.js": "tt.getLocation()"})
        if (tmp_path / "pkg").mkdir() is None
        else None
    )
    assert folder is not None
    env = {**os.environ, "PYTHONPATH": str(REPO), "MINIAPP_PUBLISHER_HOME": str(tmp_path / "h")}
    done = subprocess.run(
        [sys.executable, "-m", "wizard", "check-privacy", str(folder), "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["apis"][0]["api"] == "getLocation"


@pytest.mark.parametrize(
    ("data", "in_comment"),
    [
        (b" /*" * 20_000 + b"tt.getLocation()", False),  # never closed: code
        (b" /*" * 20_000 + b"*/ tt.getLocation()", False),
        (b" /*" * 20_000 + b" tt.getLocation() */", True),
        (b" //" * 20_000 + b"\ntt.getLocation()", False),
        (b"\"'`" * 20_000 + b"\ntt.getLocation()", False),
        (b'"\\' * 20_000 + b"\ntt.getLocation()", False),
        (b'x = "a // b"; tt.getLocation()', False),
        (b"x = `/* ${y} */`; tt.getLocation()", False),
        (b"x = 1 // tt.getLocation()", True),
    ],
)
def test_hostile_shapes_of_comments_and_strings(data: bytes, in_comment: bool) -> None:
    from wizard.core.privacy import scan_bytes

    (use,) = scan_bytes(data, "a.js", page=False)
    assert use.api == "getLocation" and use.in_comment is in_comment
