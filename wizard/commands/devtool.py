"""``devtool [--json]``: this computer, the developer tool build that fits it, and whether the
tool is installed (where, which version). Exit 0; 2 on bad usage (contract).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from wizard.commands.frame import EXIT_OK, run_command
from wizard.core.devtool import (
    Computer,
    Detection,
    describe_for_command,
    detect_devtool,
    this_computer,
)
from wizard.core.i18n import _


def main(argv: list[str]) -> int:
    """Run the devtool command with argv (the arguments after the sub-command's name)."""
    return run_command(_parser(), _run, argv)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    computer = this_computer()
    detection = detect_devtool()
    if args.json:
        # ASCII-only JSON: exact on any console code page (a GBK or cp1252 pipe included).
        out.write(json.dumps(json_view(computer, detection), ensure_ascii=True, indent=2) + "\n")
    else:
        out.write("\n".join(describe_for_command(computer, detection)) + "\n")
    out.flush()
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wizard devtool",
        description=_(
            "Describe this computer, the developer tool build that fits it, and whether the "
            "developer tool is installed."
        ),
    )
    parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    return parser


def json_view(computer: Computer, detection: Detection) -> dict[str, Any]:
    """The command's JSON: the computer's facts, then what detection found."""
    return {**computer.to_dict(), **detection.to_dict()}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
