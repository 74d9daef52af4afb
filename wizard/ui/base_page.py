"""The page every journey step derives from: retranslates live and saves as the merchant works."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from wizard.core import journey
from wizard.core.i18n import _
from wizard.core.state import MiniProgram
from wizard.ui.context import AppContext

# Qt.Key.Key_Return / Key_Enter as numbers: the first page is built before the Qt namespace
# is loaded (see widgets/common.py).
ENTER_KEYS = (0x01000004, 0x01000005)


class BasePage(QWizardPage):
    """A wizard page bound to one step of the journey (a thin view over its step module)."""

    step_id = ""
    # "Show this step": a button that sends the merchant back (to the version, the domains);
    # the window decides, as for a side-panel click.
    step_requested = Signal(str)

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self._loading = False
        # The page's answers are put into its widgets when it is shown, not while the window
        # walks past it (a resume goes straight to the remembered step).
        self.needs_loading = True
        self.scroll_area: QScrollArea | None = None
        self._enter_actions: dict[QObject, Callable[[], None]] = {}
        context.jobs.busy_changed.connect(lambda _busy: self.completeChanged.emit())
        # The step's number and the total are derived again whenever an answer changes (a
        # route that drops a step changes the total): never a stale 「共 10 步」.
        self._heading_text = ""
        context.answers_changed.connect(self._refresh_heading)

    # Subclasses fill these in.
    def retranslate(self) -> None:
        """Set every visible string in the current language (run again on a language switch)."""

    def load_answers(self) -> None:
        """Put the current mini-program's answers into the widgets."""

    def demo_fill(self) -> None:
        """Fill the page with demo data for screenshots (no real secrets)."""

    def stop_work(self) -> None:
        """The window is closing: end background work without leaving half-done files."""

    def first_focus(self) -> QWidget | None:
        """The first thing to do on the page: it gets the keyboard focus when the page opens."""
        return None

    def request_step(self, step_id: str) -> None:
        self.step_requested.emit(step_id)

    def on_enter(self, field: QLineEdit, action: Callable[[], None]) -> None:
        """Enter in this field does the page's action for it, never the wizard's Next."""
        self._enter_actions[field] = action
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        action = self._enter_actions.get(watched)
        if (
            action is not None
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and int(event.key()) in ENTER_KEYS
        ):
            action()
            return True
        return super().eventFilter(watched, event)

    def page_complete(self) -> bool:
        """May the merchant press Next (besides no job running)? Nothing is lost by moving on."""
        return True

    @property
    def program(self) -> MiniProgram | None:
        return self.context.program

    def step_heading(self, subtitle: str) -> str:
        """The subtitle with the step's number, derived from the journey (never in strings)."""
        self._heading_text = subtitle
        number, total = journey.step_number(self.context.program, self.step_id)
        if number == 0:
            return subtitle
        return _("Step {number} of {total}: {text}").format(
            number=number, total=total, text=subtitle
        )

    def setTitle(self, title: str) -> None:  # QWizardPage's, plus the scroll area's name
        super().setTitle(title)
        if self.scroll_area is not None:
            self.scroll_area.setAccessibleName(title)

    def _refresh_heading(self) -> None:
        if self._heading_text:
            heading = self.step_heading(self._heading_text)
            if heading != self.subTitle():
                self.setSubTitle(heading)

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
        # Labels wrap to the page's width; a horizontal bar appears only when a field that must
        # show its whole content (an AppSecret) is wider than the page, so nothing is cut off.
        scroll.setWidget(content)
        # Tab stops on the area (the keys scroll it): a screen reader names it as the page.
        scroll.setAccessibleName(self.title())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.scroll_area = scroll

    def reveal(self, widget: QWidget) -> None:
        """Scroll so that a message that just appeared is in view."""
        if self.scroll_area is not None and widget.isVisible():
            QtCore.QTimer.singleShot(0, lambda: self._reveal_now(widget))

    def _reveal_now(self, widget: QWidget) -> None:
        if self.scroll_area is not None and widget.isVisible():
            self.scroll_area.ensureWidgetVisible(widget, 10, 10)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def initializePage(self) -> None:
        # Qt runs this for every page Next passes; the window loads the answers once the page
        # is really the one shown (see PublisherWizard._on_page_changed), so walking past it
        # costs nothing.
        self.context.set_current_step(self.step_id)
        self.needs_loading = True

    def load_now(self) -> None:
        """Fill the widgets from the answers (when the page is really shown)."""
        self.needs_loading = False
        self._loading = True
        try:
            self.load_answers()
        finally:
            self._loading = False
        self.retranslate()
        # Tab follows the layout, top to bottom (widgets added after the first build, such as
        # a checklist filled from the answers, would otherwise come after the wizard's buttons).
        from wizard.ui.tab_order import fix_tab_order

        fix_tab_order(self)
        focus = self.first_focus()
        if focus is not None and focus.isVisible() and focus.isEnabled():
            focus.setFocus()

    def cleanupPage(self) -> None:
        # Going Back keeps what was typed: answers are saved as they change, never reset.
        self.context.flush()

    def isComplete(self) -> bool:  # Qt override
        return not self.context.jobs.busy() and self.page_complete()

    def save(self, **values: object) -> None:
        """Save answers of this step for the current mini-program (not while loading them)."""
        if not self._loading:
            self.context.update_answers(self.context.program, self.step_id, **values)
