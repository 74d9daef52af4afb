"""Facts about the ByteDance / Douyin mini-program platform, as data, in one place.

Sources: shared/docs/platform-facts.md ("official" = developer.open-douyin.com docs,
"observed" = public projects). Where a fact is unconfirmed the app warns instead of blocking.
Endpoints can be pointed elsewhere (tests) with MINIAPP_PUBLISHER_TOKEN_URL and
MINIAPP_PUBLISHER_STABLE_TOKEN_URL.
"""

from __future__ import annotations

import os
import re
from typing import Final

# Portals (official). The old microapp.bytedance.com accounts moved here in 2022.
DEVELOPER_PORTAL: Final = "https://developer.open-douyin.com/"
# Only the portal's address is confirmed; deeper console links are reached from its menus,
# so the app names the menu path beside each button instead of guessing deep links.
CONSOLE_URL: Final = DEVELOPER_PORTAL
DEVTOOL_DOWNLOAD_URL: Final = (
    "https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/dev-tools/"
    "developer-instrument/download/developer-instrument-update-and-download"
)

# AppID: "tt" + 16 hex (older) or + 18 hex (newer), case-insensitive, trimmed (official+observed).
APPID_PREFIX: Final = "tt"
APPID_HEX_LENGTHS: Final = (16, 18)
APPID_PATTERN: Final = re.compile(r"^tt[0-9a-f]{16}([0-9a-f]{2})?$", re.IGNORECASE)
APPID_EXAMPLE: Final = "tt411d37a0de37d565"
# Placeholders written by the developer tool and the official CLI; never uploadable.
PLACEHOLDER_APPIDS: Final = frozenset({"testappid", "touristappid"})
WECHAT_APPID_PATTERN: Final = re.compile(r"^wx[0-9a-f]{16}$", re.IGNORECASE)

# AppSecret: 40 hex in every public sample; not an official rule, so other lengths only warn.
SECRET_HEX_LENGTH: Final = 40
# Windows Credential Manager holds at most 1280 UTF-16 code units per secret.
SECRET_MAX_STORED_LENGTH: Final = 1280

# Online credential check. The classic endpoint shortens the live server's token to 5 minutes
# on every call; the stable endpoint is idempotent but unconfirmed for mini-program AppIDs.
CLASSIC_TOKEN_URL: Final = "https://developer.toutiao.com/api/apps/v2/token"
STABLE_TOKEN_URL: Final = "https://open.douyin.com/oauth/stable_client_token/"
CLASSIC_TOKEN_ERRORS: Final = {40015: "appid", 40017: "secret", 40020: "grant_type", -1: "system"}
STABLE_TOKEN_ERRORS: Final = {10002: "params", 10003: "appid", 10013: "secret"}
CHECK_TIMEOUT_SECONDS: Final = 15


def classic_token_url() -> str:
    return os.environ.get("MINIAPP_PUBLISHER_TOKEN_URL") or CLASSIC_TOKEN_URL


def stable_token_url() -> str:
    return os.environ.get("MINIAPP_PUBLISHER_STABLE_TOKEN_URL") or STABLE_TOKEN_URL


# Server domains (official): four lists, https (wss for socket), no IP or localhost, <= 20 each.
DOMAIN_KINDS: Final = ("request", "socket", "uploadFile", "downloadFile")
DOMAINS_PER_LIST: Final = 20

# Code package (official limits for mini-apps).
PACKAGE_TOTAL_LIMIT: Final = 16 * 1024 * 1024
PACKAGE_MAIN_LIMIT: Final = 4 * 1024 * 1024
PACKAGE_SUBPACKAGE_LIMIT: Final = 2 * 1024 * 1024
PACKAGE_REQUIRED_FILES: Final = ("app.json", "project.config.json")
PACKAGE_ENTRY_SCRIPTS: Final = ("app.js", "app.ts")
PROJECT_CONFIG: Final = "project.config.json"
APP_JSON: Final = "app.json"

# Developer tool (observed install places; users also pick custom folders).
DEVTOOL_MAC_APPS: Final = (
    "/Applications/抖音开发者工具.app",
    "/Applications/字节跳动开发者工具.app",
)
DEVTOOL_WINDOWS_RELATIVE: Final = r"Programs\@bytedminiprogram-ide\抖音开发者工具.exe"
DEVTOOL_URL_SCHEME: Final = "bytedanceide"

# Upload version: digits x.y.z, no leading v, no suffix; must be greater than the previous one.
VERSION_PATTERN: Final = re.compile(r"^\d+\.\d+\.\d+$")

# Review: first release typically 1-2 working days.
REVIEW_TYPICAL_DAYS: Final = (1, 2)

# Uploading with the official CLI (observed: tt-ide-cli 0.1.33; docs/platform-facts.md).
CLI_PACKAGE: Final = "tt-ide-cli"
CLI_VERSION: Final = "0.1.33"
# Inside the frozen app: <bundle>/upload-cli/node/… and <bundle>/upload-cli/node_modules/….
CLI_BUNDLE_FOLDER: Final = "upload-cli"
# The upload token is made per mini-program in the console (SMS check, shown once).
UPLOAD_TOKEN_CONSOLE_PATH: Final = ("开发", "开发配置", "立即启用")
# Apps that can scan a test version's QR code (the phone's account must be a member).
PREVIEW_HOST_APPS: Final = ("抖音", "抖音极速版", "今日头条", "今日头条极速版")
# Time limits for one run: sending up to 32 MiB, then the CLI polls compiling for 100 s.
UPLOAD_TIMEOUT_SECONDS: Final = 15 * 60
PREVIEW_TIMEOUT_SECONDS: Final = 10 * 60
