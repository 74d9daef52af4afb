"""The app speaks in its own words: no catalog sentence carries raw text from the CLI or a
server, English sentences name the app in English, and no generic sentence names one
provider's admin menu as if every provider had it."""

from __future__ import annotations

import re

from tests.core.test_chinese_style import ENTRIES

# Placeholders that would carry what the CLI or a server printed into a sentence.
RAW_PLACEHOLDERS = re.compile(r"\{(message|cli_message|stderr|stdout|output|server_message)\}")


def test_no_sentence_embeds_the_clis_or_a_servers_raw_text() -> None:
    offenders = [f"{e.source}: {e.msgid!r}" for e in ENTRIES if RAW_PLACEHOLDERS.search(e.msgid)]
    assert offenders == []


def test_english_sentences_name_the_app_in_english() -> None:
    offenders = [
        f"{e.source}: {e.msgid!r}"
        for e in ENTRIES
        if re.search(r"(?<!字节跳动小程序)发布助手", e.msgid)
    ]
    assert offenders == []


def test_no_generic_sentence_names_one_providers_admin_menu() -> None:
    # 【字节跳动小程序】→【小程序配置】 is one provider's admin; a profile's own menu is shown by
    # profile_texts.menu_path() instead.
    offenders = [f"{e.source}: {e.msgid!r}" for e in ENTRIES if "【字节跳动小程序】" in e.msgid]
    assert offenders == []
