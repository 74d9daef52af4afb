"""``check-profile FILE [--json]``: say whether a provider profile can be used.

Exit 0 valid, 1 problems (each named with its field), 2 unreadable file or bad usage
(contract). Providers run it before building their installer with --profile.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from wizard.commands.frame import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, run_command
from wizard.core.i18n import _
from wizard.core.profile.document import (
    SCHEMA_VERSION,
    ProfileLoad,
    ProviderProfile,
    load_profile_file,
)
from wizard.core.profile.texts import menu_path, prefill_domains

EXIT_UNREADABLE = EXIT_USAGE  # an unreadable profile, as bad usage


def main(argv: list[str]) -> int:
    """Run check-profile with argv (the arguments after the sub-command's name)."""
    return run_command(_parser(), _run, argv)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    load = load_profile_file(Path(args.file))
    if args.json:
        out.write(json.dumps(json_view(load, args.file), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write("\n".join(describe(load)) + "\n")
    if load.unreadable:
        return EXIT_UNREADABLE
    return EXIT_OK if load.ok else EXIT_PROBLEMS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wizard check-profile",
        description=_("Check a provider profile before building an installer with it."),
    )
    parser.add_argument("file", metavar="FILE", help=_("the provider profile (.json) to check"))
    parser.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    return parser


def describe(load: ProfileLoad) -> list[str]:
    """The report as plain sentences in the current language."""
    if load.unreadable:
        return [load.unreadable]
    lines: list[str] = []
    if load.profile is None:
        lines.append(
            _("The profile cannot be used. Problems found: {count}").format(
                count=len(load.problems)
            )
        )
        lines += [_labelled(_("Must fix:"), problem.message) for problem in load.problems]
    else:
        lines += summary_lines(load.profile)
    lines += [_labelled(_("Warning:"), warning.message) for warning in load.warnings]
    if load.profile is not None:
        lines.append(_("The profile can be used."))
    return lines


def _labelled(label: str, sentence: str) -> str:
    # No space after a full-width colon (Chinese style); one after an ASCII one.
    separator = "" if label.endswith("：") else " "
    return f"  {label}{separator}{sentence}"


def summary_lines(profile: ProviderProfile) -> list[str]:
    """What the profile gives, one line per part, so a provider sees what merchants will see."""
    absent = _("(not given)")
    name = " / ".join(part for part in (profile.name.zh, profile.name.en) if part)
    lines = [
        _("Provider: {name} (id {id}).").format(name=name or absent, id=profile.id or absent),
    ]
    if profile.logo_png:
        lines.append(
            _("Logo: {width}×{height} pixels, {size} bytes.").format(
                width=profile.logo_size[0], height=profile.logo_size[1], size=len(profile.logo_png)
            )
        )
    admin = profile.admin
    if admin.url:
        lines.append(_("Admin: {url}").format(url=admin.url))
    if admin.credentials_menu:
        lines.append(
            _("AppID and AppSecret: {menu}").format(menu=menu_path(admin.credentials_menu))
        )
    if admin.package_menu or admin.package_button:
        button = f" → 「{admin.package_button}」" if admin.package_button else ""
        lines.append(_("Code package: {menu}").format(menu=menu_path(admin.package_menu) + button))
    if admin.payment_menu:
        lines.append(_("Payment: {menu}").format(menu=menu_path(admin.payment_menu)))
    if profile.package_download_url:
        lines.append(_("Download: {url}").format(url=profile.package_download_url))
    for kind, domains in prefill_domains(profile).items():
        lines.append(_("Domains ({kind}): {count}").format(kind=kind, count=len(domains)))
    if profile.guides:
        lines.append(_("Guide pages: {count}").format(count=len(profile.guides)))
    lines.append(f"sha256 {profile.digest}")
    return lines


def json_view(load: ProfileLoad, file: str) -> dict[str, Any]:
    """The machine-readable report: ok, problems and warnings with their fields, a summary."""
    view: dict[str, Any] = {
        "ok": load.ok,
        "file": file,
        "schema_version": SCHEMA_VERSION,
        "problems": [problem.to_dict() for problem in load.problems],
        "warnings": [warning.to_dict() for warning in load.warnings],
    }
    if load.unreadable:
        view["error"] = {"code": "unreadable", "message": load.unreadable}
    profile = load.profile
    if profile is not None:
        view["profile"] = {
            "id": profile.id,
            "name": {"zh": profile.name.zh, "en": profile.name.en},
            "sha256": profile.digest,
            "logo": {"width": profile.logo_size[0], "height": profile.logo_size[1]}
            if profile.logo_png
            else None,
            "admin_url": profile.admin.url,
            "package_download_url": profile.package_download_url,
            "domains": prefill_domains(profile),
        }
    return view


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
