"""Uploading a version, or making a preview QR code, with the official CLI: one call each.

`upload_version()` and `make_preview()` are slow (a minute or more on a real network): run them
as a job off the GUI thread. They report status sentences through `on_status`, stop when
`cancel()` returns True, never raise for anything the merchant, the CLI or the platform can
cause, and always return an `UploadOutcome` (wizard/core/upload/outcome.py). The token goes into
the CLI's private home only (wizard/core/upload/cli_runner.py) and is scrubbed from everything
it printed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from wizard.core import platform_facts as facts
from wizard.core import safe_json
from wizard.core.checks import State
from wizard.core.credentials import check_upload_token, normalize_appid, normalize_upload_token
from wizard.core.i18n import _
from wizard.core.logs import REDACTED, register_secret
from wizard.core.paths import AppPaths, app_paths
from wizard.core.upload.changelog import check_changelog
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
from wizard.core.upload.outcome import (
    KIND_APPID_INVALID,
    KIND_CANCELLED,
    KIND_CHANGELOG_SECRET,
    KIND_CLI_FAILED,
    KIND_CLI_MISSING,
    KIND_PROJECT,
    KIND_TIMEOUT,
    KIND_TOKEN_INVALID,
    KIND_TOKEN_MISSING,
    UploadOutcome,
    interpret_cli_output,
    strip_ansi,
)

log = logging.getLogger(__name__)

StatusCallback = Callable[[str], None]
QRCODES_FOLDER = "qrcodes"
# QR codes kept per mini-program (older ones are deleted when a new one arrives).
QRCODES_KEPT = 3


def folder_appid(folder: Path) -> str | None:
    """The AppID the CLI will upload to: project.config.json's `ttappid`, else its `appid`."""
    data = safe_json.load_object_file(folder / facts.PROJECT_CONFIG)
    if data is None:
        return None
    for key in ("ttappid", "appid"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def damaged_config_message(folder: Path) -> str:
    """The sentence when a folder's project.config.json cannot be read as settings."""
    return _(
        "The project.config.json in {folder} cannot be read (damaged, too big, or not a "
        "file). Unpack the code package again in 发布助手, then upload."
    ).format(folder=folder)


def _status_for(line: str) -> str | None:
    """A sentence for the merchant for the CLI lines that mark progress; None for the rest."""
    text = strip_ansi(line).strip()
    if not text:
        return None
    if "正在准备上传" in text:
        return _("Checking the code and sending it to the Douyin platform…")
    if text.startswith("[error request proxy]"):
        return _("A request to the platform did not go through; the upload tool goes on…")
    if "Start to preview" in text:
        return _("Making the preview…")
    if "二维码图片已存储" in text:
        return _("QR code received.")
    if "Upload success" in text:
        return _("Uploaded.")
    return None


def _qrcode_target(paths: AppPaths, appid: str, label: str) -> Path:
    folder = paths.cache / QRCODES_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    old = sorted(folder.glob(f"{appid}-*.png"), key=lambda p: p.stat().st_mtime)
    for stale in old[: max(0, len(old) - (QRCODES_KEPT - 1))]:
        stale.unlink(missing_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return folder / f"{appid}-{label}-{stamp}.png"


def _scrub(text: str, token: str) -> str:
    return text.replace(token, REDACTED) if token else text


def _refuse(kind: str, message: str) -> UploadOutcome:
    return UploadOutcome(ok=False, message=message, kind=kind)


def _prepare(folder: Path, appid: str, token: str) -> UploadOutcome | None:
    """A refusal before starting anything, or None when the CLI can be run."""
    if not folder.is_dir() or not (folder / facts.PROJECT_CONFIG).is_file():
        return _refuse(
            KIND_PROJECT,
            _(
                "The folder {folder} is not an unpacked code package (it has no "
                "project.config.json). Choose the folder the app unpacked the code package into."
            ).format(folder=folder),
        )
    if not facts.APPID_PATTERN.match(appid):
        return _refuse(
            KIND_APPID_INVALID,
            _(
                "“{appid}” is not a valid AppID (tt followed by 16 or 18 characters 0-9, a-f)"
            ).format(appid=appid),
        )
    if safe_json.load_object_file(folder / facts.PROJECT_CONFIG) is None:
        return _refuse(KIND_PROJECT, damaged_config_message(folder))
    in_folder = folder_appid(folder)
    if in_folder != appid:
        return _refuse(
            KIND_APPID_INVALID,
            _(
                "The code folder is for the AppID “{found}”, not {appid}. Unpack the code package "
                "again in 发布助手 (it writes your AppID into it), then upload."
            ).format(found=in_folder or "", appid=appid),
        )
    if not token:
        return _refuse(
            KIND_TOKEN_MISSING,
            _(
                "No upload token is saved for {appid}. Make one in 「开发」→「开发配置」 "
                "(「立即启用」) and enter it in 发布助手 first."
            ).format(appid=appid),
        )
    check = check_upload_token(token)
    if check.state is not State.ACCEPTABLE:
        # Saved before the rule was strict: Node would stop with a TypeError on the header.
        return _refuse(
            KIND_TOKEN_INVALID,
            _(
                "The upload token saved for {appid} cannot be an upload token: {problem} Save "
                "it again in 发布助手, or with: python -m wizard set-token {appid} < token.txt"
            ).format(appid=appid, problem=check.message),
        )
    return None


def _run(
    command: str,
    args_before_folder: list[str],
    folder: Path,
    *,
    appid: str,
    token: str,
    proxy: str | None,
    on_status: StatusCallback | None,
    cancel: CancelCallback | None,
    timeout: float,
    paths: AppPaths | None,
    location: CliLocation | None,
    ca_file: Path | None,
    qrcode_label: str,
    version: str | None = None,
) -> UploadOutcome:
    paths = paths or app_paths()
    appid = normalize_appid(appid)
    token = normalize_upload_token(token)
    folder = Path(folder).expanduser().absolute()
    refusal = _prepare(folder, appid, token)
    if refusal is not None:
        return refusal
    register_secret(token)
    location = location or find_cli()
    if location is None:
        return _refuse(KIND_CLI_MISSING, cli_missing_message())

    def status(text: str) -> None:
        if on_status is not None:
            on_status(text)

    def on_line(line: str) -> None:
        sentence = _status_for(line)
        if sentence:
            status(sentence)

    started = time.monotonic()
    qrcode = _qrcode_target(paths, appid, qrcode_label)
    status(_("Starting the upload tool…"))
    try:
        with private_home(paths) as home:
            home.write_token(appid, token)
            remaining = max(1.0, timeout - (time.monotonic() - started))
            args = [*args_before_folder, f"--qrcode-output={qrcode}", str(folder)]
            # No `tma set-config` run: the proxy goes to the app's preload, which also keeps
            # certificates checked through it; telemetry is off in the environment.
            run = run_cli(
                location,
                args,
                home,
                timeout=remaining,
                on_line=on_line,
                cancel=cancel,
                ca_file=ca_file,
                cwd=folder,
                proxy=proxy_for_cli(proxy),
            )
    except CliStartError as exc:
        return _refuse(KIND_CLI_FAILED, exc.message)
    except OSError as exc:
        # The app's own folders could not be written (disk full, permissions).
        return _refuse(
            KIND_CLI_FAILED,
            _(
                "发布助手 could not prepare the upload ({reason}). Check that the disk is not "
                "full, then try again."
            ).format(reason=exc.strerror or type(exc).__name__),
        )
    if run.cancelled:
        return _cancelled(command)
    if run.timed_out:
        return _refuse(
            KIND_TIMEOUT,
            _(
                "The upload took longer than {minutes} minutes and was stopped. Look at 测试版本 "
                "in the console; if the version is not there, try again on a faster network."
            ).format(minutes=int(timeout // 60)),
        )
    outcome = interpret_cli_output(
        _scrub(run.stdout, token), _scrub(run.stderr, token), command=command
    )
    if outcome.ok:
        outcome = replace(
            outcome,
            qrcode_path=qrcode if qrcode.is_file() else outcome.qrcode_path,
            short_link=outcome.short_link or run.short_link,
            expires_at=outcome.expires_at or run.expires_at,
            version=version or outcome.version,
        )
    log.info("tma %s for %s: %s %s", command, appid, outcome.kind, outcome.cli_message)
    return outcome


def _cancelled(command: str) -> UploadOutcome:
    if command == "preview":
        message = _("The preview was cancelled.")
    else:
        message = _(
            "The upload was cancelled. The platform may still have received it: look at 测试版本 "
            "in the console before uploading the same version again."
        )
    return _refuse(KIND_CANCELLED, message)


def stopped_message() -> str:
    """The sentence when the command was stopped by a signal (SIGTERM, a closing terminal)."""
    return _(
        "The upload was stopped before it finished. The platform may still have received it: "
        "look at 测试版本 in the console before uploading the same version again."
    )


def upload_version(
    folder: Path,
    *,
    appid: str,
    version: str,
    changelog: str,
    token: str,
    proxy: str | None = None,
    on_status: StatusCallback | None = None,
    cancel: CancelCallback | None = None,
    timeout: float = facts.UPLOAD_TIMEOUT_SECONDS,
    paths: AppPaths | None = None,
    location: CliLocation | None = None,
    ca_file: Path | None = None,
) -> UploadOutcome:
    """`tma upload`: the folder becomes the mini-program's 测试版本, with its QR code. Slow."""
    version = version.strip()
    if not facts.VERSION_PATTERN.match(version):
        return _refuse(
            "version-invalid",
            _("“{version}” is not a version number like 1.0.0.").format(version=version),
        )
    if not changelog.strip():
        return _refuse(
            "changelog-missing",
            _("Write a few words for the 更新日志 (what changed in this version)."),
        )
    # Reviewers read the changelog: the token (or any secret-looking run) is refused here, as
    # the version page refuses it, on every path (the page, `upload`, a provider's script).
    report = check_changelog(changelog, known_secrets=[normalize_upload_token(token)])
    if report.check.state is State.INVALID:
        return _refuse(KIND_CHANGELOG_SECRET, report.check.message)
    # "--name=value" so a changelog starting with "-" is never read as an option.
    args = ["upload", f"--app-version={version}", f"--app-changelog={changelog.strip()}"]
    return _run(
        "upload",
        args,
        folder,
        appid=appid,
        token=token,
        proxy=proxy,
        on_status=on_status,
        cancel=cancel,
        timeout=timeout,
        paths=paths,
        location=location,
        ca_file=ca_file,
        qrcode_label=version,
        version=version,
    )


def make_preview(
    folder: Path,
    *,
    appid: str,
    token: str,
    proxy: str | None = None,
    on_status: StatusCallback | None = None,
    cancel: CancelCallback | None = None,
    timeout: float = facts.PREVIEW_TIMEOUT_SECONDS,
    paths: AppPaths | None = None,
    location: CliLocation | None = None,
    ca_file: Path | None = None,
) -> UploadOutcome:
    """`tma preview`: a QR code for trying the folder's code on a phone, without uploading a
    version. Slow."""
    return _run(
        "preview",
        ["preview"],
        folder,
        appid=appid,
        token=token,
        proxy=proxy,
        on_status=on_status,
        cancel=cancel,
        timeout=timeout,
        paths=paths,
        location=location,
        ca_file=ca_file,
        qrcode_label="preview",
    )
