"""wizard/core and wizard/commands run without Qt: in tests, on the command line, in any
future front end; and no layer imports one above it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import wizard

PACKAGE_DIR = Path(wizard.__file__).parent
QT_FREE = ("core", "commands")
# Which layers each layer may import (wizard itself, for __version__, is always allowed).
ALLOWED = {
    "core": {"core"},
    "commands": {"core", "commands"},
    "net": {"core", "net"},
    "ui": {"core", "net", "ui"},
}


def _modules(layer: str) -> list[str]:
    root = PACKAGE_DIR / layer
    names = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_importing_every_core_and_command_module_loads_no_pyside() -> None:
    modules = [name for layer in QT_FREE for name in _modules(layer)]
    assert "wizard.core.upload.cli_runner" in modules  # subpackages are walked too
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "", f"imported Qt: {result.stdout}"


def _imported_layers(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "PySide6":
                found.add(("PySide6", node.lineno))
            elif parts[0] == "wizard" and len(parts) > 1:
                found.add((parts[1], node.lineno))
    return found


def test_no_layer_imports_one_above_it() -> None:
    offenders = []
    for layer, allowed in ALLOWED.items():
        for path in sorted((PACKAGE_DIR / layer).rglob("*.py")):
            for imported, line in _imported_layers(path):
                if imported == "PySide6":
                    if layer in QT_FREE:
                        offenders.append(f"{path.relative_to(PACKAGE_DIR)}:{line} imports Qt")
                elif imported not in allowed and imported != "__init__":
                    offenders.append(f"{path.relative_to(PACKAGE_DIR)}:{line} imports {imported}")
    assert not offenders, "\n".join(offenders)


def test_no_page_module_is_longer_than_450_lines() -> None:
    """A page that grows past this holds a rule (core) or widgets (ui/widgets)."""
    long = {
        path.name: count
        for path in sorted((PACKAGE_DIR / "ui" / "pages").glob("*.py"))
        if (count := len(path.read_text("utf-8").splitlines())) > 450
    }
    assert long == {}


def test_core_has_at_most_40_entries() -> None:
    entries = [p.name for p in (PACKAGE_DIR / "core").iterdir() if p.name != "__pycache__"]
    assert len(entries) <= 40, sorted(entries)
