"""Runs the app as `python -m wizard` does, with a 5 ms heartbeat on the GUI thread from the
moment the QApplication exists; for bench_startup.py's "interactive" row.

With MINIAPP_PUBLISHER_EXIT_AFTER_SHOW=ready the app quits once every page is built; this then
prints, in ms since BENCH_SPAWNED_NS (the parent's clock just before it started the process):
`first-paint N`, `interactive N` (the end of the last GUI gap over 50 ms after the first paint,
or the first paint when there was none: from then on every page is reachable without a
freeze), `ready N`, `longest-gap N` and `p99-gap N` (after the first paint).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GAP_MS = 50.0
TICK_MS = 5


def main() -> int:
    import wizard.app as app_module
    from wizard.ui.wizard_window import PublisherWizard

    spawned = int(os.environ.get("BENCH_SPAWNED_NS", time.time_ns()))

    def now_ms() -> float:
        return (time.time_ns() - spawned) / 1e6

    marks: dict[str, float] = {}
    gaps: list[tuple[float, float]] = []  # (start, end) of every gap between two ticks
    keep: list[object] = []
    original_new = app_module.new_application

    def new_application(argv: list[str], language: str):  # type: ignore[no-untyped-def]
        from PySide6.QtCore import Qt, QTimer

        application = original_new(argv, language)
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(TICK_MS)
        last = [now_ms()]

        def tick() -> None:
            at = now_ms()
            gaps.append((last[0], at))
            last[0] = at

        timer.timeout.connect(tick)
        timer.start()
        keep.append(timer)
        return application

    app_module.new_application = new_application  # type: ignore[assignment]
    original_paint = PublisherWizard._on_first_paint

    def on_first_paint(self: PublisherWizard) -> None:
        marks["first-paint"] = now_ms()
        self.pages_ready.connect(lambda: marks.setdefault("ready", now_ms()))
        original_paint(self)

    PublisherWizard._on_first_paint = on_first_paint  # type: ignore[method-assign]
    code = app_module.run_gui(sys.argv[1:])
    paint = marks["first-paint"]
    after = [(start, end) for start, end in gaps if end > paint]
    long_gaps = [end for start, end in after if end - start > GAP_MS]
    print(f"first-paint {paint:.1f}")
    print(f"interactive {max([paint, *long_gaps]):.1f}")
    print(f"ready {marks.get('ready', float('nan')):.1f}")
    spans = sorted(end - start for start, end in after)
    print(f"longest-gap {max(spans, default=0.0):.1f}")
    # The 99th percentile of the gaps after the first paint.
    print(f"p99-gap {spans[int(len(spans) * 0.99)] if spans else 0.0:.1f}")
    return code


if __name__ == "__main__":
    sys.exit(main())
