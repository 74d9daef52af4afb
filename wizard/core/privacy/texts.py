"""What the privacy part says: the list the agreement must declare, where, and the copy text."""

from __future__ import annotations

from wizard.core import platform_facts as facts
from wizard.core.i18n import _
from wizard.core.privacy.scan import API_SCOPES, PrivacyScan, ScopeNeed

# Places shown per API in sentences (the JSON and the copy text carry up to the scan's limit).
PLACES_SHOWN = 3


def console_path() -> str:
    """The console's menu path to the agreement, exactly as the console names it."""
    return "→".join(f"「{name}」" for name in facts.PRIVACY_CONSOLE_PATH)


def _places(need: ScopeNeed) -> str:
    shown = ", ".join(need.places[:PLACES_SHOWN])
    more = len(need.places) - PLACES_SHOWN
    if more > 0:
        shown += " " + _("and {count} more").format(count=more)
    return shown


def summary(scan: PrivacyScan) -> str:
    """One sentence: what the agreement must declare, or that nothing needs declaring."""
    scopes = scan.scopes()
    if scan.cancelled:
        return _("The privacy check was stopped before the end: run it again.")
    if not scopes:
        return _(
            "The code package uses no API that needs a privacy declaration. If your "
            "mini-program collects personal data in other ways (forms), declare it anyway."
        )
    return _(
        "The privacy agreement must declare these information types: {types}. Without them, "
        "these functions fail on the phone and the review rejects the version (功能异常)."
    ).format(types="、".join(scopes))


def need_lines(scan: PrivacyScan) -> list[str]:
    """One line per API the agreement must cover: the type, the API and where it is used."""
    return [
        _("{scope}: {api} ({places})").format(scope=need.scope, api=need.api, places=_places(need))
        for need in scan.needs()
    ]


def information_lines(scan: PrivacyScan) -> list[str]:
    """APIs named only in comments, and files that could not be read."""
    lines = [
        _("{api} appears only in a comment ({places}); nothing to declare for it.").format(
            api=need.api, places=_places(need)
        )
        for need in scan.information()
    ]
    if scan.unreadable:
        lines.append(
            _("These files could not be read, so they were not checked: {files}.").format(
                files=", ".join(scan.unreadable[:5])
            )
        )
    if scan.omitted:
        lines.append(_("{count} more places were found and not listed.").format(count=scan.omitted))
    return lines


def where_to_declare() -> str:
    return _(
        "Declare them on the developer platform: open your mini-program, go to {path}, click "
        "「添加信息类型」 and say what each one is used for."
    ).format(path=console_path())


def report_lines(scan: PrivacyScan) -> list[str]:
    """The whole report, for check-privacy and the privacy part of the domains page."""
    lines = [summary(scan), *need_lines(scan)]
    if scan.needs():
        lines.append(where_to_declare())
    lines.extend(information_lines(scan))
    return lines


def api_label(api: str) -> str:
    """How the code writes it: tt.getLocation, <button open-type="getPhoneNumber">, <camera>."""
    if api in API_SCOPES:
        return f"tt.{api}"
    if api in facts.PRIVACY_OPEN_TYPES:
        return f'<button open-type="{api}">'
    return f"<{api}>"


def copy_text(scan: PrivacyScan) -> str:
    """Text for the console or for the provider: each type with the APIs that need it."""
    lines = [_("Information types to declare in 「用户隐私保护协议」:")]
    for scope in scan.scopes():
        apis = [need for need in scan.needs() if need.scope == scope]
        lines.append(
            _("- {scope} (used by {apis})").format(
                scope=scope, apis=", ".join(api_label(need.api) for need in apis)
            )
        )
    return "\n".join(lines)
