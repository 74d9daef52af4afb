"""A safe file name for a download: the server's (Content-Disposition), else the link's."""

from __future__ import annotations

import re
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from wizard.core.filenames import is_windows_reserved
from wizard.core.package.download.links import FALLBACK_FILENAME

_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')
_MAX_NAME = 120


def _decode_header(value: str | bytes) -> str:
    """Header bytes as text: UTF-8, else GB18030 (Chinese servers), else Latin-1."""
    if isinstance(value, str):
        # Qt hands raw bytes over as Latin-1 text; recover UTF-8 names sent unencoded.
        try:
            return value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return value
    for encoding in ("utf-8", "gb18030"):
        try:
            return value.decode(encoding)
        except UnicodeDecodeError:
            continue
    return value.decode("latin-1")


_PARAM_RE = re.compile(r'(?:^|;)\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


def _split_params(header: str) -> dict[str, str]:
    """Parameters of a Content-Disposition value; quoted strings may hold ; and escapes."""
    params: dict[str, str] = {}
    for match in _PARAM_RE.finditer(header):
        key = match.group(1).lower()
        raw = match.group(2).strip()
        if len(raw) >= 2 and raw.startswith('"') and raw.endswith('"'):
            # Only \" and \\ are unescaped: naive servers send Windows paths with lone
            # backslashes, which must survive to be stripped as path parts.
            raw = re.sub(r'\\(["\\])', r"\1", raw[1:-1])
        params.setdefault(key, raw)
    return params


def _decode_ext_value(value: str) -> str | None:
    """RFC 5987 charset'lang'percent-encoded value, e.g. UTF-8''%E4%BB%A3%E7%A0%81.zip."""
    charset, quote1, rest = value.partition("'")
    _lang, quote2, encoded = rest.partition("'")
    if not quote1 or not quote2:
        return None
    charset = charset.strip().lower() or "utf-8"
    if charset in ("gbk", "gb2312"):
        charset = "gb18030"
    try:
        return unquote_to_bytes(encoded).decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None


def sanitize_filename(name: str) -> str:
    """The last path part of a name, without characters Windows or macOS refuse; may be ""."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _BAD_CHARS.sub("_", name).strip().strip(".").strip()
    if not name:
        return ""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if is_windows_reserved(name):
        stem = "_" + stem
    if len(name) > _MAX_NAME:
        stem = stem[: _MAX_NAME - len(ext) - 1]
    return f"{stem}.{ext}" if ext else stem


def _maybe_percent_decoded(name: str) -> str:
    if not re.search(r"%[0-9A-Fa-f]{2}", name):
        return name
    try:
        return unquote_to_bytes(name).decode("utf-8")
    except UnicodeDecodeError:
        return name


def suggest_filename(url: str, content_disposition: str | bytes | None = None) -> str:
    """A safe .zip file name: the server's (filename* first), else the link's, else package.zip."""
    if content_disposition:
        params = _split_params(_decode_header(content_disposition))
        candidates: list[str] = []
        extended = params.get("filename*")
        if extended:
            decoded = _decode_ext_value(extended)
            if decoded:
                candidates.append(decoded)
        plain = params.get("filename")
        if plain:
            candidates.append(_maybe_percent_decoded(plain))
        for candidate in candidates:
            name = sanitize_filename(candidate)
            if name:
                # The server named the file; it is the package whatever the extension says.
                return name if name.lower().endswith(".zip") else f"{name}.zip"
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return FALLBACK_FILENAME
    name = sanitize_filename(unquote(path, errors="strict") if path else "")
    if name.lower().endswith(".zip") and len(name) > 4:
        return name
    return FALLBACK_FILENAME
