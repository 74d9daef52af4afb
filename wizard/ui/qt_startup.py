"""What start-up does once PySide6 is loaded, before the app's own Qt modules are imported."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def skip_source_reads() -> int:
    """Tell PySide6 that the app's modules select none of its __feature__ switches.

    PySide6 6.x hooks every import that follows it and reads the module's whole source (with
    inspect, keeping every line in linecache) to see whether it mentions PySide6: measured
    here, a few ms of start-up and ~15 MB for the window's modules. A module already listed in
    its table is skipped, so the app's own modules are listed as "default features" (0, what
    the hook would decide for a module using PySide6 without __feature__). Nothing changes when
    the table is not there (another PySide6) or there is no source (the frozen app). Returns
    how many modules were listed.
    """
    feature = sys.modules.get("PySide6.support.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return 0
    root = Path(__file__).resolve().parent.parent
    listed = 0
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if not name.startswith((".", "__"))]
        package = Path(folder).relative_to(root.parent).parts
        for name in files:
            if not name.endswith(".py"):
                continue
            parts = package if name == "__init__.py" else (*package, name[:-3])
            table.setdefault(".".join(parts), 0)
            listed += 1
    return listed
