"""Why a download did not produce a package, in one plain sentence for the merchant."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from wizard.core.i18n import _
from wizard.core.network_errors import NetworkProblem
from wizard.core.payload import PayloadKind, json_detail

# --- What the payload is -------------------------------------------------------------------


def logged_out_message() -> str:
    return _(
        "The link gave a web page instead of the code package. You were probably logged out "
        "of your provider's admin. Log in again, click 一键打包 on the 打包代码 page once more, "
        "and use the new link."
    )


def payload_problem(kind: PayloadKind, first_bytes: bytes = b"") -> str:
    """What to tell the merchant when the download is not a zip; empty when it is one."""
    if kind is PayloadKind.ZIP:
        return ""
    if kind is PayloadKind.HTML:
        return logged_out_message()
    if kind is PayloadKind.JSON:
        detail = json_detail(first_bytes)
        if detail:
            return _(
                "Your provider's server answered with a message instead of the code package: "
                "“{detail}”. Click 一键打包 again and use the new link."
            ).format(detail=detail)
        return _(
            "Your provider's server answered with a message instead of the code package. "
            "Click 一键打包 again and use the new link."
        )
    if kind is PayloadKind.EMPTY:
        return _(
            "The download was empty. Click 一键打包 on the 打包代码 page again and use the "
            "new link."
        )
    return _(
        "The downloaded file is not a zip file, so it cannot be the code package. Check that "
        "you copied the link from the 打包代码 page (一键打包)."
    )


# --- Failures, in words ---------------------------------------------------------------------


class FailureKind(enum.Enum):
    """Why a download did not produce a package (HTTP statuses are described separately)."""

    NO_NETWORK = "no_network"
    HOST_NOT_FOUND = "host_not_found"
    CONNECTION_REFUSED = "connection_refused"
    CONNECTION_DROPPED = "connection_dropped"
    TIMED_OUT = "timed_out"
    TLS = "tls"
    PROXY = "proxy"
    INSECURE_REDIRECT = "insecure_redirect"
    UNSUPPORTED_REDIRECT = "unsupported_redirect"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    BAD_URL = "bad_url"
    HTTP = "http"
    NOT_A_ZIP = "not_a_zip"
    SIZE_MISMATCH = "size_mismatch"
    DAMAGED = "damaged"  # the finished file is not one whole zip (e.g. two files spliced)
    GAVE_UP = "gave_up"  # the server kept failing: the download's attempts or time ran out
    DISK_FULL = "disk_full"
    PERMISSION_DENIED = "permission_denied"
    DISK_ERROR = "disk_error"
    CANCELLED = "cancelled"
    OTHER = "other"


_PROBLEM_KINDS: dict[NetworkProblem, FailureKind] = {
    NetworkProblem.OFFLINE: FailureKind.NO_NETWORK,
    NetworkProblem.HOST_NOT_FOUND: FailureKind.HOST_NOT_FOUND,
    NetworkProblem.CONNECTION_REFUSED: FailureKind.CONNECTION_REFUSED,
    NetworkProblem.CONNECTION_DROPPED: FailureKind.CONNECTION_DROPPED,
    NetworkProblem.TIMED_OUT: FailureKind.TIMED_OUT,
    NetworkProblem.CANCELLED: FailureKind.CANCELLED,
    NetworkProblem.TLS: FailureKind.TLS,
    NetworkProblem.PROXY: FailureKind.PROXY,
    NetworkProblem.TOO_MANY_REDIRECTS: FailureKind.TOO_MANY_REDIRECTS,
    NetworkProblem.INSECURE_REDIRECT: FailureKind.INSECURE_REDIRECT,
    NetworkProblem.BAD_URL: FailureKind.BAD_URL,
    NetworkProblem.OTHER: FailureKind.OTHER,
}


def failure_for_problem(problem: NetworkProblem) -> FailureKind:
    """The download failure a network problem (wizard.core.network_errors) amounts to."""
    return _PROBLEM_KINDS[problem]


# Failures where the bytes already saved are still good: keep the .part and offer to continue.
_RESUMABLE_KINDS = frozenset(
    {
        FailureKind.NO_NETWORK,
        FailureKind.HOST_NOT_FOUND,
        FailureKind.CONNECTION_REFUSED,
        FailureKind.CONNECTION_DROPPED,
        FailureKind.TIMED_OUT,
        FailureKind.TLS,
        FailureKind.PROXY,
        FailureKind.GAVE_UP,
        FailureKind.OTHER,
    }
)
# Worth an automatic, immediate retry with Range: the connection broke, the link is fine.
_RETRY_KINDS = frozenset({FailureKind.CONNECTION_DROPPED})


def keeps_partial(kind: FailureKind, status: int = 0) -> bool:
    """Whether the .part file is worth keeping after this failure, so a retry can resume."""
    if kind is FailureKind.HTTP:
        return status >= 500 or status in (408, 429)
    return kind in _RESUMABLE_KINDS


def retry_automatically(kind: FailureKind) -> bool:
    return kind in _RETRY_KINDS


def describe_http_error(status: int) -> str:
    """A plain sentence for an HTTP error status: what happened and what to do."""
    if status == 404 or status == 410:
        return _(
            "The download link has expired or is wrong (error {status}). Click 一键打包 on the "
            "打包代码 page to make a new package, then copy the new link."
        ).format(status=status)
    if status in (401, 403):
        return _(
            "Your provider's server refused the download (error {status}): you were probably "
            "logged out. Log in to your provider's admin, click 一键打包 again and use the new "
            "link."
        ).format(status=status)
    if status == 429:
        return _(
            "Your provider's server is busy (error {status}). Wait a minute, then try again."
        ).format(status=status)
    if status >= 500:
        return _(
            "Your provider's server has a problem (error {status}). This is not your fault. "
            "Try again in a few minutes; if it keeps happening, contact your provider."
        ).format(status=status)
    return _(
        "Your provider's server did not send the code package (error {status}). Click 一键打包 "
        "again and use the new link; if that does not help, contact your provider."
    ).format(status=status)


def describe_network_error(kind: FailureKind) -> str:
    """A plain sentence for a failure that is not an HTTP status: what happened, what to do."""
    if kind is FailureKind.NO_NETWORK:
        return _("This computer is not connected to the internet. Connect, then try again.")
    if kind is FailureKind.HOST_NOT_FOUND:
        return _(
            "The server in the link could not be found. Check your internet connection and "
            "that you copied the whole link, then try again."
        )
    if kind is FailureKind.CONNECTION_REFUSED:
        return _(
            "Your provider's server did not accept the connection. Try again in a few minutes."
        )
    if kind is FailureKind.CONNECTION_DROPPED:
        return _(
            "The connection was lost during the download. What was already downloaded is kept: "
            "click Try again to continue."
        )
    if kind is FailureKind.TIMED_OUT:
        return _(
            "The download stopped: no data arrived for a while. Check your internet connection, "
            "then click Try again to continue where it stopped."
        )
    if kind is FailureKind.TLS:
        return _(
            "A secure connection to the server could not be made. Check that your computer's "
            "date and time are correct, then try again. On an office network, ask your IT "
            "administrator."
        )
    if kind is FailureKind.PROXY:
        return _(
            "The proxy server did not let the download through. Check the proxy settings or ask "
            "your IT administrator."
        )
    if kind is FailureKind.INSECURE_REDIRECT:
        return _(
            "The link sent the download from a secure (https) address to an insecure (http) "
            "one, so it was stopped. Ask your provider for an https download link."
        )
    if kind is FailureKind.UNSUPPORTED_REDIRECT:
        return _(
            "Your provider's server sent the download on to an address that is not a web "
            "address (not http or https), which this app does not follow, so it was stopped. "
            "Ask your provider for a download link that works in a browser."
        )
    if kind is FailureKind.DAMAGED:
        return _(
            "The downloaded file is not a complete zip file (the server may have changed the "
            "package while it was downloading), so it was discarded. Click 一键打包 again and "
            "download the new link."
        )
    if kind is FailureKind.GAVE_UP:
        return _(
            "Your provider's server kept breaking off the download, so the app stopped trying. "
            "What was downloaded is kept: click Try again later, or ask your provider to check "
            "the download link."
        )
    if kind is FailureKind.TOO_MANY_REDIRECTS:
        return _(
            "The link forwarded the download too many times. Click 一键打包 again and use the "
            "new link."
        )
    if kind is FailureKind.BAD_URL:
        return _("This is not a complete link. Copy the whole link and paste it.")
    if kind is FailureKind.NOT_A_ZIP:
        return payload_problem(PayloadKind.UNKNOWN)
    if kind is FailureKind.SIZE_MISMATCH:
        return _(
            "The downloaded file does not have the size the server announced, so it was "
            "discarded. Try again."
        )
    if kind is FailureKind.DISK_FULL:
        return _(
            "There is not enough free space on the disk to save the code package. Free some "
            "space, then try again."
        )
    if kind is FailureKind.PERMISSION_DENIED:
        return _(
            "The code package could not be saved: this app may not write to the folder. Choose "
            "another folder, then try again."
        )
    if kind is FailureKind.DISK_ERROR:
        return _("The code package could not be saved to the disk. Try again.")
    if kind is FailureKind.CANCELLED:
        return _("The download was cancelled.")
    if kind is FailureKind.HTTP:
        return describe_http_error(0)
    return _("The download failed for an unknown reason. Try again.")


@dataclass(frozen=True)
class DownloadOutcome:
    """What a download came to: the saved package, or a failure sentence for the merchant."""

    ok: bool
    path: Path | None = None
    message: str = ""
    kind: FailureKind | None = None
    http_status: int = 0
    resumable: bool = False
    size: int = 0
    server_filename: str = ""

    @classmethod
    def success(cls, path: Path, size: int, server_filename: str = "") -> DownloadOutcome:
        return cls(True, path, size=size, server_filename=server_filename)

    @classmethod
    def failure(
        cls,
        kind: FailureKind,
        message: str,
        *,
        http_status: int = 0,
        resumable: bool = False,
        size: int = 0,
    ) -> DownloadOutcome:
        return cls(
            False, None, message, kind, http_status=http_status, resumable=resumable, size=size
        )
