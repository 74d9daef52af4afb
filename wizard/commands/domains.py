"""``check-domains FOLDER [--domains FILE] [--json]``: which hosts an unpacked code package calls,
per console list, and (with --domains) what is missing from or wrong in the entered lists.

Exit 0: nothing to fix (unused entries and addresses built at run time are information only).
Exit 1: a host the package calls is missing from its list, an entered host is invalid, or the
package uses an http:// / ws:// address (or one no list can hold, such as an IP address).
Without --domains nothing is compared, so only the last two give exit 1.
Exit 2: bad usage (unreadable folder or file, a file in the wrong format): one sentence.

The --domains file has sections `[request]`, `[socket]`, `[uploadFile]`, `[downloadFile]`,
`[webview]` with one host or URL per line; blank lines and lines starting with # are ignored.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from wizard.commands.frame import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, run_command, say_error
from wizard.core.domains.report import describe
from wizard.core.domains.rules import KINDS, split_domain_list
from wizard.core.domains.scan import (
    DomainComparison,
    DomainScan,
    DomainScanError,
    compare_domains,
    scan_package,
)
from wizard.core.i18n import _
from wizard.core.regular_file import FileRefused, read_regular

# Section names as written in a file (any case); "web-view" is accepted for webview.
SECTION_NAMES = {kind.lower(): kind for kind in KINDS} | {"web-view": "webview"}
MAX_DOMAINS_FILE = 1024 * 1024


class DomainsFileError(Exception):
    """The --domains file cannot be used; `message` is one sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_domains_file(text: str) -> dict[str, list[str]]:
    """Sections → entries. Raises DomainsFileError on text outside a section or an unknown one."""
    lists: dict[str, list[str]] = {}
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip().lstrip("\ufeff")
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            name = stripped[1:-1].strip()
            kind = SECTION_NAMES.get(name.lower())
            if kind is None:
                raise DomainsFileError(
                    _(
                        "Line {line}: “[{name}]” is not a list name; use [request], [socket], "
                        "[uploadFile], [downloadFile] or [webview]."
                    ).format(line=number, name=name[:40])
                )
            current = kind
            lists.setdefault(kind, [])
            continue
        if current is None:
            raise DomainsFileError(
                _(
                    "Line {line} comes before any list name: start the file with a line such as "
                    "[request]."
                ).format(line=number)
            )
        lists[current].extend(split_domain_list(stripped))
    return lists


def read_domains_file(path: Path) -> dict[str, list[str]]:
    """Read and parse the --domains file (UTF-8, or GBK as Chinese Notepad saves it)."""
    try:
        # Only a regular file is read: a named pipe would wait for a writer forever.
        raw = read_regular(path, MAX_DOMAINS_FILE)
    except FileRefused as refused:
        if refused.code == "too-large":
            raise DomainsFileError(
                _("The file {path} is too large to be a list of domains.").format(path=path)
            ) from None
        if refused.code == "is-folder":
            raise DomainsFileError(
                _("{path} is a folder, not a text file with the lists.").format(path=path)
            ) from None
        raise DomainsFileError(refused.message) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes every byte sequence
        text = raw.decode("utf-8", "replace")
    if "\x00" in text:
        raise DomainsFileError(
            _("The file {path} is not a text file with the lists.").format(path=path)
        )
    return parse_domains_file(text)


def main(argv: list[str]) -> int:
    """Run check-domains with argv (the arguments after the sub-command's name)."""
    return run_command(_parser(), _run, argv)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    try:
        entered = read_domains_file(Path(args.domains)) if args.domains is not None else None
        scan = scan_package(Path(args.folder))
    except (DomainsFileError, DomainScanError) as exc:
        say_error(exc.message)
        return EXIT_USAGE
    comparison = compare_domains(scan, entered or {})
    if entered is None:
        blocking = bool(comparison.insecure or comparison.unusable)
    else:
        blocking = comparison.blocking
    if args.json:
        view = json_view(scan, comparison, entered, blocking)
        out.write(json.dumps(view, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write("\n".join(describe(scan, comparison, entered is not None)) + "\n")
    return EXIT_PROBLEMS if blocking else EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wizard check-domains",
        description=_(
            "List the domains an unpacked code package uses, per console list, and compare "
            "them with the lists you entered."
        ),
    )
    parser.add_argument("folder", metavar="FOLDER", help=_("the unpacked code package"))
    parser.add_argument(
        "--domains",
        metavar="FILE",
        help=_(
            "a text file with sections [request], [socket], [uploadFile], [downloadFile], "
            "[webview], one domain per line"
        ),
    )
    parser.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    return parser


def json_view(
    scan: DomainScan,
    comparison: DomainComparison,
    entered: dict[str, list[str]] | None,
    blocking: bool,
) -> dict[str, Any]:
    view: dict[str, Any] = {"ok": not blocking, **scan.to_dict()}
    view["insecure"] = [use.to_dict() for use in comparison.insecure]
    view["unusable"] = [use.to_dict() for use in comparison.unusable]
    if entered is not None:
        view["lists"] = {
            kind: {
                "entered": [entry.text for entry in comparison.lists[kind].entered.entries],
                "paste": comparison.lists[kind].suggested,
                "missing": list(comparison.lists[kind].missing),
                "unused": list(comparison.lists[kind].unused),
                "invalid": [
                    {"text": entry.text, "message": entry.message}
                    for entry in comparison.lists[kind].entered.entries
                    if not entry.ok
                ],
            }
            for kind in KINDS
        }
        view["problems"] = comparison.problems()
        view["information"] = comparison.information()
    return view


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
