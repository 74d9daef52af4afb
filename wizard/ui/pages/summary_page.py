"""The last page: what is done, what is left, and where the app keeps the merchant's files."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGridLayout, QGroupBox, QPushButton, QVBoxLayout

from wizard.core import journey
from wizard.core.i18n import _
from wizard.core.steps import filing as filing_step
from wizard.core.steps import package as package_step
from wizard.core.steps import publish as publish_step
from wizard.core.steps import version as version_step
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext
from wizard.ui.widgets.common import ElidedPath, Notice, open_folder, wrapping_label
from wizard.ui.widgets.releases import HistoryTable


class SummaryPage(BasePage):
    """Done / left lists and the folders the app uses, each with an Open button."""

    step_id = journey.SUMMARY

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.done_box = QGroupBox()
        self.done_label = wrapping_label()
        QVBoxLayout(self.done_box).addWidget(self.done_label)
        self.left_box = QGroupBox()
        self.left_label = wrapping_label()
        QVBoxLayout(self.left_box).addWidget(self.left_label)
        self.files_box = QGroupBox()
        self.files_grid = QGridLayout(self.files_box)
        self.files_grid.setColumnStretch(0, 1)
        self.closing = wrapping_label()
        # The journey's end in one line: "published 1.0.3", or how much is left.
        self.outcome = Notice(framed=True)
        # Where the filing stands (备案：管局审核中，已 6 个工作日), the longest wait of all.
        self.filing_notice = Notice()
        self.history_box = QGroupBox()
        self.history_table = HistoryTable()
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.history_table)
        history_layout.addWidget(self.history_table.notice)
        # Scrolls rather than growing the window (the summary is the longest page).
        self.set_scrolling_content(
            self.outcome,
            self.filing_notice,
            self.done_box,
            self.left_box,
            self.history_box,
            self.files_box,
            self.closing,
        )
        context.answers_changed.connect(self.refresh)
        context.program_changed.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Summary"))
        self.setSubTitle(_("What is done, what is left, and where your files are."))
        self.done_box.setTitle(_("Done"))
        self.left_box.setTitle(_("Still to do"))
        self.files_box.setTitle(_("Where your files are"))
        self.history_box.setTitle(_("Versions uploaded"))
        self.history_table.retranslate()
        self.closing.setText(
            _("Press Finish to close. Everything is saved; open the app again to continue.")
        )
        self.refresh()

    def folders(self) -> list[tuple[str, str]]:
        """(label, folder) pairs shown on the page."""
        paths = self.context.paths
        found = [
            (_("Your answers (no secrets):"), str(paths.state)),
            (_("Settings:"), str(paths.config)),
            (_("Log files, for support:"), str(paths.logs)),
        ]
        program = self.context.program
        extracted = package_step.PackageAnswers.read(program).extracted_to if program else ""
        if extracted:
            found.insert(0, (_("Your code package, to import in the developer tool:"), extracted))
        return found

    def done_and_left(self) -> tuple[list[str], list[str]]:
        done, left = journey.done_and_left(self.context.program)
        return [_(step.summary) for step in done], [_(step.title) for step in left]

    def refresh(self) -> None:
        program = self.context.program
        live = publish_step.live_version(program)
        history = version_step.history(program) if program is not None else None
        self.history_box.setVisible(history is not None and bool(history.releases))
        if history is not None:
            self.history_table.show_history(history)
        done, left = self.done_and_left()
        if live:
            self.outcome.show_message(
                "ok", _("Published: version {version} is live.").format(version=live)
            )
        elif left:
            self.outcome.show_message(
                "info", _("Not published yet: {count} steps left.").format(count=len(left))
            )
        else:
            self.outcome.clear()
        if program is not None:
            kind = "ok" if filing_step.is_done(program) else "wait"
            self.filing_notice.show_message(kind, filing_step.where_it_stands(program))
        else:
            self.filing_notice.clear()
        self.done_label.setText(
            "\n".join(f"✔ {text}" for text in done) if done else _("Nothing yet.")
        )
        self.left_label.setText("\n".join(f"○ {text}" for text in left))
        while self.files_grid.count():
            widget = self.files_grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # deleteLater alone would leave it painted until deleted
                widget.deleteLater()
        for row, (label, folder) in enumerate(self.folders()):
            # What it is on one line, the path under it (paths are long), Open beside both.
            self.files_grid.addWidget(wrapping_label(label), 2 * row, 0)
            # One line, elided in the middle; the whole path in its tooltip and Copy.
            self.files_grid.addWidget(ElidedPath(folder), 2 * row + 1, 0)
            button = QPushButton(_("Open"))
            button.setAccessibleName(_("Open folder: {folder}").format(folder=folder))
            button.clicked.connect(lambda _checked=False, f=folder: open_folder(f))
            self.files_grid.addWidget(button, 2 * row, 1, 2, 1)
            copy = QPushButton(_("Copy path"))
            copy.setAccessibleName(_("Copy the path: {folder}").format(folder=folder))
            copy.clicked.connect(
                lambda _checked=False, f=folder: QGuiApplication.clipboard().setText(f)
            )
            self.files_grid.addWidget(copy, 2 * row, 2, 2, 1)

    def load_answers(self) -> None:
        self.refresh()
