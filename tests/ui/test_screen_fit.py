"""The window on a 1366x768 laptop: it opens at a size that uses the screen and fits it,
visiting every page never grows it, and at 200% scaling the pages scroll instead."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from wizard.core import journey

SCRIPT = """
import json
from wizard.ui.demo import demo_window, ensure_app, layout_report, throwaway_home
from wizard.ui.screenshots import laptop_screen_platform
app = ensure_app(["-platform", laptop_screen_platform()])
with throwaway_home():
    window = demo_window("zh_CN")
    window.show()
    app.processEvents()
    print("REPORT" + json.dumps(layout_report(window)))
"""


def layout_at(scale: str) -> dict:  # type: ignore[type-arg]
    env = {**os.environ, "QT_SCALE_FACTOR": scale}
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=240,
        check=False,
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("REPORT")), "")
    assert line, result.stdout + result.stderr
    return json.loads(line[len("REPORT") :])  # type: ignore[no-any-return]


def assert_fits(report: dict) -> None:  # type: ignore[type-arg]
    screen_width, screen_height = report["screen"]
    width, height, left, top = report["last"]
    assert left >= 0 and top >= 0
    assert left + width <= screen_width and top + height <= screen_height, report
    sizes = {(p["window_width"], p["window_height"]) for p in report["pages"].values()}
    assert sizes == {(width, height)}, "no page grows the window"


@pytest.mark.slow
@pytest.mark.parametrize("scale", ["1"])
def test_the_window_uses_and_fits_a_laptop_screen(scale: str) -> None:
    report = layout_at(scale)
    assert report["screen"] == [1366, 768]
    assert_fits(report)
    width, height = report["last"][:2]
    assert width >= 0.6 * 1366 and height >= 0.75 * 768
    assert len(report["pages"]) == len(journey.JOURNEY), "every page was visited"
    wide = {step for step, p in report["pages"].items() if p["across_range"] > 0}
    assert not wide, f"at 100% these pages scroll sideways: {sorted(wide)}"


@pytest.mark.slow
def test_at_200_percent_the_pages_scroll_and_the_buttons_stay_on_screen() -> None:
    report = layout_at("2")
    assert report["screen"] == [683, 384]  # 1366x768 at 200%, in Qt's logical pixels
    assert_fits(report)
    pages = report["pages"]
    assert all(p["has_scroll_area"] for step, p in pages.items() if step != "welcome")
    assert sum(1 for p in pages.values() if p["scroll_range"] > 0) >= 10
