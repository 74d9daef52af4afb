"""Provider packages that need editing (siteinfo.js, the base library), from real zips unpacked
by the real extraction: said as warnings in the report and by check-package, never edited."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_package import APPID, make_zip, project_files
from wizard.core import platform_facts as facts
from wizard.core.package.extract import Severity, extract_package, inspect_folder
from wizard.core.package.provider_edits import base_library_edits, siteinfo_edits
from wizard.core.release_guide import explain_upload_failure

WEIQING_SITEINFO = (
    'var siteinfo = { "name": "花店", "uniacid": "12", "acid": "12", "multiid": "0", '
    '"version": "1.0.0", "siteroot": "https://shop.example.com/app/index.php", '
    '"design_method": "3" };\nmodule.exports = siteinfo;\n'
)


def edits_in(tmp_path: Path, **files: str) -> dict[str, str]:
    """Unpack a real zip of a minimal project with these files; the provider-edit warnings."""
    zip_path = make_zip(tmp_path / "pkg.zip", project_files(APPID, **files))
    report = extract_package(zip_path, tmp_path / "out", appid=APPID)
    return {
        problem.code: problem.message
        for problem in report.problems
        if problem.code.startswith(("siteinfo", "base-library"))
        and problem.severity is Severity.WARNING
    }


def test_a_weiqing_siteinfo_names_its_site_and_account_and_stays_untouched(
    tmp_path: Path,
) -> None:
    found = edits_in(tmp_path, **{"siteinfo.js": WEIQING_SITEINFO})
    message = found["siteinfo"]
    assert "https://shop.example.com/app/index.php" in message and "“12”" in message
    assert "provider" in message
    written = (tmp_path / "out").rglob("siteinfo.js")
    assert [p.read_text("utf-8") for p in written] == [WEIQING_SITEINFO], "never edited"


def test_minified_siteinfo_with_bare_values_is_read(tmp_path: Path) -> None:
    text = 'module.exports={uniacid:7,siteroot:"https://a.example.cn/app/index.php"};'
    found = edits_in(tmp_path, **{"siteinfo.js": text})
    assert "“7”" in found["siteinfo"] and "a.example.cn" in found["siteinfo"]


@pytest.mark.parametrize(
    "text",
    [
        'var siteinfo = {"uniacid": "", "siteroot": "https://x.example.com/"};',
        'var siteinfo = {"uniacid": "3", "siteroot": "你的域名"};',
        "var siteinfo = {};",
        'var siteinfo = {"uniacid": "xxx", "siteroot": ""};',
    ],
)
def test_empty_or_template_values_are_named(tmp_path: Path, text: str) -> None:
    found = edits_in(tmp_path, **{"siteinfo.js": text})
    assert "siteinfo" not in found and "does not set" in found["siteinfo-unset"]


def test_an_http_siteroot_is_named(tmp_path: Path) -> None:
    text = 'var siteinfo = {"uniacid": "5", "siteroot": "http://old.example.com/app/index.php"};'
    assert "https" in edits_in(tmp_path, **{"siteinfo.js": text})["siteinfo"]


def test_a_package_without_siteinfo_has_no_such_warning(tmp_path: Path) -> None:
    assert edits_in(tmp_path) == {}


def test_oversized_or_linked_siteinfo_is_not_read(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "siteinfo.js").write_text(
        'var s={"uniacid":"1","siteroot":"https://a.example.com"};' + " " * facts.SITEINFO_MAX_BYTES
    )
    assert siteinfo_edits(root, root) == []
    other = tmp_path / "elsewhere.js"
    other.write_text('var s={"uniacid":"1","siteroot":"https://a.example.com"};')
    (root / "siteinfo.js").unlink()
    try:
        (root / "siteinfo.js").symlink_to(other)
    except OSError:
        pytest.skip("no symbolic links here")
    assert siteinfo_edits(root, root) == []


def test_the_base_library_the_package_names_comes_with_the_console_setting(
    tmp_path: Path,
) -> None:
    config = json.loads(project_files(APPID)["project.config.json"])  # type: ignore[arg-type]
    config["libVersion"] = "2.0.1"
    found = edits_in(tmp_path, **{"project.config.json": json.dumps(config)})
    message = found["base-library"]
    assert "2.0.1" in message and "「设置」→「基础设置」" in message
    assert base_library_edits({"libVersion": 3}) == [] and base_library_edits(None) == []


def test_an_upload_failing_on_the_base_library_gets_the_fix() -> None:
    failure = explain_upload_failure("Error: 当前基础库版本过低，请设置最低基础库版本")
    assert failure is not None and failure.key == "base_library"


def test_check_package_prints_the_warning(tmp_path: Path) -> None:
    zip_path = make_zip(
        tmp_path / "pkg.zip", project_files(APPID, **{"siteinfo.js": WEIQING_SITEINFO})
    )
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "check-package", str(zip_path), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    codes = {p["code"] for p in json.loads(result.stdout)["problems"]}
    assert "siteinfo" in codes, result.stdout + result.stderr


def test_an_unpacked_folder_is_inspected_the_same_way(tmp_path: Path) -> None:
    zip_path = make_zip(
        tmp_path / "pkg.zip", project_files(APPID, **{"siteinfo.js": WEIQING_SITEINFO})
    )
    extract_package(zip_path, tmp_path / "out", appid=APPID)
    report = inspect_folder(tmp_path / "out", appid=APPID)
    assert "siteinfo" in {problem.code for problem in report.problems}
