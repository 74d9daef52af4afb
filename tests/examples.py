"""How many Hypothesis examples a property test runs: all of them in CI, a tenth every day.

CI (the `CI` variable is set, or HYPOTHESIS_PROFILE=full) runs each property test with the
examples its decorator names; the everyday tier (`python -m pytest -m "not slow"` on a
developer's machine) runs a tenth of them, at least 10, so the quick loop stays quick while
CI still searches as widely as before.
"""

from __future__ import annotations

import os

FULL = bool(os.environ.get("CI")) or os.environ.get("HYPOTHESIS_PROFILE") == "full"


def examples(full: int) -> int:
    """The number of examples to run of a test that CI runs `full` times."""
    return full if FULL else max(10, full // 10)
