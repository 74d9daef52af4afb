"""The host apps a mini-program opens in, and the console's menu names, as the platform has them.

One place for both (docs/platform-facts.md "Host apps and menu names"); every page and command
takes host names, CLI keys and menu labels from here.

- The six hosts and their keys: the official audit-hosts page ("toutiao -- 今日头条, tt_lite --
  今日头条lite, douyin -- 抖音, douyin_lite -- 抖音lite, xigua -- 西瓜视频, huoshan -- 抖音火山版").
- HarmonyOS variants: tt-ide-cli 0.1.33 (dist/index.js, auditV2) names them ``<key>_harmony``
  (``HARMONY_HOST_TAIL = "harmony"``) and sends them as the HarmonyOS list of ``host_os_list``.
- Which hosts can scan a test version's QR code: 抖音, 抖音极速版, 今日头条, 今日头条极速版
  (the provider guides and the preview page; multi-channel test versions only in 抖音, 抖音极速版
  and 抖音火山版 from 31.6.0, official mini-game 版本提审指引).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

HARMONY_SUFFIX: Final = "_harmony"


@dataclass(frozen=True)
class HostApp:
    """One app of ByteDance's that runs mini-programs: its key for the CLI and its name."""

    key: str  # as `tma audit --host` and the platform's APIs spell it
    name: str  # as the console shows it (a product name: the same in both languages)
    scans_test_versions: bool  # can open a test version's QR code

    @property
    def harmony_key(self) -> str:
        """The same app on HarmonyOS (鸿蒙), as the official CLI sends it."""
        return self.key + HARMONY_SUFFIX


# In the console's order (the audit-hosts page lists them so).
HOST_APPS: Final = (
    HostApp("toutiao", "今日头条", True),
    HostApp("tt_lite", "今日头条极速版", True),
    HostApp("douyin", "抖音", True),
    HostApp("douyin_lite", "抖音极速版", True),
    HostApp("xigua", "西瓜视频", False),
    HostApp("huoshan", "抖音火山版", False),
)


def host_names() -> tuple[str, ...]:
    """Every host app's name, in the console's order."""
    return tuple(host.name for host in HOST_APPS)


def scanning_host_names() -> tuple[str, ...]:
    """The apps that can scan a test version's QR code, 抖音 first (merchants have it)."""
    order = ("douyin", "douyin_lite", "toutiao", "tt_lite")
    by_key = {host.key: host for host in HOST_APPS if host.scans_test_versions}
    return tuple(by_key[key].name for key in order if key in by_key)


def cli_keys(*, harmony: bool = False) -> tuple[str, ...]:
    """Every key `tma audit --host` takes; with harmony, the HarmonyOS variants too."""
    keys = tuple(host.key for host in HOST_APPS)
    return keys + tuple(host.harmony_key for host in HOST_APPS) if harmony else keys


def host_by_key(key: str) -> HostApp | None:
    """The host app a CLI key names (a ``_harmony`` key names the same app), or None."""
    base = key.strip().lower().removesuffix(HARMONY_SUFFIX)
    return next((host for host in HOST_APPS if host.key == base), None)


def is_harmony_key(key: str) -> bool:
    return key.strip().lower().endswith(HARMONY_SUFFIX) and host_by_key(key) is not None


# Console menus, exactly as the console labels them today. The versions menu was 「发布」 on
# older screens and in the 2021 provider guides; it is 「开发版本管理」 now (official mini-game
# 版本提审指引: "在左侧导航栏选择「开发版本管理」").
VERSIONS_MENU: Final = "开发版本管理"
OLD_VERSIONS_MENU: Final = "发布"
# The stages inside it and the buttons there (official: 测试版本 / 审核版本 / 线上版本,
# 「提交审核」, 「发布」 is still the button that puts an approved version online).
TEST_VERSION: Final = "测试版本"
REVIEW_VERSION: Final = "审核版本"
LIVE_VERSION: Final = "线上版本"
SUBMIT_BUTTON: Final = "提交审核"
WITHDRAW_BUTTON: Final = "撤回审核"
PUBLISH_BUTTON: Final = "发布"
