"""Reading what the official CLI (tt-ide-cli, `tma`) printed: one outcome and one sentence.

Contract: ``interpret_cli_output(stdout, stderr) -> UploadOutcome``. The CLI exits 0 whatever
happens (docs/platform-facts.md, "The official CLI"), so its output is the only verdict:
``Upload success`` on stdout wins over anything on stderr; a failure is the last
``<Kind> Error: <message>`` (or plain ``Error:``) block on stderr, followed by a stack trace we
never show. ``[error request proxy]`` lines and failed telemetry (上报数据出错) are noise.
Every known failure becomes one sentence that says what to do and quotes the CLI's own message.
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
# What the app's preload (resources/upload-cli/preload.js) says when it withholds the token.
TOKEN_WITHHELD = re.compile(
    r"upload token withheld: .*?, not to (?P<address>https?://[^\s,]{1,200})"
)
HTTP_STATUS = re.compile(r"status code (?P<status>\d{3})")


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
    return UploadOutcome(
        ok=False,
        message=_("The upload tool stopped with this message: {message}").format(message=line),
        kind=KIND_UNKNOWN,
        cli_message=line,
    )


def _explain(block: _ErrorBlock) -> UploadOutcome:
    kind, message = block.kind, block.message
    first = _first_line(message)
    lower = message.lower()

    withheld = TOKEN_WITHHELD.search(message)
    if withheld:
        return UploadOutcome(
            ok=False,
            message=_(
                "The upload was sent on to another address ({address}), so 发布助手 stopped it "
                "there: your upload token is only ever sent to the Douyin platform. Look at "
                "测试版本 in the console; on an office or hotel network, try another network, "
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
            version, previous = low.group("version"), low.group("previous")
            return UploadOutcome(
                ok=False,
                message=_(
                    "The platform refused version {version}: it must be greater than {previous}, "
                    "the last version submitted. Choose a greater version number and upload "
                    "again. (Platform: {message})"
                ).format(version=version, previous=previous, message=first),
                kind=KIND_VERSION_TOO_LOW,
                cli_message=first,
                version=version,
                previous_version=previous,
            )
        if "请先完成开发配置" in message:
            return UploadOutcome(
                ok=False,
                message=_(
                    "The platform says the mini-program's development settings are not complete "
                    "({message}). Finish 「开发」→「开发配置」 in the console, then upload again."
                ).format(message=first),
                kind=KIND_NOT_CONFIGURED,
                cli_message=first,
            )
        if any(marker.lower() in lower for marker in TOKEN_MARKERS):
            return _token_refused(first)
        return UploadOutcome(
            ok=False,
            message=_(
                "The platform refused the upload: {message}. Fix what it says (ask your provider "
                "if it is about the code), then upload again."
            ).format(message=first.rstrip("。.")),
            kind=KIND_UPLOAD_REFUSED,
            cli_message=first,
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
                "The code package is too large to upload: {sizes} The limits are {total} in all "
                "and {main} for the main package. Ask your provider for a smaller package."
            ).format(
                sizes=" ".join(sizes),
                total=_megabytes(facts.PACKAGE_TOTAL_LIMIT),
                main=_megabytes(facts.PACKAGE_MAIN_LIMIT),
            ),
            kind=KIND_PACKAGE_TOO_LARGE,
            cli_message=" ".join(sizes),
            details=sizes,
        )
    if kind == "Compile Error":
        if "超时" in message:
            return UploadOutcome(
                ok=False,
                message=_(
                    "The platform took too long to compile the code package ({message}). Look "
                    "at 测试版本 in the console; if it is not there, upload again later."
                ).format(message=first),
                kind=KIND_PLATFORM_BUSY,
                cli_message=first,
            )
        return UploadOutcome(
            ok=False,
            message=_(
                "The platform could not compile the code package: {message}. Send this message "
                "to your provider: they need to fix the code and give you a new package."
            ).format(message=first.rstrip("。.")),
            kind=KIND_COMPILE_ERROR,
            cli_message=first,
            details=tuple(line for line in message.splitlines()[1:] if line.strip()),
        )
    if kind == "Login Error":
        return _token_refused(first)
    if kind == "Project Error":
        return _project_problem(first)
    if kind in ("Schema Error", "QRCode Error"):
        return UploadOutcome(
            ok=False,
            message=_(
                "The code was sent, but the platform did not make its QR code ({message}). Look "
                "at 测试版本 in the console; you can also make a preview QR code again."
            ).format(message=first),
            kind=KIND_QRCODE,
            cli_message=first,
        )
    if kind == "Meta Error":
        if any(marker.lower() in lower for marker in TOKEN_MARKERS):
            return _token_refused(first)
        return UploadOutcome(
            ok=False,
            message=_(
                "The platform did not return this mini-program's details ({message}). Check the "
                "AppID and the upload token, then try again."
            ).format(message=first),
            kind=KIND_META,
            cli_message=first,
        )
    if kind in ("Hash Error", "Compress Error"):
        return UploadOutcome(
            ok=False,
            message=_(
                "The upload tool could not pack the code folder ({message}). Check that the "
                "folder is complete and the disk is not full, then try again."
            ).format(message=first),
            kind=KIND_PROJECT,
            cli_message=first,
        )
    # Plain "Error:" and library errors (AxiosError, TypeError …).
    if "本地无 Cookie" in message or "请重新登录" in message:
        return UploadOutcome(
            ok=False,
            message=_(
                "No upload token was given to the upload tool ({message}). Enter the "
                "mini-program's upload token (「开发」→「开发配置」, 「立即启用」) and try again."
            ).format(message=first),
            kind=KIND_TOKEN_MISSING,
            cli_message=first,
        )
    status = HTTP_STATUS.search(message)
    if status:
        code = int(status.group("status"))
        if code in (401, 403):
            return _token_refused(first)
        if code >= 500:
            return UploadOutcome(
                ok=False,
                message=_(
                    "The Douyin platform is having trouble right now ({message}). Wait a few "
                    "minutes and upload again."
                ).format(message=first),
                kind=KIND_PLATFORM_BUSY,
                cli_message=first,
            )
    if any(marker in message for marker in TLS_MARKERS):
        return UploadOutcome(
            ok=False,
            message=_(
                "A secure connection to the Douyin platform could not be made ({message}). "
                "Security software or a company network may be in the way: try another network, "
                "then upload again."
            ).format(message=first),
            kind=KIND_SECURE_CONNECTION,
            cli_message=first,
        )
    if any(marker.lower() in lower for marker in NETWORK_MARKERS):
        return UploadOutcome(
            ok=False,
            message=_(
                "The Douyin platform could not be reached ({message}). Check the internet "
                "connection (and the proxy, if you use one), then try again."
            ).format(message=first),
            kind=KIND_NETWORK,
            cli_message=first,
        )
    line = f"{kind}: {first}" if first else kind
    return _unknown(line)


def _token_refused(message: str) -> UploadOutcome:
    return UploadOutcome(
        ok=False,
        message=_(
            "The platform did not accept the upload token ({message}). It may be wrong, expired "
            "or for another mini-program: make a new one in 「开发」→「开发配置」 (「立即启用」) "
            "and enter it again."
        ).format(message=message),
        kind=KIND_TOKEN_REFUSED,
        cli_message=message,
    )


def _project_problem(message: str) -> UploadOutcome:
    if re.search(r'AppId "[^"]*" is not valid', message) or "请使用正确的 AppId" in message:
        return UploadOutcome(
            ok=False,
            message=_(
                "The AppID in the code package is not a valid AppID ({message}). Enter your "
                "mini-program's AppID (it starts with tt) and try again."
            ).format(message=message),
            kind=KIND_APPID_INVALID,
            cli_message=message,
        )
    if "属于小玩法" in message or "属于小程序" in message or "请使用小游戏" in message:
        return UploadOutcome(
            ok=False,
            message=_(
                "This AppID is not valid for this kind of code package ({message}). Check that "
                "the AppID is your mini-program's and that the package is a mini-program from "
                "your provider."
            ).format(message=message),
            kind=KIND_APPID_WRONG_TYPE,
            cli_message=message,
        )
    return UploadOutcome(
        ok=False,
        message=_(
            "The upload tool cannot use this code folder: {message}. Unpack the code package "
            "from your provider again and try once more."
        ).format(message=message.rstrip("。.")),
        kind=KIND_PROJECT,
        cli_message=message,
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"
