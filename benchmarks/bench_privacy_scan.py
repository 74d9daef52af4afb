"""The privacy scan (scan_privacy) against the domain scan (scan_package) of the same 16 MB
package folder, in the same run: the privacy scan should cost no more than the domain scan.

Run: python benchmarks/bench_privacy_scan.py [--files 2000] [--size-mb 16] [--repeat 5]
Target: privacy / domain time <= 1.0 (best of each, runs alternating, warm cache).

The folder mixes minified code (one long line, calls among thousands of tokens), readable code
with line and block comments (so the comment lexer runs), pages with open-type buttons, styles
and JSON, with both the privacy APIs and the network calls the domain scan looks for.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wizard.core.domains.scan import scan_package
from wizard.core.privacy import scan_privacy

TARGET_RATIO = 1.0
WORDS = (
    "Page data setData view text onLoad function return const var this that e t n r i "
    "页面 商品 订单 购物车 {} () ; , . = + === 'a' \"b\" /x/g".split()
)
CALLS = [
    'tt.request({url:"https://api{n}.shop.example.com/v1/items?page=1",method:"GET"});',
    "tt.downloadFile({url:'https://cdn{n}.shop.example.com/a.zip'});",
    'tt.getLocation({type:"gcj02",success:function(r){}});',
    "tt.chooseImage({count:1});",
    "tt.setClipboardData({data:s});",
    'var h={Accept:"application/json, text/plain, */*"};',
    "tt.showToast({title:'ok'});",
]
COMMENTED = """/**
 * Order page. tt.makePhoneCall was used by the old contact button.
 */
// const old = "https://legacy.shop.example.com//api";
Page({
  onLoad() { /* tt.getLocation({}) */ tt.request({ url: "https://api.shop.example.com/o" }); },
});
"""


def code_blob(rng: random.Random, size: int, density: float) -> str:
    parts: list[str] = []
    length = 0
    while length < size:
        part = (
            rng.choice(CALLS).replace("{n}", str(rng.randrange(30)))
            if rng.random() < density
            else rng.choice(WORDS)
        )
        parts.append(part)
        length += len(part.encode()) + 1
    return " ".join(parts)


def build_folder(root: Path, files: int, total: int, seed: int = 22) -> int:
    rng = random.Random(seed)
    per_file = total // files
    root.mkdir(parents=True)
    (root / "project.config.json").write_text(json.dumps({"appid": "tt411d37a0de37d565"}))
    (root / "app.json").write_text(json.dumps({"pages": ["pages/p0/index"]}))
    written = 0
    for index in range(files - 2):
        folder = root / "pages" / f"p{index // 20}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = index % 8
        if kind in (0, 1, 2, 3):
            name, text = f"m{index}.js", code_blob(rng, per_file, 0.002)
        elif kind == 4:
            repeats = max(1, per_file // len(COMMENTED.encode()))
            name, text = f"c{index}.js", COMMENTED * repeats
        elif kind == 5:
            name = f"v{index}.ttml"
            text = code_blob(rng, per_file, 0.0) + '<button open-type="getPhoneNumber">a</button>'
        elif kind == 6:
            name, text = f"s{index}.ttss", code_blob(rng, per_file, 0.0)
        else:
            name, text = f"j{index}.json", json.dumps({"k": code_blob(rng, per_file, 0.0)})
        data = text.encode()
        (folder / name).write_bytes(data)
        written += len(data)
    return written


def best(run: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--size-mb", type=float, default=16)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-privacy-"))
    try:
        folder = work / "pkg"
        size = build_folder(folder, args.files, int(args.size_mb * 1024 * 1024))
        # Warm the cache and check both scans see the same files.
        domain = scan_package(folder)
        privacy = scan_privacy(folder)
        domain_times: list[float] = []
        privacy_times: list[float] = []
        for _ in range(args.repeat):  # alternate, so neither gets a warmer machine
            domain_times.append(best(lambda: scan_package(folder), 1))
            privacy_times.append(best(lambda: scan_privacy(folder), 1))
        d, p = min(domain_times), min(privacy_times)
        ratio = p / d
        print(f"package: {size / 1024 / 1024:.1f} MB in {args.files} files")
        print(f"domain scan:  {d:.3f} s ({domain.files_scanned} files, {len(domain.uses)} uses)")
        print(
            f"privacy scan: {p:.3f} s ({privacy.files_scanned} files, "
            f"{len(privacy.needs())} API entries, {len(privacy.information())} information)"
        )
        verdict = "OK" if ratio <= TARGET_RATIO else "SLOWER THAN TARGET"
        print(f"privacy / domain: {ratio:.2f} (target <= {TARGET_RATIO}) {verdict}")
        return 0 if ratio <= TARGET_RATIO else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
