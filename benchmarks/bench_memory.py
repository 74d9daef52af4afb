"""Memory after walking every page: the app's window against a bare 12-page QWizard, same run.

Run: python benchmarks/bench_memory.py [--runs 5]

Each side runs in its own process (offscreen): the app's window with a mini-program, every
page built, loaded and shown in turn (the merchant walking the journey); the bare QWizard of
benchmarks/hello_wizard.py shown page by page with Next. The resident memory (VmRSS, Linux)
after the walk and a full collection is compared; runs alternate, medians. Budget (issue 25):
at most 1.4x the bare wizard.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 1.4


def resident_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise SystemExit("VmRSS is not available (Linux only)")


def walk_bare() -> int:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from hello_wizard import PAGES, build_wizard
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    wizard = build_wizard()
    wizard.show()
    app.processEvents()
    for _ in range(PAGES - 1):
        wizard.next()
        app.processEvents()
    gc.collect()
    return resident_kib()


def walk_app() -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from wizard.core import journey
    from wizard.core.paths import app_paths
    from wizard.ui.context import AppContext
    from wizard.ui.wizard_window import PublisherWizard

    app = QApplication([])
    paths = app_paths()
    paths.ensure()
    context = AppContext(paths)
    context.load()
    context.set_language("zh_CN", remember=False)
    window = PublisherWizard(context)
    window.build_after_paint = False
    window.show()
    app.processEvents()
    welcome = window.pages[journey.WELCOME]
    welcome.name_edit.insert("小明的花店")  # type: ignore[attr-defined]
    welcome.create_from_field()  # type: ignore[attr-defined]
    # As after the first paint: the pages' modules imported off the GUI thread, then built.
    if hasattr(window, "builder"):
        loop = QEventLoop()
        window.pages_ready.connect(loop.quit)
        window.builder.start()
        loop.exec()
    else:  # an older window without the page builder (a before/after comparison)
        window.build_pages()
    for step in journey.JOURNEY:
        page = window.pages[step.id]
        if page.needs_loading:
            page.load_now()
        # Shown as the current page would be: laid out and painted.
        page.show()
        app.processEvents()
    # What the app does once every page is built (wizard/app.py).
    import wizard.app

    if hasattr(wizard.app, "settle_memory"):
        wizard.app.settle_memory()
    gc.collect()
    return resident_kib()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=("app", "bare"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(walk_app() if args.child == "app" else walk_bare())
        return 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    figures: dict[str, list[int]] = {"bare": [], "app": []}
    with tempfile.TemporaryDirectory() as home:
        env["MINIAPP_PUBLISHER_HOME"] = home
        for _ in range(args.runs):
            for side in ("bare", "app"):
                result = subprocess.run(
                    [sys.executable, __file__, "--child", side],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                figures[side].append(int(result.stdout.split()[-1]))
    bare = statistics.median(figures["bare"]) / 1024
    app = statistics.median(figures["app"]) / 1024
    ratio = app / bare
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(f"resident memory after the walk, median of {args.runs} (alternating):")
    print(f"  bare 12-page QWizard  {bare:6.1f} MiB")
    print(f"  the app's window      {app:6.1f} MiB")
    print(f"ratio {ratio:.2f}x ({verdict} the {BUDGET}x budget)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
