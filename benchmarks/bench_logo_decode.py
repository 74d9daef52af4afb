"""The provider logo's cost per answer change, before (decoded at every change) and after
(checked once when the profile is read, decoded once, bounded).

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_logo_decode.py [--repeat 9]

Logos: the example profile's 64×64, the largest acceptable one (1024×1024, 16-bit RGBA), and
a 400 KB "bomb": a 64×64 PNG whose image data unpacks to 400 MB (it passed check-profile
before). "before" is what each answer change cost (QPixmap.loadFromData and a smooth scale,
the old logo_pixmap); "after" is logo_pixmap now, once its first decode is cached; "check"
is reading the logo when the profile is loaded (once), which now refuses the bomb.
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import struct
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6 import QtCore
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication

from wizard.core.profile.document import check_png, load_profile_bytes
from wizard.ui.provider import LOGO_PIXELS, logo_pixmap

ROOT = Path(__file__).resolve().parents[1]


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, depth: int, colour: int, raw: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def logos() -> dict[str, bytes]:
    example = json.loads((ROOT / "docs" / "example-profile.json").read_text(encoding="utf-8"))
    return {
        "example 64×64": base64.b64decode(example["logo_png_base64"]),
        "largest 1024×1024 RGBA16": png(1024, 1024, 16, 6, bytes((1 + 1024 * 8) * 1024)),
        "bomb 64×64 → 400 MB": png(64, 64, 8, 6, bytes(400 << 20)),
    }


def before(data: bytes) -> None:
    pixmap = QPixmap()
    if pixmap.loadFromData(data, "PNG"):
        pixmap.scaled(
            LOGO_PIXELS,
            LOGO_PIXELS,
            QtCore.Qt.AspectRatioMode.KeepAspectRatio,
            QtCore.Qt.TransformationMode.SmoothTransformation,
        )


def median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=9)
    repeat = parser.parse_args().repeat
    app = QApplication.instance() or QApplication([])
    del app
    print(
        f"{'logo':<26} {'bytes':>8} {'before/change':>14} {'check once':>11} {'after/change':>13}"
    )
    for name, data in logos().items():
        document = {"schema_version": 1, "logo_png_base64": base64.b64encode(data).decode()}
        raw = json.dumps(document).encode()
        old = median_ms(lambda data=data: before(data), max(3, repeat // 3))
        check = median_ms(lambda data=data: check_png(data), repeat)
        profile = load_profile_bytes(raw).profile
        if profile is None or not profile.logo_png:
            after = "refused"
        else:
            logo_pixmap(profile)  # the first decode, cached
            after = f"{median_ms(lambda profile=profile: logo_pixmap(profile), repeat):.4f} ms"
        print(f"{name:<26} {len(data):>8} {old:>11.1f} ms {check:>8.1f} ms {after:>13}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
