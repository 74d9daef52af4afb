"""Cold start to first shown window: `python -m wizard` against a bare QWizard, same run.

Run: python benchmarks/bench_startup.py [--runs N]
Both programs quit on the first event-loop turn after show() when
MINIAPP_PUBLISHER_EXIT_AFTER_SHOW=1; the whole process is timed, runs alternate, medians
are compared. Budget (issue 2): the app at most 1.5x the bare window.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 1.5


def time_once(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0 or "first-window-shown" not in result.stdout:
        raise SystemExit(f"{command} failed: {result.stdout}{result.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    options = parser.parse_args()
    env = os.environ.copy()
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["MINIAPP_PUBLISHER_EXIT_AFTER_SHOW"] = "1"
    # A merchant's app starts from compiled bytecode (the frozen app ships it): without it the
    # run would time compiling our sources, which grows with every module, not starting.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "wizard")], check=True)
    app = [sys.executable, "-m", "wizard"]
    bare = [sys.executable, str(ROOT / "benchmarks" / "hello_wizard.py")]
    times: dict[str, list[float]] = {"app": [], "bare": []}
    with tempfile.TemporaryDirectory() as home:
        env["MINIAPP_PUBLISHER_HOME"] = home
        # One warm-up each so both read from the same (warm) file cache.
        time_once(app, env)
        time_once(bare, env)
        for _ in range(options.runs):
            times["bare"].append(time_once(bare, env))
            times["app"].append(time_once(app, env))
    app_ms = statistics.median(times["app"]) * 1000
    bare_ms = statistics.median(times["bare"]) * 1000
    ratio = app_ms / bare_ms
    print(f"platform: {env['QT_QPA_PLATFORM']}, runs: {options.runs} each, alternating")
    print(f"bare QWizard       median {bare_ms:7.0f} ms")
    print(f"python -m wizard   median {app_ms:7.0f} ms")
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(f"ratio {ratio:.2f}x ({verdict} the {BUDGET}x budget)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
