"""Reading the feed over HTTP(S): bounded in size, time and redirects; no other scheme."""

from __future__ import annotations

import http.client
import ssl
import urllib.error
import urllib.request
from typing import IO
from urllib.parse import urljoin, urlsplit

from wizard import APP_ID, __version__
from wizard.core.i18n import _
from wizard.core.updates.feed import MAX_FEED_BYTES, FeedError, too_large_message

TIMEOUT_S = 15.0
MAX_REDIRECTS = 3


class FeedUnreachable(Exception):
    """The feed could not be read (network, server); the message is one sentence."""


class _SameSchemeRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a few redirects, only to the same scheme (never https → http, nor file:)."""

    max_redirections = MAX_REDIRECTS

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
    ) -> object:
        # Judged before urllib's own handling (which would turn file: into a plain error).
        location = headers.get("Location") or headers.get("URI") or ""
        old, new = urlsplit(req.full_url).scheme, urlsplit(urljoin(req.full_url, location)).scheme
        if location and new != old:
            raise FeedError(
                _(
                    "The update address sent the app on to a {scheme} address, which is not "
                    "followed, so the update information was not read."
                ).format(scheme=new or "?")
            )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def read_feed(url: str, *, timeout: float = TIMEOUT_S) -> bytes:
    """The feed's bytes (at most MAX_FEED_BYTES). Raises FeedUnreachable or FeedError."""
    scheme = urlsplit(url).scheme
    if scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise FeedError(_("The update address is not a web address, so it was not read."))
    opener = urllib.request.build_opener(
        _SameSchemeRedirects(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
    )
    request = urllib.request.Request(
        url, headers={"User-Agent": f"{APP_ID}/{__version__}", "Accept": "application/json"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared is not None and declared.isdigit() and int(declared) > MAX_FEED_BYTES:
                raise FeedError(too_large_message())
            data: bytes = response.read(MAX_FEED_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FeedUnreachable(
            _("The update server answered with an error (HTTP {status}); try again later.").format(
                status=exc.code
            )
        ) from exc
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        raise FeedUnreachable(
            _(
                "The update server could not be reached (no connection, or it did not answer); "
                "check the internet connection or try again later."
            )
        ) from exc
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(too_large_message())
    return data
