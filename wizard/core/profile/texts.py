"""The sentences and values pages show from a provider profile, as pure functions.

Every function takes the profile (or None: no profile) and returns plain text; with no
profile, or without the field it needs, it returns "" / None / empty and the page keeps its
generic text. The texts contain the provider's own words verbatim, so pages must show them
with Qt.PlainText (never as rich text): a name like "<b>x</b>" is shown as typed.
"""

from __future__ import annotations

from urllib.parse import quote

from wizard.core import platform_facts as facts
from wizard.core.i18n import CHINESE, _, current_language
from wizard.core.profile.document import (
    APPID_PLACEHOLDER,
    SERVER_DOMAIN_KINDS,
    WEBVIEW_KIND,
    ProviderProfile,
)


def provider_name(profile: ProviderProfile | None, language: str | None = None) -> str:
    """The provider's name in the language (the other language's when only that one is given)."""
    if profile is None:
        return ""
    return profile.display_name(language)


def _name_or_generic(profile: ProviderProfile | None) -> str:
    return provider_name(profile) or _("your provider")


def window_title(app_title: str, profile: ProviderProfile | None) -> str:
    """The window title: the app's, followed by the provider's name when there is one."""
    name = provider_name(profile)
    if not name:
        return app_title
    return _("{app} — {provider}").format(app=app_title, provider=name)


def menu_path(labels: tuple[str, ...] | list[str]) -> str:
    """Menu labels as the style guide writes them: 「a」→「b」 (the same in both languages)."""
    return "→".join(f"「{label}」" for label in labels)


def contact_details(profile: ProviderProfile | None) -> list[tuple[str, str]]:
    """(label, value) for each support channel the profile gives, for the side panel."""
    if profile is None:
        return []
    support = profile.support
    rows = [
        (_("Phone"), support.phone),
        (_("WeChat"), support.wechat),
        (_("QQ"), support.qq),
        (_("E-mail"), support.email),
        (_("Hours"), support.hours.get()),
        (_("Help page"), support.web),
    ]
    return [(label, value) for label, value in rows if value]


def contact_sentence(profile: ProviderProfile | None) -> str:
    """The "Contact {provider}: …" sentence with every channel; "" when there is none."""
    if profile is None or not profile.support:
        return ""
    support = profile.support
    parts = []
    if support.phone:
        parts.append(_("phone {phone}").format(phone=support.phone))
    if support.wechat:
        parts.append(_("WeChat {wechat}").format(wechat=support.wechat))
    if support.qq:
        parts.append(_("QQ {qq}").format(qq=support.qq))
    if support.email:
        parts.append(_("e-mail {email}").format(email=support.email))
    if support.web:
        parts.append(_("help page {url}").format(url=support.web))
    details = _(", ").join(parts)
    hours = support.hours.get()
    if hours:
        return _("Contact {provider}: {details}; hours: {hours}.").format(
            provider=_name_or_generic(profile), details=details, hours=hours
        )
    return _("Contact {provider}: {details}.").format(
        provider=_name_or_generic(profile), details=details
    )


def contact_block(profile: ProviderProfile | None) -> str:
    """The side panel's contact: "Contact {provider}" then one "label: value" line per
    channel; "" without a profile or any channel."""
    rows = contact_details(profile)
    if not rows:
        return ""
    lines = [_("Contact {provider}").format(provider=_name_or_generic(profile))]
    lines += [_("{label}: {value}").format(label=label, value=value) for label, value in rows]
    return "\n".join(lines)


def with_contact(sentence: str, profile: ProviderProfile | None) -> str:
    """An error sentence followed by the provider's contact sentence, when there is one."""
    contact = contact_sentence(profile)
    if not contact:
        return sentence
    separator = "" if current_language() == CHINESE else " "
    return f"{sentence}{separator}{contact}"


def admin_url(profile: ProviderProfile | None) -> str:
    """The provider's admin address (https), or ""."""
    return profile.admin.url if profile is not None else ""


def credentials_admin_sentence(profile: ProviderProfile | None) -> str:
    """Where the merchant pastes the AppID and AppSecret in the provider's admin, or ""."""
    if profile is None:
        return ""
    menu = profile.admin.credentials_menu
    if menu:
        return _("Paste the AppID and AppSecret into {provider}'s admin, under {menu}.").format(
            provider=_name_or_generic(profile), menu=menu_path(menu)
        )
    if profile.admin.url:
        return _("Paste the AppID and AppSecret into {provider}'s admin.").format(
            provider=_name_or_generic(profile)
        )
    return ""


def package_sentence(profile: ProviderProfile | None) -> str:
    """Where the merchant makes the code package in the provider's admin, or ""."""
    if profile is None:
        return ""
    menu = profile.admin.package_menu
    button = profile.admin.package_button
    provider = _name_or_generic(profile)
    if menu and button:
        return _("In {provider}'s admin, open {menu} and click {button}.").format(
            provider=provider, menu=menu_path(menu), button=f"「{button}」"
        )
    if menu:
        return _("In {provider}'s admin, open {menu} to download the code package.").format(
            provider=provider, menu=menu_path(menu)
        )
    if button:
        return _("In {provider}'s admin, click {button} to download the code package.").format(
            provider=provider, button=f"「{button}」"
        )
    return ""


def package_download_url(profile: ProviderProfile | None, appid: str = "") -> str | None:
    """The provider's code package address with the merchant's AppID filled in.

    None when there is no address, or when it needs an AppID ({appid}) and the one given
    is not a valid AppID (the page then shows package_sentence instead).
    """
    if profile is None or not profile.package_download_url:
        return None
    url = profile.package_download_url
    if APPID_PLACEHOLDER not in url:
        return url
    appid = appid.strip().lower()
    if not facts.APPID_PATTERN.fullmatch(appid):
        return None
    return url.replace(APPID_PLACEHOLDER, quote(appid, safe=""))


def download_needs_appid(profile: ProviderProfile | None) -> bool:
    """True when the provider's download address takes the merchant's AppID."""
    return profile is not None and APPID_PLACEHOLDER in profile.package_download_url


def prefill_domains(profile: ProviderProfile | None) -> dict[str, list[str]]:
    """The provider's domain lists for the domains step: request, socket, uploadFile,
    downloadFile and webview, each present only when the profile lists some."""
    if profile is None:
        return {}
    lists = {
        kind: list(profile.server_domains[kind])
        for kind in SERVER_DOMAIN_KINDS
        if profile.server_domains.get(kind)
    }
    if profile.webview_domains:
        lists[WEBVIEW_KIND] = list(profile.webview_domains)
    return lists


def guide_links(profile: ProviderProfile | None) -> list[tuple[str, str]]:
    """(title in the current language, https address) of each page of the provider's guide."""
    if profile is None:
        return []
    return [(link.title.get() or link.url, link.url) for link in profile.guides]


def payment_admin_sentence(profile: ProviderProfile | None) -> str:
    """Where the merchant enters the payment merchant number in the provider's admin, or ""."""
    if profile is None:
        return ""
    menu = profile.admin.payment_menu
    if menu:
        return _(
            "Enter the merchant number (商户号) and the payment key into {provider}'s admin, "
            "under {menu}."
        ).format(provider=_name_or_generic(profile), menu=menu_path(menu))
    if profile.admin.url:
        return _(
            "Enter the merchant number (商户号) and the payment key into {provider}'s admin "
            "(ask {provider} where)."
        ).format(provider=_name_or_generic(profile))
    return ""
