"""Reading what the official CLI (tt-ide-cli, `tma`) printed: one outcome and one sentence.

Contract: ``interpret_cli_output(stdout, stderr) -> UploadOutcome``. The CLI exits 0 whatever
happens (docs/platform-facts.md, "The official CLI"), so its output is the only verdict:
``Upload success`` on stdout wins over anything on stderr; a failure is the last
``<Kind> Error: <message>`` (or plain ``Error:``) block on stderr, followed by a stack trace we
never show. ``[error request proxy]`` lines and failed telemetry (上报数据出错) are noise.
Every known failure becomes the app's own sentence that says what to do; the CLI's or the
platform's own words never appear inside it (a merchant reads English error text as a crash).
They are kept in ``cli_message`` and ``details`` and shown only behind a "details" control, or
on a command's 「详情：」 line, through ``details_text()``: one line, bounded, with no stack
trace, no path inside the CLI and no secret.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from wizard.core import platform_facts as facts
from wizard.core.i18n import _

# Stable, untranslated reasons the pages and tests branch on.
KIND_SUCCESS = "success"
KIND_VERSION_TOO_LOW = "version-too-low"
KIND_TOKEN_MISSING = "token-missing"
KIND_TOKEN_REFUSED = "token-refused"
# The saved token has a character no header can carry (refused before Node is started).
KIND_TOKEN_INVALID = "token-invalid"
# The token was about to go elsewhere than the platform (a redirect): the preload withheld it.
KIND_TOKEN_WITHHELD = "token-withheld"
# The changelog holds the upload token or another secret (reviewers read it).
KIND_CHANGELOG_SECRET = "changelog-secret"
KIND_PACKAGE_TOO_LARGE = "package-too-large"
KIND_COMPILE_ERROR = "compile-error"
KIND_UPLOAD_REFUSED = "upload-refused"
KIND_NOT_CONFIGURED = "not-configured"
KIND_NETWORK = "network"
KIND_SECURE_CONNECTION = "secure-connection"
KIND_APPID_INVALID = "appid-invalid"
KIND_APPID_WRONG_TYPE = "appid-wrong-type"
KIND_PROJECT = "project"
KIND_QRCODE = "qrcode"
KIND_META = "meta"
KIND_PLATFORM_BUSY = "platform-busy"
# The answer to the upload was a web page (a Wi-Fi login page, a gateway's error page).
KIND_WEB_PAGE = "web-page"
KIND_UNKNOWN = "unknown"
KIND_NO_ANSWER = "no-answer"
# Set by the runner, never by the output reader.
KIND_CANCELLED = "cancelled"
KIND_TIMEOUT = "timeout"
KIND_CLI_MISSING = "cli-missing"
KIND_CLI_FAILED = "cli-failed"

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
# "Upload Error: …", "PackageSize Error: …", "Error: …", "AxiosError: …", "TypeError: …".
ERROR_HEAD = re.compile(
    r"^(?P<kind>(?:[A-Za-z]+ )?Error|[A-Z][A-Za-z]*Error)(?: \[[^\]]*\])?: ?(?P<msg>.*)$"
)
STACK_LINE = re.compile(r"^\s+at\s|^\s+\.\.\. \d+ more|^\s*\}?\s*$")
# Lines that are never the verdict: request retries, telemetry, spinner and progress lines.
NOISE_PREFIXES = (
    "[error request proxy]",
    "上报数据出错",
    "getThirdPartyMeta",
    "获取包体积失败",
    "[upload]",
    "- ",
    "⚙",
    "The default version is",
    "small QR Code",
)
QRCODE_SAVED = re.compile(r"二维码图片已存储到\s*(?P<path>.+?)\s*$", re.MULTILINE)
SHORT_LINK = re.compile(r"二维码信息：\s*(?P<url>https?://\S+)")
VERSION_TOO_LOW = re.compile(r"(?P<version>\S+) is smaller than (?P<previous>[^\s（(]+)")
NETWORK_MARKERS = (
    "ENOTFOUND",
    "EAI_AGAIN",
    "ECONNREFUSED",
    "ECONNRESET",
    "ETIMEDOUT",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "EPIPE",
    "socket hang up",
    "tunneling socket",
    "timeout of",
    "Network Error",
    "network",
)
TLS_MARKERS = ("certificate", "self-signed", "self signed", "SSL", "TLS", "ERR_TLS")
TOKEN_MARKERS = ("token", "登录", "鉴权", "授权", "权限", "unauthor", "cookie", "Cookie")
VERSION_EXISTS = re.compile(r"版本号?\s*[\w.]{0,20}\s*已存在")
# What the app's preload (resources/upload-cli/preload.js) says when it withholds the token.
TOKEN_WITHHELD = re.compile(
    r"upload token withheld: .*?, not to (?P<address>https?://[^\s,]{1,200})"
)
HTTP_STATUS = re.compile(r"status code (?P<status>\d{3})")
# A bare "Upload Error" with no message: the CLI could not read the platform's answer as JSON
# (tests/core/data/tma_output/html_answer: a web page came back with status 200).
BARE_ERROR = re.compile(r"^(?:[A-Z][A-Za-z]* )?Error$")
# How much of the raw text a "details" line carries.
DETAILS_LIMIT = 400
# Paths inside the CLI (its bundle, Node's internals) and stack frames: never shown.
_CLI_PATH = re.compile(r"\(?[^\s()]*(?:node_modules|dist[/\\]cli\.js|node:internal)[^\s()]*\)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class UploadOutcome:
    """What an upload or preview came to: ok, the sentence for the merchant, and its QR code."""

    ok: bool
    message: str
    kind: str = KIND_UNKNOWN
    # The CLI's own message (already inside `message`), for the log and a "details" line.
    cli_message: str = ""
    qrcode_path: Path | None = None
    short_link: str | None = None
    # Seconds since the epoch when the QR code stops working (the platform's expire_time).
    expires_at: int | None = None
    version: str | None = None
    previous_version: str | None = None
    details: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "kind": self.kind,
            "message": self.message,
            "cli_message": self.cli_message,
            "qrcode_path": str(self.qrcode_path) if self.qrcode_path else None,
            "short_link": self.short_link,
            "expires_at": self.expires_at,
            "version": self.version,
            "previous_version": self.previous_version,
        }

    @classmethod
    def from_dict(cls, data: object) -> Self | None:
        """An outcome saved by to_dict(), or None for anything damaged; never raises."""
        if not isinstance(data, dict):
            return None
        ok, message, kind = data.get("ok"), data.get("message"), data.get("kind")
        if not isinstance(ok, bool) or not isinstance(message, str) or not isinstance(kind, str):
            return None

        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) and value else None

        link = text("short_link")
        if link is not None and not link.startswith(("https://", "http://")):
            link = None
        expires = data.get("expires_at")
        qrcode = text("qrcode_path")
        return cls(
            ok=ok,
            message=message,
            kind=kind,
            cli_message=text("cli_message") or "",
            qrcode_path=Path(qrcode) if qrcode else None,
            short_link=link,
            expires_at=expires
            if isinstance(expires, int) and not isinstance(expires, bool)
            else None,
            version=text("version"),
            previous_version=text("previous_version"),
        )


@dataclass(frozen=True)
class _ErrorBlock:
    kind: str
    message: str


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def _is_noise(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith(NOISE_PREFIXES)


def error_blocks(stderr: str) -> list[_ErrorBlock]:
    """Every error the CLI printed, message lines joined, stack traces and noise dropped."""
    blocks: list[_ErrorBlock] = []
    current: tuple[str, list[str]] | None = None
    in_noise = False

    def close() -> None:
        nonlocal current
        if current is not None:
            blocks.append(_ErrorBlock(current[0], "\n".join(current[1]).strip()))
            current = None

    for raw in strip_ansi(stderr).splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith(NOISE_PREFIXES):
            # Telemetry prints its own Error and stack: skip them up to the next real line.
            close()
            in_noise = True
            continue
        match = ERROR_HEAD.match(stripped)
        if match:
            close()
            in_noise = False
            current = (match.group("kind"), [match.group("msg").strip()])
            continue
        if STACK_LINE.match(line):
            # The stack ends the message; later lines belong to nothing until a new error.
            close()
            continue
        if in_noise:
            continue
        if current is not None:
            current[1].append(stripped)
    close()
    return [b for b in blocks if b.message or b.kind]


def _last_error_line(stderr: str, stdout: str) -> str:
    for text in (stderr, stdout):
        for line in reversed(strip_ansi(text).splitlines()):
            if not _is_noise(line) and not STACK_LINE.match(line):
                return line.strip()
    return ""


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0].strip() if message.strip() else ""


def _success(stdout: str, command: str) -> UploadOutcome:
    saved = QRCODE_SAVED.search(stdout)
    link = SHORT_LINK.search(stdout)
    qrcode = Path(saved.group("path")) if saved else None
    if command == "preview":
        message = _(
            "The preview QR code is ready. Scan it with the phone of a member of the mini-program "
            "within a few minutes."
        )
    else:
        message = _(
            "The version was uploaded: it is now the mini-program's 测试版本 on the Douyin "
            "developer platform."
        )
    return UploadOutcome(
        ok=True,
        message=message,
        kind=KIND_SUCCESS,
        qrcode_path=qrcode,
        short_link=link.group("url") if link else None,
    )


def interpret_cli_output(stdout: str, stderr: str, *, command: str = "upload") -> UploadOutcome:
    """The verdict of one `tma upload` (or `tma preview`) run; pure, never raises."""
    stdout, stderr = strip_ansi(stdout or ""), strip_ansi(stderr or "")
    if command == "upload" and "Upload success" in stdout:
        return _success(stdout, command)
    blocks = error_blocks(stderr)
    if command == "preview" and not blocks and SHORT_LINK.search(stdout):
        return _success(stdout, command)
    if not blocks:
        last = _last_error_line(stderr, "")
        if last:
            return _unknown(last)
        return UploadOutcome(
            ok=False,
            message=_(
                "The upload tool ended without saying whether it worked. Look at 测试版本 in "
                "the Douyin developer platform before trying again."
            ),
            kind=KIND_NO_ANSWER,
            cli_message=_last_error_line("", stdout),
        )
    return _explain(blocks[-1])


def _unknown(line: str) -> UploadOutcome:
    if BARE_ERROR.match(line.strip()):
        return _web_page(line)
    return UploadOutcome(
        ok=False,
        message=_(
            "The upload tool stopped with an error it did not explain. Look at 测试版本 in the "
            "console: if the version is not there, upload again. If it happens again, send the "
            "details to your provider."
        ),
        kind=KIND_UNKNOWN,
        cli_message=line,
    )


def details_line(outcome: UploadOutcome) -> str:
    """A command's line after the sentence: 「详情：…」 with the raw text, or "" when none."""
    text = details_text(outcome)
    return _("Details: {details}").format(details=text) if text else ""


def _web_page(line: str) -> UploadOutcome:
    return UploadOutcome(
        ok=False,
        message=_(
            "The network or the platform answered the upload with a web page instead of the "
            "platform's answer (a Wi-Fi login page or a busy server, for example). Check that "
            "you can open web sites in your browser, then upload again."
        ),
        kind=KIND_WEB_PAGE,
        cli_message=line,
    )


def details_text(outcome: UploadOutcome) -> str:
    """The raw text behind an outcome for a "details" control or line: what the CLI or the
    platform said, on one line, bounded, with no stack frame, path inside the CLI, control
    character or secret. Empty when there is nothing beyond the sentence."""
    from wizard.core.logs import redact

    parts = [outcome.cli_message, *outcome.details]
    seen: list[str] = []
    for part in parts:
        for line in strip_ansi(part).splitlines():
            if STACK_LINE.match(line) or not line.strip():
                continue
            clean = _CONTROL.sub(" ", _CLI_PATH.sub("…", line)).strip()
            if clean and clean not in seen:
                seen.append(clean)
    text = redact(" / ".join(seen))
    if len(text) > DETAILS_LIMIT:
        text = text[: DETAILS_LIMIT - 1].rstrip() + "…"
    return text


def _explain(block: _ErrorBlock) -> UploadOutcome:
    kind, message = block.kind, block.message
    first = _first_line(message)
    lower = message.lower()
    if not first:
        return _unknown(kind)

    withheld = TOKEN_WITHHELD.search(message)
    if withheld:
        return UploadOutcome(
            ok=False,
            message=_(
                "The upload was sent on to another address ({address}), so MiniApp Publisher "
                "stopped it there: your upload token is only ever sent to the Douyin platform. "
                "Look at 测试版本 in the console; on an office or hotel network, try another "
                "network, "
                "then upload again."
            ).format(address=withheld.group("address")),
            kind=KIND_TOKEN_WITHHELD,
            cli_message=first,
        )
    if "Invalid character in header content" in message and "x-cli-token" in message:
        # Node's own check of the header; the app refuses such a token before this.
        return UploadOutcome(
            ok=False,
            message=_(
                "The saved upload token has a character that cannot be sent (a full-width "
                "character or a label typed with it). Copy the upload token again from "
                "「开发」→「开发配置」 and save it again, then upload."
            ),
            kind=KIND_TOKEN_INVALID,
            cli_message=first,
        )

    if kind == "Upload Error":
        low = VERSION_TOO_LOW.search(message)
        if low:
            return _version_too_low(low.group("version"), low.group("previous"), first)
        if "请先完成开发配置" in message:
            return _refused(
                KIND_NOT_CONFIGURED,
                _(
                    "The platform says the mini-program's development settings are not "
                    "complete. Finish 「开发」→「开发配置」 in the console, then upload again."
                ),
                first,
            )
        if VERSION_EXISTS.search(message):
            return _refused(
                KIND_UPLOAD_REFUSED,
                _(
                    "The platform already has this version number for the mini-program. Choose "
                    "a greater version number and upload again."
                ),
                first,
            )
        if any(marker.lower() in lower for marker in TOKEN_MARKERS):
            return _token_refused(first)
        if HTTP_STATUS.search(message) is None:
            return _refused(
                KIND_UPLOAD_REFUSED,
                _(
                    "The platform refused the upload. Its reason is in the details: if it is "
                    "about the code, send it to your provider; then upload again."
                ),
                first,
            )
    if kind == "PackageSize Error":
        sizes = tuple(
            line.strip()
            for line in message.splitlines()
            if line.strip() and "查看解决方案" not in line
        )
        return UploadOutcome(
            ok=False,
            message=_(
                "The code package is too large to upload: the limits are {total} in all and "
                "{main} for the main package. Ask your provider for a smaller package."
            ).format(
                total=_megabytes(facts.PACKAGE_TOTAL_LIMIT),
                main=_megabytes(facts.PACKAGE_MAIN_LIMIT),
            ),
            kind=KIND_PACKAGE_TOO_LARGE,
            cli_message=" ".join(sizes),
            details=sizes,
        )
    if kind == "Compile Error":
        if "超时" in message:
            return _refused(
                KIND_PLATFORM_BUSY,
                _(
                    "The platform took too long to compile the code package. Look at 测试版本 "
                    "in the console in a few minutes; if the version is not there, upload again."
                ),
                first,
            )
        status = HTTP_STATUS.search(message)
        if status:
            # The CLI asks for the compile progress a few times; one failed answer is the
            # platform's hiccup, not a fault in the provider's code.
            return _refused(
                KIND_PLATFORM_BUSY,
                _(
                    "The platform did not answer while it compiled the code package. This is "
                    "usually a passing problem of the platform, not of your code. Look at 测试版本 "
                    "in the console in a few minutes; if the version is not there, upload again."
                ),
                first,
            )
        return UploadOutcome(
            ok=False,
            message=_(
                "The platform could not compile the code package. Send the details to your "
                "provider: they need to fix the code and give you a new package."
            ),
            kind=KIND_COMPILE_ERROR,
            cli_message=first,
            details=tuple(line for line in message.splitlines()[1:] if line.strip()),
        )
    if kind == "Login Error":
        return _token_refused(first)
    if kind == "Project Error":
        return _project_problem(first)
    if kind in ("Schema Error", "QRCode Error"):
        return _refused(
            KIND_QRCODE,
            _(
                "The code was sent, but the platform did not make its QR code. Look at 测试版本 "
                "in the console; you can also make a preview QR code again."
            ),
            first,
        )
    if kind == "Meta Error":
        if any(marker.lower() in lower for marker in TOKEN_MARKERS):
            return _token_refused(first)
        return _refused(
            KIND_META,
            _(
                "The platform did not return this mini-program's details. Check the AppID and "
                "the upload token, then try again."
            ),
            first,
        )
    if kind in ("Hash Error", "Compress Error"):
        return _refused(
            KIND_PROJECT,
            _(
                "The upload tool could not pack the code folder. Check that the folder is "
                "complete and the disk is not full, then try again."
            ),
            first,
        )
    # Plain "Error:" and library errors (AxiosError, TypeError …).
    if "本地无 Cookie" in message or "请重新登录" in message:
        return _refused(
            KIND_TOKEN_MISSING,
            _(
                "No upload token was given to the upload tool. Enter the mini-program's upload "
                "token (「开发」→「开发配置」, 「立即启用」) and try again."
            ),
            first,
        )
    status = HTTP_STATUS.search(message)
    if status:
        code = int(status.group("status"))
        if code in (401, 403):
            return _token_refused(first)
        if code >= 500:
            return _refused(
                KIND_PLATFORM_BUSY,
                _(
                    "The Douyin platform is having trouble right now. Wait a few minutes, look "
                    "at 测试版本 in the console, and upload again if the version is not there."
                ),
                first,
            )
    if any(marker in message for marker in TLS_MARKERS):
        return _refused(
            KIND_SECURE_CONNECTION,
            _(
                "A secure connection to the Douyin platform could not be made. Security software "
                "or a company network may be in the way: try another network, then upload again."
            ),
            first,
        )
    if any(marker.lower() in lower for marker in NETWORK_MARKERS):
        return _refused(
            KIND_NETWORK,
            _(
                "The Douyin platform could not be reached. Check the internet connection (and "
                "the proxy, if you use one), then try again."
            ),
            first,
        )
    return _unknown(f"{kind}: {first}")


def _refused(kind: str, message: str, cli_message: str) -> UploadOutcome:
    return UploadOutcome(ok=False, message=message, kind=kind, cli_message=cli_message)


def _version_too_low(version: str, previous: str, cli_message: str) -> UploadOutcome:
    """The platform's floor is the version it named; the next patch after it is offered."""
    from wizard.core.versions import parse_lenient

    floor = parse_lenient(previous)
    offer = str(floor.next_patch()) if floor is not None else ""
    if offer:
        message = _(
            "The platform refused version {version}: the last version submitted is {previous}, "
            "and a new one must be greater. Upload it as {offer} (or another greater number)."
        ).format(version=version, previous=previous, offer=offer)
    else:
        message = _(
            "The platform refused version {version}: it must be greater than the last version "
            "submitted. Choose a greater version number and upload again."
        ).format(version=version)
    return UploadOutcome(
        ok=False,
        message=message,
        kind=KIND_VERSION_TOO_LOW,
        cli_message=cli_message,
        version=version,
        previous_version=previous,
    )


def _token_refused(message: str) -> UploadOutcome:
    return _refused(
        KIND_TOKEN_REFUSED,
        _(
            "The platform did not accept the upload token. It may be wrong, expired or for "
            "another mini-program: make a new one in 「开发」→「开发配置」 (「立即启用」) and "
            "enter it again."
        ),
        message,
    )


def _project_problem(message: str) -> UploadOutcome:
    if re.search(r'AppId "[^"]*" is not valid', message) or "请使用正确的 AppId" in message:
        return _refused(
            KIND_APPID_INVALID,
            _(
                "The AppID in the code package is not a valid AppID. Enter your mini-program's "
                "AppID (it starts with tt) and try again."
            ),
            message,
        )
    if "属于小玩法" in message or "属于小程序" in message or "请使用小游戏" in message:
        return _refused(
            KIND_APPID_WRONG_TYPE,
            _(
                "This AppID is not valid for this kind of code package. Check that the AppID is "
                "your mini-program's and that the package is a mini-program from your provider."
            ),
            message,
        )
    return _refused(
        KIND_PROJECT,
        _(
            "The upload tool cannot use this code folder. Unpack the code package from your "
            "provider again and try once more."
        ),
        message,
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"
