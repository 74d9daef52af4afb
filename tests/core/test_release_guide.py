"""The upload failure table, the pre-submission checklist, agreements and console paths."""

from __future__ import annotations

import pytest

from wizard.core import platform_facts as facts
from wizard.core.i18n import load_catalog
from wizard.core.release_guide import (
    AGREEMENTS,
    CHECKLIST,
    CONSOLE_PATHS,
    UPLOAD_FAILURES,
    checklist,
    console_path,
    explain_upload_failure,
    likely_fixes,
)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("上传失败：版本号小于线上版本 1.0.3", "version_smaller"),
        ("Upload Error: v1.0.5 is smaller than 1.0.3（pre order version）", "version_smaller"),
        ("版本号格式错误", "version_format"),
        ("版本号 1.0.3 已存在", "version_exists"),
        ("无权限上传", "no_permission"),
        ("登录已过期，请重新登录", "login_expired"),
        ("Error: 检测到本地无 Cookie，请重新登录", "login_expired"),
        ("上传失败，请检查网络连接", "network"),
        ("Error: getaddrinfo ENOTFOUND developer.toutiao.com", "network"),
        ("未接入必接能力：隐私协议", "required_capability"),
        ("上传失败", "upload_failed"),
    ],
)
def test_tool_texts_are_explained(text: str, key: str) -> None:
    failure = explain_upload_failure(text)
    assert failure is not None and failure.key == key
    assert failure.meaning and failure.todo


def test_unknown_text_is_not_guessed() -> None:
    assert explain_upload_failure("上传成功") is None


def test_every_issue_text_has_a_row() -> None:
    shown = {failure.shown for failure in UPLOAD_FAILURES}
    for text in (
        "版本号小于…",
        "版本号格式错误",
        "版本号已存在",
        "无权限上传",
        "登录已过期",
        "请检查网络连接",
        "未接入必接能力",
    ):
        assert text in shown


@pytest.mark.parametrize(
    ("reason", "keys"),
    [
        ("未提供测试账号，无法体验完整功能", {"test_account"}),
        ("小程序未弹出隐私协议授权弹窗", {"privacy_popup"}),
        ("打开后白屏，无法进入", {"no_blank_pages"}),
        ("服务类目与实际内容不符", {"category"}),
        ("强制用户登录", {"login"}),
        ("提审截图不清晰", {"screenshots"}),
    ],
)
def test_rejection_reasons_point_to_their_fix(reason: str, keys: set[str]) -> None:
    found = {item.key for item in likely_fixes(reason)}
    assert keys <= found


def test_checklist_without_login_drops_the_login_items() -> None:
    assert {i.key for i in checklist(True)} == {i.key for i in CHECKLIST}
    keys = {i.key for i in checklist(False)}
    assert "test_account" not in keys and "login" not in keys and "privacy_popup" in keys


def test_agreements_and_paths() -> None:
    names = [a.name for a in AGREEMENTS]
    assert names == ["《字节跳动小程序平台服务协议》", "《字节跳动小程序运营审核规范》"]
    assert all(a.url.startswith("https://developer.open-douyin.com/") for a in AGREEMENTS)
    assert AGREEMENTS[1].url == facts.REVIEW_STANDARD_URL
    assert console_path("domains") == "「开发」→「开发配置」→「服务器域名」"
    assert console_path("nothing") == ""
    assert all(CONSOLE_PATHS.values())


def test_every_text_of_the_tables_is_translated() -> None:
    catalog = load_catalog("zh_CN")
    texts = [t for f in UPLOAD_FAILURES for t in (f.meaning, f.todo)]
    texts += [t for i in CHECKLIST for t in (i.title, i.detail, i.fix)]
    for text in texts:
        assert catalog.lookup(text), text


def test_subject_verification_rejection_points_to_its_item() -> None:
    assert [i.key for i in likely_fixes("主体认证未完成，请前往总览进行重新认证")] == [
        "subject_verified"
    ]
