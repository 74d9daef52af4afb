"""Uploading a code folder as the 测试版本: the official CLI, its outcome, the changelog."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wizard.core.upload.outcome import UploadOutcome, interpret_cli_output

# The documented names (docs/architecture.md, "Contracts") stay importable from the package,
# loaded on first use so importing one submodule does not load the others.
__all__ = ["UploadOutcome", "interpret_cli_output"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("wizard.core.upload.outcome"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
