"""The raw text behind a sentence (what the CLI or a server said), behind a 「详情」 control.

Never inline in the sentence: a merchant reads English error text as a crash. Support needs
it, so it is one click away, selectable and copyable, as plain text (never markup).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from wizard.core.i18n import _
from wizard.ui.widgets.common import plain_label


class DetailsBox(QWidget):
    """A 「详情」 toggle that shows the raw text, selectable, with a 「复制详情」 button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QPushButton()
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._on_toggled)
        self.text_label = plain_label(selectable=True)
        self.text_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.toggle)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.text_label)
        # Never taller than its words: extra room in the page goes below it.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._details = ""
        self.retranslate()
        self.set_details("")

    def retranslate(self) -> None:
        self.toggle.setText(_("Hide details") if self.toggle.isChecked() else _("Details"))
        self.toggle.setAccessibleName(self.toggle.text())
        self.toggle.setAccessibleDescription(
            _("What the upload tool or the platform said, for your provider")
        )
        self.copy_button.setText(_("Copy details"))
        self.copy_button.setAccessibleName(_("Copy details"))
        self.text_label.setAccessibleName(_("Details"))
        self.text_label.setAccessibleDescription(self._details)

    def set_details(self, text: str) -> None:
        """Show the control for text (already bounded and cleaned), or hide it when empty."""
        self._details = text
        self.text_label.setText(text)
        self.text_label.setAccessibleDescription(text)
        self.toggle.setChecked(False)
        self._on_toggled(False)
        self.setVisible(bool(text))

    def details(self) -> str:
        return self._details

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self._details)
        self.copy_button.setText(_("Copied"))

    def _on_toggled(self, shown: bool) -> None:
        self.text_label.setVisible(shown)
        self.copy_button.setVisible(shown)
        if not shown:
            self.copy_button.setText(_("Copy details"))
        self.toggle.setText(_("Hide details") if shown else _("Details"))
        self.toggle.setAccessibleName(self.toggle.text())
