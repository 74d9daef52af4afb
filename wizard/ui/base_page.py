"""The page every journey step derives from: retranslates live and saves as the merchant works."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLayout, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from wizard.ui.context import AppContext


class BasePage(QWizardPage):
    """A wizard page bound to one step of the journey."""

    step_id = ""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self._loading = False

    # Subclasses fill these three in.
    def retranslate(self) -> None:
        """Set every visible string in the current language (run again on a language switch)."""

    def load_answers(self) -> None:
        """Put the current mini-program's answers into the widgets."""

    def demo_fill(self) -> None:
        """Fill the page with demo data for screenshots (no real secrets)."""

    def stop_work(self) -> None:
        """The window is closing: end background work without leaving half-done files."""

    def set_scrolling_content(self, *parts: QWidget | QLayout) -> None:
        """Stack parts top to bottom in a scroll area filling the page (small screens)."""
        content = QWidget()
        layout = QVBoxLayout(content)
        for part in parts:
            if isinstance(part, QLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Labels wrap to the page's width instead of widening it.
        scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        QVBoxLayout(self).addWidget(scroll)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def initializePage(self) -> None:
        self.context.set_current_step(self.step_id)
        self._loading = True
        try:
            self.load_answers()
        finally:
            self._loading = False

    def cleanupPage(self) -> None:
        # Going Back keeps what was typed: answers are saved as they change, never reset.
        pass

    def save(self, **values: object) -> None:
        """Save answers of this step unless the widgets are being filled from saved answers."""
        if not self._loading:
            self.context.update_answers(self.step_id, **values)
