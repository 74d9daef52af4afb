"""The main window: a native QWizard with one page per journey step and the step panel."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QSize, QTimer
from PySide6.QtGui import QCloseEvent, QIcon, QShowEvent
from PySide6.QtWidgets import QMessageBox, QWizard

from wizard import __version__
from wizard.core import journey
from wizard.core.i18n import _
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext
from wizard.ui.pages.registry import page_class
from wizard.ui.qt_i18n import qt_text
from wizard.ui.step_panel import StepPanel

# Work that the first window does not need waits this long after show(), so the window paints
# first (a 0 ms timer would run in the same event-loop turn as the first paint).
AFTER_FIRST_PAINT_MS = 30


class PublisherWizard(QWizard):
    """The publishing assistant's window."""

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
        # The first page is built now; the others right after the window first shows
        # (build_pages), so the merchant sees the window sooner.
        self._add_page(journey.JOURNEY[0].id)
        self.setStartId(0)
        self.panel = StepPanel()
        self.setSideWidget(self.panel)
        self.panel.language_chosen.connect(self.context.set_language)
        self.currentIdChanged.connect(self.refresh_panel)
        self._resume_target: int | None = None
        self.currentIdChanged.connect(self._continue_resume)
        context.answers_changed.connect(self.refresh_panel)
        context.program_changed.connect(self.refresh_panel)
        context.save_failed.connect(self.show_save_failure)
        # Retranslate at once; the LanguageChange events Qt posts arrive later and repeat it.
        context.language_changed.connect(self.retranslate_everything)
        self.retranslate()
        self.refresh_panel()
        self.resize(self.comfortable_size())

    def comfortable_size(self) -> QSize:
        """A first size measured in text lines and characters (scales with DPI and font)."""
        metrics = self.fontMetrics()
        wanted = QSize(metrics.averageCharWidth() * 110, metrics.height() * 38)
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry().size() * 0.9
            wanted = wanted.boundedTo(available)
        return wanted.expandedTo(self.minimumSizeHint())

    def _add_page(self, step_id: str) -> None:
        page = page_class(step_id)(self.context)
        self.pages[step_id] = page
        self.setPage(journey.step_ids().index(step_id), page)

    def build_pages(self) -> None:
        """Build every page not built yet (idempotent)."""
        for step in journey.JOURNEY:
            if step.id not in self.pages:
                self._add_page(step.id)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        if len(self.pages) < len(journey.JOURNEY):
            # Just after the first paint; next() and page_for() build at once if needed.
            QTimer.singleShot(AFTER_FIRST_PAINT_MS, self.build_pages)

    def validateCurrentPage(self) -> bool:  # Qt override, run by Next before it moves on
        if not super().validateCurrentPage():
            return False
        # Next may come before the pages built after the first paint.
        self.build_pages()
        program = self.context.program
        if self.currentId() == 0 and program is not None:
            # Resume where the merchant left off by walking forward one page at a time, so
            # Back still reaches every earlier step.
            target = journey.step_ids().index(journey.resume_step(program))
            self._resume_target = target if target > 1 else None
        return True

    def _continue_resume(self, page_id: int) -> None:
        target = self._resume_target
        if target is None:
            return
        if page_id >= target or page_id <= 0:
            self._resume_target = None
            return
        QTimer.singleShot(0, self._resume_step)

    def _resume_step(self) -> None:
        if self._resume_target is not None and self.currentId() < self._resume_target:
            self.next()

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
        self.setWindowTitle(
            _("ByteDance Mini-Program Publisher {version}").format(version=__version__)
        )
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
        program = self.context.program
        statuses = journey.statuses(program, self.current_step_id())
        self.panel.show_statuses(program.name if program else "", statuses)

    def show_save_failure(self, message: str) -> None:
        QMessageBox.warning(self, _("Could not save"), message)

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self.pages.values():
            page.stop_work()
        # Answers are written as they change; one last try covers an earlier failed write.
        self.context.save_if_unsaved()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.context.save_if_unsaved()
        super().done(result)
