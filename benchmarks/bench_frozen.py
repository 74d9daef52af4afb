"""Frozen-app budgets: the app against a bare PySide6 QWizard frozen the same way, same run.

    python benchmarks/bench_frozen.py [--runs 9] [--wine] [--no-build] [--json OUT]

Both programs are frozen with packaging/miniapp-publisher.spec (the baseline is
benchmarks/hello_wizard.py), then started alternately with MINIAPP_PUBLISHER_EXIT_AFTER_SHOW=1,
which makes each quit on the first turn of its event loop after the window is shown; the
whole process is timed (wall clock), after one discarded warm-up run each. The time to the
window being shown is used instead when it is known for both: the baseline prints a line
``first-window-shown`` just before quitting; the app is timed to that line if it prints it,
else to the "window shown" line of its log (millisecond timestamps, written right after
``show()``). That leaves out the cost of exiting (under wine, hiding a window waits about 2 s
for a window manager Xvfb does not have), which would otherwise dominate.
Medians are compared with the budgets:

- onedir size: at most +20 MB over the baseline;
- start to first window: at most 1.5x the baseline.

Linux runs use QT_QPA_PLATFORM=offscreen. ``--wine`` measures the Windows build under wine
(Qt's real windows platform under Xvfb); wine's own start-up cost is in both figures, so the
ratio understates the app's share. Not a test: it prints the figures and exits 1 when a
budget is exceeded.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "packaging"))
sys.path.insert(0, str(REPO / "packaging" / "windows"))
import buildlib  # noqa: E402
import project_meta  # noqa: E402

import build_installer  # noqa: E402

SIZE_BUDGET_MB = 20.0
START_BUDGET_RATIO = 1.5
HELLO_NAME = "hello-wizard"
EXIT_AFTER_SHOW = "MINIAPP_PUBLISHER_EXIT_AFTER_SHOW"
SHOWN_MARKER = "first-window-shown"
LOG_SHOWN = " window shown"  # wizard/app.py logs this right after window.show()


@dataclass
class Figures:
    platform: str
    start_method: str
    app_size_mb: float
    hello_size_mb: float
    app_start_ms: float
    hello_start_ms: float
    app_runs_ms: list[float]
    hello_runs_ms: list[float]
    app_total_ms: list[float]
    hello_total_ms: list[float]

    @property
    def size_delta_mb(self) -> float:
        return self.app_size_mb - self.hello_size_mb

    @property
    def start_ratio(self) -> float:
        return self.app_start_ms / self.hello_start_ms

    def within_budget(self) -> bool:
        return self.size_delta_mb <= SIZE_BUDGET_MB and self.start_ratio <= START_BUDGET_RATIO

    def report(self) -> str:
        size_ok = "ok" if self.size_delta_mb <= SIZE_BUDGET_MB else "OVER BUDGET"
        start_ok = "ok" if self.start_ratio <= START_BUDGET_RATIO else "OVER BUDGET"
        return "\n".join(
            [
                f"[{self.platform}] onedir size: app {self.app_size_mb:.1f} MB, baseline "
                f"{self.hello_size_mb:.1f} MB, +{self.size_delta_mb:.1f} MB "
                f"(budget +{SIZE_BUDGET_MB:.0f} MB): {size_ok}",
                f"[{self.platform}] start to first window ({self.start_method}, median of "
                f"{len(self.app_runs_ms)}): "
                f"app {self.app_start_ms:.0f} ms, baseline {self.hello_start_ms:.0f} ms, "
                f"x{self.start_ratio:.2f} (budget x{START_BUDGET_RATIO}): {start_ok}",
            ]
        )


@dataclass
class Run:
    total_ms: float  # start to exit
    shown_ms: float | None  # start to the "first-window-shown" line, if the program prints it


def shown_from_log(home: Path, launched: float) -> float | None:
    """Epoch seconds of the app's last "window shown" log line written after ``launched``."""
    log = home / "logs" / "miniapp-publisher.log"
    if not log.is_file():
        return None
    found: float | None = None
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if LOG_SHOWN not in line:
            continue
        try:
            stamp = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()
        except ValueError:
            continue
        if stamp >= launched - 0.01:
            found = stamp
    return found


def time_run(
    cmd: list[str], env: dict[str, str], timeout: float = 120, home: Path | None = None
) -> Run:
    """Time one start → window shown → quit, failing on a non-zero exit.

    With ``home``, a program that prints no marker is timed to the "window shown" line of
    its log (the app logs it, with milliseconds, right after ``show()``).
    """
    launched = time.time()
    start = time.perf_counter()
    shown: float | None = None
    lines: list[str] = []
    with subprocess.Popen(
        cmd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if shown is None and SHOWN_MARKER in line:
                shown = (time.perf_counter() - start) * 1000
            lines.append(line)
        code = proc.wait(timeout=timeout)
    total = (time.perf_counter() - start) * 1000
    if code != 0:
        raise SystemExit(f"{cmd[-1]} exited with {code}:\n{''.join(lines)[-2000:]}")
    if shown is None and home is not None:
        logged = shown_from_log(home, launched)
        shown = (logged - launched) * 1000 if logged is not None else None
    return Run(total, shown)


def alternate(
    app: Callable[[], Run], hello: Callable[[], Run], runs: int
) -> tuple[list[Run], list[Run]]:
    app(), hello()  # warm-up: page cache, font cache
    app_runs: list[Run] = []
    hello_runs: list[Run] = []
    for index in range(runs):
        order = (app, hello) if index % 2 == 0 else (hello, app)
        for runner in order:
            (app_runs if runner is app else hello_runs).append(runner())
    return app_runs, hello_runs


def pick_times(app_runs: list[Run], hello_runs: list[Run]) -> tuple[str, list[float], list[float]]:
    """Time to the printed marker when both programs print it, else whole-process time."""
    both = all(run.shown_ms is not None for run in app_runs + hello_runs)
    if both:
        return (
            "start to window shown (hello: printed marker; app: marker or log line)",
            [run.shown_ms or 0.0 for run in app_runs],
            [run.shown_ms or 0.0 for run in hello_runs],
        )
    return (
        "whole process, start to exit",
        [run.total_ms for run in app_runs],
        [run.total_ms for run in hello_runs],
    )


# ------------------------------------------------------------------ Linux (native)
def native(args: argparse.Namespace, home: Path) -> Figures:
    dist, work = REPO / "build" / "bench" / "dist", REPO / "build" / "bench" / "work"
    app = build_installer.Target(project_meta.EXE_NAME, None, dist, work)
    hello = build_installer.Target(HELLO_NAME, buildlib.HELLO_ENTRY, dist, work)
    if not args.no_build:
        for target in (app, hello):
            build_installer.freeze(sys.executable, target)
    env = {
        **os.environ,
        EXIT_AFTER_SHOW: "1",
        "QT_QPA_PLATFORM": "offscreen",
        "MINIAPP_PUBLISHER_HOME": str(home),
    }
    app_runs, hello_runs = alternate(
        lambda: time_run([str(app.exe)], env, home=home),
        lambda: time_run([str(hello.exe)], env),
        args.runs,
    )
    return figures(build_installer.platform_key(), app.bundle, hello.bundle, app_runs, hello_runs)


# ------------------------------------------------------------------ Windows under wine
def under_wine(args: argparse.Namespace, home: Path) -> Figures:
    import build_under_wine as bw

    layout = bw.Layout(bw.WORK)
    layout.logs.mkdir(parents=True, exist_ok=True)
    wine = bw.Wine(layout)
    clock = buildlib.StepClock()
    app_dir, hello_dir = layout.dist / project_meta.EXE_NAME, layout.dist / HELLO_NAME
    if not args.no_build:
        bw.prepare(layout, wine, clock, sys.executable)
        bw.freeze(layout, wine, entry=None, name=project_meta.EXE_NAME)
        bw.freeze(layout, wine, entry=buildlib.HELLO_ENTRY, name=HELLO_NAME)
    with bw.xvfb(layout) as display:
        env = {
            **wine.env,
            **bw.qt_env(layout, "windows", display),
            EXIT_AFTER_SHOW: "1",
            "MINIAPP_PUBLISHER_HOME": bw.win_path(home),
        }
        # Keep one wineserver and wine's services alive across runs, as a Windows session
        # would be. The services are started here, with output to /dev/null: started by a
        # timed run they would inherit its stdout pipe and keep it open.
        server = subprocess.Popen(
            ["wineserver", "-p", "-f"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            subprocess.run(
                ["wine", "cmd", "/c", "exit"],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=120,
                check=False,
            )
            app_exe = bw.win_path(app_dir / f"{project_meta.EXE_NAME}.exe")
            hello_exe = bw.win_path(hello_dir / f"{HELLO_NAME}.exe")
            app_runs, hello_runs = alternate(
                lambda: time_run(["wine", app_exe], env, home=home),
                lambda: time_run(["wine", hello_exe], env),
                args.runs,
            )
        finally:
            wine.kill()
            server.wait(timeout=30)
    return figures("windows-under-wine", app_dir, hello_dir, app_runs, hello_runs)


def figures(
    platform: str, app_dir: Path, hello_dir: Path, app_runs: list[Run], hello_runs: list[Run]
) -> Figures:
    method, app_times, hello_times = pick_times(app_runs, hello_runs)
    return Figures(
        platform,
        method,
        buildlib.dir_size(app_dir) / 1e6,
        buildlib.dir_size(hello_dir) / 1e6,
        statistics.median(app_times),
        statistics.median(hello_times),
        [round(t, 1) for t in app_times],
        [round(t, 1) for t in hello_times],
        [round(r.total_ms, 1) for r in app_runs],
        [round(r.total_ms, 1) for r in hello_runs],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each program")
    parser.add_argument("--wine", action="store_true", help="measure the Windows build (wine)")
    parser.add_argument("--no-build", action="store_true", help="reuse the frozen folders")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    (REPO / "build").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-home-", dir=REPO / "build") as home:
        result = (under_wine if args.wine else native)(args, Path(home))
    print(result.report())
    if args.json:
        data = {
            **asdict(result),
            "size_delta_mb": result.size_delta_mb,
            "start_ratio": result.start_ratio,
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0 if result.within_budget() else 1


if __name__ == "__main__":
    sys.exit(main())
