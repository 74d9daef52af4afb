"""Safe extraction (extract_package) against zipfile's extractall on the same ~16 MB package.

Run: python benchmarks/bench_extract.py [--files 2000] [--size-mb 16] [--repeat 7]
Target: the safe path keeps at least 0.8x of extractall's throughput.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wizard.core.package.extract import extract_package

TARGET_RATIO = 0.8
WORDS = "Page data setData view text onLoad function return const 页面 商品 订单 购物车".split()


def text_blob(rng: random.Random, size: int) -> bytes:
    """Compressible, code-like text."""
    words: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word.encode()) + 1
    return " ".join(words).encode()[:size]


def build_package(path: Path, files: int, total: int, seed: int = 7) -> int:
    """A package of about `total` bytes in `files` files: 60% text, 40% random (images)."""
    rng = random.Random(seed)
    per_file = total // files
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.config.json", json.dumps({"appid": "tt411d37a0de37d565"}))
        archive.writestr("app.json", json.dumps({"pages": ["pages/p0/index"]}))
        archive.writestr("app.js", "App({})")
        for index in range(files - 3):
            folder = f"pages/p{index // 20}"
            if index % 5 < 3:
                archive.writestr(f"{folder}/f{index}.js", text_blob(rng, per_file))
            else:
                archive.writestr(f"{folder}/f{index}.png", rng.randbytes(per_file))
    with zipfile.ZipFile(path) as archive:
        return sum(info.file_size for info in archive.infolist())


def time_once(run: Callable[[Path], None], parent: Path) -> float:
    dest = parent / "dest"
    started = time.perf_counter()
    run(dest)
    elapsed = time.perf_counter() - started
    shutil.rmtree(dest)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--size-mb", type=float, default=16)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-extract-") as scratch:
        work = Path(scratch)
        package = work / "package.zip"
        unpacked = build_package(package, args.files, int(args.size_mb * 1024 * 1024))
        packed = package.stat().st_size
        print(
            f"package: {args.files} files, {unpacked / 1e6:.1f} MB unpacked, "
            f"{packed / 1e6:.1f} MB zipped; {args.repeat} runs each, alternating"
        )
        progress_calls = 0

        def progress(_done: int, _total: int) -> None:
            nonlocal progress_calls
            progress_calls += 1

        def ours(dest: Path) -> None:
            extract_package(package, dest, progress=progress, cancel=lambda: False)

        def theirs(dest: Path) -> None:
            with zipfile.ZipFile(package) as archive:
                archive.extractall(dest)

        timings: dict[str, list[float]] = {"extract_package": [], "extractall": []}
        time_once(ours, work)  # warm the page cache and imports once for both
        time_once(theirs, work)
        for _ in range(args.repeat):
            timings["extract_package"].append(time_once(ours, work))
            timings["extractall"].append(time_once(theirs, work))

    medians = {name: statistics.median(values) for name, values in timings.items()}
    for name, median in medians.items():
        print(f"{name:>16}: median {median * 1000:7.1f} ms, {unpacked / 1e6 / median:6.1f} MB/s")
    ratio = medians["extractall"] / medians["extract_package"]
    calls = progress_calls // (args.repeat + 1)
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    print(
        f"throughput ratio (ours / extractall): {ratio:.2f}x, {verdict} the {TARGET_RATIO}x target"
    )
    print(f"progress callbacks per extraction: {calls}")
    return 0 if ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
