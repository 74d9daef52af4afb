"""How long the GUI thread goes without a turn wherever a merchant can be: a heartbeat benchmark.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui_heartbeat.py
     [--entries 20000] [--size-mb 32] [--scan-mb 32]   (issue 25's case: --size-mb 128)

A QTimer ticks every 5 ms on the GUI thread; a gap between two ticks is how long the window
would have been frozen. For each case the longest gap and the 99th percentile are printed:
- idle (the baseline: the machine's own scheduling noise), at the start and at the end;
- start-up: `python -m wizard` run by startup_probe.py (its own heartbeat from the moment the
  QApplication exists), from the first paint until every page is built;
- extraction of a package of --entries files (the package page's unpacking job);
- download of that same package from a loopback server in another process (the download
  job, the whole-zip check of its end included);
- a domain scan of a --scan-mb tree as the domains page runs it (a job on a worker thread);
- the same scan with a window whose every page is built, before and after gc.freeze() (what
  the app does once its pages are built): the collector's full passes walk every widget's
  Python objects unless they are frozen.
Budget (architecture.md): the GUI thread never blocks for more than 50 ms.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_domain_scan import build_folder  # noqa: E402
from bench_extract import build_package  # noqa: E402
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

TICK_MS = 5
BUDGET_MS = 50.0


class Heartbeat:
    """Records every gap between ticks of a precise GUI-thread timer."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.gaps: list[float] = []

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.last:
            self.gaps.append((now - self.last) * 1000)
        self.last = now

    def measure(self, work: Callable[[QEventLoop], None]) -> tuple[float, float, float]:
        """Run work(loop) (it quits the loop when done): longest gap, p99 gap, time, in ms."""
        loop = QEventLoop()
        self.last, self.gaps = 0.0, []
        self.timer.start()
        began = time.perf_counter()
        QTimer.singleShot(0, lambda: work(loop))
        loop.exec()
        elapsed = time.perf_counter() - began
        self.timer.stop()
        return max(self.gaps, default=0.0), p99(self.gaps), elapsed * 1000


def p99(gaps: list[float]) -> float:
    if len(gaps) < 2:
        return max(gaps, default=0.0)
    return statistics.quantiles(gaps, n=100, method="inclusive")[98]


def idle(seconds: float) -> Callable[[QEventLoop], None]:
    return lambda loop: QTimer.singleShot(int(seconds * 1000), loop.quit)


def extraction(zip_path: Path, dest: Path) -> Callable[[QEventLoop], None]:
    """The package page's unpacking: extract_package as a ThreadJob of the one job contract."""
    from wizard.core.package import PackageReport, extract_package
    from wizard.ui.jobs import ThreadJob

    job = ThreadJob(lambda: "unexpected problem")
    job.set_work(
        lambda progress, cancel: extract_package(zip_path, dest, progress=progress, cancel=cancel)
    )
    # Progress crosses to the GUI thread as on the page, where it moves a progress bar.
    job.progress.connect(lambda done, total, line: None)

    def start(loop: QEventLoop) -> None:
        def done(_program_id: str, result: object) -> None:
            if not isinstance(result, PackageReport):
                raise SystemExit(f"extraction failed: {getattr(result, 'message', result)}")
            loop.quit()

        job.finished.connect(done)
        job.start("benchmark")

    return start


def download(url: str, target: Path) -> Callable[[QEventLoop], None]:
    """The package page's download: PackageDownloader as a DownloadJob."""
    from wizard.ui.network_jobs import DownloadJob

    job = DownloadJob()
    job.configure(url, target)
    job.progress.connect(lambda received, total, line: None)

    def start(loop: QEventLoop) -> None:
        def done(_program_id: str, outcome: object) -> None:
            if not getattr(outcome, "ok", False):
                raise SystemExit(f"download failed: {getattr(outcome, 'message', outcome)}")
            loop.quit()

        job.finished.connect(done)
        job.start("benchmark")

    return start


def domain_scan(folder: Path) -> Callable[[QEventLoop], None]:
    """The domains page's check: scan_package as a ThreadJob, progress to the GUI thread."""
    from wizard.core.domains.scan import DomainScan, scan_package
    from wizard.ui.jobs import ThreadJob

    job = ThreadJob(lambda: "unexpected problem")
    job.set_work(lambda progress, cancel: scan_package(folder, progress=progress, cancel=cancel))
    job.progress.connect(lambda done, total, line: None)

    def start(loop: QEventLoop) -> None:
        def done(_program_id: str, result: object) -> None:
            if not isinstance(result, DomainScan):
                raise SystemExit(f"scan failed: {result}")
            loop.quit()

        job.finished.connect(done)
        job.start("benchmark")

    return start


def start_up(runs: int) -> tuple[float, float, float]:
    """Longest and p99 gap after the first paint of `python -m wizard` (median of runs)."""
    env = {**os.environ, "MINIAPP_PUBLISHER_EXIT_AFTER_SHOW": "ready"}
    longest: list[float] = []
    worst_p99: list[float] = []
    took: list[float] = []
    with tempfile.TemporaryDirectory() as home:
        env["MINIAPP_PUBLISHER_HOME"] = home
        for _ in range(runs + 1):  # the first run warms the caches
            env["BENCH_SPAWNED_NS"] = str(time.time_ns())
            result = subprocess.run(
                [sys.executable, str(ROOT / "benchmarks" / "startup_probe.py")],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            figures = dict(
                (line.split()[0], float(line.split()[1]))
                for line in result.stdout.splitlines()
                if len(line.split()) == 2
            )
            longest.append(figures["longest-gap"])
            worst_p99.append(figures["p99-gap"])
            took.append(figures["ready"] - figures["first-paint"])
    return (
        statistics.median(longest[1:]),
        statistics.median(worst_p99[1:]),
        statistics.median(took[1:]),
    )


def built_window() -> object:
    """The real window with every page built, as after start-up (kept referenced)."""
    from wizard.core.paths import app_paths
    from wizard.ui.context import AppContext
    from wizard.ui.wizard_window import PublisherWizard

    paths = app_paths()
    paths.ensure()
    context = AppContext(paths)
    context.load()
    window = PublisherWizard(context)
    window.build_after_paint = False
    window.show()
    window.build_pages()
    for page in window.pages.values():
        page.load_now()
    QApplication.processEvents()
    return window


def serve(folder: Path) -> tuple[subprocess.Popen[str], int]:
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "benchmarks" / "bench_download.py"), "--serve", str(folder)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    port = int(child.stdout.readline())
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    return child, port


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000, help="files in the package")
    parser.add_argument("--size-mb", type=int, default=32, help="package size, unpacked")
    parser.add_argument("--scan-mb", type=int, default=32, help="size of the scanned tree")
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--idle-s", type=float, default=2.0)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    heartbeat = Heartbeat()
    results: list[tuple[str, float, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-heartbeat-") as tmp:
        folder = Path(tmp)
        os.environ["MINIAPP_PUBLISHER_HOME"] = str(folder / "home")
        served = folder / "served"
        served.mkdir()
        package = served / "package.zip"
        build_package(package, args.entries, args.size_mb * 1024 * 1024)
        tree = folder / "tree"
        build_folder(tree, 2000, args.scan_mb * 1024 * 1024)
        child, port = serve(served)
        try:
            url = f"http://127.0.0.1:{port}/package.zip"
            results.append(("idle (baseline)", *heartbeat.measure(idle(args.idle_s))))
            results.append(("start-up, first paint to ready", *start_up(args.startup_runs)))
            name = f"extraction ({args.size_mb} MB, {args.entries} files)"
            results.append((name, *heartbeat.measure(extraction(package, folder / "unpacked"))))
            shutil.rmtree(folder / "unpacked", ignore_errors=True)
            name = f"download of that package (loopback, {package.stat().st_size >> 20} MB)"
            target = folder / "downloads" / "p.zip"
            results.append((name, *heartbeat.measure(download(url, target))))
            name = f"domain scan ({args.scan_mb} MB, 2000 files)"
            results.append((name, *heartbeat.measure(domain_scan(tree))))
            window = built_window()
            gc.collect()
            name = "  the same, every page built"
            results.append((name, *heartbeat.measure(domain_scan(tree))))
            gc.freeze()
            name = "  the same, after gc.freeze()"
            results.append((name, *heartbeat.measure(domain_scan(tree))))
            gc.unfreeze()
            results.append(("idle again", *heartbeat.measure(idle(args.idle_s))))
            del window
        finally:
            child.terminate()
            child.wait(timeout=5)
    del app
    print(f"GUI heartbeat every {TICK_MS} ms; longest gap and 99th percentile between two ticks:")
    for name, gap, p99_gap, took in results:
        verdict = "within" if gap <= BUDGET_MS else "OVER"
        print(
            f"  {name:48s} longest {gap:6.1f} ms  p99 {p99_gap:5.1f} ms  over {took:6.0f} ms  "
            f"({verdict} the {BUDGET_MS:.0f} ms budget)"
        )
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
