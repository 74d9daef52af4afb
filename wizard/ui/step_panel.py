"""The side panel: every step of the journey marked done / current / to do, and the language."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from wizard.core import i18n, journey
from wizard.core.i18n import _
from wizard.core.review.readiness import state_words
from wizard.core.steps import StepStatus

# Words and a symbol for each status, so the panel never relies on colour alone.
STATUS_SYMBOL = {
    StepStatus.DONE: "✔",
    StepStatus.CURRENT: "▶",
    StepStatus.TODO: "○",
    StepStatus.NOT_APPLICABLE: "–",
}
# A done step with known problems ("done, 1 problem"): never shown as plainly done.
PROBLEM_SYMBOL = "⚠"
STEP_LINK = "step:"
LANGUAGE_NAMES = {i18n.CHINESE: "中文（简体）", i18n.SOURCE_LANGUAGE: "English"}


class StepPanel(QWidget):
    """Lists the journey's steps with their status; holds the live language switch."""

    language_chosen = Signal(str)
    step_chosen = Signal(str)  # the merchant clicked a step already reached

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        heading_font = QFont(self.heading.font())
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.program_label = QLabel()
        self.program_label.setWordWrap(True)
        self.rows: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.program_label)
        for step in journey.JOURNEY:
            row = QLabel()
            row.setWordWrap(True)
            # A step already reached is a link (QLabel's default: links follow the mouse).
            row.linkActivated.connect(self._on_link)
            self.rows[step.id] = row
            layout.addWidget(row)
        layout.addStretch(1)
        self.language_label = QLabel()
        self.language_combo = QComboBox()
        for code in i18n.SUPPORTED_LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES[code], code)
        self.language_label.setBuddy(self.language_combo)
        layout.addWidget(self.language_label)
        layout.addWidget(self.language_combo)
        self.language_combo.currentIndexChanged.connect(self._on_language_index)
        self.statuses: dict[str, StepStatus] = {}
        self.problem_counts: dict[str, int] = {}
        self.reachable: set[str] = set()
        self.busy = False
        self.program_name = ""
        self.retranslate()

    def add_footer(self, widget: QWidget) -> None:
        """Put a widget under the steps, above the language switch (the provider's contact)."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.language_label), widget)

    def _on_language_index(self, index: int) -> None:
        code = self.language_combo.itemData(index)
        if code and code != i18n.current_language():
            self.language_chosen.emit(code)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(_("Steps"))
        self.language_label.setText(_("&Language / 语言:"))
        self.language_combo.setAccessibleName(_("Interface language"))
        index = self.language_combo.findData(i18n.current_language())
        if index >= 0 and index != self.language_combo.currentIndex():
            self.language_combo.blockSignals(True)
            self.language_combo.setCurrentIndex(index)
            self.language_combo.blockSignals(False)
        self._render()

    def _on_link(self, link: str) -> None:
        if link.startswith(STEP_LINK) and not self.busy:
            self.step_chosen.emit(link[len(STEP_LINK) :])

    def set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self._render()

    def show_statuses(
        self,
        program_name: str,
        statuses: dict[str, StepStatus],
        reachable: set[str] | None = None,
        problem_counts: dict[str, int] | None = None,
    ) -> None:
        self.program_name = program_name
        self.statuses = statuses
        self.problem_counts = problem_counts or {}
        self.reachable = reachable or set()
        self._render()

    def _render(self) -> None:
        # The merchant's own name, escaped inside markup: shown bold, never read as markup.
        self.program_label.setText(f"<b>{html.escape(self.program_name)}</b>")
        self.program_label.setVisible(bool(self.program_name))
        # The merchant's steps are numbered as the pages count them (「第 3 步（共 10 步）」),
        # so the panel and every heading agree; welcome and summary carry no number.
        number = 0
        for step in journey.JOURNEY:
            status = self.statuses.get(step.id, StepStatus.TODO)
            row = self.rows.get(step.id)
            if row is None:
                continue
            numbered = step.counts_as_progress and status is not StepStatus.NOT_APPLICABLE
            number += numbered
            prefix = f"{number}. " if numbered else ""
            count = self.problem_counts.get(step.id, 0)
            words = state_words(status, count)
            symbol = (
                PROBLEM_SYMBOL if count and status is StepStatus.DONE else STATUS_SYMBOL[status]
            )
            title = html.escape(prefix + _(step.title))
            if count and status is StepStatus.DONE:
                title += " " + html.escape(_("({words})").format(words=words))
            line = f"{symbol} {title}"
            link = (
                status is not StepStatus.CURRENT
                and status is not StepStatus.NOT_APPLICABLE
                and step.id in self.reachable
                and not self.busy
            )
            if link:
                line = f'{symbol} <a href="{STEP_LINK}{step.id}">{title}</a>'
            row.setText(line)
            font = QFont(row.font())
            font.setBold(status is StepStatus.CURRENT)
            row.setFont(font)
            row.setAccessibleName(f"{_(step.title)}: {words}")
            row.setToolTip(words + (" · " + _("click to go there") if link else ""))
