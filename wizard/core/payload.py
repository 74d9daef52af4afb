"""What a file or an HTTP answer is, from its first bytes: zip, web page, JSON, or else.

One sniffer for every place that must tell a code package from a login page: a downloaded file
(wizard.core.package.download), a zip the merchant chose (zipsafe) and the platform's token
answer (token_check).
"""

from __future__ import annotations

import enum

from wizard.core import safe_json

# Enough to see past a BOM, whitespace and a long doctype or XML prolog.
SNIFF_BYTES = 1024

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_HTML_STARTS = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<meta",
    b"<title",
    b"<script",
    b"<!--",
    b"<?xml",
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_DETAIL_KEYS = ("msg", "message", "error", "errmsg", "err_tips", "errMsg", "info")


class PayloadKind(enum.Enum):
    """What the first bytes of a file or an answer look like."""

    ZIP = "zip"
    HTML = "html"
    JSON = "json"
    EMPTY = "empty"
    UNKNOWN = "unknown"


def strip_bom_and_space(data: bytes) -> bytes:
    for bom in _BOMS:
        if data.startswith(bom):
            data = data[len(bom) :]
            break
    return data.lstrip(b" \t\r\n\x0b\x0c\x00")


def sniff_payload(first_bytes: bytes) -> PayloadKind:
    """Classify bytes by how they start; a zip starts with a local header or an empty
    archive's end-of-central-directory record."""
    if not first_bytes:
        return PayloadKind.EMPTY
    if first_bytes.startswith(_ZIP_MAGICS):
        return PayloadKind.ZIP
    head = strip_bom_and_space(first_bytes)
    # UTF-16 pages (after the BOM above) interleave NULs; drop them to read the tag.
    if b"\x00" in head[:64]:
        head = head.replace(b"\x00", b"")
    lowered = head[:SNIFF_BYTES].lower()
    if lowered.startswith(_HTML_STARTS) or (lowered.startswith(b"<") and b"<html" in lowered):
        return PayloadKind.HTML
    if lowered[:1] in (b"{", b"["):
        return PayloadKind.JSON
    return PayloadKind.UNKNOWN


def json_detail(body: bytes) -> str:
    """The error text a small JSON answer carries (msg, message, error...), shortened, or ''."""
    try:
        value = safe_json.loads(strip_bom_and_space(body))
    except safe_json.UnusableJson:
        return ""
    if not isinstance(value, dict):
        return ""
    for key in _DETAIL_KEYS:
        text = value.get(key)
        if isinstance(text, str) and text.strip():
            return text.strip()[:200]
    return ""
