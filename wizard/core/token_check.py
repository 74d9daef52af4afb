"""Online AppID/AppSecret check: build the token request and decide what the answer means.

Pure functions over bytes and status codes; the HTTP itself is done by wizard/net. Two endpoints
(platform_facts, platform-facts.md):

- classic `POST classic_token_url()` JSON `{appid, secret, grant_type}` -> `{err_no, err_tips,
  data: {access_token, expires_in}}`; errors 40015 appid, 40017 secret, 40020 grant_type,
  -1 system. Each call cuts the live server's current token to 5 minutes.
- stable `POST stable_token_url()` JSON `{client_key, client_secret, grant_type}` ->
  `{data: {access_token, expires_in, error_code, description}, message}` (developer.open-douyin
  .com, "生成stable_client_token"; errors come with HTTP 200 and data.error_code 10002 params,
  10003 unknown client_key, 10013 wrong key/secret). Idempotent, but documented for mobile/web
  apps: that it knows mini-program AppIDs is unconfirmed, so "unknown client_key" only warns.

The access token in a successful answer is a credential too: it is never kept or returned.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any

from wizard.core import platform_facts as facts
from wizard.core.credentials import normalize_appid, normalize_secret
from wizard.core.files import safe_json
from wizard.core.i18n import N_, _
from wizard.core.network_errors import NetworkProblem
from wizard.core.payload import PayloadKind, sniff_payload


class EndpointKind(enum.Enum):
    """Which token endpoint the check calls."""

    CLASSIC = "classic"
    STABLE = "stable"


# The stable endpoint never disturbs the merchant's live server, so it is the default.
DEFAULT_ENDPOINT = EndpointKind.STABLE


class OutcomeKind(enum.Enum):
    """What a credential check found out."""

    RIGHT = "right"
    WRONG_APPID = "wrong-appid"
    WRONG_SECRET = "wrong-secret"
    PLATFORM_ERROR = "platform-error"
    NO_NETWORK = "no-network"
    TIMED_OUT = "timed-out"
    UNEXPECTED = "unexpected"
    CANCELLED = "cancelled"


# Network problems the Qt adapter reports to interpret_token_response() as `network_error`:
# the values of wizard.core.network_errors.NetworkProblem (one map of Qt's errors for all).
NET_TIMEOUT = NetworkProblem.TIMED_OUT.value
NET_CANCELLED = NetworkProblem.CANCELLED.value
NET_CONNECTION_REFUSED = NetworkProblem.CONNECTION_REFUSED.value
NET_CONNECTION_CLOSED = NetworkProblem.CONNECTION_DROPPED.value
NET_HOST_NOT_FOUND = NetworkProblem.HOST_NOT_FOUND.value
NET_TLS = NetworkProblem.TLS.value
NET_PROXY = NetworkProblem.PROXY.value
NET_OFFLINE = NetworkProblem.OFFLINE.value
NET_OTHER = NetworkProblem.OTHER.value

CLASSIC_OK = 0
CLASSIC_BAD_APPID = 40015
CLASSIC_BAD_SECRET = 40017
CLASSIC_BAD_GRANT = 40020
CLASSIC_SYSTEM_ERROR = -1
STABLE_OK = 0
STABLE_BAD_PARAMS = 10002
STABLE_UNKNOWN_KEY = 10003
STABLE_WRONG_KEY_OR_SECRET = 10013

GRANT_TYPE = "client_credential"

# What each endpoint costs the merchant; shown beside the "check online" button.
CLASSIC_COST_NOTE = N_(
    "This check asks the platform for a new access token. The platform then shortens the token "
    "your live mini-program's server is using to 5 minutes, so do not run it while the server "
    "is busy."
)
STABLE_COST_NOTE = N_(
    "This check asks the platform for its current access token and changes nothing on your live "
    "mini-program. The platform documents this check for mobile and web apps; if it does not "
    "accept mini-program AppIDs, the result is only a hint."
)


def endpoint_note(kind: EndpointKind) -> str:
    """The translated cost/side-effect note for an endpoint."""
    return _(CLASSIC_COST_NOTE if kind is EndpointKind.CLASSIC else STABLE_COST_NOTE)


@dataclass(frozen=True)
class TokenCheckOutcome:
    """The verdict of one online check and the sentence to show (what happened, what to do)."""

    kind: OutcomeKind
    message: str
    endpoint: EndpointKind
    # Platform error code and HTTP status, for the log and support; never the token itself.
    code: int | None = None
    http_status: int | None = None
    # False when the platform's answer may be wrong for mini-programs (stable endpoint).
    conclusive: bool = True

    @property
    def ok(self) -> bool:
        return self.kind is OutcomeKind.RIGHT

    @property
    def blocks(self) -> bool:
        """Whether the wizard should stop the merchant: only a sure "wrong AppID/AppSecret"."""
        wrong = self.kind in (OutcomeKind.WRONG_APPID, OutcomeKind.WRONG_SECRET)
        return wrong and self.conclusive


def token_url(kind: EndpointKind) -> str:
    return facts.classic_token_url() if kind is EndpointKind.CLASSIC else facts.stable_token_url()


def build_token_request(
    endpoint_kind: EndpointKind, appid: str, secret: str
) -> tuple[str, dict[str, str], bytes]:
    """URL, headers and JSON body of a token request (the body holds the secret: never log it)."""
    key, value = normalize_appid(appid), normalize_secret(secret)
    if endpoint_kind is EndpointKind.CLASSIC:
        payload = {"appid": key, "secret": value, "grant_type": GRANT_TYPE}
    else:
        payload = {"client_key": key, "client_secret": value, "grant_type": GRANT_TYPE}
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
    return token_url(endpoint_kind), headers, body


def _parse_json(body: bytes) -> dict[str, Any] | None:
    try:
        value = safe_json.loads(body)
    except safe_json.UnusableJson:
        return None
    return value if isinstance(value, dict) else None


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def _has_token(data: object) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("access_token"), str)
        and bool(data["access_token"])
    )


def _error_code(kind: EndpointKind, answer: dict[str, Any]) -> int | None:
    """The platform's error code, wherever this endpoint family puts it."""
    data = answer.get("data")
    if kind is EndpointKind.CLASSIC:
        for source in (answer, data):
            if isinstance(source, dict) and "err_no" in source:
                return _int_or_none(source["err_no"])
        return None
    for source in (data, answer, answer.get("extra")):
        if isinstance(source, dict):
            for name in ("error_code", "err_no"):
                if name in source:
                    return _int_or_none(source[name])
    return None


def _wrong_appid_message() -> str:
    return _(
        "The platform does not know this AppID. Check it against the developer platform "
        "(your mini-program → 开发 → 开发配置)."
    )


def _wrong_secret_message() -> str:
    return _(
        "The platform rejected this AppSecret for this AppID. Copy it again from 开发 → 开发配置; "
        "if nobody has it any more, it must be reset there (the old one then stops working on "
        "your server)."
    )


def _platform_error(kind: EndpointKind, code: int | None, status: int | None) -> TokenCheckOutcome:
    return TokenCheckOutcome(
        OutcomeKind.PLATFORM_ERROR,
        _(
            "The platform had a problem answering the check. Try again in a few minutes; you can "
            "also go on without this check."
        ),
        kind,
        code,
        status,
    )


def _unexpected(kind: EndpointKind, code: int | None, status: int | None) -> TokenCheckOutcome:
    if code is not None:
        message = _(
            "The platform answered with error {code}, which this app does not know. Try again "
            "later; you can also go on without this check."
        ).format(code=code)
    else:
        message = _(
            "The platform's answer could not be understood (HTTP {status}). Try again later; "
            "you can also go on without this check."
        ).format(status=status if status is not None else "-")
    return TokenCheckOutcome(OutcomeKind.UNEXPECTED, message, kind, code, status)


def _network_outcome(kind: EndpointKind, problem: str) -> TokenCheckOutcome:
    if problem == NET_CANCELLED:
        return TokenCheckOutcome(OutcomeKind.CANCELLED, _("The check was cancelled."), kind)
    if problem == NET_TIMEOUT:
        return TokenCheckOutcome(
            OutcomeKind.TIMED_OUT,
            _(
                "The platform did not answer in time. Check the internet connection and try "
                "again; you can also go on without this check."
            ),
            kind,
        )
    if problem == NET_TLS:
        message = _(
            "A secure connection to the platform could not be made. Check that the computer's "
            "date and time are right and that no proxy or security software is in the way, "
            "then try again."
        )
    elif problem == NET_PROXY:
        message = _(
            "The proxy server did not let the check through. Check the proxy settings, or ask "
            "whoever manages this network, then try again."
        )
    else:
        message = _(
            "The platform could not be reached. Check that this computer is connected to the "
            "internet, then try again; you can also go on without this check."
        )
    return TokenCheckOutcome(OutcomeKind.NO_NETWORK, message, kind)


def interpret_token_response(
    endpoint_kind: EndpointKind,
    http_status: int | None,
    body: bytes,
    network_error: str | None = None,
) -> TokenCheckOutcome:
    """Turn one response (or network failure) into an outcome with a plain sentence."""
    kind = endpoint_kind
    if network_error:
        return _network_outcome(kind, network_error)
    if http_status is not None and 300 <= http_status < 400:
        # The request carries the AppSecret: it is never sent on, and an answer from anywhere
        # but the platform's own address is never taken as a verdict.
        return TokenCheckOutcome(
            OutcomeKind.UNEXPECTED,
            _(
                "The check was sent on to another address, so the app stopped it there: your "
                "AppSecret is only ever sent to the platform itself. On an office or hotel "
                "network, try another network; you can also go on without this check."
            ),
            kind,
            None,
            http_status,
        )
    answer = _parse_json(body)
    if answer is None:
        if http_status is not None and (http_status >= 500 or http_status == 429):
            return _platform_error(kind, None, http_status)
        if sniff_payload(body) is PayloadKind.HTML:
            # Typical of a Wi-Fi login page or a proxy answering in the platform's place.
            return TokenCheckOutcome(
                OutcomeKind.UNEXPECTED,
                _(
                    "A web page came back instead of the platform's answer. The network may "
                    "need a login first (hotel or office Wi-Fi) or a proxy is in the way. Open "
                    "a web page in your browser, then try again."
                ),
                kind,
                None,
                http_status,
            )
        return _unexpected(kind, None, http_status)
    code = _error_code(kind, answer)
    data = answer.get("data")
    ok_code = CLASSIC_OK if kind is EndpointKind.CLASSIC else STABLE_OK
    if (code is None or code == ok_code) and _has_token(data) and http_status in (None, 200):
        return TokenCheckOutcome(
            OutcomeKind.RIGHT,
            _("The platform accepted this AppID and AppSecret."),
            kind,
            code,
            http_status,
        )
    if kind is EndpointKind.CLASSIC:
        if code == CLASSIC_BAD_APPID:
            return TokenCheckOutcome(
                OutcomeKind.WRONG_APPID, _wrong_appid_message(), kind, code, http_status
            )
        if code == CLASSIC_BAD_SECRET:
            return TokenCheckOutcome(
                OutcomeKind.WRONG_SECRET, _wrong_secret_message(), kind, code, http_status
            )
        if code == CLASSIC_SYSTEM_ERROR:
            return _platform_error(kind, code, http_status)
    else:
        if code == STABLE_UNKNOWN_KEY:
            # Unconfirmed that this endpoint knows mini-program AppIDs: warn, do not block.
            return TokenCheckOutcome(
                OutcomeKind.WRONG_APPID,
                _(
                    "The platform's check did not recognise this AppID. Either the AppID is "
                    "wrong, or this check does not work for mini-programs. Compare the AppID "
                    "with 开发 → 开发配置; if it matches, you can go on."
                ),
                kind,
                code,
                http_status,
                conclusive=False,
            )
        if code == STABLE_WRONG_KEY_OR_SECRET:
            return TokenCheckOutcome(
                OutcomeKind.WRONG_SECRET, _wrong_secret_message(), kind, code, http_status
            )
    if code in (CLASSIC_BAD_GRANT, STABLE_BAD_PARAMS) and code != ok_code:
        # The request itself was refused: this app's fault, not the merchant's input.
        return TokenCheckOutcome(
            OutcomeKind.UNEXPECTED,
            _(
                "The platform refused the check's request (error {code}). This is a problem in "
                "this app, not in your AppID or AppSecret; you can go on without this check."
            ).format(code=code),
            kind,
            code,
            http_status,
        )
    if http_status is not None and (http_status >= 500 or http_status == 429):
        return _platform_error(kind, code, http_status)
    return _unexpected(kind, None if code == ok_code else code, http_status)
