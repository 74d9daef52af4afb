"""Names and version shared by the spec, build_installer.py and the installer scripts.

Read from ``wizard/__init__.py`` without importing the app (the build may run under a
different Python than the app's, e.g. Windows CPython under wine).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGING_DIR = REPO_ROOT / "packaging"
ICONS_DIR = REPO_ROOT / "resources" / "icons"

EXE_NAME = "miniapp-publisher"
BUNDLE_ID = "cn.miniapp-publisher.wizard"
PUBLISHER = "MiniApp Publisher"
DESCRIPTION_ZH = "字节跳动小程序发布助手"
DESCRIPTION_EN = "MiniApp Publisher: publish a ByteDance mini-program step by step"
COPYRIGHT = "© MiniApp Publisher authors"
# The oldest macOS the app runs on: PySide6 6.11's wheels are macosx_13_0_universal2
# (packaging/pins.txt). The spec's LSMinimumSystemVersion and macos/codesign.py use it.
MACOS_MINIMUM = "13.0"


@dataclass(frozen=True)
class AppMeta:
    """What the packaging needs to know about the app."""

    version: str
    app_name: str
    app_id: str

    @property
    def version_tuple(self) -> tuple[int, int, int, int]:
        """Four numbers for Windows' fixed file info; a suffix such as ``.dev1`` is dropped."""
        numbers: list[int] = []
        for part in self.version.split(".")[:4]:
            digits = "".join(ch for ch in part if ch.isdigit()) if part[:1].isdigit() else ""
            numbers.append(int(digits or 0))
        while len(numbers) < 4:
            numbers.append(0)
        return (numbers[0], numbers[1], numbers[2], numbers[3])


def _module_constants(path: Path) -> dict[str, str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def read_meta(repo_root: Path = REPO_ROOT) -> AppMeta:
    """The app's version and names, from wizard/__init__.py."""
    init_file = repo_root / "wizard" / "__init__.py"
    constants = _module_constants(init_file)
    missing = [name for name in ("__version__", "APP_NAME", "APP_ID") if name not in constants]
    if missing:
        raise RuntimeError(f"{init_file} does not define {', '.join(missing)} as plain strings.")
    return AppMeta(constants["__version__"], constants["APP_NAME"], constants["APP_ID"])


def fill_template(text: str, values: dict[str, str]) -> str:
    """Replace each ``@NAME@`` in ``text``; fail if one is left unfilled."""
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    leftover = re.findall(r"@([A-Z][A-Z0-9_]*)@", text)
    if leftover:
        raise RuntimeError(f"template fields without a value: {', '.join(sorted(set(leftover)))}")
    return text
