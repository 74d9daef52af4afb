"""One console domain list as the domains page edits it: typed, judged per entry, copied."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from wizard.core.domains.rules import DomainList, check_domain_list
from wizard.core.domains.scan import kind_label
from wizard.core.i18n import _
from wizard.ui.widgets.common import NOTICE_SYMBOLS, plain_label


class ListEditor(QWidget):
    """One console list: a box to type or paste into, a verdict per entry, and a copy button."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.title = QLabel()
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 16)
        self.title.setBuddy(self.edit)
        self.verdicts = plain_label(selectable=True)
        self.copy_button = QPushButton()
        self.copy_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.copied = QLabel()
        self.current = check_domain_list("", kind)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title, 0, 0, 1, 2)
        layout.addWidget(self.edit, 1, 0, 2, 1)
        layout.addWidget(self.copy_button, 1, 1)
        layout.addWidget(self.copied, 2, 1)
        layout.addWidget(self.verdicts, 3, 0, 1, 2)
        layout.setColumnStretch(0, 1)
        self.copy_button.clicked.connect(self.copy)

    def retranslate(self) -> None:
        self.title.setText(kind_label(self.kind))
        self.edit.setAccessibleName(kind_label(self.kind))
        self.edit.setPlaceholderText(_("One domain per line, e.g. api.example.com"))
        self.copy_button.setText(_("Copy list"))
        self.copy_button.setAccessibleName(
            _("Copy the {list} for the console").format(list=kind_label(self.kind))
        )

    def set_entries(self, entries: Sequence[str]) -> None:
        text = "\n".join(entries)
        if self.edit.toPlainText() != text:
            self.edit.setPlainText(text)

    def show_verdicts(self, current: DomainList, missing: Sequence[str]) -> None:
        """One line per entry (what will be pasted, or what is wrong), then what is missing."""
        self.current = current
        lines: list[str] = []
        for entry in current.entries:
            shown = entry.text.strip()
            if entry.ok and entry.host is not None:
                symbol = NOTICE_SYMBOLS["warning" if entry.message else "ok"]
                line = f"{symbol} {entry.host}"
                if entry.verdict.reduced or shown.lower() != entry.host:
                    line += "  " + _("(from “{text}”)").format(text=shown[:60])
                if entry.message:
                    line += f"  {entry.message}"
            else:
                line = (
                    NOTICE_SYMBOLS["error"]
                    + " "
                    + _("{text}: {problem}").format(text=shown[:60], problem=entry.message)
                )
            lines.append(line)
        if missing:
            lines.append(
                NOTICE_SYMBOLS["error"]
                + " "
                + _("Used by the code package but missing here: {hosts}").format(
                    hosts=", ".join(missing)
                )
            )
        summary = current.summary()
        if summary:
            lines.append(summary)
        self.verdicts.setText("\n".join(lines))
        self.verdicts.setVisible(bool(lines))
        self.copy_button.setEnabled(bool(current.hosts))

    def copy(self) -> None:
        """Put exactly what the console wants on the clipboard: one host per line."""
        text = self.current.paste_text
        if not text:
            return
        QGuiApplication.clipboard().setText(text)
        count = len(text.splitlines())
        self.copied.setText(_("Copied ({count})").format(count=count))
