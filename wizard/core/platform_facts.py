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

from wizard.core import hosts

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

# --- Server domains (服务器域名) and 业务域名: docs/platform-facts.md "Server domains" ---------
# DOMAIN_KINDS above are the four server-domain lists; the console also has 业务域名 for
# web-view, which takes the same bare host. Order = the console's order.
DOMAIN_LIST_KINDS: Final = (*DOMAIN_KINDS, "webview")
# Where the lists are entered (official menu path; the portal has no stable deep link).
DOMAIN_CONSOLE_PATH: Final = ("开发", "开发配置", "服务器域名")
WEBVIEW_CONSOLE_PATH: Final = ("开发", "开发配置", "业务域名")
DOMAIN_CONSOLE_URL: Final = CONSOLE_URL
# The API calls whose url must be in a list (official network doc), by list.
DOMAIN_CALLS: Final = {
    "request": "request",
    "uploadFile": "uploadFile",
    "downloadFile": "downloadFile",
    "connectSocket": "socket",
}
# Files the packer uploads that can hold addresses (observed: tt-ide-cli 0.1.33 whitelist).
DOMAIN_SCAN_SUFFIXES: Final = (".js", ".json", ".ttml", ".ttss", ".sjs", ".ts")
# Never packed (observed: tt-ide-cli 0.1.33 ignores **/node_modules/**, **/**.js.map,
# **/__wxToTT/report/** and, through fast-glob's default, names starting with a dot).
PACKER_IGNORED_FOLDERS: Final = ("node_modules",)
PACKER_IGNORED_PATHS: Final = ("__wxToTT/report",)
# Tool files whose addresses are metadata (registries, schemas), not the mini-program's calls.
DOMAIN_SCAN_TOOL_FILES: Final = frozenset(
    {
        "package.json",
        "package-lock.json",
        "project.config.json",
        "project.private.config.json",
        "tsconfig.json",
        "jsconfig.json",
    }
)
# Hosts that appear in addresses that name things instead of being called (XML namespaces,
# schemas, licences); a literal with one of these hosts is never a network call.
NON_NETWORK_HOSTS: Final = frozenset(
    {
        "www.w3.org",
        "w3.org",
        "json-schema.org",
        "ns.adobe.com",
        "purl.org",
        "schemas.xmlsoap.org",
        "schemas.microsoft.com",
        "schemas.openxmlformats.org",
        "xmlns.com",
        "www.apache.org",
        "opensource.org",
        "creativecommons.org",
    }
)

# --- Versions, review and publish (docs/platform-facts.md "Version numbers", "Preview, review
# and publish"). The three-part rule is the app's own caution: the platform documents none.
VERSION_PARTS: Final = 3
VERSION_MAX_PART_DIGITS: Final = 4
# Review notes (更新日志 as the reviewers read it) are limited to 200 characters by the review
# API ("auditNote … 不超过200字符", official third-party audit doc); the tool's own limit is
# undocumented, so the app warns past it and never blocks.
CHANGELOG_WARN_LENGTH: Final = 200
# A first review takes 1-2 working days (official); past this many working days the app
# suggests looking at the console (one day's grace on the documented upper bound).
REVIEW_LONGER_THAN_USUAL_WORKING_DAYS: Final = 3
# Host apps that can open a test version's QR code; the six host apps, their CLI keys and the
# console's menu names live in wizard.core.hosts (one place).
PREVIEW_HOST_APPS: Final = hosts.scanning_host_names()
# Official review standard (版本审核标准, the current form of the 运营审核规范).
REVIEW_STANDARD_URL: Final = (
    "https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/operation/settle/"
    "version-review/standard"
)
# The platform's service agreements page could not be confirmed for mini-apps: link the
# developer portal (its footer and 运营 → 服务协议 list the agreements).
SERVICE_AGREEMENT_URL: Final = DEVELOPER_PORTAL
PRIVACY_AGREEMENT_DOC_URL: Final = (
    "https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/open-capacity/"
    "basic-capacities/privacy-agreement"
)
# --- Privacy agreement (用户隐私保护协议): docs/platform-facts.md "Privacy agreement" -------------
# Enforced for mini-programs created after this date: an API whose information type the agreement
# does not declare fails at run time (official privacy-authorize page).
PRIVACY_ENFORCED_SINCE: Final = "2024-03-25"
PRIVACY_AUTHORIZE_DOC_URL: Final = (
    "https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/"
    "security-requirements/privacy-authorize"
)
PRIVACY_CONSOLE_PATH: Final = ("设置", "基础设置", "类目与配置", "用户隐私保护协议")
# The information types (信息类型) the agreement declares, in the order of the official table
# (privacy-agreement page), each with the JS APIs (without "tt.") that collect it. An API may
# collect two types (chooseImage: the album, or the camera when the user takes a photo).
PRIVACY_INFO_TYPES: Final[dict[str, tuple[str, ...]]] = {
    "用户头像、昵称": ("getUserProfile", "getUserInfo"),
    # The phone number is only had through <button open-type="getPhoneNumber"> (below).
    "手机号": (),
    "拨打电话": ("makePhoneCall",),
    "通讯地址": ("chooseAddress",),
    "地理位置": (
        "getLocation",
        "chooseLocation",
        "openLocation",
        "startLocationUpdate",
        "onLocationChange",
    ),
    "剪切板": ("setClipboardData", "getClipboardData"),
    "日历": ("addPhoneCalendar", "addPhoneRepeatCalendar"),
    "麦克风": ("getRecorderManager",),
    "相机": ("createCameraContext", "scanCode", "chooseImage", "chooseVideo", "chooseMedia"),
    "相册": (
        "chooseImage",
        "chooseVideo",
        "chooseMedia",
        "saveImageToPhotosAlbum",
        "saveVideoToPhotosAlbum",
    ),
    "人脸识别": ("startFacialRecognitionVerify",),
    "加速度计": ("startAccelerometer", "onAccelerometerChange"),
    "罗盘": ("startCompass", "onCompassChange"),
    "陀螺仪": ("startGyroscope", "onGyroscopeChange"),
    "WIFI状态": ("getConnectedWifi", "getWifiList", "startWifi"),
    "抖音账号数据": ("showDouyinOpenAuth",),
    # user.certification.account is a server capability, not a call in the package.
    "钱包实名认证": (),
}
# Components that collect an information type: <button open-type="…"> values, reported as the
# API of the same name, and the <camera> component (reported as "camera").
PRIVACY_OPEN_TYPES: Final[dict[str, str]] = {
    "getPhoneNumber": "手机号",
    "getUserInfo": "用户头像、昵称",
}
PRIVACY_COMPONENTS: Final[dict[str, str]] = {"camera": "相机"}

# --- The merchant's own server APIs (docs/platform-facts.md "Asking the platform") -----------
# Base of the documented merchant OpenAPIs; tests point it at a loopback fake with
# MINIAPP_PUBLISHER_OPEN_API_URL.
OPEN_API_BASE_URL: Final = "https://open.douyin.com"
PRIVACY_QUERY_PATH: Final = "/api/apps/v1/privacy_setting/query/"  # POST -> data.is_configure
CATEGORIES_PATH: Final = "/api/apps/v1/category/get_audit_categories/"  # GET
CAPACITY_LIST_PATH: Final = "/api/apps/v1/capacity/query_capacity_list/"  # GET
CAPACITY_STATUS_PATH: Final = "/api/apps/v1/capacity/query_apply_status/"  # GET ?capacity_key=
# category_audit_state (get_audit_categories; the V1 doc: 1 审核中, 2 审核通过, 3 审核拒绝).
CATEGORY_STATES: Final = {1: "in_review", 2: "approved", 3: "rejected"}
# data.status of query_apply_status (capacity docs).
CAPACITY_STATES: Final = {
    1: "applying",
    2: "approved",
    3: "rejected",
    4: "closed",
    5: "banned",
    6: "can_apply",
    7: "cannot_apply",
}
# At most this many capability statuses are asked per run (10 QPS documented limit).
CAPACITY_STATUS_QUERIES: Final = 12
PLATFORM_API_TIMEOUT_SECONDS: Final = 15


def open_api_base() -> str:
    return (os.environ.get("MINIAPP_PUBLISHER_OPEN_API_URL") or OPEN_API_BASE_URL).rstrip("/")


# --- Developer tool step (sources: shared/docs/platform-facts.md "Developer tool") -----------
# The official CLI maps the placeholder "testappId" to these built-in test AppIDs (tt-ide-cli
# 0.1.33 dist/cli.js, ProjectConfig): never uploadable either. Matched exactly, never as a
# prefix, because a real AppID may start with the same letters.
CLI_TEST_APPIDS: Final = frozenset({"tt07e3715e98c9aac0", "tt975be1e608633d4202"})
# project.config.json key that overrides "appid" when present (same source).
PROJECT_CONFIG_TTAPPID: Final = "ttappid"

# Names: 抖音开发者工具 since 4.x, 字节跳动开发者工具 in 3.x (both still found on machines).
DEVTOOL_NAMES: Final = ("抖音开发者工具", "字节跳动开发者工具")
# electron-builder's stable product code of the tool (same in 3.3.7 and 4.0.4, winget manifests).
DEVTOOL_PRODUCT_CODE: Final = "0d6cc698-a1aa-5593-a60b-0310adcebfe2"
# Registry places electron-builder installers write (HKCU for per-user, HKLM for machine-wide).
DEVTOOL_INSTALL_KEY: Final = "Software\\" + DEVTOOL_PRODUCT_CODE
DEVTOOL_UNINSTALL_KEYS: Final = tuple(
    "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\" + name
    for name in (DEVTOOL_PRODUCT_CODE, "{" + DEVTOOL_PRODUCT_CODE + "}")
)
DEVTOOL_URL_HANDLER_KEY: Final = "Software\\Classes\\bytedanceide\\shell\\open\\command"
# Folder under %LOCALAPPDATA%\Programs (per-user) or %ProgramFiles% (machine-wide).
DEVTOOL_INSTALL_FOLDER: Final = "@bytedminiprogram-ide"
# Windows: x64 only; 4.1.6 and later need Windows 10 (4.1.5 is the last for older Windows).
DEVTOOL_MIN_WINDOWS_MAJOR: Final = 10
DEVTOOL_LAST_FOR_OLD_WINDOWS: Final = "4.1.5"
# How the official CLI opens a folder (tma open): bytedanceide:?<encoded query>.
DEVTOOL_PROJECT_TYPE: Final = "microapp"
# Set by tools built on Electron; it would make the tool start as plain Node, without a window.
DEVTOOL_ENV_TO_CLEAR: Final = ("ELECTRON_RUN_AS_NODE",)
# Uploading with the official CLI (observed: tt-ide-cli 0.1.33; docs/platform-facts.md).
CLI_PACKAGE: Final = "tt-ide-cli"
CLI_VERSION: Final = "0.1.33"
# Inside the frozen app: <bundle>/upload-cli/node/… and <bundle>/upload-cli/node_modules/….
CLI_BUNDLE_FOLDER: Final = "upload-cli"
# The hosts the CLI sends the upload token to (the `x-cli-token` header, always over HTTPS);
# the app's preload refuses to send it anywhere else, e.g. after a redirect.
CLI_TOKEN_HOSTS: Final = ("developer.toutiao.com", "microapp.bytedance.com")
# The upload token is made per mini-program in the console (SMS check, shown once).
UPLOAD_TOKEN_CONSOLE_PATH: Final = ("开发", "开发配置", "立即启用")
# Apps that can scan a test version's QR code: PREVIEW_HOST_APPS above (the phone's account
# must be a member).
# Time limits for one run: sending up to 32 MiB, then the CLI polls compiling for 100 s.
UPLOAD_TIMEOUT_SECONDS: Final = 15 * 60
PREVIEW_TIMEOUT_SECONDS: Final = 10 * 60

# --- The mini-program's own filing (小程序备案) with the MIIT: docs/platform-facts.md ---------
# "Filing (小程序备案)". Console path and button (reported by provider guides and the platform
# notice; the button reads 「去填写」 before a first filing).
FILING_CONSOLE_PATH: Final = ("设置", "基础设置", "备案信息")
FILING_BUTTON: Final = "去填写"
# Expected waits per stage, in working days (the SMS check: hours). Platform's first review
# 1–5 working days (reported, mfbz.cn 2024; zeemaco.com says 1–3), the MIIT's SMS check within
# 24 hours, the provincial bureau 1–20 working days (zeemaco.com; WeChat's identical flow).
FILING_PLATFORM_WORKING_DAYS: Final = (1, 5)
FILING_SMS_CHECK_HOURS: Final = 24
FILING_BUREAU_WORKING_DAYS: Final = (1, 20)
# A filing number as the bureau issues it for a mini-program: 「[省]ICP备[number]号-[n]X」
# (reported, zeemaco.com: "小程序备案号规则为[省份]ICP备[备案号]号-[N]X"). The one-character
# province abbreviations of the provincial bureaus (with the alternates some use: 黔, 滇, 秦, 陇).
FILING_PROVINCES: Final = "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川贵黔云滇陕秦甘陇青蒙桂藏宁新"
FILING_NUMBER_PATTERN: Final = re.compile(
    r"^([" + FILING_PROVINCES + r"])ICP备(\d{6,12})号(?:-(\d{1,4})([Xx])?)?$"
)
FILING_NUMBER_EXAMPLE: Final = "沪ICP备2024012345号-1X"
# The longest text kept for a filing number or a return reason (a pasted page stays bounded).
FILING_NUMBER_MAX_CHARS: Final = 40
FILING_REASON_MAX_CHARS: Final = 2000

# --- Categories, capabilities, trial period, payment (docs/platform-facts.md "Since 2023–2024")
CATEGORY_CONSOLE_PATH: Final = ("设置", "基础设置", "类目与配置", "服务类目")
# Capability applications are reviewed in about 5 working days (official 能力开通及使用规范).
CAPABILITY_REVIEW_WORKING_DAYS: Final = 5
# Payment: apply under 「能力」→「支付」 (official 支付能力接入准备); the SALT key is shown under
# 「支付产品管理」→「支付设置」 there. Only enterprise subjects can take payments.
PAYMENT_CONSOLE_PATH: Final = ("能力", "支付")
PAYMENT_SETTINGS_PATH: Final = ("能力", "支付", "支付产品管理", "支付设置")
# The minimum base library (official: 「基础设置」→ 小程序基础库版本, administrators only).
BASE_LIBRARY_CONSOLE_PATH: Final = ("设置", "基础设置")
BASE_LIBRARY_SETTING: Final = "小程序基础库版本"
# 微擎-family packages carry their site's address and account in siteinfo.js (reported).
SITEINFO_FILE: Final = "siteinfo.js"
SITEINFO_MAX_BYTES: Final = 64 * 1024
