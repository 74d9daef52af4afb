"""Per-keystroke cost of the version and changelog checks, and of reading a long history.

Run: python benchmarks/bench_versions.py [--repeat 7]
Baseline in the same run: check_appid (the credentials page's per-keystroke check). The
version page runs check_version and check_changelog on every keystroke and reads the release
history (ReleaseHistory.from_dict) on every refresh: each should stay well under a millisecond
per call, i.e. within a small multiple of the baseline. Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wizard.core.credentials import check_appid
from wizard.core.releases import ReleaseHistory, Route
from wizard.core.upload.changelog import check_changelog
from wizard.core.versions import check_version

TYPED_VERSIONS = ["1", "1.", "1.0", "1.0.", "1.0.4", "１．０．４", "v1.0.4", "01.0.4"]
TYPED_APPIDS = ["t", "tt", "tt411d", "tt411d37a0de37", "tt411d37a0de37d565", "tt4１"]
CHANGELOG = "首页改版，修复下单问题。测试账号：13800000000 密码：123456 " * 4


def per_call(work: Callable[[], object], calls: int, repeat: int) -> float:
    """Median microseconds per call over `repeat` rounds of `calls` calls."""
    rounds = []
    for _round in range(repeat):
        start = time.perf_counter()
        for _ in range(calls):
            work()
        rounds.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(rounds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    history = ReleaseHistory()
    for minor in range(100):
        history.record_upload(f"1.{minor}.0", CHANGELOG, Route.DEVTOOL, 1_700_000_000 + minor)
    saved = history.to_dict()

    baseline = per_call(lambda: [check_appid(t) for t in TYPED_APPIDS], 2000, args.repeat)
    version = per_call(
        lambda: [check_version(t, "1.0.3") for t in TYPED_VERSIONS], 2000, args.repeat
    )
    changelog = per_call(lambda: check_changelog(CHANGELOG, has_login=True), 2000, args.repeat)
    reading = per_call(lambda: ReleaseHistory.from_dict(saved), 50, args.repeat)
    per_appid = baseline / len(TYPED_APPIDS)
    per_version = version / len(TYPED_VERSIONS)
    print(f"check_appid (baseline)      {per_appid:8.1f} µs per keystroke")
    print(f"check_version               {per_version:8.1f} µs  ({per_version / per_appid:.2f}x)")
    print(
        f"check_changelog ({len(CHANGELOG)} chars) {changelog:8.1f} µs  "
        f"({changelog / per_appid:.2f}x)"
    )
    print(f"history of 100 releases     {reading:8.1f} µs to read  ({reading / per_appid:.0f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
