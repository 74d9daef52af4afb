"""How long the GUI thread goes without a turn while real work runs: a heartbeat benchmark.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui_heartbeat.py [--size-mb 16]

A QTimer ticks every 5 ms on the GUI thread; the longest gap between two ticks is how long
the window would have been frozen. Measured, in the same run, while idle (the baseline: the
machine's own scheduling noise), while the package page's unpacking job extracts a real
package, and
while its download job fetches a real zip from a loopback server in another process. Budget
(architecture.md): the GUI thread never blocks for more than ~50 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
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

from bench_download import FILE_NAME, make_payload  # noqa: E402
from bench_extract import build_package  # noqa: E402
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

TICK_MS = 5
BUDGET_MS = 50.0


class Heartbeat:
    """Records the longest gap between ticks of a precise GUI-thread timer."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0
        self.ticks = 0

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.last:
            self.longest = max(self.longest, now - self.last)
        self.last = now
        self.ticks += 1

    def measure(self, work: Callable[[QEventLoop], None]) -> tuple[float, float]:
        """Run work(loop) (it quits the loop when done); the longest gap and the time, in ms."""
        loop = QEventLoop()
        self.last, self.longest, self.ticks = 0.0, 0.0, 0
        self.timer.start()
        began = time.perf_counter()
        QTimer.singleShot(0, lambda: work(loop))
        loop.exec()
        elapsed = time.perf_counter() - began
        self.timer.stop()
        return self.longest * 1000, elapsed * 1000


def idle(seconds: float) -> Callable[[QEventLoop], None]:
    return lambda loop: QTimer.singleShot(int(seconds * 1000), loop.quit)


def extraction(zip_path: Path, dest: Path) -> Callable[[QEventLoop], None]:
    """The package page's unpacking: extract_package as a ThreadJob of the one job contract."""
    from wizard.core.package.extract import PackageReport, extract_package
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-mb", type=int, default=16, help="package size to unpack")
    parser.add_argument("--download-mb", type=int, default=256, help="zip size to download")
    parser.add_argument("--idle-s", type=float, default=2.0)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    heartbeat = Heartbeat()
    results: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-heartbeat-") as tmp:
        folder = Path(tmp)
        package = folder / "package.zip"
        build_package(package, 2000, args.size_mb * 1024 * 1024)
        served = folder / "served"
        served.mkdir()
        make_payload(served / FILE_NAME, args.download_mb * 1024 * 1024)
        child = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "bench_download.py"),
                "--serve",
                str(served),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None
            port = int(child.stdout.readline())
            with socket.create_connection(("127.0.0.1", port), timeout=5):
                pass
            url = f"http://127.0.0.1:{port}/{FILE_NAME}"
            gap, took = heartbeat.measure(idle(args.idle_s))
            results.append(("idle (baseline)", gap, took))
            gap, took = heartbeat.measure(extraction(package, folder / "unpacked"))
            results.append((f"extraction ({args.size_mb} MB, 2000 files)", gap, took))
            gap, took = heartbeat.measure(download(url, folder / "downloads" / "p.zip"))
            results.append((f"download ({args.download_mb} MB, loopback)", gap, took))
            gap, took = heartbeat.measure(idle(args.idle_s))
            results.append(("idle again", gap, took))
        finally:
            child.terminate()
            child.wait(timeout=5)
            shutil.rmtree(folder / "unpacked", ignore_errors=True)
    del app
    baseline = results[0][1]
    print(f"GUI heartbeat every {TICK_MS} ms; longest gap between two ticks:")
    for name, gap, took in results:
        ratio = gap / baseline if baseline else float("inf")
        verdict = "within" if gap <= BUDGET_MS else "OVER"
        print(
            f"  {name:36s} {gap:7.1f} ms  ({ratio:4.1f}x idle, over {took:6.0f} ms, "
            f"{verdict} the {BUDGET_MS:.0f} ms budget)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
