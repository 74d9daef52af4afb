"""Which catalog file holds which message: one file per step or subject, no msgid in two.

A message lives in the catalog of the subject whose code uses it (`subject_of`): the step's
own file for `core/steps/<id>.py` and `ui/pages/<id>_page.py`, the folder's for a subject
folder (`core/upload/` → upload.po), the command's subject for `wizard/commands/`; a message
used by several subjects, or by the shell, lives in app.po. `python -m wizard.core.i18n.catalogs`
rewrites the zh_CN files by that rule (translations and fuzzy flags kept, stale entries
dropped), and
a test keeps them that way.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from wizard.core.i18n import CHINESE, CatalogEntry, parse_po
from wizard.core.i18n.sources import collect_messages, po_quote
from wizard.core.paths import resources_dir

SHARED = "app"
# Modules at the top of wizard/core (or a command) that belong to one subject.
MODULE_SUBJECTS = {
    "credentials": "credentials",
    "token_check": "credentials",
    "versions": "version",
    "releases": "releases",
    "release_guide": "releases",
    "devtool": "devtool",
    "registration": "registration",
    "upload_token": "upload",
    "upload_tool": "upload",
    "version": "version",
    "update": "updates",
}
# ui/widgets modules that belong to one subject.
WIDGET_SUBJECTS = {
    "upload_panel": "upload",
    "qr_code": "upload",
    "releases": "releases",
    "privacy_panel": "privacy",
    "platform_answers": "platform_api",
}


def subject_of(place: str) -> str:
    """The subject of a source file, given as its path inside the wizard package."""
    parts = PurePosixPath(place).with_suffix("").parts
    if len(parts) >= 3 and parts[:2] == ("core", "steps") and parts[2] != "__init__":
        return parts[2]
    if len(parts) >= 3 and parts[0] == "core" and parts[1] == "package" and "download" in parts:
        return "download"
    if len(parts) >= 3 and parts[0] == "core":
        return parts[1]
    if len(parts) == 3 and parts[:2] == ("ui", "pages") and parts[2].endswith("_page"):
        return parts[2].removesuffix("_page")
    if len(parts) == 3 and parts[:2] == ("ui", "widgets"):
        return WIDGET_SUBJECTS.get(parts[2], SHARED)
    if len(parts) == 2 and parts[0] in ("core", "commands"):
        return MODULE_SUBJECTS.get(parts[1], parts[1] if parts[0] == "commands" else SHARED)
    return SHARED


def catalog_for(places: Iterable[str]) -> str:
    """The one catalog (a name without .po) for a message used at these places."""
    subjects = {subject_of(place.rsplit(":", 1)[0]) for place in places}
    return subjects.pop() if len(subjects) == 1 else SHARED


def _package_places(package_dir: Path) -> dict[str, list[str]]:
    """msgid → its places as paths inside the package ("core/upload/outcome.py:12")."""
    found: dict[str, list[str]] = {}
    for text, places in collect_messages(package_dir, relative=True).items():
        found[text] = places
    return found


def planned_catalogs(folder: Path, package_dir: Path) -> dict[str, list[CatalogEntry]]:
    """Every entry of the language folder, assigned to the file the rule names."""
    used = _package_places(package_dir)
    plan: dict[str, list[CatalogEntry]] = {}
    seen: set[str] = set()
    for po_file in sorted(folder.glob("*.po")):
        for entry in parse_po(po_file.read_text(encoding="utf-8"), po_file.stem):
            if not entry.msgid or entry.msgid in seen:
                continue  # the header, or a second copy of a message (dropped)
            seen.add(entry.msgid)
            places = used.get(entry.msgid)
            if not places:
                continue  # no code shows it any more: a stale entry goes
            target = catalog_for(places)
            plan.setdefault(target, []).append(entry)
    order = {text: index for index, text in enumerate(used)}
    for entries in plan.values():
        entries.sort(key=lambda e: order.get(e.msgid, len(order)))
    return plan


def _render(name: str, entries: list[CatalogEntry]) -> str:
    lines = [
        f"# Simplified Chinese messages of the subject “{name}” (wizard.core.i18n.catalogs).",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {CHINESE}\\n"',
        "",
    ]
    for entry in entries:
        if entry.fuzzy:
            lines.append("#, fuzzy")
        lines += [f"msgid {po_quote(entry.msgid)}", f"msgstr {po_quote(entry.msgstr)}", ""]
    return "\n".join(lines)


def regroup(folder: Path, package_dir: Path) -> list[str]:
    """Rewrite the folder's .po files by the rule; returns the names of files written."""
    plan = planned_catalogs(folder, package_dir)
    written = []
    for po_file in folder.glob("*.po"):
        if po_file.stem not in plan:
            po_file.unlink()
    for name, entries in sorted(plan.items()):
        path = folder / f"{name}.po"
        text = _render(name, entries)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path.name)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args:
        sys.stderr.write("usage: python -m wizard.core.i18n.catalogs (no arguments)\n")
        return 0 if args[0] in ("-h", "--help") else 2
    package_dir = Path(__file__).resolve().parents[2]  # wizard/core/i18n/ → wizard/
    for name in regroup(resources_dir() / "i18n" / CHINESE, package_dir):
        sys.stdout.write(f"wrote {name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
