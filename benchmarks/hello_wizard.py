"""A bare PySide6 QWizard: the baseline the frozen app's size and start-up are measured against.

It is frozen with the same spec as the app (build_installer.py --entry benchmarks/hello_wizard.py)
and honours the same switches the app does, so the pipeline and the benchmark can drive it:

- ``MINIAPP_PUBLISHER_EXIT_AFTER_SHOW=1``: quit as soon as the window has been shown
  (the event loop's first turn after ``show()``, as the app does), printing
  ``first-window-shown`` just before.
- ``--self-test``: build the window offscreen, print what was found, exit 0.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QLibraryInfo, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage

EXIT_AFTER_SHOW = "MINIAPP_PUBLISHER_EXIT_AFTER_SHOW"
SHOWN_MARKER = "first-window-shown"


def build_wizard() -> QWizard:
    wizard = QWizard()
    wizard.setWindowTitle("Hello wizard")
    for number in (1, 2):
        page = QWizardPage()
        page.setTitle(f"Page {number}")
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("你好，世界 / Hello, world"))
        wizard.addPage(page)
    return wizard


def load_qt_translation(app: QApplication) -> bool:
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_zh_CN", folder):
        app.installTranslator(translator)
        return True
    return False


def main(argv: list[str] | None = None) -> int:
    args = sys.argv if argv is None else argv
    self_test = "--self-test" in args
    if self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(args)
    translated = load_qt_translation(app)
    wizard = build_wizard()
    if self_test:
        wizard.show()
        app.processEvents()
        print(f"self-test: platform={app.platformName()} qtbase_zh_CN={translated}")
        print("self-test: OK")
        return 0
    wizard.show()
    if os.environ.get(EXIT_AFTER_SHOW):
        # Same as the app (wizard/app.py): quit on the first turn of the event loop, saying so
        # first (bench_frozen.py times that line when both programs print it).
        QTimer.singleShot(0, lambda: (print(SHOWN_MARKER, flush=True), app.quit()))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
