"""The texts pages show from a profile, in both languages, and generic without a profile."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wizard.core import i18n
from wizard.core.profile.document import ProviderProfile, load_profile_bytes, load_profile_file
from wizard.core.profile.texts import (
    admin_url,
    contact_block,
    contact_details,
    contact_sentence,
    credentials_admin_sentence,
    download_needs_appid,
    guide_links,
    menu_path,
    package_download_url,
    package_sentence,
    prefill_domains,
    provider_name,
    window_title,
    with_contact,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "example-profile.json"
APPID = "tt411d37a0de37d565"


@pytest.fixture
def profile() -> ProviderProfile:
    loaded = load_profile_file(EXAMPLE).profile
    assert loaded is not None
    return loaded


def partial(**fields: Any) -> ProviderProfile:
    raw = json.dumps({"schema_version": 1, **fields}, ensure_ascii=False).encode()
    loaded = load_profile_bytes(raw).profile
    assert loaded is not None
    return loaded


def test_without_a_profile_every_text_is_empty_so_pages_stay_generic() -> None:
    assert provider_name(None) == ""
    assert window_title("MiniApp Publisher", None) == "MiniApp Publisher"
    assert contact_sentence(None) == "" and contact_details(None) == []
    assert contact_block(None) == ""
    assert with_contact("The download failed.", None) == "The download failed."
    assert credentials_admin_sentence(None) == "" and package_sentence(None) == ""
    assert package_download_url(None, APPID) is None and not download_needs_appid(None)
    assert prefill_domains(None) == {} and guide_links(None) == [] and admin_url(None) == ""


def test_english_texts(profile: ProviderProfile) -> None:
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    assert window_title("MiniApp Publisher", profile) == "MiniApp Publisher — Yunfan Example Tech"
    assert contact_sentence(profile) == (
        "Contact Yunfan Example Tech: phone 400-000-0000, WeChat yunfan_example_help, "
        "QQ 80000000, e-mail help@yunfan.example.com, help page https://help.yunfan.example.com/; "
        "hours: Weekdays 9:00–18:00 (Beijing time)."
    )
    assert credentials_admin_sentence(profile) == (
        "Paste the AppID and AppSecret into Yunfan Example Tech's admin, "
        "under 「字节跳动小程序」→「小程序配置」."
    )
    assert package_sentence(profile) == (
        "In Yunfan Example Tech's admin, open 「字节跳动小程序」→「打包代码」 "
        "and click 「一键打包」."
    )
    assert with_contact("The download failed.", profile).startswith(
        "The download failed. Contact Yunfan Example Tech: phone"
    )
    assert guide_links(profile)[0] == (
        "Publishing a ByteDance mini-program",
        "https://help.yunfan.example.com/bytedance/publish",
    )
    assert ("Phone", "400-000-0000") in contact_details(profile)
    assert contact_block(profile).splitlines() == [
        "Contact Yunfan Example Tech",
        "Phone: 400-000-0000",
        "WeChat: yunfan_example_help",
        "QQ: 80000000",
        "E-mail: help@yunfan.example.com",
        "Hours: Weekdays 9:00–18:00 (Beijing time)",
        "Help page: https://help.yunfan.example.com/",
    ]


def test_chinese_texts(profile: ProviderProfile) -> None:
    i18n.set_language(i18n.CHINESE)
    assert (
        window_title("字节跳动小程序发布助手", profile) == "字节跳动小程序发布助手 — 云帆示例科技"
    )
    sentence = contact_sentence(profile)
    assert sentence.startswith("联系云帆示例科技：电话 400-000-0000、微信 yunfan_example_help")
    assert sentence.endswith("；服务时间：工作日 9:00–18:00。")
    assert credentials_admin_sentence(profile) == (
        "请把 AppID 和 AppSecret 填入云帆示例科技后台的「字节跳动小程序」→「小程序配置」。"
    )
    assert package_sentence(profile) == (
        "在云帆示例科技后台打开「字节跳动小程序」→「打包代码」，点击「一键打包」。"
    )
    assert with_contact("下载失败。", profile).startswith("下载失败。联系云帆示例科技")
    assert guide_links(profile)[1][0] == "服务器域名配置说明"
    assert ("电话", "400-000-0000") in contact_details(profile)
    assert contact_block(profile).splitlines()[:2] == ["联系云帆示例科技", "电话：400-000-0000"]
    for text in (sentence, credentials_admin_sentence(profile), package_sentence(profile)):
        assert "你" not in text and "。 " not in text and "， " not in text


def test_package_download_url_fills_in_the_appid(profile: ProviderProfile) -> None:
    assert download_needs_appid(profile)
    expected = "https://admin.yunfan.example.com/bytedance/package?appid=tt411d37a0de37d565"
    assert package_download_url(profile, APPID) == expected
    assert package_download_url(profile, " TT411D37A0DE37D565 ") == expected
    assert package_download_url(profile, "") is None
    assert package_download_url(profile, "tt411d37a0de37d565&x=1") is None
    assert package_download_url(profile, "testappId") is None
    fixed = partial(package_download_url="https://a.example.com/package.zip")
    assert not download_needs_appid(fixed)
    assert package_download_url(fixed, "") == "https://a.example.com/package.zip"


def test_prefill_domains_lists_each_kind_given(profile: ProviderProfile) -> None:
    lists = prefill_domains(profile)
    assert list(lists) == ["request", "socket", "uploadFile", "downloadFile", "webview"]
    assert lists["request"] == ["api.yunfan.example.com", "img.yunfan.example.com"]
    assert prefill_domains(partial(webview_domains=["m.example.com"])) == {
        "webview": ["m.example.com"]
    }
    lists["request"].append("changed.example.com")  # a copy: the profile is not changed
    assert "changed.example.com" not in profile.server_domains["request"]


def test_partial_profiles_give_the_sentences_they_can() -> None:
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    no_name = partial(admin={"url": "https://a.example.com/", "package_button": "打包"})
    assert credentials_admin_sentence(no_name) == (
        "Paste the AppID and AppSecret into your provider's admin."
    )
    assert package_sentence(no_name) == (
        "In your provider's admin, click 「打包」 to download the code package."
    )
    assert window_title("App", no_name) == "App"
    menu_only = partial(name={"zh": "甲"}, admin={"package_menu": ["代码"]})
    assert (
        package_sentence(menu_only) == "In 甲's admin, open 「代码」 to download the code package."
    )
    assert credentials_admin_sentence(menu_only) == ""
    phone_only = partial(name={"en": "Acme"}, support={"phone": "+86 10 1234 5678"})
    assert contact_sentence(phone_only) == "Contact Acme: phone +86 10 1234 5678."
    assert contact_sentence(partial(name={"en": "Acme"})) == ""


def test_names_with_markup_come_back_verbatim() -> None:
    hostile = partial(name={"en": "<a href='https://evil.example.com'>Acme</a>"})
    assert window_title("App", hostile) == "App — <a href='https://evil.example.com'>Acme</a>"


def test_menu_path_follows_the_style_guide() -> None:
    assert menu_path(("开发", "开发配置")) == "「开发」→「开发配置」"
    assert menu_path([]) == ""
