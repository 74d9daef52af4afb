"""What a reachability check of one domain found, and what it means for the merchant (pure).

The QtNetwork side (wizard/net/domain_reach.py) looks the name up, opens a TLS connection and
reads the certificate; it fills a `ReachObservation`. `judge_reach(observation, now)` turns it
into one sentence: the first thing that would stop the released mini-program from connecting
(the platform requires a trusted certificate and TLS 1.2 or newer), or a short confirmation.
The check is optional and advisory: it never decides whether the step is done.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from wizard.core.checks import Check
from wizard.core.i18n import _

# A certificate that runs out sooner than this is worth a warning now.
EXPIRY_WARNING = timedelta(days=30)
DEFAULT_TIMEOUT_SECONDS = 10


class Failure(enum.Enum):
    """Why the connection could not be completed (before any certificate was seen)."""

    STOPPED = "stopped"
    HOST_NOT_FOUND = "host_not_found"
    REFUSED = "refused"
    TIMED_OUT = "timed_out"
    CLOSED = "closed"
    TLS_FAILED = "tls_failed"
    NETWORK = "network"


class CertProblem(enum.Enum):
    """What the TLS library said about the certificate (only trust is taken from it; dates and
    names are judged here from the certificate itself)."""

    UNTRUSTED = "untrusted"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    HOST_MISMATCH = "host_mismatch"
    OTHER = "other"


@dataclass(frozen=True)
class ReachObservation:
    """Facts gathered by the network side; any of them may be missing."""

    host: str
    port: int = 443
    failure: Failure | None = None
    timeout_seconds: int = DEFAULT_TIMEOUT_SECONDS
    addresses: tuple[str, ...] = ()
    # From the server's certificate (after a completed handshake).
    names: tuple[str, ...] = ()
    not_before: datetime | None = None
    not_after: datetime | None = None
    problems: tuple[CertProblem, ...] = ()
    # "TLSv1.2", "TLSv1.3", … as negotiated.
    protocol: str = ""


@dataclass(frozen=True)
class ReachVerdict:
    """The check's outcome: `check` (INVALID with the reason, or ACCEPTABLE, possibly with a
    warning) and `summary`, one sentence to show when all is well."""

    check: Check
    summary: str = ""

    @property
    def ok(self) -> bool:
        return self.check.ok


def certificate_matches(host: str, names: tuple[str, ...] | list[str]) -> bool:
    """Does a certificate for `names` cover `host`? A wildcard stands for exactly one whole
    leftmost label ("*.example.com" covers "api.example.com", not "example.com" or "a.b.…")."""
    wanted = host.lower().rstrip(".").split(":")[0]
    for name in names:
        pattern = name.lower().rstrip(".")
        if pattern == wanted:
            return True
        if pattern.startswith("*.") and "*" not in pattern[2:]:
            suffix = pattern[1:]
            head, _dot, rest = wanted.partition(".")
            if head and rest and "." + rest == suffix:
                return True
    return False


def _date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d")


def judge_reach(observation: ReachObservation, now: datetime | None = None) -> ReachVerdict:
    """The first problem as one sentence, or a confirmation. `now` is for tests."""
    moment = now or datetime.now(UTC)
    host = observation.host
    failure = observation.failure
    if failure is Failure.STOPPED:
        return ReachVerdict(Check.invalid(_("The check of {host} was stopped.").format(host=host)))
    if failure is Failure.HOST_NOT_FOUND:
        return ReachVerdict(
            Check.invalid(
                _(
                    "The domain {host} was not found on the internet. Check the spelling, or ask "
                    "your provider whether it is set up."
                ).format(host=host)
            )
        )
    if failure is Failure.REFUSED:
        return ReachVerdict(
            Check.invalid(
                _(
                    "{host} refused the connection on port {port}: no HTTPS server answers "
                    "there. Ask your provider to check the server."
                ).format(host=host, port=observation.port)
            )
        )
    if failure is Failure.TIMED_OUT:
        return ReachVerdict(
            Check.invalid(
                _(
                    "{host} did not answer within {seconds} seconds. Check your internet "
                    "connection and try again; if it persists, ask your provider."
                ).format(host=host, seconds=observation.timeout_seconds)
            )
        )
    if failure is Failure.NETWORK:
        return ReachVerdict(
            Check.invalid(
                _(
                    "This computer could not connect to {host}. Check your internet connection."
                ).format(host=host)
            )
        )
    if failure in (Failure.CLOSED, Failure.TLS_FAILED):
        return ReachVerdict(
            Check.invalid(
                _(
                    "{host} does not complete a secure (HTTPS) connection. Ask your provider to "
                    "check the server's certificate setup."
                ).format(host=host)
            )
        )
    if observation.not_after is not None and observation.not_after < moment:
        return ReachVerdict(
            Check.invalid(
                _(
                    "The certificate of {host} expired on {date}: the mini-program cannot "
                    "connect. Ask your provider to renew it."
                ).format(host=host, date=_date(observation.not_after))
            )
        )
    if observation.not_before is not None and observation.not_before > moment:
        return ReachVerdict(
            Check.invalid(
                _(
                    "The certificate of {host} is only valid from {date}. Check this "
                    "computer's clock, or ask your provider."
                ).format(host=host, date=_date(observation.not_before))
            )
        )
    mismatch = CertProblem.HOST_MISMATCH in observation.problems or (
        bool(observation.names) and not certificate_matches(host, observation.names)
    )
    if mismatch:
        shown = ", ".join(observation.names[:3]) or "?"
        return ReachVerdict(
            Check.invalid(
                _(
                    "The certificate of {host} is for {names}, not for {host}: the mini-program "
                    "will refuse it. Ask your provider for a certificate that covers {host}."
                ).format(host=host, names=shown)
            )
        )
    if CertProblem.UNTRUSTED in observation.problems or CertProblem.OTHER in observation.problems:
        return ReachVerdict(
            Check.invalid(
                _(
                    "The certificate of {host} is not trusted (self-signed, or its chain is "
                    "incomplete). Ask your provider to install a certificate from a trusted "
                    "authority with its full chain."
                ).format(host=host)
            )
        )
    if CertProblem.EXPIRED in observation.problems:
        return ReachVerdict(
            Check.invalid(
                _("The certificate of {host} has expired. Ask your provider to renew it.").format(
                    host=host
                )
            )
        )
    if observation.protocol and observation.protocol in ("SSLv3", "TLSv1.0", "TLSv1.1"):
        return ReachVerdict(
            Check.invalid(
                _(
                    "{host} uses {protocol}, which is too old: the platform requires TLS 1.2 or "
                    "newer. Ask your provider to update the server."
                ).format(host=host, protocol=observation.protocol)
            )
        )
    warning = ""
    if observation.not_after is not None and observation.not_after - moment < EXPIRY_WARNING:
        warning = _(
            "The certificate of {host} expires on {date}: remind your provider to renew it."
        ).format(host=host, date=_date(observation.not_after))
    if observation.not_after is not None:
        summary = _("{host} answers over HTTPS; its certificate is valid until {date}.").format(
            host=host, date=_date(observation.not_after)
        )
    else:
        summary = _("{host} answers over HTTPS.").format(host=host)
    return ReachVerdict(Check.acceptable(warning), summary)
