"""Provider packages that may need editing before upload: detected, explained, never edited.

- 微擎-family packages (and others built on them) carry ``siteinfo.js`` naming the provider's
  site (``siteroot``) and the merchant's account on it (``uniacid``); a package made for someone
  else, or with the values left empty, talks to the wrong site or to none.
- A package may name the base library it was built for (``libVersion`` in project.config.json);
  uploads and reviews that fail on an old base library need the console's minimum raised.

The app says what it saw and what to check with the provider; it never changes the code
(the merchant's provider owns it). Sources: docs/platform-facts.md "Provider packages".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wizard.core import platform_facts as facts
from wizard.core.i18n import _, join_sentences

# `siteroot: "https://…"`, `"uniacid": "12"`, `uniacid = 12` (minified or not).
_FIELD = (
    r"""["']?{name}["']?\s*[:=]\s*"""
    r"""(?:(["'])(?P<quoted>[^"'\r\n]{{0,300}})\1|(?P<bare>[\w.-]{{1,60}}))"""
)
_SITEROOT = re.compile(_FIELD.format(name="siteroot"))
_UNIACID = re.compile(_FIELD.format(name="uniacid"))
# Values providers leave in templates for the merchant (or for themselves) to fill in.
_PLACEHOLDERS = re.compile(
    r"^(|0|x+|\*+|null|undefined|your.*|example.*|.*你的.*|.*填写.*)$", re.IGNORECASE
)
SHOWN_CHARS = 80


@dataclass(frozen=True)
class ProviderEdit:
    """Something in the package to check with the provider: a stable code and a sentence."""

    code: str
    message: str


def _shown(value: str) -> str:
    value = value.strip()
    return value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"


def _value(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    if match is None:
        return None
    return match.group("quoted") if match.group("quoted") is not None else match.group("bare")


def _read_small(path: Path) -> str | None:
    """A small text file's content, or None (absent, a link, too large, unreadable)."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        with path.open("rb") as handle:
            data = handle.read(facts.SITEINFO_MAX_BYTES + 1)
    except OSError:
        return None
    if len(data) > facts.SITEINFO_MAX_BYTES:
        return None
    return data.decode("utf-8", errors="replace")


def siteinfo_edits(root: Path, code_root: Path) -> list[ProviderEdit]:
    """What siteinfo.js says, as things to check with the provider (empty when absent)."""
    for folder in dict.fromkeys((code_root, root)):
        text = _read_small(folder / facts.SITEINFO_FILE)
        if text is not None:
            break
    else:
        return []
    siteroot = _value(_SITEROOT, text)
    uniacid = _value(_UNIACID, text)
    missing = [
        name
        for name, value in (("siteroot", siteroot), ("uniacid", uniacid))
        if value is None or _PLACEHOLDERS.match(value.strip())
    ]
    if missing:
        return [
            ProviderEdit(
                "siteinfo-unset",
                _(
                    "The package's siteinfo.js does not set {fields}, so the mini-program does "
                    "not know which site and account it belongs to. Ask your provider for a "
                    "package made for your account (or exactly what to fill in); 发布助手 does "
                    "not change the code."
                ).format(fields="、".join(missing)),
            )
        ]
    assert siteroot is not None and uniacid is not None
    message = _(
        "The package's siteinfo.js names the site it talks to: siteroot “{siteroot}”, uniacid "
        "“{uniacid}”. Check with your provider that these are your own site's address and "
        "account number; 发布助手 does not change them."
    ).format(siteroot=_shown(siteroot), uniacid=_shown(uniacid))
    if siteroot.strip().lower().startswith("http://"):
        message = join_sentences(
            message,
            _(
                "Its siteroot uses http://: the platform only calls https addresses, so ask "
                "your provider for the https address."
            ),
        )
    return [ProviderEdit("siteinfo", message)]


def base_library_edits(config: dict[str, Any] | None) -> list[ProviderEdit]:
    """The base library the package names, and what to do if uploads say it is too old."""
    version = (config or {}).get("libVersion")
    if not isinstance(version, str) or not version.strip():
        return []
    return [
        ProviderEdit(
            "base-library",
            _(
                "The package was built for base library {version} (libVersion in "
                "project.config.json). If the upload or the review says the base library is "
                "too low (基础库版本过低), ask your provider which minimum the package needs and "
                "set it under {path} ({setting}; only an administrator can change it)."
            ).format(
                version=_shown(version),
                path="→".join(f"「{label}」" for label in facts.BASE_LIBRARY_CONSOLE_PATH),
                setting=facts.BASE_LIBRARY_SETTING,
            ),
        )
    ]


def find_provider_edits(
    root: Path, code_root: Path, config: dict[str, Any] | None
) -> list[ProviderEdit]:
    """Everything in the package that may need the provider's attention before upload."""
    return siteinfo_edits(root, code_root) + base_library_edits(config)
