"""What the merchant meets between upload and publish, as data: the developer tool's failure
texts, the checklist before 提交审核 (built from the platform's common rejection reasons), the
agreements to read, and the console's menu paths.

Messages are marked with N_ here and translated where they are shown (`_()`), so a language
switch takes effect at once. Sources: docs/platform-facts.md ("Developer tool", "Preview,
review and publish").
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core import hosts
from wizard.core import platform_facts as facts
from wizard.core.i18n import N_


@dataclass(frozen=True)
class UploadFailure:
    """One failure text of the developer tool (or the official CLI), what it means, what to do."""

    key: str
    shown: str  # as the tool shows it (Chinese, the platform's own words)
    markers: tuple[str, ...]  # substrings that identify it in the tool's or CLI's text
    meaning: str  # N_-marked
    todo: str  # N_-marked


UPLOAD_FAILURES: tuple[UploadFailure, ...] = (
    UploadFailure(
        "version_smaller",
        "版本号小于…",
        ("版本号小于", "is smaller than", "pre order version"),
        N_(
            "The version is not greater than the last one submitted for this mini-program. "
            "(A malformed version such as v1.0.5 gets this same message.)"
        ),
        N_(
            "Type a greater version in the x.y.z form, the one this step suggests, and upload "
            "again."
        ),
    ),
    UploadFailure(
        "version_format",
        "版本号格式错误",
        ("版本号格式错误", "版本号格式"),
        N_("The version is not in the form the platform takes."),
        N_("Type three whole numbers separated by dots, for example 1.0.1, and upload again."),
    ),
    UploadFailure(
        "version_exists",
        "版本号已存在",
        ("已存在",),
        N_("A version with this number has already been uploaded."),
        N_("Use the next version this step suggests and upload again."),
    ),
    UploadFailure(
        "no_permission",
        "无权限上传",
        ("无权限", "没有权限", "权限不足", "permission"),
        N_(
            "The account logged in to the developer tool is not a member of this mini-program "
            "with developer rights, or the AppID in the project is not yours."
        ),
        N_(
            "In the console, 成员管理 → 添加成员: add the tool's account with developer rights "
            "(an administrator must do this). Check that the project's AppID is your "
            "mini-program's, then upload again."
        ),
    ),
    UploadFailure(
        "login_expired",
        "登录已过期",
        ("登录已过期", "登录过期", "重新登录", "无 Cookie", "未登录"),
        N_("The developer tool's login has expired."),
        N_("Log in to the developer tool again (scan the QR code with Douyin), then upload again."),
    ),
    UploadFailure(
        "network",
        "请检查网络连接",
        ("网络", "ENOTFOUND", "ETIMEDOUT", "ECONNRESET", "ECONNREFUSED", "socket hang up"),
        N_("The developer tool could not reach the platform."),
        N_("Check this computer's internet connection (and any proxy or VPN), then upload again."),
    ),
    UploadFailure(
        "required_capability",
        "未接入必接能力",
        ("必接能力",),
        N_(
            "The platform requires a capability for your service category (for example a "
            "privacy popup or a payment or order feature) that this package does not have yet."
        ),
        N_(
            "Send the tool's full message to your provider: they must add the capability to the "
            "package. Upload the new package they send."
        ),
    ),
    UploadFailure(
        "base_library",
        "基础库版本过低",
        ("基础库版本", "基础库", "jssdk"),
        N_("The package needs a newer base library than the console's minimum allows."),
        N_(
            "Ask your provider which minimum base library the package needs, set it under "
            "「设置」→「基础设置」 (小程序基础库版本; only an administrator can change it), then "
            "upload again."
        ),
    ),
    UploadFailure(
        "upload_failed",
        "上传失败",
        ("上传失败", "Upload Error", "Error:"),
        N_("The upload failed for a reason the tool explains in its message."),
        N_(
            "Read the rest of the tool's message; if it does not say what to do, send it to your "
            "provider."
        ),
    ),
)


def explain_upload_failure(text: str) -> UploadFailure | None:
    """The failure the tool's or CLI's text names (the most specific first), or None."""
    for failure in UPLOAD_FAILURES:
        if any(marker.lower() in text.lower() for marker in failure.markers):
            return failure
    return None


@dataclass(frozen=True)
class ChecklistItem:
    """One thing to check before 提交审核, the rejection it prevents, and its fix."""

    key: str
    title: str  # N_-marked
    detail: str  # N_-marked
    fix: str  # N_-marked: what to do when the reviewers reject for this reason
    reason_markers: tuple[str, ...]  # words in a rejection reason that point to this item
    login_only: bool = False


CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "test_account",
        N_("A test account in the changelog"),
        N_(
            "If the mini-program has a login, the changelog (更新日志) gives the reviewers a "
            "test account and its password that work."
        ),
        N_(
            "Upload a new version whose changelog has a working test account and password, and "
            "submit it."
        ),
        ("测试账号", "测试帐号", "账号密码", "帐号密码", "体验账号", "test account"),
        login_only=True,
    ),
    ChecklistItem(
        "privacy_popup",
        N_("A separate privacy consent popup"),
        N_(
            "Before collecting any personal information, the mini-program asks for consent in "
            "its own popup; the consent box is not ticked in advance. The user privacy "
            "agreement (用户隐私保护协议) is filled in in the console."
        ),
        N_(
            "Ask your provider to add a privacy consent popup (not pre-ticked), fill in "
            "「设置」→「基础设置」→「类目与配置」→「用户隐私保护协议」, then upload a new version."
        ),
        ("隐私", "个人信息", "授权弹窗", "默认勾选", "privacy"),
    ),
    ChecklistItem(
        "login",
        N_("Login that works and is not forced"),
        N_(
            "Users can look around before logging in; login can be closed; login buttons say "
            "抖音; login, registration and logout all work. A phone number is asked for only "
            "after that capability is granted."
        ),
        N_(
            "Ask your provider to make login optional until it is needed, closable, and working "
            "(with logout), then upload a new version."
        ),
        ("登录", "登陆", "注册", "手机号", "强制", "login"),
        login_only=True,
    ),
    ChecklistItem(
        "category",
        N_("Content matches the service category"),
        N_(
            "Everything the mini-program offers fits the service category (服务类目) chosen in "
            "the console, with its qualifications; nothing from a restricted category."
        ),
        N_(
            "Add the missing service category and its qualifications in the console, or ask your "
            "provider to remove the feature that does not fit; then upload a new version."
        ),
        ("类目", "资质", "不接入", "暂不支持", "category"),
    ),
    ChecklistItem(
        "no_blank_pages",
        N_("No blank or crashing pages"),
        N_(
            "Every page opens and loads its data on a phone. A blank page usually means a domain "
            "missing from the server domain lists, an http:// address, or an expired "
            "certificate."
        ),
        N_(
            "Open the test version on a phone, find the page that stays blank, add its domain to "
            "the server domain lists (and make sure it uses https); then upload a new version."
        ),
        (
            "白屏",
            "空白",
            "闪退",
            "崩溃",
            "无法进入",
            "打不开",
            "无法打开",
            "加载失败",
            "域名",
            "crash",
        ),
    ),
    ChecklistItem(
        "subject_verified",
        N_("Subject verification done"),
        N_(
            "The console shows the subject verification (主体认证) as completed; without it the "
            "platform refuses the submission (主体认证未完成)."
        ),
        N_("Complete the subject verification in the console's overview, then submit again."),
        ("主体认证", "认证未完成"),
    ),
    ChecklistItem(
        "basic_info",
        N_("Name, icon and description filled in and accurate"),
        N_(
            "The mini-program's basic information (name, icon, description) is complete, says "
            "what it does, and has no contact details or links that pull users elsewhere."
        ),
        N_("Correct the name, icon or description in the console, then submit again."),
        ("名称", "头像", "图标", "简介", "基础信息"),
    ),
    ChecklistItem(
        "real_function",
        N_("Real content, not an empty template"),
        N_(
            "The mini-program offers a real service with real content, not a demo or a template "
            "with placeholder text."
        ),
        N_(
            "Fill the mini-program with your real products or services in the provider's admin, "
            "then upload a new version."
        ),
        ("功能简单", "过于简单", "模板", "内容缺失", "无实际", "测试数据"),
    ),
    ChecklistItem(
        "hosts",
        N_("The host apps chosen"),
        N_(
            "When submitting, tick every app the mini-program should open in (the console lists "
            "six host apps, and their HarmonyOS versions where it offers them): it is invisible "
            "in the ones not ticked."
        ),
        N_("Submit again and tick the host apps that were missing."),
        ("宿主", "host"),
    ),
    ChecklistItem(
        "screenshots",
        N_("Three screenshots ready"),
        N_(
            "The console asks for three screenshots of the mini-program when submitting: take "
            "them on the phone while previewing."
        ),
        N_("Take clear screenshots of the mini-program's main pages and submit again."),
        ("截图", "screenshot"),
    ),
)


def checklist(has_login: bool) -> tuple[ChecklistItem, ...]:
    """The checklist for this mini-program (login items only when it has a login)."""
    return tuple(item for item in CHECKLIST if has_login or not item.login_only)


def likely_fixes(reason: str) -> tuple[ChecklistItem, ...]:
    """Checklist items a rejection reason points to, in checklist order (may be empty)."""
    lowered = reason.lower()
    return tuple(
        item
        for item in CHECKLIST
        if any(marker.lower() in lowered for marker in item.reason_markers)
    )


@dataclass(frozen=True)
class Agreement:
    """An agreement to read before submitting, and where to read it."""

    name: str  # the platform's own title
    url: str
    confirmed: bool  # False: the exact page could not be confirmed; the URL is the nearest one


AGREEMENTS: tuple[Agreement, ...] = (
    Agreement("《字节跳动小程序平台服务协议》", facts.SERVICE_AGREEMENT_URL, confirmed=False),
    Agreement("《字节跳动小程序运营审核规范》", facts.REVIEW_STANDARD_URL, confirmed=True),
)

# Console menu paths for the steps after upload. The versions menu is 「开发版本管理」 today
# (older screens and the 2021 provider guides: 「发布」); its labels live in wizard.core.hosts.
# Menu names move between console versions: pages show the path beside a button that opens the
# console, never a guessed deep link.
CONSOLE_PATHS: dict[str, tuple[str, ...]] = {
    "test_version": (hosts.VERSIONS_MENU, hosts.TEST_VERSION),
    "submit": (hosts.VERSIONS_MENU, hosts.TEST_VERSION, hosts.SUBMIT_BUTTON),
    "withdraw": (hosts.VERSIONS_MENU, hosts.REVIEW_VERSION, hosts.WITHDRAW_BUTTON),
    "publish": (hosts.VERSIONS_MENU, hosts.REVIEW_VERSION, hosts.PUBLISH_BUTTON),
    "live_version": (hosts.VERSIONS_MENU, hosts.LIVE_VERSION),
    "members": ("成员管理", "添加成员"),
    "privacy": ("设置", "基础设置", "类目与配置", "用户隐私保护协议"),
    "basic_info": ("设置", "基础设置"),
    "domains": ("开发", "开发配置", "服务器域名"),
    "filing": ("设置", "基础设置", "备案信息"),
}


def console_path(key: str) -> str:
    """A menu path written as the Chinese style guide wants it: 「开发」→「开发配置」."""
    return "→".join(f"「{label}」" for label in CONSOLE_PATHS.get(key, ()))
