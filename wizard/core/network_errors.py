"""Qt's network errors as the app's words: one decision for every adapter (no Qt here).

The QtNetwork adapters (download, credential check, later the upload) pass the *name* of a
`QNetworkReply.NetworkError` member (``error.name``); this module decides what it means for the
merchant. Each area then words the problem for its own situation (a download can be continued,
a check can be skipped), but what a Qt error *is* is decided here once.
"""

from __future__ import annotations

import enum
from typing import Final


class NetworkProblem(enum.Enum):
    """What went wrong below HTTP, as far as the merchant is concerned."""

    OFFLINE = "offline"
    HOST_NOT_FOUND = "host-not-found"
    CONNECTION_REFUSED = "connection-refused"
    # The connection broke after it was made: worth a retry, what arrived is still good.
    CONNECTION_DROPPED = "connection-closed"
    TIMED_OUT = "timeout"
    CANCELLED = "cancelled"
    TLS = "tls"
    PROXY = "proxy"
    TOO_MANY_REDIRECTS = "too-many-redirects"
    INSECURE_REDIRECT = "insecure-redirect"
    BAD_URL = "bad-url"
    OTHER = "other"


# QNetworkReply.NetworkError member names (transport-level only: 4xx/5xx errors carry an HTTP
# status, which each area's rules read instead).
QT_ERRORS: Final[dict[str, NetworkProblem]] = {
    "ConnectionRefusedError": NetworkProblem.CONNECTION_REFUSED,
    "RemoteHostClosedError": NetworkProblem.CONNECTION_DROPPED,
    "HostNotFoundError": NetworkProblem.HOST_NOT_FOUND,
    "TimeoutError": NetworkProblem.TIMED_OUT,
    # Adapters record their own aborts (cancel, deadline) before aborting, so a cancel they
    # did not ask for is Qt's transfer timeout firing.
    "OperationCanceledError": NetworkProblem.TIMED_OUT,
    "SslHandshakeFailedError": NetworkProblem.TLS,
    "TemporaryNetworkFailureError": NetworkProblem.OFFLINE,
    "NetworkSessionFailedError": NetworkProblem.OFFLINE,
    "BackgroundRequestNotAllowedError": NetworkProblem.OFFLINE,
    # Qt reports a connection that broke in an unexpected way as "unknown": like a dropped
    # connection, it is worth one more try and the bytes that arrived are still good.
    "UnknownNetworkError": NetworkProblem.CONNECTION_DROPPED,
    # A body cut short of its Content-Length or a broken chunk: the link is fine, resume.
    "ProtocolFailure": NetworkProblem.CONNECTION_DROPPED,
    "TooManyRedirectsError": NetworkProblem.TOO_MANY_REDIRECTS,
    "InsecureRedirectError": NetworkProblem.INSECURE_REDIRECT,
    "ProxyConnectionRefusedError": NetworkProblem.PROXY,
    "ProxyConnectionClosedError": NetworkProblem.PROXY,
    "ProxyNotFoundError": NetworkProblem.PROXY,
    "ProxyTimeoutError": NetworkProblem.PROXY,
    "ProxyAuthenticationRequiredError": NetworkProblem.PROXY,
    "UnknownProxyError": NetworkProblem.PROXY,
    "ProtocolUnknownError": NetworkProblem.BAD_URL,
    "ProtocolInvalidOperationError": NetworkProblem.BAD_URL,
}


def transport_problem(qt_error_name: str) -> NetworkProblem | None:
    """The problem a transport-level Qt error means; None for NoError and HTTP-level errors."""
    return QT_ERRORS.get(qt_error_name)


def network_problem(qt_error_name: str) -> NetworkProblem | None:
    """Like transport_problem, but any other error (when no HTTP status came) is OTHER."""
    if qt_error_name == "NoError":
        return None
    return QT_ERRORS.get(qt_error_name, NetworkProblem.OTHER)
