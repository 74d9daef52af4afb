"""Start-up as the merchant sees it: `python -m wizard` against a bare 12-page QWizard, same run.

Run: python benchmarks/bench_startup.py [--runs 9]

Rounds alternate bare, app, app-probed; medians; each a same-run ratio:
- first paint: both print their marker and quit once the window's first paint has been
  delivered (MINIAPP_PUBLISHER_EXIT_AFTER_SHOW=1); timed from the start of the process to the
  moment its marker line is read (interpreter shutdown is not part of what the merchant sees).
  Budget 1.3x.
- interactive: the app run by startup_probe.py (a 5 ms heartbeat on the GUI thread) with
  MINIAPP_PUBLISHER_EXIT_AFTER_SHOW=ready, which quits once every page is built; interactive is
  the end of the last GUI gap over 50 ms after the first paint (every page reachable without a
  freeze from then on). The bare wizard builds its twelve pages before it shows, so its first
  paint is its interactive moment. Budget 1.5x. The probe's "ready" (every page built) and the
  longest GUI gap after the first paint are printed too.
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
FIRST_PAINT_BUDGET = 1.3
INTERACTIVE_BUDGET = 1.5
PROBE_FIGURES = ("first-paint", "interactive", "ready", "longest-gap")


def time_once(command: list[str], env: dict[str, str], marker: str) -> dict[str, float]:
    """ms to the marker line ("marker"), for the whole process ("whole"), and the probe's
    figures when the command is the probe."""
    env = {**env, "BENCH_SPAWNED_NS": str(time.time_ns())}
    started = time.perf_counter()
    child = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    figures: dict[str, float] = {}
    for line in child.stdout:
        name, _space, value = line.strip().partition(" ")
        if name == marker:
            figures["marker"] = (time.perf_counter() - started) * 1000
        elif name in PROBE_FIGURES:
            figures[name] = float(value)
    _out, err = child.communicate()
    figures["whole"] = (time.perf_counter() - started) * 1000
    if child.returncode != 0 or "marker" not in figures:
        raise SystemExit(f"{command} failed ({child.returncode}): {err}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    options = parser.parse_args()
    env = os.environ.copy()
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A merchant's app starts from compiled bytecode (the frozen app ships it): without it the
    # run would time compiling our sources, which grows with every module, not starting.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "wizard")], check=True)
    app = [sys.executable, "-m", "wizard"]
    probe = [sys.executable, str(ROOT / "benchmarks" / "startup_probe.py")]
    bare = [sys.executable, str(ROOT / "benchmarks" / "hello_wizard.py")]
    painted = {**env, "MINIAPP_PUBLISHER_EXIT_AFTER_SHOW": "1"}
    ready = {**env, "MINIAPP_PUBLISHER_EXIT_AFTER_SHOW": "ready"}
    runs = {
        "bare": (bare, painted, "first-window-shown"),
        "app": (app, painted, "first-window-shown"),
        "app probed": (probe, ready, "pages-ready"),
    }
    times: dict[str, list[dict[str, float]]] = {name: [] for name in runs}
    with tempfile.TemporaryDirectory() as home:
        painted["MINIAPP_PUBLISHER_HOME"] = ready["MINIAPP_PUBLISHER_HOME"] = home
        for command, run_env, marker in runs.values():
            time_once(command, run_env, marker)  # warm-up: the same warm file cache for all
        for _ in range(options.runs):
            for name, (command, run_env, marker) in runs.items():
                times[name].append(time_once(command, run_env, marker))

    def median(name: str, figure: str) -> float:
        return statistics.median(run[figure] for run in times[name])

    print(f"platform: {env['QT_QPA_PLATFORM']}, runs: {options.runs} each, alternating")
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    bare_paint = median("bare", "marker")
    bare_whole = median("bare", "whole")
    print(f"bare 12-page QWizard  first paint {bare_paint:6.0f} ms (whole {bare_whole:.0f})")
    app_paint = median("app", "marker")
    app_whole = median("app", "whole")
    print(f"python -m wizard      first paint {app_paint:6.0f} ms (whole {app_whole:.0f})")
    interactive = median("app probed", "interactive")
    print(
        f"python -m wizard      interactive {interactive:6.0f} ms, every page built "
        f"{median('app probed', 'ready'):.0f} ms, longest GUI gap after the first paint "
        f"{median('app probed', 'longest-gap'):.0f} ms (max "
        f"{max(run['longest-gap'] for run in times['app probed']):.0f})"
    )
    for label, value, budget in (
        ("first paint", app_paint, FIRST_PAINT_BUDGET),
        ("interactive", interactive, INTERACTIVE_BUDGET),
    ):
        ratio = value / bare_paint
        verdict = "within" if ratio <= budget else "OVER"
        print(f"{label:12s} {ratio:.2f}x the bare 12-page QWizard ({verdict} the {budget}x budget)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
