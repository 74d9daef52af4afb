"""``set-token APPID``: save a mini-program's upload token in the system's password store.

The token is read from standard input only (a pipe, or typed without echo at a terminal), never
from the command line, where other processes can read it. ``--delete`` removes it.
Exit 0 saved (or deleted), 1 refused, 2 bad usage.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from wizard.commands.frame import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, run_command
from wizard.core.checks import State
from wizard.core.credentials import (
    check_appid,
    check_upload_token,
    normalize_appid,
    normalize_upload_token,
)
from wizard.core.i18n import _
from wizard.core.secrets import SecretKind, SecretStore, SecretTooLongError
from wizard.core.upload.cli_runner import sweep_stale_cli_homes

EXIT_REFUSED = EXIT_PROBLEMS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wizard set-token",
        description=_(
            "Save a mini-program's upload token (「开发」→「开发配置」, 「立即启用」) in the "
            "system's password store. The token is read from standard input."
        ),
    )
    parser.add_argument("appid", metavar="APPID", help=_("the mini-program's AppID"))
    parser.add_argument(
        "--delete", action="store_true", help=_("remove the saved upload token instead")
    )
    return parser


def _read_token() -> str:
    if sys.stdin is None:
        return ""
    if sys.stdin.isatty():
        # Typed at a terminal: no echo, so it does not stay on the screen.
        return getpass.getpass(_("Upload token: "))
    return sys.stdin.readline()


def main(argv: list[str], store: SecretStore | None = None) -> int:
    """Run set-token with argv (the arguments after the sub-command's name)."""
    return run_command(_parser(), lambda args, out: _run(args, out, store), argv)


def _run(args: argparse.Namespace, out: TextIO, store: SecretStore | None) -> int:
    verdict = check_appid(args.appid)
    if not verdict.ok:
        print(verdict.message, file=sys.stderr)
        return EXIT_USAGE
    appid = normalize_appid(args.appid)
    # Private folders of an upload that was killed still hold a token in plain text.
    sweep_stale_cli_homes()
    secrets = store if store is not None else SecretStore()
    if args.delete:
        secrets.delete(appid, SecretKind.UPLOAD_TOKEN)
        out.write(_("The upload token of {appid} was removed.").format(appid=appid) + "\n")
        return EXIT_OK
    if not secrets.is_persistent:
        print(
            _(
                "This computer has no secure password store the app can use, so the upload token "
                "cannot be saved."
            ),
            file=sys.stderr,
        )
        return EXIT_REFUSED
    try:
        text = _read_token()
    except (EOFError, KeyboardInterrupt):
        text = ""
    token = normalize_upload_token(text)
    if not token:
        print(
            _(
                "No upload token was given on standard input. Example: "
                "python -m wizard set-token {appid} < token.txt"
            ).format(appid=appid),
            file=sys.stderr,
        )
        return EXIT_USAGE
    check = check_upload_token(token)
    if check.state is not State.ACCEPTABLE:
        print(check.message, file=sys.stderr)
        return EXIT_REFUSED
    if check.message:
        print(check.message, file=sys.stderr)
    try:
        secrets.set(appid, token, SecretKind.UPLOAD_TOKEN)
    except SecretTooLongError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_REFUSED
    if not secrets.is_persistent:
        print(secrets.persistence_message(SecretKind.UPLOAD_TOKEN), file=sys.stderr)
        return EXIT_REFUSED
    out.write(
        _("The upload token of {appid} is saved in the system's password store.").format(
            appid=appid
        )
        + "\n"
    )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
