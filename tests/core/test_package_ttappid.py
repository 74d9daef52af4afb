"""The package's AppID as the developer tool reads it: "ttappid" overrides "appid", so writing
the merchant's AppID makes both agree; the CLI's built-in test AppIDs are placeholders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.test_package import APPID, OTHER_APPID, make_zip, project_files
from wizard.core import platform_facts as facts
from wizard.core.i18n import set_language
from wizard.core.package.describe import describe
from wizard.core.package.extract import PackageReport, Severity, extract_package, inspect_folder


def with_ttappid(appid: str, ttappid: object) -> dict[str, bytes | str]:
    files = project_files(appid)
    config = json.loads(files["project.config.json"])
    config["ttappid"] = ttappid
    files["project.config.json"] = json.dumps(config, ensure_ascii=False, indent=2) + "\n"
    return files


def extracted(tmp_path: Path, files: dict[str, bytes | str], **options: str) -> PackageReport:
    return extract_package(make_zip(tmp_path / "p.zip", files), tmp_path / "out", **options)


def written_config(tmp_path: Path) -> dict[str, object]:
    data = json.loads((tmp_path / "out" / "project.config.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_stale_ttappid_is_overwritten_with_the_merchants_appid(tmp_path: Path) -> None:
    report = extracted(tmp_path, with_ttappid("testappId", "testappId"), appid=APPID.upper())
    config = written_config(tmp_path)
    assert config["appid"] == APPID and config["ttappid"] == APPID  # lower case, both agree
    assert list(config) == ["setting", "miniprogramRoot", "appid", "projectname", "ttappid"]
    assert report.appid_written and report.ttappid_written and report.can_upload
    assert report.found_appid == "testappId" and report.found_ttappid == "testappId"
    assert report.to_dict()["ttappid_written"] is True
    lines = describe(report)
    assert any("“testappId” under ttappid" in line and APPID in line for line in lines)


def test_ttappid_alone_differing_is_still_rewritten(tmp_path: Path) -> None:
    report = extracted(tmp_path, with_ttappid(APPID, OTHER_APPID), appid=APPID)
    assert report.appid_differs and report.appid_written and report.ttappid_written
    assert written_config(tmp_path)["ttappid"] == APPID


def test_agreeing_ttappid_is_left_alone(tmp_path: Path) -> None:
    files = with_ttappid(APPID, APPID)
    report = extracted(tmp_path, files, appid=APPID)
    assert not report.appid_written and not report.ttappid_written and not report.appid_differs
    text = (tmp_path / "out" / "project.config.json").read_text(encoding="utf-8")
    assert text == files["project.config.json"]


def test_the_ttappid_is_the_one_checked(tmp_path: Path) -> None:
    report = extracted(tmp_path, with_ttappid(APPID, "testappId"))
    assert report.appid_is_placeholder and report.appid == "testappId"
    assert [p.code for p in report.problems] == ["appid-placeholder"] and not report.can_upload


def test_two_different_real_appids_warn(tmp_path: Path) -> None:
    report = extracted(tmp_path, with_ttappid(APPID, OTHER_APPID))
    assert report.appid == OTHER_APPID and report.found_appid == APPID
    assert [p.code for p in report.problems] == ["appid-ttappid-differs"]
    assert report.problems[0].severity is Severity.WARNING and report.can_upload
    assert OTHER_APPID in report.problems[0].message


@pytest.mark.parametrize("ttappid", ["", None, 42, ["x"]])
def test_empty_or_odd_ttappid_falls_back_to_appid(tmp_path: Path, ttappid: object) -> None:
    report = extracted(tmp_path, with_ttappid(APPID, ttappid))
    assert report.appid == APPID and report.problems == []


@pytest.mark.parametrize("test_id", sorted(facts.CLI_TEST_APPIDS))
def test_cli_built_in_test_appids_are_placeholders(tmp_path: Path, test_id: str) -> None:
    report = extracted(tmp_path, project_files(test_id.upper()))
    assert report.appid_is_placeholder
    assert [p.code for p in report.problems] == ["appid-placeholder"]
    assert "placeholder AppID" in report.problems[0].message


def test_a_real_appid_starting_like_a_test_id_is_fine(tmp_path: Path) -> None:
    lookalike = "tt07e3715e98c9aac1"
    report = extracted(tmp_path, project_files(lookalike))
    assert not report.appid_is_placeholder and report.problems == []
    assert inspect_folder(tmp_path / "out").appid == lookalike


def test_the_report_in_chinese(tmp_path: Path) -> None:
    report = extracted(tmp_path, with_ttappid("testappId", "testappId"), appid=APPID)
    set_language("zh_CN")
    try:
        assert any("ttappid 原为「testappId」" in line for line in describe(report))
    finally:
        set_language("en")
