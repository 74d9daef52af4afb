"""Host apps and console menus from one place; categories, capabilities, trial and payment
sentences by subject and provider profile; the payment key is never asked for or kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import wizard
from wizard.core import hosts, platform_setup
from wizard.core import platform_facts as facts
from wizard.core.i18n import set_language
from wizard.core.profile.document import load_profile_bytes
from wizard.core.release_guide import CONSOLE_PATHS, console_path
from wizard.core.steps.registration import RegistrationAnswers, Subject

REPO = Path(__file__).resolve().parents[2]
CLI_INDEX = REPO / ".ci" / "node_modules" / "tt-ide-cli" / "dist" / "index.js"


def test_six_host_apps_with_the_platforms_keys() -> None:
    assert hosts.cli_keys() == ("toutiao", "tt_lite", "douyin", "douyin_lite", "xigua", "huoshan")
    assert set(hosts.host_names()) == {
        "抖音",
        "今日头条",
        "抖音极速版",
        "今日头条极速版",
        "西瓜视频",
        "抖音火山版",
    }
    with_harmony = hosts.cli_keys(harmony=True)
    assert len(with_harmony) == 12 and "douyin_harmony" in with_harmony
    douyin = hosts.host_by_key("DOUYIN_harmony")
    assert douyin is not None and douyin.name == "抖音" and hosts.is_harmony_key("douyin_harmony")
    assert hosts.host_by_key("wechat") is None and not hosts.is_harmony_key("wechat_harmony")


@pytest.mark.skipif(not CLI_INDEX.exists(), reason="the official CLI is not installed")
def test_the_harmony_suffix_is_the_official_clis() -> None:
    source = CLI_INDEX.read_text(encoding="utf-8", errors="replace")
    tail = re.search(r'HARMONY_HOST_TAIL="(\w+)"', source)
    assert tail is not None and hosts.HARMONY_SUFFIX == "_" + tail.group(1)


def test_preview_hosts_and_console_menus_come_from_the_hosts_module() -> None:
    assert facts.PREVIEW_HOST_APPS == hosts.scanning_host_names()
    assert facts.PREVIEW_HOST_APPS[0] == "抖音" and "西瓜视频" not in facts.PREVIEW_HOST_APPS
    assert all(path[0] == "开发版本管理" for key, path in CONSOLE_PATHS.items() if "version" in key)
    assert console_path("publish") == "「开发版本管理」→「审核版本」→「发布」"


def test_no_page_names_the_old_versions_menu() -> None:
    """「发布」 as a menu (followed by →) is gone from the code; the button 「发布」 stays."""
    package = Path(wizard.__file__).parent
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "「发布」→" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_payment_only_for_enterprise_subjects() -> None:
    individual = platform_setup.payment_text(Subject.INDIVIDUAL, None)
    assert "cannot take payments" in individual and "「能力」" not in individual
    unknown = platform_setup.payment_text(Subject.UNKNOWN, None)
    assert "Choose your subject" in unknown
    enterprise = platform_setup.payment_text(Subject.ENTERPRISE, None)
    assert "「能力」→「支付」" in enterprise and "商户号" in enterprise
    assert "never asks for it and never keeps it" in enterprise


def test_the_provider_profile_names_where_the_merchant_number_goes() -> None:
    example = json.loads((REPO / "docs" / "example-profile.json").read_text(encoding="utf-8"))
    profile = load_profile_bytes(json.dumps(example).encode()).profile
    assert profile is not None
    text = platform_setup.payment_text(Subject.ENTERPRISE, profile)
    assert "「字节跳动小程序」→「支付设置」" in text
    del example["admin"]["payment_menu"]
    without = load_profile_bytes(json.dumps(example).encode()).profile
    assert without is not None
    assert "ask Yunfan Example Tech where" in platform_setup.payment_text(
        Subject.ENTERPRISE, without
    )


def test_the_subject_is_read_tolerantly() -> None:
    from wizard.core.state import MiniProgram

    program = MiniProgram(id="p", name="x", answers={"registration": {"subject": "company"}})
    assert RegistrationAnswers.read(program).subject is Subject.UNKNOWN
    program.answers["registration"]["subject"] = "enterprise"
    assert RegistrationAnswers.read(program).subject is Subject.ENTERPRISE


def test_phone_number_only_after_launch_and_hosts_by_name_in_both_languages() -> None:
    try:
        set_language("zh_CN")
        assert "获取手机号" in platform_setup.capabilities_text()
        assert "上线并通过试运营期" in platform_setup.capabilities_text()
        assert "西瓜视频" in platform_setup.hosts_text() and "鸿蒙" in platform_setup.hosts_text()
        assert "试运营期" in platform_setup.trial_text()
    finally:
        set_language("en")
    assert "trial period" in platform_setup.capabilities_text()
