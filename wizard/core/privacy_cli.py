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
import sys
from pathlib import Path

from wizard.core.console import tolerant
from wizard.core.i18n import _
from wizard.core.privacy import PrivacyScanError, scan_privacy, texts

EXIT_OK = 0
EXIT_NEEDS_DECLARATION = 1
EXIT_USAGE = 2


def main(argv: list[str]) -> int:
    """Run check-privacy with argv (the arguments after the sub-command's name)."""
    out = tolerant(sys.stdout)
    err = tolerant(sys.stderr)
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        scan = scan_privacy(Path(args.folder))
    except PrivacyScanError as exc:
        err.write(exc.message + "\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    if args.json:
        out.write(json.dumps(scan.to_dict(), ensure_ascii=False, indent=2) + "\n")
        for line in texts.information_lines(scan)[len(scan.information()) :]:
            err.write(line + "\n")  # unreadable files: said, but outside the JSON contract
    else:
        lines = [texts.summary(scan), *texts.need_lines(scan)]
        if scan.needs():
            lines.append(texts.where_to_declare())
        lines.extend(texts.information_lines(scan))
        out.write("\n".join(lines) + "\n")
    return EXIT_NEEDS_DECLARATION if scan.needs() else EXIT_OK


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
