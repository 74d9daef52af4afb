"""The requests to the merchant's documented server APIs (no Qt: the window's adapter sends them).

Every request carries a credential (the token request the AppSecret, the others the access
token): the adapter never follows a redirect, never logs a header or a body, and keeps the
token in memory only for the length of one run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import quote

from wizard.core import platform_facts as facts
from wizard.core import safe_json
from wizard.core.token_check import EndpointKind, build_token_request


@dataclass(frozen=True)
class PlatformRequest:
    """One HTTP request: method, URL, headers and body (headers and body may hold secrets)."""

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def __repr__(self) -> str:  # never print a token or a secret by accident
        return f"PlatformRequest({self.method} {self.url})"


def token_request(appid: str, secret: str) -> PlatformRequest:
    """The stable_client_token request (never the plain client_token: its re-fetch cuts the
    token the provider's own server uses for this AppID to five minutes)."""
    url, headers, body = build_token_request(EndpointKind.STABLE, appid, secret)
    return PlatformRequest("POST", url, headers, body)


def access_token_from(body: bytes) -> str | None:
    """The access token of a stable_client_token answer, or None (never logged, never kept)."""
    try:
        answer = safe_json.loads(body)
    except safe_json.UnusableJson:
        return None
    data = answer.get("data") if isinstance(answer, dict) else None
    token = data.get("access_token") if isinstance(data, dict) else None
    if isinstance(token, str) and token and len(token) < 4096 and token.isprintable():
        return token
    return None


def _headers(token: str, *, json_body: bool) -> dict[str, str]:
    headers = {"access-token": token, "Accept": "application/json"}
    if json_body:
        headers["Content-Type"] = "application/json"
    return headers


def privacy_request(token: str) -> PlatformRequest:
    """privacy_setting/query: is the privacy agreement configured (data.is_configure)."""
    return PlatformRequest(
        "POST",
        facts.open_api_base() + facts.PRIVACY_QUERY_PATH,
        _headers(token, json_body=True),
        json.dumps({}).encode("ascii"),
    )


def categories_request(token: str) -> PlatformRequest:
    """get_audit_categories: the service categories, their review state and edits left."""
    return PlatformRequest(
        "GET", facts.open_api_base() + facts.CATEGORIES_PATH, _headers(token, json_body=False)
    )


def capacity_list_request(token: str) -> PlatformRequest:
    """query_capacity_list: the capabilities this mini-program can apply for."""
    return PlatformRequest(
        "GET", facts.open_api_base() + facts.CAPACITY_LIST_PATH, _headers(token, json_body=False)
    )


def capacity_status_request(token: str, capacity_key: str) -> PlatformRequest:
    """query_apply_status?capacity_key=…: where one capability application stands."""
    url = (
        facts.open_api_base()
        + facts.CAPACITY_STATUS_PATH
        + "?capacity_key="
        + quote(capacity_key, safe="")
    )
    return PlatformRequest("GET", url, _headers(token, json_body=False))
