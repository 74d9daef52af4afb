"""wizard/core must run without Qt: in tests, on the command line, in any future front end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import wizard.core

CORE_DIR = Path(wizard.core.__file__).parent


def test_importing_every_core_module_loads_no_pyside() -> None:
    modules = sorted(f"wizard.core.{p.stem}" for p in CORE_DIR.glob("*.py") if p.stem != "__init__")
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
    assert result.stdout.strip() == "", f"core imported Qt: {result.stdout}"


def test_no_core_source_mentions_pyside() -> None:
    offenders = [p.name for p in CORE_DIR.glob("*.py") if "PySide6" in p.read_text("utf-8")]
    assert not offenders
