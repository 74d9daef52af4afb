"""``check-package ZIP [--appid ID] [--json]``: unzip a code package to a temporary folder and
say whether it can be uploaded. Exit 0 fine, 1 problems found, 2 bad usage (contract).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

from wizard.commands.frame import EXIT_OK, EXIT_PROBLEMS, run_command
from wizard.core import platform_facts as facts
from wizard.core.i18n import _
from wizard.core.package.describe import describe
from wizard.core.package.extract import PackageError, PackageReport, extract_package
from wizard.core.paths import app_paths


def main(argv: list[str]) -> int:
    """Run check-package with argv (the arguments after the sub-command's name)."""
    return run_command(_parser(), _run, argv)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    try:
        report = _check(Path(args.zip), args.appid)
    except PackageError as exc:
        _emit_error(out, exc, args.json)
        return EXIT_PROBLEMS
    if args.json:
        out.write(json.dumps(_json_view(report, args.zip), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write("\n".join(describe(report)) + "\n")
    return EXIT_OK if report.can_upload else EXIT_PROBLEMS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wizard check-package",
        description=_("Check a mini-program code package before uploading it."),
    )
    parser.add_argument("zip", metavar="ZIP", help=_("the code package (.zip) to check"))
    parser.add_argument(
        "--appid",
        type=_appid_argument,
        help=_("your mini-program's AppID, written into project.config.json"),
    )
    parser.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    return parser


def _appid_argument(text: str) -> str:
    if not facts.APPID_PATTERN.match(text.strip()):
        raise argparse.ArgumentTypeError(
            _(
                "“{appid}” is not a valid AppID (tt followed by 16 or 18 characters 0-9, a-f)"
            ).format(appid=text)
        )
    return text.strip().lower()


def _check(zip_path: Path, appid: str | None) -> PackageReport:
    """Extract into a temporary folder under the app's cache and report; the folder goes away."""
    cache = app_paths().cache
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="check-package-", dir=cache) as scratch:
        return extract_package(zip_path, Path(scratch) / "package", appid=appid)


def _emit_error(out: TextIO, exc: PackageError, as_json: bool) -> None:
    if as_json:
        error = {"ok": False, "error": {"code": exc.code, "message": exc.message}}
        out.write(json.dumps(error, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(exc.message + "\n")


def _json_view(report: PackageReport, zip_path: str) -> dict[str, Any]:
    view = {"ok": True, "zip": zip_path, **report.to_dict()}
    # The temporary folder is gone by the time anyone reads this.
    view["root"] = None
    return view


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
