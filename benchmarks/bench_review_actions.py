"""The merchant's actions from first start to "submitted", counted on the real window.

Runs tests/ui/test_action_count.py (a scripted walk: the real official CLI against the loopback
fake) and prints its figures: every click, field and key press on the app's own widgets, and
what the merchant does outside the app. Measured for issue 23 on the same walk:

    before: first release 34 actions, second release 27 (+ two console visits)
    after:  first release 24 actions (25 with the filing step passed by), second release 12
            (no console visit)

Run: python benchmarks/bench_review_actions.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "pytest", "tests/ui/test_action_count.py", "-q", "-s"]
    command += ["-p", "no:cacheprovider"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    for line in result.stdout.splitlines():
        if line.startswith(("first release", "second release", "  ")):
            print(line)
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-2000:], sep="\n")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
