"""``check-version TEXT [--previous X.Y.Z] [--json]``: would the app accept this version number?

Exit 0 acceptable, 1 not acceptable (or incomplete), 2 bad usage, including a ``--previous``
that is not a dotted version (contract). The sentence is the one the version page shows.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from wizard.commands.frame import EXIT_OK, EXIT_PROBLEMS, run_command
from wizard.core.checks import State
from wizard.core.i18n import _
from wizard.core.versions import (
    Version,
    check_version,
    parse_lenient,
    parse_version,
    suggestions,
    verdict_sentence,
)

EXIT_NOT_ACCEPTABLE = EXIT_PROBLEMS


def _previous_argument(text: str) -> Version:
    version = parse_lenient(text)
    if version is None:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a dotted version such as 1.0.3").format(text=text)
        )
    return version


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wizard check-version",
        description=_("Check a version number before uploading it."),
    )
    parser.add_argument("text", metavar="TEXT", help=_("the version number to check"))
    parser.add_argument(
        "--previous",
        metavar="X.Y.Z",
        type=_previous_argument,
        help=_("the highest version already uploaded for this mini-program"),
    )
    parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    return parser


def main(argv: list[str]) -> int:
    """Run check-version with argv (the arguments after the sub-command's name)."""
    return run_command(_parser(), _run, argv)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    previous: Version | None = args.previous
    check = check_version(args.text, str(previous) if previous else None)
    ok = check.state is State.ACCEPTABLE
    next_patch, next_minor = suggestions(previous)
    if args.json:
        version = parse_version(args.text) if ok else None
        view: dict[str, Any] = {
            "ok": ok,
            "state": check.state.value,
            "message": check.message,
            "version": str(version) if version else None,
            "previous": str(previous) if previous else None,
            "suggestions": {"next_patch": str(next_patch), "next_minor": str(next_minor)},
        }
        out.write(json.dumps(view, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(verdict_sentence(check, args.text) + "\n")
    return EXIT_OK if ok else EXIT_NOT_ACCEPTABLE


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
