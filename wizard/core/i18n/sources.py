"""Finds every message marked with _() or N_() in the source, to keep the catalogs complete.

`python -m wizard.core.i18n.sources` prints, as PO entries, the messages no zh_CN catalog has.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from wizard.core.i18n import CHINESE, load_catalog

MARKERS = frozenset({"_", "N_"})


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def messages_in_file(path: Path, name: str | None = None) -> dict[str, list[str]]:
    """msgid → ["file:line", ...] for each _("literal") / N_("literal") call in one file."""
    found: dict[str, list[str]] = {}
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in MARKERS
            and node.args
        ):
            text = _literal(node.args[0])
            if text:
                found.setdefault(text, []).append(f"{name or path.name}:{node.lineno}")
    return found


def collect_messages(package_dir: Path, *, relative: bool = False) -> dict[str, list[str]]:
    """Every marked message under a package folder (places as paths inside it if relative)."""
    messages: dict[str, list[str]] = {}
    for path in sorted(package_dir.rglob("*.py")):
        name = path.relative_to(package_dir).as_posix() if relative else None
        for text, places in messages_in_file(path, name).items():
            messages.setdefault(text, []).extend(places)
    return messages


def po_quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def main() -> int:
    package_dir = Path(__file__).resolve().parents[2]  # wizard/core/i18n/ → wizard/
    catalog = load_catalog(CHINESE)
    for text, places in collect_messages(package_dir).items():
        if catalog.lookup(text) is None:
            sys.stdout.write(f'#: {" ".join(places)}\nmsgid {po_quote(text)}\nmsgstr ""\n\n')
    return 0


if __name__ == "__main__":
    sys.exit(main())
