"""A bare PySide6 QWizard: the baseline the frozen app's size and start-up are measured against.

It is frozen with the same spec as the app (build_installer.py --entry benchmarks/hello_wizard.py)
and honours the same switches the app does, so the pipeline and the benchmark can drive it:

- ``MINIAPP_PUBLISHER_EXIT_AFTER_SHOW=1``: quit once the window's first paint has been
  delivered (the event loop's turn after the window's first Paint event, as the app does),
  printing ``first-window-shown`` just before.

It has twelve pages, as the app's journey has, all built before it shows (a bare QWizard has
nothing to build later, so it is interactive at its first paint).
- ``--self-test``: build the window offscreen, print what was found, exit 0.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QLibraryInfo, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage

EXIT_AFTER_SHOW = "MINIAPP_PUBLISHER_EXIT_AFTER_SHOW"
SHOWN_MARKER = "first-window-shown"
PAGES = 12


class QuitAfterFirstPaint(QObject):
    """Quits the application on the turn after the watched window's first paint."""

    def __init__(self, window: QWizard, app: QApplication) -> None:
        super().__init__(window)
        self.app = app
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.done)
        return False

    def done(self) -> None:
        print(SHOWN_MARKER, flush=True)
        self.app.quit()


def build_wizard() -> QWizard:
    wizard = QWizard()
    wizard.setWindowTitle("Hello wizard")
    for number in range(1, PAGES + 1):
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
    if os.environ.get(EXIT_AFTER_SHOW):
        # Same contract as the app (wizard/app.py), saying so first (bench_frozen.py times that
        # line when both programs print it).
        QuitAfterFirstPaint(wizard, app)
    wizard.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
