"""The zh_CN catalogs keep one voice (docs/chinese-style.md): 您, 发布助手, spacing, menu paths."""

from __future__ import annotations

import re

import pytest

from wizard.core.i18n import CHINESE, CatalogEntry, parse_po
from wizard.core.paths import resources_dir

PO_FILES = sorted((resources_dir() / "i18n" / CHINESE).glob("*.po"))

# An ASCII space right after full-width sentence punctuation: 「开头。 请到」.
SPACE_AFTER_PUNCTUATION = re.compile(r"[。，、；：！？] ")
# Names the app must not call itself; 软件 alone is one too, but 杀毒软件, 安全软件 and
# 备份软件 are other programs on the merchant's computer and stay. 小程序发布助手 is allowed
# only inside the full name 字节跳动小程序发布助手 (window title, about line).
SELF_NAMES = re.compile(r"本程序|本软件|本助手|(?<![毒全份])软件|(?<!字节跳动)小程序发布助手")
# The one menu-path style: labels in 「」 (or the provider's own 【】) joined by a bare →.
ARROW = re.compile(r"\s*(?:→|->|=>|＞|》(?=\s*[「【])|›|»)\s*")
GUIDE_ARROW = re.compile(r"[」】]→[「【]")


def _entries() -> list[CatalogEntry]:
    entries = []
    for po_file in PO_FILES:
        entries += [
            e for e in parse_po(po_file.read_text(encoding="utf-8"), po_file.name) if e.msgid
        ]
    return entries


ENTRIES = _entries()


def _offenders(pattern: re.Pattern[str]) -> list[str]:
    return [f"{e.source}: {e.msgstr!r}" for e in ENTRIES if pattern.search(e.msgstr)]


def _arrow_styles(text: str) -> set[str]:
    """Each arrow with its neighbours, reduced to a style: 「」→「」, ' → ', '->'."""
    styles = set()
    for match in ARROW.finditer(text):
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if GUIDE_ARROW.fullmatch(before + match.group() + after):
            styles.add("「」→「」")
        else:
            styles.add(repr(match.group()))
    return styles


def test_the_catalogs_are_read() -> None:
    assert len(PO_FILES) >= 10 and len(ENTRIES) > 500


def test_no_ascii_space_after_full_width_punctuation() -> None:
    offenders = _offenders(SPACE_AFTER_PUNCTUATION)
    assert not offenders, "ASCII space after 。，、；：！？:\n" + "\n".join(offenders)


def test_the_merchant_is_always_addressed_as_nin() -> None:
    offenders = _offenders(re.compile("你"))
    assert not offenders, "use 您, never 你:\n" + "\n".join(offenders)


def test_the_app_calls_itself_fabu_zhushou() -> None:
    offenders = _offenders(SELF_NAMES)
    assert not offenders, "the app is 发布助手:\n" + "\n".join(offenders)


def test_menu_paths_use_one_arrow_style() -> None:
    by_style: dict[str, list[str]] = {}
    for entry in ENTRIES:
        for style in _arrow_styles(entry.msgstr):
            by_style.setdefault(style, []).append(f"{entry.source}: {entry.msgstr!r}")
    others = {style: where for style, where in by_style.items() if style != "「」→「」"}
    assert not others, "write menu paths 「开发」→「开发配置」:\n" + "\n".join(
        f"{style}: {where}" for style, where in others.items()
    )


@pytest.mark.parametrize(
    ("text", "styles"),
    [
        ("打开「开发」→「开发配置」。", {"「」→「」"}),
        ("打开【字节跳动小程序】→【小程序配置】。", {"「」→「」"}),
        ("开发 → 开发配置", {"' → '"}),
        ("「开发」 → 「开发配置」→「服务器域名」", {"' → '", "「」→「」"}),
        ("开发->开发配置", {"'->'"}),
        ("没有箭头", set()),
    ],
)
def test_arrow_styles_are_told_apart(text: str, styles: set[str]) -> None:
    assert _arrow_styles(text) == styles


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("请重新启动本程序。", True),
        ("本软件无法读取。", True),
        ("本助手一步一步带您发布。", True),
        ("关闭软件后需要重新粘贴。", True),
        ("请关闭杀毒软件或安全软件。", False),
        ("发布助手会记住您的进度。", False),
        ("小程序的 AppID", False),
        ("小程序发布助手已经打开。", True),
        ("字节跳动小程序发布助手 {version}", False),
    ],
)
def test_self_name_pattern(text: str, bad: bool) -> None:
    assert bool(SELF_NAMES.search(text)) is bad


def test_space_pattern_catches_the_reported_cases() -> None:
    assert SPACE_AFTER_PUNCTUATION.search("开头。 请到")
    assert SPACE_AFTER_PUNCTUATION.search("必须处理： 代码包")
    assert not SPACE_AFTER_PUNCTUATION.search("开头。请到「开发」")
