"""Checking the largest acceptable provider profile against merely parsing it.

Run: python benchmarks/bench_profile.py [--repeat 21]

The profile: a 400×400 noise PNG logo (~470 KB, near the 512 KB cap) and every field filled,
20 domains in each list. Baseline: json.loads plus base64 decoding of the same bytes (what any
loader must do). Also timed: a hostile 1 MB file of nested lists (refused as unreadable).
Target: the whole check stays under 50 ms, so a page may run it on the GUI thread.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import struct
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wizard.core.profile.document import load_profile_bytes

ROOT = Path(__file__).resolve().parents[1]
GUI_BUDGET_MS = 50.0


def noise_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    rows = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def largest_profile() -> bytes:
    document = json.loads((ROOT / "docs" / "example-profile.json").read_text(encoding="utf-8"))
    document["logo_png_base64"] = base64.b64encode(noise_png(400, 400)).decode()
    for kind in ("request", "socket", "uploadFile", "downloadFile"):
        document["server_domains"][kind] = [f"{kind.lower()}{n}.example.com" for n in range(20)]
    document["webview_domains"] = [f"m{n}.example.com" for n in range(20)]
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    raw = largest_profile()
    result = load_profile_bytes(raw)
    if not result.ok:
        print("the benchmark profile is not valid:", result.sentences())
        return 1

    def baseline() -> None:
        data = json.loads(raw)
        base64.b64decode(data["logo_png_base64"])

    hostile = b"[" * (1024 * 1024 - 1) + b"]"
    ours = median_ms(lambda: load_profile_bytes(raw), args.repeat)
    base = median_ms(baseline, args.repeat)
    deep = median_ms(lambda: load_profile_bytes(hostile), args.repeat)
    print(
        f"profile of {len(raw) / 1024:.0f} KB (logo {len(result.profile.logo_png) / 1024:.0f} KB)"
    )  # type: ignore[union-attr]
    print(f"  json.loads + base64 (baseline): {base:7.2f} ms")
    print(f"  load_profile_bytes (full check): {ours:7.2f} ms  ratio {ours / base:.2f}x")
    print(f"  hostile 1 MB of nested lists:    {deep:7.2f} ms (refused)")
    within = max(ours, deep) < GUI_BUDGET_MS
    print(f"  within the {GUI_BUDGET_MS:.0f} ms GUI-thread budget: {'yes' if within else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
