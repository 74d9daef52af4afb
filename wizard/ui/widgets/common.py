"""Shared building blocks: wrapping labels, notices that do not rely on colour, URL buttons."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6 import QtCore
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from wizard.core.checks import Check, State

# PySide6 builds the whole Qt namespace (~150 enums, ~12 ms) on its first use. The widgets
# of the first page avoid it, so it is built after the window has painted: QtCore.Qt is
# looked up only where a widget needs a flag, and plain texts rely on QLabel's AutoText
# (our sentences carry no markup; text a merchant typed goes through plain_label()).


def wrapping_label(text: str = "", *, rich: bool = False, selectable: bool = False) -> QLabel:
    """A label that wraps (Chinese and English differ in length) and never fixes its width."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if rich:
        label.setTextFormat(QtCore.Qt.TextFormat.RichText)
        label.setOpenExternalLinks(True)
    if selectable:
        make_selectable(label)
    return label


def plain_label(text: str = "", *, selectable: bool = False) -> QLabel:
    """A wrapping label for text that may come from the merchant (never read as markup)."""
    label = wrapping_label(text, selectable=selectable)
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    return label


def plain_markup(text: str) -> str:
    """Markup that Qt draws as exactly this text: for the places that always read rich text
    (tooltips, a label whose markup is ours). Data's "<", "&" and spaces are kept as typed."""
    if "<" not in text and "&" not in text:
        return text  # no tag and no entity: Qt already shows it as plain text
    escaped = html.escape(text, quote=False).replace("\n", "<br>")
    return f'<span style="white-space:pre-wrap">{escaped}</span>'


def set_plain_tooltip(widget: QWidget, text: str) -> None:
    """A tooltip that shows text as typed (Qt reads a tooltip as rich text when it can)."""
    widget.setToolTip(plain_markup(text))


def make_selectable(label: QLabel) -> None:
    label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)


def open_url(url: str) -> bool:
    """Open a web page in the merchant's browser."""
    return QDesktopServices.openUrl(QUrl(url))


def open_folder(path: str) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


# A symbol beside the words of each notice kind, so meaning never rests on colour.
NOTICE_SYMBOLS = {"info": "ℹ", "ok": "✔", "warning": "⚠", "error": "✖", "wait": "…"}


class Notice(QFrame):
    """A one-sentence message with a symbol and words, so its meaning never rests on colour.

    Verdicts beside a field are a plain line (the default); ``framed=True`` is for the few
    notices that must stand out from the page (a warning to read before acting).
    """

    def __init__(self, parent: QWidget | None = None, *, framed: bool = False) -> None:
        super().__init__(parent)
        if framed:
            self.setFrameShape(QFrame.Shape.StyledPanel)
        else:
            self.setFrameShape(QFrame.Shape.NoFrame)
        self._symbol = QLabel()
        self._text = wrapping_label()
        self._styled = False
        layout = QHBoxLayout(self)
        if not framed:
            layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._symbol)
        layout.addWidget(self._text, 1)
        self.kind = "info"
        self.hide()

    # Set by the window when the mini-program's provider has a profile: its contact sentence
    # follows every error, so a merchant who is stuck knows whom to ask.
    contact_for_errors: Callable[[], str] | None = None

    def show_message(self, kind: str, text: str) -> None:
        if not self._styled:  # on first use: most notices stay hidden at start-up
            self._symbol.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
            # Sentences may carry what a merchant or a provider wrote: never read as markup.
            self._text.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            make_selectable(self._text)
            self._styled = True
        if kind == "error" and text and Notice.contact_for_errors is not None:
            from wizard.core.i18n import join_sentences

            contact = Notice.contact_for_errors()
            if contact and contact not in text:
                text = join_sentences(text, contact)
        self.kind = kind
        self._symbol.setText(NOTICE_SYMBOLS.get(kind, ""))
        self._text.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))

    def text(self) -> str:
        return self._text.text()

    def clear(self) -> None:
        self._text.clear()
        self.hide()


def check_kind(check: Check) -> str:
    """The Notice kind for a validator's verdict."""
    if check.state is State.INVALID:
        return "error"
    if check.state is State.INTERMEDIATE:
        return "wait"
    return "warning" if check.message else "ok"


class UrlButton(QPushButton):
    """A button that opens one page of the developer platform in the browser.

    When no browser can be started, the address is shown to copy, so the click is never lost.
    """

    def __init__(self, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.url = url
        self.clicked.connect(self.open)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    def open(self) -> None:
        if not open_url(self.url):
            show_address(self, self.url)


def message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, informative: str = ""
) -> QMessageBox:
    """A message box whose texts are plain text: a sentence may carry a name, a path or a
    reason from the state, a profile or a server (QMessageBox reads markup by default)."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
        for label in box.findChildren(QLabel):
            label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    return box


def tell(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> None:
    """A plain-text message with OK (QMessageBox.information/warning/critical, safely)."""
    box = message_box(parent, icon, title, text)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """A plain-text question with Yes and No (No by default); True for Yes."""
    box = message_box(parent, QMessageBox.Icon.Question, title, text)
    yes = box.addButton(QMessageBox.StandardButton.Yes)
    no = box.addButton(QMessageBox.StandardButton.No)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def show_address(parent: QWidget, url: str) -> None:
    """No browser could be started: show the address, selectable, with a Copy button."""
    from PySide6.QtGui import QGuiApplication

    from wizard.core.i18n import _

    box = message_box(
        parent,
        QMessageBox.Icon.Information,
        _("Open this address"),
        _("No web browser could be started. Open your browser yourself and go to this address:"),
        url,
    )
    box.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    copy = box.addButton(_("Copy address"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is copy:
        QGuiApplication.clipboard().setText(url)


def fit_text(field: QWidget, sample: str) -> None:
    """A field at least wide enough to show sample whole (an AppID, a secret) in its font."""
    width = field.fontMetrics().horizontalAdvance(sample + "MM")
    field.setMinimumWidth(width)


class WrappingCheckBox(QWidget):
    """A check box whose text wraps (QCheckBox's own text never does); the text toggles it too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox()
        self.label = wrapping_label()
        self.label.setBuddy(self.box)
        self.label.mousePressEvent = lambda _event: self.box.toggle()  # type: ignore[method-assign]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self.toggled = self.box.toggled

    def setText(self, text: str) -> None:
        self.label.setText(text)
        self.box.setAccessibleName(text)

    def text(self) -> str:
        return self.label.text()

    def isChecked(self) -> bool:
        return self.box.isChecked()

    def setChecked(self, checked: bool) -> None:
        self.box.setChecked(checked)


class ElidedPath(QLabel):
    """A path on one line: elided in the middle when too long (its start and its name stay
    visible), the whole path in the tooltip and in the accessible name."""

    def __init__(self, path: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.full_path = ""
        self.set_path(path)

    def set_path(self, path: str) -> None:
        self.full_path = path
        set_plain_tooltip(self, path)
        self.setAccessibleName(path)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.width(), self.fontMetrics().averageCharWidth() * 20)
        self.setText(
            self.fontMetrics().elidedText(
                self.full_path, QtCore.Qt.TextElideMode.ElideMiddle, width
            )
        )
