"""The link the merchant pasted, where its download goes, and which redirects we follow."""

from __future__ import annotations

import enum
import hashlib
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from wizard.core.checks import Check
from wizard.core.i18n import _

FALLBACK_FILENAME = "package.zip"
PART_SUFFIX = ".part"
MAX_REDIRECTS = 10


def check_download_url(text: str) -> Check:
    """Is the pasted text a link we can download from (http or https with a host)?"""
    stripped = text.strip()
    if not stripped:
        return Check.intermediate(_("Paste the download link from the 打包代码 page."))
    try:
        parts = urlsplit(stripped)
        host = parts.hostname
    except ValueError:
        return Check.invalid(_("This is not a complete link. Copy the whole link and paste it."))
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if "://" not in stripped and "https://".startswith(stripped.lower()):
            return Check.intermediate(_("Paste the download link from the 打包代码 page."))
        return Check.invalid(
            _("The link must start with https:// or http://. Copy the whole link and paste it.")
        )
    if not host or any(ch.isspace() for ch in stripped):
        return Check.invalid(_("This is not a complete link. Copy the whole link and paste it."))
    if scheme == "http":
        return Check.acceptable(
            _(
                "This link is not encrypted (http). It works, but https is safer if your provider "
                "offers it."
            )
        )
    return Check.acceptable()


def target_for_url(url: str, folder: Path, filename: str = FALLBACK_FILENAME) -> Path:
    """A stable file path per link, so downloading the same link again resumes its .part file."""
    digest = hashlib.sha256(url.strip().encode("utf-8")).hexdigest()[:10]
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, "zip"
    return folder / f"{stem}-{digest}.{ext}"


def part_path(target: Path) -> Path:
    """The temporary file a download is written to until it is complete and verified."""
    return target.with_name(target.name + PART_SUFFIX)


class RedirectVerdict(enum.Enum):
    """Whether a redirect is followed, and if not, why (each reason has its own sentence)."""

    FOLLOW = "follow"
    DOWNGRADE = "downgrade"  # from https to plain http
    UNSUPPORTED = "unsupported"  # file:, ftp:, data: ... : not a web address
    INVALID = "invalid"  # no host, or not a link at all


def redirect_verdict(from_url: str, to_url: str) -> RedirectVerdict:
    """Follow a redirect only to http(s) with a host, and never from https down to http."""
    try:
        source = urlsplit(from_url)
        target = urlsplit(urljoin(from_url, to_url))
        host = target.hostname
    except ValueError:
        return RedirectVerdict.INVALID
    old, new = source.scheme.lower(), target.scheme.lower()
    if new not in ("http", "https"):
        return RedirectVerdict.UNSUPPORTED
    if not host:
        return RedirectVerdict.INVALID
    if old == "https" and new == "http":
        return RedirectVerdict.DOWNGRADE
    return RedirectVerdict.FOLLOW


def redirect_allowed(from_url: str, to_url: str) -> bool:
    """Whether redirect_verdict says FOLLOW."""
    return redirect_verdict(from_url, to_url) is RedirectVerdict.FOLLOW


def scheme_of(url: str) -> str:
    """The scheme of a link ("ftp"), lower case; "" when there is none."""
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return ""
