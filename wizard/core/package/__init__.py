"""The code package: safe extraction, where it goes, the zip rules and its download."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wizard.core.package.extract import PackageError, PackageReport, extract_package

# The documented names (docs/architecture.md, "Contracts") stay importable from the package,
# loaded on first use so importing one submodule does not load the others.
__all__ = ["PackageError", "PackageReport", "extract_package"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("wizard.core.package.extract"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
