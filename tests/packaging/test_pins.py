"""One set of versions for every installer: pins.txt, the Windows-under-wine wheel list and
the macOS minimum agree."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "packaging"), str(ROOT / "packaging" / "windows")]
import build_under_wine  # noqa: E402
import project_meta  # noqa: E402


def pins() -> dict[str, str]:
    found = {}
    for line in (ROOT / "packaging" / "pins.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            found[name.lower()] = version
    return found


def test_windows_wheels_use_the_pinned_versions() -> None:
    wheels = {
        name.lower(): version
        for name, _, version in (w.partition("==") for w in build_under_wine.WINDOWS_WHEELS)
    }
    for name, version in pins().items():
        assert wheels.get(name) == version, f"{name}: pins.txt {version}, wine {wheels.get(name)}"


def test_macos_minimum_matches_pyside6_and_the_spec() -> None:
    # PySide6 6.11 publishes macosx_13_0_universal2 wheels only.
    assert pins()["pyside6-essentials"].startswith("6.11.")
    assert project_meta.MACOS_MINIMUM == "13.0"
    spec = (ROOT / "packaging" / "miniapp-publisher.spec").read_text()
    assert '"LSMinimumSystemVersion": project_meta.MACOS_MINIMUM' in spec
