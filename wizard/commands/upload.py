"""``upload FOLDER --version X.Y.Z --changelog TEXT [--appid ID] [--proxy URL]``: upload a code
folder as the mini-program's 测试版本 with the official CLI and the saved upload token.

For providers who publish many merchants' mini-programs. The AppID defaults to the folder's
project.config.json; another AppID uploads a copy with that AppID written in (the folder itself
is never changed). Exit 0 uploaded, 1 refused or failed, 2 bad usage (contract).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from wizard.commands.frame import EXIT_OK, EXIT_PROBLEMS, run_command, usage_error
from wizard.core import platform_facts as facts
from wizard.core import safe_json
from wizard.core.credentials import check_appid, normalize_appid
from wizard.core.i18n import _
from wizard.core.paths import app_paths
from wizard.core.secrets import SecretKind, SecretStore
from wizard.core.upload.cli_runner import Terminated, stop_on_signals, sweep_stale_cli_homes
from wizard.core.upload.outcome import UploadOutcome
from wizard.core.upload.uploader import (
    StatusCallback,
    damaged_config_message,
    folder_appid,
    stopped_message,
    upload_version,
)

EXIT_FAILED = EXIT_PROBLEMS
# Never copied into a staging copy: they are not part of what is uploaded.
STAGING_IGNORE = shutil.ignore_patterns(".git", "node_modules", ".DS_Store", "__MACOSX")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wizard upload",
        description=_(
            "Upload a code folder as the mini-program's 测试版本, with the upload token saved by "
            "set-token."
        ),
    )
    parser.add_argument("folder", metavar="FOLDER", help=_("the unpacked code package"))
    parser.add_argument("--version", required=True, help=_("the version number, like 1.0.0"))
    parser.add_argument("--changelog", required=True, help=_("the 更新日志 for this version"))
    parser.add_argument(
        "--appid", help=_("the mini-program's AppID (default: the one in project.config.json)")
    )
    parser.add_argument("--proxy", help=_("an HTTP proxy, like http://127.0.0.1:8080"))
    return parser


def _usage(message: str) -> int:
    return usage_error("python -m wizard upload", message)


def main(argv: list[str], store: SecretStore | None = None) -> int:
    """Run upload with argv (the arguments after the sub-command's name)."""
    return run_command(_parser(), lambda args, out: _run(args, out, store), argv)


def _run(args: argparse.Namespace, out: TextIO, store: SecretStore | None) -> int:
    # Private folders of a run that was killed still hold a token in plain text.
    sweep_stale_cli_homes()
    folder = Path(args.folder).expanduser().absolute()
    if not (folder / facts.PROJECT_CONFIG).is_file():
        return _usage(
            _("{folder} is not an unpacked code package (no project.config.json).").format(
                folder=folder
            )
        )
    if not facts.VERSION_PATTERN.match(args.version.strip()):
        return _usage(
            _("“{version}” is not a version number like 1.0.0.").format(version=args.version)
        )
    if not args.changelog.strip():
        return _usage(_("the changelog is empty."))
    if safe_json.load_object_file(folder / facts.PROJECT_CONFIG) is None:
        return _usage(damaged_config_message(folder))
    found = folder_appid(folder)
    appid_text = args.appid if args.appid is not None else (found or "")
    verdict = check_appid(appid_text)
    if not verdict.ok:
        return _usage(verdict.message)
    appid = normalize_appid(appid_text)
    secrets = store if store is not None else SecretStore()
    token = secrets.get(appid, SecretKind.UPLOAD_TOKEN)
    if not token:
        out.write(
            _(
                "No upload token is saved for {appid}. Save it first: "
                "python -m wizard set-token {appid} < token.txt"
            ).format(appid=appid)
            + "\n"
        )
        return EXIT_FAILED

    def status(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    try:
        with stop_on_signals():
            if found == appid:
                outcome = _upload(folder, appid, token, args, status)
            else:
                outcome = _upload_copy(folder, appid, token, args, status)
    except Terminated as stopped:
        # The runner ended the CLI's process tree and deleted its private folder on the way out.
        out.write(stopped_message() + "\n")
        return 128 + stopped.signum
    except (OSError, ValueError) as exc:
        # Only the copy made for another AppID can fail this way (unreadable folder, disk full).
        out.write(
            _("The code folder could not be copied for {appid} ({reason}).").format(
                appid=appid, reason=getattr(exc, "strerror", None) or type(exc).__name__
            )
            + "\n"
        )
        return EXIT_FAILED
    except KeyboardInterrupt:
        # The runner ended the CLI's process tree and deleted its private folder on the way out.
        return 130
    out.write(outcome.message + "\n")
    if outcome.ok:
        if outcome.qrcode_path:
            out.write(_("QR code: {path}").format(path=outcome.qrcode_path) + "\n")
        if outcome.short_link:
            out.write(_("Link: {link}").format(link=outcome.short_link) + "\n")
    return EXIT_OK if outcome.ok else EXIT_FAILED


def _upload(
    folder: Path, appid: str, token: str, args: argparse.Namespace, status: StatusCallback
) -> UploadOutcome:
    return upload_version(
        folder,
        appid=appid,
        version=args.version,
        changelog=args.changelog,
        token=token,
        proxy=args.proxy,
        on_status=status,
    )


def _upload_copy(
    folder: Path, appid: str, token: str, args: argparse.Namespace, status: StatusCallback
) -> UploadOutcome:
    """Upload a temporary copy with the AppID written in (ttappid overrides appid, so both)."""
    cache = app_paths().cache
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="upload-copy-", dir=cache) as scratch:
        copy = Path(scratch) / folder.name
        # Links stay links, as the CLI would see them in the original folder: following them
        # could pull files from elsewhere on the computer into the upload.
        shutil.copytree(folder, copy, ignore=STAGING_IGNORE, symlinks=True)
        config_path = copy / facts.PROJECT_CONFIG
        config = safe_json.load_object_file(config_path)
        if config is None:
            raise ValueError("project.config.json")
        config["appid"] = appid
        if "ttappid" in config:
            config["ttappid"] = appid
        config_path.write_text(json.dumps(config, ensure_ascii=False, indent=2), "utf-8")
        return _upload(copy, appid, token, args, status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
