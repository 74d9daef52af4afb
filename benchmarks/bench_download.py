"""Throughput of PackageDownloader against curl on loopback: python benchmarks/bench_download.py

A ~64 MB file is served by a sendfile HTTP server in a separate process (so it does not share
our GIL); PackageDownloader and `curl -s -o` fetch it alternately, several times each. Prints
the medians, MB/s and the ratio (target, issue 25: ours >= 1.0x curl's throughput).
With --entries N the file is a real package of N files (bench_extract's), whose end-of-download
whole-zip check reads N local headers: issue 25's case is --entries 20000.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILE_NAME = "package.zip"


class _SendfileHandler(BaseHTTPRequestHandler):
    """GET /<name> from the served folder with socket.sendfile (no Python copying)."""

    protocol_version = "HTTP/1.1"
    folder = Path(".")

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.folder / self.path.lstrip("/").split("?", 1)[0]
        if not path.is_file():
            self.send_error(404)
            return
        size = path.stat().st_size
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        with path.open("rb") as file:
            self.connection.sendfile(file)


def serve(folder: Path) -> None:
    """Child process: serve folder on a free loopback port and print the port."""
    _SendfileHandler.folder = folder
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SendfileHandler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


def make_payload(path: Path, size: int) -> None:
    """A real zip of about `size` bytes (stored random data): downloads are checked whole."""
    block = os.urandom(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        with archive.open("assets/data.bin", "w", force_zip64=True) as member:
            remaining = size - 200  # room for the headers and the directory
            while remaining > 0:
                member.write(block[: min(remaining, len(block))])
                remaining -= len(block)


def time_curl(url: str, out: Path) -> float:
    """Seconds of transfer as curl measures it (its own start-up excluded, like ours)."""
    result = subprocess.run(
        ["curl", "-s", "-o", str(out), "-w", "%{time_total}", url],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(result.stdout.strip())


class _Ours:
    """Runs PackageDownloader inside a Qt event loop, one download at a time."""

    def __init__(self) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        sys.path.insert(0, str(ROOT))
        from PySide6.QtCore import QCoreApplication, QEventLoop

        from wizard.net.download import PackageDownloader

        self.app = QCoreApplication.instance() or QCoreApplication([])
        self.loop = QEventLoop()
        self.downloader = PackageDownloader()
        self.outcome: object = None
        self.downloader.finished.connect(self._done)

    def _done(self, outcome: object) -> None:
        self.outcome = outcome
        self.loop.quit()

    def time(self, url: str, out: Path) -> float:
        began = time.perf_counter()
        self.downloader.start(url, out)
        self.loop.exec()
        elapsed = time.perf_counter() - began
        if not getattr(self.outcome, "ok", False):
            raise SystemExit(f"download failed: {getattr(self.outcome, 'message', self.outcome)}")
        return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-mb", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--entries", type=int, default=0, help="a package of this many files")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return 0
    if shutil.which("curl") is None:
        print("curl is not installed; install it with: apt-get install curl")
        return 2

    with tempfile.TemporaryDirectory(prefix="bench-download-") as tmp:
        folder = Path(tmp)
        served = folder / "served"
        served.mkdir()
        if args.entries:
            from bench_extract import build_package

            build_package(served / FILE_NAME, args.entries, args.size_mb * 1024 * 1024)
        else:
            make_payload(served / FILE_NAME, args.size_mb * 1024 * 1024)
        size = (served / FILE_NAME).stat().st_size
        child = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(served)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None
            port = int(child.stdout.readline())
            with socket.create_connection(("127.0.0.1", port), timeout=5):
                pass
            url = f"http://127.0.0.1:{port}/{FILE_NAME}"
            ours = _Ours()
            out_curl = folder / "curl.zip"
            out_ours = folder / "ours.zip"
            # One of each first, untimed: page cache, connection set-up, imports.
            time_curl(url, out_curl)
            ours.time(url, out_ours)
            curl_times: list[float] = []
            our_times: list[float] = []
            for _ in range(args.repeat):
                for path in (out_curl, out_ours):
                    path.unlink(missing_ok=True)
                curl_times.append(time_curl(url, out_curl))
                our_times.append(ours.time(url, out_ours))
            if out_ours.stat().st_size != (served / FILE_NAME).stat().st_size:
                raise SystemExit("our download has the wrong size")
        finally:
            child.terminate()
            child.wait(timeout=5)

    mb = size / (1024 * 1024)
    curl_median = statistics.median(curl_times)
    our_median = statistics.median(our_times)
    curl_rate, our_rate = mb / curl_median, mb / our_median
    entries = f", {args.entries} entries" if args.entries else ""
    print(f"file: {mb:.0f} MiB{entries} over loopback, {args.repeat} runs each, alternating")
    print(f"curl:               median {curl_median * 1000:7.1f} ms  {curl_rate:8.1f} MiB/s")
    print(f"PackageDownloader:  median {our_median * 1000:7.1f} ms  {our_rate:8.1f} MiB/s")
    ratio = our_rate / curl_rate
    verdict = "meets" if ratio >= 1.0 else "misses"
    print(f"ratio: {ratio:.2f}x curl's throughput ({verdict} the 1.0x target)")
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
