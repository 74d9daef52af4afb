"""``check-privacy FOLDER [--json]``: which APIs of an unpacked code package the privacy agreement
(用户隐私保护协议) must declare.

Exit 0: the code uses nothing that needs a declaration. Exit 1: it does (the app cannot know
what the agreement declares, only what the code needs). Exit 2: bad usage or an unreadable
folder (one sentence). ``--json`` prints ``{"apis": [{"api", "scope", "places"}],
"information": [...]}`` (information: APIs named only in comments, same shape).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from wizard.commands.frame import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, run_command, say_error
from wizard.core.i18n import _
from wizard.core.privacy import PrivacyScanError, scan_privacy, texts


def main(argv: list[str]) -> int:
    """Run check-privacy with argv (the arguments after the sub-command's name)."""
    return run_command(_parser(), _run, argv)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    try:
        scan = scan_privacy(Path(args.folder))
    except PrivacyScanError as exc:
        say_error(exc.message)
        return EXIT_USAGE
    if args.json:
        out.write(json.dumps(scan.to_dict(), ensure_ascii=False, indent=2) + "\n")
        for line in texts.information_lines(scan)[len(scan.information()) :]:
            say_error(line)  # unreadable files: said, but outside the JSON contract
    else:
        out.write("\n".join(texts.report_lines(scan)) + "\n")
    return EXIT_PROBLEMS if scan.needs() else EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wizard check-privacy",
        description=_(
            "List the APIs of an unpacked code package that the privacy agreement must declare."
        ),
    )
    parser.add_argument("folder", metavar="FOLDER", help=_("the unpacked code package"))
    parser.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    return parser
