"""The main window: a native QWizard with one page per journey step and the step panel."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import QMessageBox, QScrollArea, QWidget, QWizard

from wizard import __version__
from wizard.core import journey
from wizard.core.i18n import _, join_sentences
from wizard.core.steps import StepStatus
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext
from wizard.ui.page_builder import FirstPaint, PageBuilder
from wizard.ui.pages.registry import page_class
from wizard.ui.qt_i18n import qt_text
from wizard.ui.step_panel import StepPanel

if TYPE_CHECKING:
    from wizard.ui.provider import ProviderLink
from wizard.ui.widgets.common import Notice, message_box, tell

# The builder's first slice: the provider profile (title, "contact {provider}", a dropped
# profile), before the pages.
PROVIDER_SLICE = "provider"


def _import_provider() -> None:
    import wizard.ui.provider  # noqa: F401


def scrolling_side(panel: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    # Scroll bar policies take Qt's namespace (loaded after the first paint): AsNeeded is the
    # default, and the panel wraps its lines, so no horizontal scroll bar appears.
    return area


class PublisherWizard(QWizard):
    """The publishing assistant's window."""

    # The window's first paint has been delivered (emitted on the next turn of the loop).
    first_painted = Signal()
    # Every page is built and the provider profile linked.
    pages_ready = Signal()

    def __init__(self, context: AppContext, icon: QIcon | None = None) -> None:
        super().__init__()
        self.context = context
        if sys.platform == "win32":
            # Native-looking on Windows; the Aero style has poor dark-mode contrast.
            self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        # One setOptions call: each setOption relayouts the wizard (~2.5 ms apiece).
        self.setOptions(
            self.options()
            | QWizard.WizardOption.NoBackButtonOnStartPage
            | QWizard.WizardOption.NoCancelButtonOnLastPage
        )
        if icon is not None:
            self.setWindowIcon(icon)
        self.pages: dict[str, BasePage] = {}
        # The first page is built now; the others after the first paint, one per turn of the
        # event loop with their modules imported on a worker thread (PageBuilder), or at once
        # when one is needed sooner (build_pages, ensure_page).
        self._add_page(journey.JOURNEY[0].id)
        # False: the first paint starts no building (a run that exits after its first paint).
        self.build_after_paint = True
        self.builder = PageBuilder(
            [PROVIDER_SLICE, *(step.id for step in journey.JOURNEY[1:])],
            load=self._load_slice,
            build=self._build_slice,
            preload=_import_provider,
        )
        self.builder.finished.connect(self.pages_ready)
        self._first_paint = FirstPaint(self, self._on_first_paint)
        self.setStartId(0)
        self.panel = StepPanel()
        # The step list scrolls when it is taller than the window (large text, 200% scaling).
        # (Kept referenced: PySide does not hand the area's ownership to the wizard.)
        self.side_area = scrolling_side(self.panel)
        # Wide enough for the panel's narrowest layout plus a vertical bar: lines wrap, and no
        # horizontal bar is needed.
        metrics = self.fontMetrics()
        self.side_area.setMinimumWidth(
            max(self.panel.minimumSizeHint().width(), metrics.averageCharWidth() * 18)
            + metrics.height() * 2
        )
        self.setSideWidget(self.side_area)
        self.panel.language_chosen.connect(self.context.set_language)
        self.panel.step_chosen.connect(self.go_to_step)
        # The provider profile (title, "contact {provider}" in the panel, a dropped profile):
        # linked just after the first paint, with the other pages (build_pages).
        self.provider: ProviderLink | None = None
        self.walking = False
        self.leaving = False  # closing was asked for and confirmed
        self.reached: set[str] = set()
        self.currentIdChanged.connect(self._on_page_changed)
        context.jobs.busy_changed.connect(lambda _busy: self._apply_busy())
        context.answers_changed.connect(self.refresh_panel)
        context.program_changed.connect(self._on_program_changed)
        context.save_failed.connect(self.show_save_failure)
        # Retranslate at once; the LanguageChange events Qt posts arrive later and repeat it.
        context.language_changed.connect(self.retranslate_everything)
        self.retranslate()
        self.refresh_panel()
        # Pages scroll rather than grow the window: a small minimum, a size that fits.
        self.setMinimumSize(QSize(320, 240))
        self.resize(self.comfortable_size())
        self.place_on_screen()

    def comfortable_size(self) -> QSize:
        """A first size that uses a laptop screen well and always fits it (with its frame).

        At least ~62% of the width and ~82% of the height of a small screen (1366x768), at
        most what text needs on a big one; never beyond 90% of the available area, so the
        title bar and Back/Next/Cancel stay on the screen.
        """
        metrics = self.fontMetrics()
        width = metrics.averageCharWidth() * 110
        height = metrics.height() * 38
        screen = self.screen()
        if screen is None:
            return QSize(width, height)
        available = screen.availableGeometry()
        width = max(width, min(int(available.width() * 0.62), 1000))
        height = max(height, min(int(available.height() * 0.82), 800))
        width = min(width, int(available.width() * 0.9))
        # Leave room for the title bar: the frame is not known before the first show.
        height = min(height, int(available.height() * 0.9) - metrics.height() * 2)
        return QSize(width, height)

    def place_on_screen(self) -> None:
        """Centre the window in the screen's available area."""
        screen = self.screen()
        if screen is None:
            return
        available = screen.availableGeometry()
        frame = self.frameGeometry()
        frame.moveCenter(available.center())
        self.move(max(frame.left(), available.left()), max(frame.top(), available.top()))

    def _add_page(self, step_id: str) -> None:
        page = page_class(step_id)(self.context)
        self.pages[step_id] = page
        self.setPage(journey.step_ids().index(step_id), page)
        # After QWizard's own connection, so the busy state wins over its button update.
        page.completeChanged.connect(self._apply_busy)
        page.step_requested.connect(self.go_to_step)

    def link_provider(self) -> None:
        """Link the provider profile: title, contact line, Welcome's drop area (idempotent)."""
        if self.provider is not None:
            return
        from wizard.ui.pages.welcome_page import WelcomePage
        from wizard.ui.provider import ProviderLink

        self.provider = ProviderLink(self, self.context)
        self.panel.add_footer(self.provider.contact)
        self.provider.refresh()
        welcome = self.pages.get(journey.WELCOME)
        if isinstance(welcome, WelcomePage):
            welcome.attach_provider()

    def ensure_page(self, step_id: str) -> BasePage:
        """The step's page, built now if it is not yet (with the provider link first)."""
        self.link_provider()
        if step_id not in self.pages:
            self._add_page(step_id)
        return self.pages[step_id]

    def build_pages(self) -> None:
        """Build every page not built yet, and link the provider profile (idempotent)."""
        for step in journey.JOURNEY:
            self.ensure_page(step.id)

    @staticmethod
    def _load_slice(name: str) -> object:
        """Run on the builder's worker thread: import what the slice needs, build nothing."""
        return None if name == PROVIDER_SLICE else page_class(name)

    def _build_slice(self, name: str) -> None:
        if name == PROVIDER_SLICE:
            self.link_provider()
        else:
            self.ensure_page(name)

    def _on_first_paint(self) -> None:
        self.first_painted.emit()
        if self.build_after_paint:
            self.builder.start()

    # Navigation: the journey in core decides; Qt only shows the page -----------------------
    def page_id(self, step_id: str) -> int:
        return journey.step_ids().index(step_id)

    def nextId(self) -> int:  # Qt override: the one place that says which page follows
        step = journey.next_step(self.context.program, self.current_step_id())
        return self.page_id(step) if step is not None else -1

    def validateCurrentPage(self) -> bool:  # Qt override, run by Next before it moves on
        if self.walking:
            return True  # passing through on the way to a step: nothing is checked or loaded
        if not super().validateCurrentPage():
            return False
        program = self.context.program
        if self.current_step_id() == journey.WELCOME and program is not None:
            # Straight to where the merchant left off; every earlier step stays in the history,
            # so Back reaches it. The walk has moved already: tell Qt's Next not to move again.
            self.walk_to(journey.resume_step(program))
            return False
        self.context.flush()
        # Next may come before the builder reached the following page: build just that one.
        self._ensure_next_page()
        return True

    def _ensure_next_page(self) -> None:
        step = journey.next_step(self.context.program, self.current_step_id())
        if step is not None:
            self.ensure_page(step)

    def walk_to(self, step_id: str) -> None:
        """Go forward to step_id through the steps that apply, without loading those between."""
        target = self.page_id(step_id)
        self.walking = True
        try:
            while self.currentId() != target:
                before = self.currentId()
                self._ensure_next_page()
                self.next()
                if self.currentId() == before or self.currentId() > target:
                    break
        finally:
            self.walking = False
        self._on_page_changed(self.currentId())

    def go_to_step(self, step_id: str) -> None:
        """The side panel's jump: back through the history, or forward to a reached step."""
        if self.context.jobs.busy() or step_id == self.current_step_id():
            return
        visited = self.visited_steps()
        if step_id in visited and step_id != self.current_step_id():
            self.context.flush()
            target = self.page_id(step_id)
            while self.currentId() != target and len(self.visitedIds()) > 1:
                self.back()
        elif journey.reachable(self.context.program, step_id, self.reached_steps()):
            self.context.flush()
            self.walk_to(step_id)

    def visited_steps(self) -> list[str]:
        """The pages in Qt's history (what Back goes through)."""
        ids = journey.step_ids()
        return [ids[i] for i in self.visitedIds() if 0 <= i < len(ids)]

    def reached_steps(self) -> set[str]:
        """Every step shown or passed for this mini-program since it was chosen."""
        return self.reached | set(self.visited_steps())

    def _on_program_changed(self) -> None:
        self.reached = set()
        self.refresh_panel()

    def _on_page_changed(self, page_id: int) -> None:
        ids = journey.step_ids()
        if 0 <= page_id < len(ids):
            self.reached.add(ids[page_id])
        if self.walking:
            return
        page = self.pages.get(ids[page_id]) if 0 <= page_id < len(ids) else None
        if page is not None and page.needs_loading:
            page.load_now()
        self.refresh_panel()
        self._apply_busy()

    def _apply_busy(self) -> None:
        """While work runs, Back stays disabled (Next follows each page's isComplete)."""
        busy = self.context.jobs.busy()
        back = self.button(QWizard.WizardButton.BackButton)
        if busy:
            back.setEnabled(False)
        else:
            back.setEnabled(len(self.visitedIds()) > 1)
        self.panel.set_busy(busy)

    def page_for(self, step_id: str) -> BasePage:
        self.build_pages()
        return self.pages[step_id]

    def current_step_id(self) -> str:
        index = self.currentId()
        return journey.JOURNEY[index].id if 0 <= index < len(journey.JOURNEY) else journey.WELCOME

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        if self.provider is None:  # before the profile is linked: the app's own name
            self.setWindowTitle(
                _("ByteDance Mini-Program Publisher {version}").format(version=__version__)
            )
        else:
            from wizard.ui.provider import app_window_title

            self.setWindowTitle(app_window_title(self.context))
        # QWizard takes its button texts from Qt's catalog only when it is built; set them
        # again so a live language switch reaches Back / Next / Cancel / Finish as well.
        if self.wizardStyle() == QWizard.WizardStyle.MacStyle:
            back, next_, finish = "Go Back", "Continue", "Done"
        else:
            back, next_, finish = "< &Back", "&Next >", "&Finish"
        self.setButtonText(QWizard.WizardButton.BackButton, qt_text("QWizard", back))
        self.setButtonText(QWizard.WizardButton.NextButton, qt_text("QWizard", next_))
        self.setButtonText(QWizard.WizardButton.FinishButton, qt_text("QWizard", finish))
        self.setButtonText(QWizard.WizardButton.CancelButton, qt_text("QWizard", "Cancel"))
        self.refresh_panel()

    def retranslate_everything(self) -> None:
        for page in self.pages.values():
            page.retranslate()
        self.panel.retranslate()
        self.retranslate()

    def refresh_panel(self) -> None:
        if self.walking:
            return
        program = self.context.program
        current = self.current_step_id()
        if program is None:
            statuses = journey.statuses(None, current)
        else:
            statuses = dict(self.context.step_statuses(program))
            if statuses.get(current) is not StepStatus.NOT_APPLICABLE:
                statuses[current] = StepStatus.CURRENT
        reached = self.reached_steps()
        reachable = {
            step_id for step_id in statuses if journey.reachable(program, step_id, reached)
        }
        self.panel.show_statuses(program.name if program else "", statuses, reachable)

    def show_save_failure(self, message: str) -> None:
        tell(self, QMessageBox.Icon.Warning, _("Could not save"), message)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The title bar's close button asks like Cancel; a close by the program does not.
        if event.spontaneous() and not self.leaving and not self.confirm_close():
            event.ignore()
            return
        self.leaving = True
        self.finish_work()
        super().closeEvent(event)  # QDialog runs reject() here: no second question

    def reject(self) -> None:  # Qt override: Cancel and Esc
        """Closing asks once, and says that nothing is lost."""
        if not self.leaving and not self.confirm_close():
            return
        self.leaving = True
        super().reject()

    def finish_work(self) -> None:
        """Stop every job cleanly and write what is waiting; errors no longer name this
        window's provider."""
        Notice.contact_for_errors = None
        self.builder.stop()
        self.context.jobs.stop_all()
        for page in self.pages.values():
            page.stop_work()
        # Answers are written shortly after they change; this writes what is still waiting
        # and retries an earlier failed write.
        self.context.save_if_unsaved()

    def confirm_close(self) -> bool:
        text = _(
            "Everything you entered is kept. When you open the publisher again, you continue "
            "where you left off."
        )
        if self.context.jobs.busy():
            text = join_sentences(text, _("The work running now (unpacking, downloading) stops."))
        box = message_box(self, QMessageBox.Icon.Question, _("Close the publisher?"), text)
        close = box.addButton(_("Close"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(_("Keep working"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is close

    def done(self, result: int) -> None:
        self.finish_work()
        super().done(result)
