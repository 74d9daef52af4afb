"""The platform's own word, through the official CLI: the live version, the host apps, and the
submission for review (`tma get-meta`, `tma hosts`, `tma audit`).

Each call runs the CLI once in a private home with the upload token written into its own
config file (never on a command line), through the runner in wizard/core/cli_runner.py, and
always returns a `PlatformAnswer`: never raises for anything the merchant, the CLI, the network
or the platform can cause. The CLI exits 0 whatever happens (docs/platform-facts.md), so its
output is the verdict: the answer on stdout, else the last ``Error:`` block on stderr.

Whether the platform accepts the upload token for these three calls is not confirmed: a
refusal is an answer like any other, and the caller falls back to the merchant's own word.
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path

from wizard.core import platform_facts as facts
from wizard.core.credentials import normalize_appid, normalize_upload_token
from wizard.core.i18n import _
from wizard.core.logs import REDACTED, register_secret
from wizard.core.paths import AppPaths
from wizard.core.upload.cli_runner import (
    CancelCallback,
    CliLocation,
    CliStartError,
    cli_missing_message,
    find_cli,
    private_home,
    proxy_for_cli,
    run_cli,
)
from wizard.core.upload.outcome import error_blocks, strip_ansi
from wizard.core.versions import parse_lenient

log = logging.getLogger(__name__)

# Stable, untranslated reasons the pages, the command and the tests branch on.
OK = "ok"
TOKEN_MISSING = "token-missing"
TOKEN_REFUSED = "token-refused"  # the platform does not take the upload token for this call
NO_PERMISSION = "no-permission"
APPID_INVALID = "appid-invalid"
REFUSED = "refused"  # the platform said no, with its reason
NETWORK = "network"
PLATFORM_BUSY = "platform-busy"
TIMEOUT = "timeout"
CANCELLED = "cancelled"
CLI_MISSING = "cli-missing"
CLI_FAILED = "cli-failed"
UNKNOWN = "unknown"
# The answers after which the merchant goes on in the console, as before.
CONSOLE_PATH_KINDS = frozenset({TOKEN_MISSING, TOKEN_REFUSED, NO_PERMISSION})

GET_META = "get-meta"
HOSTS = "hosts"
AUDIT = "audit"

NETWORK_MARKERS = (
    "ECONNREFUSED",
    "ENOTFOUND",
    "ETIMEDOUT",
    "ECONNRESET",
    "EAI_AGAIN",
    "socket hang up",
    "tunneling socket",
    "network",
)
STATUS_CODE = re.compile(r"status code (\d{3})")
HOST_KEY = re.compile(r"'([A-Za-z0-9_]{1,40})'")
# What is kept of the platform's own text in a sentence.
MAX_REASON = 300


@dataclass(frozen=True)
class PlatformAnswer:
    """One call's outcome: a sentence for the merchant, and what the platform said."""

    ok: bool
    kind: str
    message: str
    command: str
    detail: str = ""  # the CLI's or platform's own words, for a 「详情：」 line
    live_version: str = ""  # get-meta: the live version, "" when nothing is live
    hosts: tuple[str, ...] = ()  # hosts: the host app keys the mini-program may use
    asked_at: float = 0.0

    @property
    def console_path(self) -> bool:
        """The platform does not take the token for this: the console is the way, as before."""
        return self.kind in CONSOLE_PATH_KINDS


def _answer(command: str, kind: str, message: str, detail: str = "") -> PlatformAnswer:
    return PlatformAnswer(False, kind, message, command, detail[:MAX_REASON], asked_at=time.time())


def _reason(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MAX_REASON else line[: MAX_REASON - 1] + "…"


def interpret(command: str, stdout: str, stderr: str) -> PlatformAnswer:
    """What one run of get-meta, hosts or audit printed, as an answer (a pure function)."""
    out = strip_ansi(stdout)
    if command == AUDIT and "Audit success" in out:
        return PlatformAnswer(True, OK, _("Submitted for review."), command, asked_at=time.time())
    if command == GET_META:
        found = _meta(out)
        if found is not None:
            words = (
                _("The platform says version {version} is live.").format(version=found)
                if found
                else _("The platform says no version is live yet.")
            )
            return PlatformAnswer(
                True, OK, words, command, live_version=found, asked_at=time.time()
            )
    if command == HOSTS and not stderr.strip():
        keys = tuple(dict.fromkeys(HOST_KEY.findall(out)))
        if keys or out.strip().startswith("["):
            return PlatformAnswer(
                True,
                OK,
                _("The platform lists {count} host apps.").format(count=len(keys)),
                command,
                hosts=keys,
                asked_at=time.time(),
            )
    blocks = error_blocks(stderr)
    if not blocks:
        return _answer(
            command,
            UNKNOWN,
            _("The upload tool gave no answer that MiniApp Publisher understands."),
            _reason(out + " " + strip_ansi(stderr)),
        )
    return _explain(command, blocks[-1].kind, blocks[-1].message)


def _meta(out: str) -> str | None:
    """The live version in get-meta's JSON line ("" for none), or None when there is no JSON."""
    for line in reversed(out.splitlines()):
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        version = data.get("version")
        if isinstance(version, str) and parse_lenient(version) is not None:
            return str(parse_lenient(version))
        return ""
    return None


def _explain(command: str, kind: str, message: str) -> PlatformAnswer:
    reason = _reason(message)
    lowered = message.lower()
    code = STATUS_CODE.search(message)
    status = int(code.group(1)) if code else 0
    if status in (401, 403) or kind == "Login Error":
        return _answer(
            command,
            TOKEN_REFUSED,
            _(
                "The platform did not accept the upload token for this (it accepts it for "
                "uploading). Do this step in the console, as before."
            ),
            reason,
        )
    if "permission" in lowered or "无权限" in message or "没有权限" in message:
        return _answer(
            command,
            NO_PERMISSION,
            _(
                "The platform says this upload token may not submit this mini-program for "
                "review. Submit in the console, as before."
            ),
            reason,
        )
    if "appid is valid" in lowered or "is not valid" in lowered:
        return _answer(
            command,
            APPID_INVALID,
            _(
                "The platform does not know this AppID for the saved upload token. Check the "
                "AppID in the step “AppID and AppSecret”, or do this in the console."
            ),
            reason,
        )
    if status >= 500:
        return _answer(
            command,
            PLATFORM_BUSY,
            _("The platform is busy or down right now. Try again in a few minutes."),
            reason,
        )
    if any(marker.lower() in lowered for marker in NETWORK_MARKERS):
        return _answer(
            command,
            NETWORK,
            _(
                "MiniApp Publisher could not reach the platform. Check this computer's internet "
                "connection (and any proxy), then try again."
            ),
            reason,
        )
    if kind == "Meta Error" or not reason or reason.startswith("[object"):
        return _answer(
            command,
            REFUSED,
            _("The platform refused the request without saying why. Try again later."),
            reason,
        )
    if command == AUDIT:
        words = _("The platform refused the submission: {reason}").format(reason=reason)
    else:
        words = _("The platform refused the request: {reason}").format(reason=reason)
    return _answer(command, REFUSED, words, reason)


def _scrub(text: str, token: str) -> str:
    return text.replace(token, REDACTED) if token else text


@dataclass(frozen=True)
class CallOptions:
    """How to reach the platform: the proxy, a CA file (tests), a stop button, a time limit."""

    proxy: str | None = None
    cancel: CancelCallback | None = None
    timeout: float = facts.REVIEW_CALL_TIMEOUT_SECONDS
    paths: AppPaths | None = None
    location: CliLocation | None = None
    ca_file: Path | None = None


def call(
    command: str,
    appid: str,
    token: str,
    extra: tuple[str, ...] = (),
    options: CallOptions | None = None,
) -> PlatformAnswer:
    """Run `tma <command> [extra…] <appid>` with the token in a private home. Blocks: run it
    off the GUI thread."""
    o = options or CallOptions()
    proxy, cancel, timeout, paths, ca_file = o.proxy, o.cancel, o.timeout, o.paths, o.ca_file
    appid = normalize_appid(appid)
    token = normalize_upload_token(token)
    if not facts.APPID_PATTERN.match(appid):
        return _answer(
            command,
            APPID_INVALID,
            _(
                "“{appid}” is not a valid AppID (tt followed by 16 or 18 characters 0-9, a-f)"
            ).format(appid=appid),
        )
    if not token:
        return _answer(
            command,
            TOKEN_MISSING,
            _(
                "No upload token is saved for {appid}, so MiniApp Publisher cannot ask the "
                "platform. Do "
                "this in the console, or save the token in the step “How to upload”."
            ).format(appid=appid),
        )
    register_secret(token)
    location = o.location or find_cli()
    if location is None:
        return _answer(command, CLI_MISSING, cli_missing_message())
    started = time.monotonic()
    try:
        with private_home(paths) as home:
            home.write_token(appid, token)
            remaining = max(1.0, timeout - (time.monotonic() - started))
            # As for the upload: the proxy goes to the runner's preload (certificates checked).
            run = run_cli(
                location,
                [command, *extra, appid],
                home,
                timeout=remaining,
                cancel=cancel,
                ca_file=ca_file,
                proxy=proxy_for_cli(proxy),
            )
    except CliStartError as exc:
        return _answer(command, CLI_FAILED, exc.message)
    except OSError as exc:
        return _answer(
            command,
            CLI_FAILED,
            _(
                "MiniApp Publisher could not prepare the upload tool ({reason}). Check that the "
                "disk is not "
                "full, then try again."
            ).format(reason=exc.strerror or type(exc).__name__),
        )
    if run.cancelled:
        return _answer(command, CANCELLED, _("Stopped."))
    if run.timed_out:
        return _answer(
            command,
            TIMEOUT,
            _(
                "The platform did not answer within {seconds} seconds. Check the internet "
                "connection and try again, or do this in the console."
            ).format(seconds=int(timeout)),
        )
    answer = interpret(command, _scrub(run.stdout, token), _scrub(run.stderr, token))
    log.info("tma %s for %s: %s %s", command, appid, answer.kind, answer.detail)
    return answer


def live_version(appid: str, token: str, options: CallOptions | None = None) -> PlatformAnswer:
    """`tma get-meta`: the version users see now."""
    return call(GET_META, appid, token, options=options)


def host_apps(appid: str, token: str, options: CallOptions | None = None) -> PlatformAnswer:
    """`tma hosts`: the host apps this mini-program may be submitted to."""
    return call(HOSTS, appid, token, options=options)


def submit(
    appid: str,
    token: str,
    hosts: tuple[str, ...],
    auto_publish: bool,
    options: CallOptions | None = None,
) -> PlatformAnswer:
    """`tma audit --host a,b [--auto-publish true]`: submit the newest test version."""
    extra: tuple[str, ...] = ("--host", ",".join(hosts))
    if auto_publish:
        extra += ("--auto-publish", "true")  # only the literal "true" turns it on
    return call(AUDIT, appid, token, extra, options)
