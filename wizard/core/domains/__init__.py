"""Server domains: the console's lists and their rules, the package scan, reachability."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wizard.core.domains.rules import check_domain

# The documented names (docs/architecture.md, "Contracts") stay importable from the package,
# loaded on first use so importing one submodule does not load the others.
__all__ = ["check_domain"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("wizard.core.domains.rules"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
