"""The provider profile in the window: title, logo, contact, opening or dropping a profile file.

Everything a profile says is the provider's own text: it is shown with Qt.PlainText labels
only (a name such as "<b>x</b>" appears as typed), links open only when the merchant clicks,
and only https addresses reach the browser (the profile's validator guarantees that).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from wizard import __version__
from wizard.core.i18n import _
from wizard.core.profile.document import LOGO_MAX_PIXELS, ProviderProfile
from wizard.core.profile.store import (
    CHOICE_KEY,
    CHOICE_STEP,
    ActiveProfile,
    active_profile,
    choice_of,
    import_profile,
)
from wizard.core.profile.texts import (
    admin_url,
    contact_block,
    contact_details,
    contact_sentence,
    credentials_admin_sentence,
    download_needs_appid,
    package_download_url,
    package_sentence,
    provider_name,
    window_title,
)
from wizard.ui.context import AppContext
from wizard.ui.images import decode_image
from wizard.ui.widgets.common import (
    Notice,
    message_box,
    open_url,
    plain_label,
    set_plain_tooltip,
    tell,
)

log = logging.getLogger(__name__)

LOGO_PIXELS = 48


def current_profile(context: AppContext) -> ActiveProfile:
    """The profile for the chosen mini-program (its own, else the baked-in one, else none)."""
    return active_profile(choice_of(context.program), paths=context.paths)


def app_window_title(context: AppContext) -> str:
    """The window title: the app's name and version, then the provider's name if any."""
    base = _("ByteDance Mini-Program Publisher {version}").format(version=__version__)
    return window_title(base, current_profile(context).profile)


# (profile digest, size) → the scaled logo: decoded once, not at every answer change (the
# header refreshes on each keystroke). A few profiles at most are ever seen in one run.
_LOGOS: dict[tuple[str, int], QPixmap | None] = {}


def logo_pixmap(profile: ProviderProfile | None, size: int = LOGO_PIXELS) -> QPixmap | None:
    """The provider's logo scaled to size pixels, or None (no logo, or Qt cannot decode it
    within its bounds). Decoded once per profile and size."""
    if profile is None or not profile.logo_png:
        return None
    key = (profile.digest or hashlib.sha256(profile.logo_png).hexdigest(), size)
    if key not in _LOGOS:
        image = decode_image(profile.logo_png, max_pixels=LOGO_MAX_PIXELS * LOGO_MAX_PIXELS)
        _LOGOS[key] = (
            None
            if image.isNull()
            else QPixmap.fromImage(
                image.scaled(
                    size,
                    size,
                    QtCore.Qt.AspectRatioMode.KeepAspectRatio,
                    QtCore.Qt.TransformationMode.SmoothTransformation,
                )
            )
        )
    return _LOGOS[key]


def open_profile(parent: QWidget, context: AppContext, path: Path) -> bool:
    """Check a profile file, keep a copy and remember it for the chosen mini-program.

    Every refusal ends in a message box with the sentences (plain text); True when used.
    """
    program = context.program
    if program is None:
        tell(
            parent,
            QMessageBox.Icon.Information,
            _("Provider profile"),
            _(
                "Choose or add a mini-program first: the provider's details are kept with "
                "the mini-program they belong to."
            ),
        )
        return False
    outcome = import_profile(path, paths=context.paths)
    if outcome.choice is None:
        tell(parent, QMessageBox.Icon.Warning, _("Provider profile"), outcome.message)
        return False
    log.info("provider profile %s chosen for a mini-program", outcome.choice.profile_id or "-")
    context.update_answers(program, CHOICE_STEP, **{CHOICE_KEY: outcome.choice.to_dict()})
    return True


def ask_and_open_profile(parent: QWidget, context: AppContext) -> bool:
    """The file dialog for a provider profile, then open_profile."""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Open your provider's profile"),
        "",
        _("Provider profile (*.json);;All files (*)"),
    )
    if not chosen:
        return False
    return open_profile(parent, context, Path(chosen))


def button_text(text: str) -> str:
    """Text with a provider's name for a button: its "&" is a character, not a shortcut."""
    return text.replace("&", "&&")


def refresh_once_placed(widget: QWidget, refresh: Callable[[], object]) -> None:
    """Fill a widget on the next turn of the event loop, once its page has placed it: shown
    before it has a parent, a widget would open as a window of its own."""
    widget.hide()
    QTimer.singleShot(0, widget, refresh)


def follow_changes(context: AppContext, refresh: Callable[..., object]) -> None:
    """Run refresh (a widget's bound method: disconnected when the widget goes) when the chosen
    mini-program, its answers (a profile opened) or the language change."""
    context.program_changed.connect(refresh)
    context.answers_changed.connect(refresh)
    context.language_changed.connect(refresh)


def _profile_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [
        Path(url.toLocalFile())
        for url in mime.urls()
        if url.isLocalFile() and url.toLocalFile().lower().endswith(".json")
    ]


class ProviderLink(QObject):
    """Keeps the window in step with the chosen mini-program's provider profile: its title
    and side panel contact, and a profile file dropped anywhere on the window."""

    def __init__(self, window: QWidget, context: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.contact = ProviderContact(context)
        Notice.contact_for_errors = lambda: contact_sentence(current_profile(context).profile)
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        follow_changes(context, self.refresh)

    def refresh(self, *_changed: object) -> None:
        self.window.setWindowTitle(app_window_title(self.context))
        self.contact.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.window and isinstance(event, QDragEnterEvent | QDropEvent):
            paths = _profile_paths(event)
            if len(paths) != 1:
                return False
            event.acceptProposedAction()
            if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
                open_profile(self.window, self.context, paths[0])
            return True
        return super().eventFilter(watched, event)


class ProviderHeader(QWidget):
    """The welcome page's provider line: logo, name, a notice, and "Open provider profile…"."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        # The welcome page is built before the first paint: the labels, which need Qt's
        # namespace (plain text), are made only once there is a provider to show.
        self.logo: QLabel | None = None
        self.name: QLabel | None = None
        self.notice: QLabel | None = None
        self.open_button = QPushButton()
        self.open_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.open_button.clicked.connect(lambda: ask_and_open_profile(self, self.context))
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addStretch(1)
        self.row.addWidget(self.open_button)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addLayout(self.row)
        follow_changes(context, self.refresh)
        self.refresh()

    def _labels(self) -> tuple[QLabel, QLabel, QLabel]:
        if self.logo is None or self.name is None or self.notice is None:
            self.logo, self.name, self.notice = QLabel(), plain_label(), plain_label()
            self.name.setWordWrap(False)  # a name is short (at most 60 characters)
            self.row.insertWidget(0, self.logo)
            self.row.insertWidget(1, self.name, 1)
            self.column.addWidget(self.notice)
        return self.logo, self.name, self.notice

    def refresh(self, *_changed: object) -> None:
        """Show the chosen mini-program's provider (run on retranslate and on changes)."""
        self.open_button.setText(_("Open provider profile…"))
        self.open_button.setToolTip(
            _("A file from your provider with its admin address, domains and support contact.")
        )
        self.open_button.setEnabled(self.context.program is not None)
        active = current_profile(self.context)
        profile = active.profile
        if profile is None and not active.notice and self.logo is None:
            return
        logo, name_label, notice = self._labels()
        pixmap = logo_pixmap(profile)
        logo.setVisible(pixmap is not None)
        if pixmap is not None:
            logo.setPixmap(pixmap)
        name = provider_name(profile)
        name_label.setText(_("Your provider: {provider}").format(provider=name) if name else "")
        name_label.setVisible(bool(name))
        notice.setText(active.notice)
        notice.setVisible(bool(active.notice))


class ProviderAdminRow(QWidget):
    """The credentials step's "paste into {provider}'s admin, under 「…」" with its button; it
    stands in for the page's generic admin steps (`replaces`) when the profile names them."""

    def __init__(
        self, context: AppContext, replaces: QWidget | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.replaces = replaces
        self.sentence = plain_label()
        # Named at once (filled with the provider's name once placed; see refresh).
        self.open_button = QPushButton(_("Open your provider's admin"))
        self.open_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.open_button.clicked.connect(self._open_admin)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sentence, 1)
        layout.addWidget(self.open_button)
        self.url = ""
        follow_changes(context, self.refresh)
        refresh_once_placed(self, self.refresh)

    def refresh(self, *_changed: object) -> bool:
        """Fill from the profile; False (and hidden) when it says nothing about the admin."""
        profile = current_profile(self.context).profile
        text = credentials_admin_sentence(profile)
        self.url = admin_url(profile)
        self.sentence.setText(text)
        self.open_button.setText(
            button_text(_("Open {provider}'s admin").format(provider=provider_name(profile)))
            if provider_name(profile)
            else _("Open your provider's admin")
        )
        self.open_button.setVisible(bool(self.url))
        self.setVisible(bool(text))
        if self.replaces is not None:
            self.replaces.setVisible(not text)
        return bool(text)

    def _open_admin(self) -> None:
        if self.url:
            open_url(self.url)


class ProviderDownloadRow(QWidget):
    """The package step's provider download: where to click in the admin, and a button that
    opens the provider's download address with the merchant's AppID in the browser, where the
    merchant is logged in to the admin (the zip then lands in Downloads)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.sentence = plain_label()
        self.download_button = QPushButton(_("Download from your provider"))
        self.download_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.download_button.clicked.connect(self._open_download)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sentence, 1)
        layout.addWidget(self.download_button)
        self.url: str | None = None
        follow_changes(context, self.refresh)
        refresh_once_placed(self, self.refresh)

    def refresh(self, *_changed: object) -> bool:
        """Fill from the profile and the mini-program's AppID; False (hidden) without either."""
        profile = current_profile(self.context).profile
        program = self.context.program
        self.url = package_download_url(profile, program.appid if program else "")
        lines = [package_sentence(profile)]
        if self.url is None and download_needs_appid(profile):
            lines.append(
                _("Enter your AppID in the AppID and AppSecret step to download it from here.")
            )
        text = "\n".join(line for line in lines if line)
        self.sentence.setText(text)
        name = provider_name(profile)
        self.download_button.setText(
            button_text(_("Download from {provider}").format(provider=name))
            if name
            else _("Download from your provider")
        )
        set_plain_tooltip(self.download_button, self.url or "")
        self.download_button.setVisible(self.url is not None)
        shown = bool(text) or self.url is not None
        self.setVisible(shown)
        return shown

    def _open_download(self) -> None:
        if self.url:
            open_url(self.url)


class ProviderContact(QWidget):
    """The side panel's contact: "Contact {provider}…" (all channels in a box, plain text) and
    the first channel below it, so the panel stays short as the journey grows."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.button = QPushButton(_("Contact your provider…"))
        self.button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.button.clicked.connect(self.show_details)
        self.first = QLabel()
        self.first.setWordWrap(True)
        self.first.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.first.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.first)
        self.details = ""
        refresh_once_placed(self, self.refresh)

    def refresh(self, *_changed: object) -> None:
        profile = current_profile(self.context).profile
        self.details = contact_block(profile)
        rows = contact_details(profile)
        name = provider_name(profile)
        self.button.setText(
            button_text(_("Contact {provider}…").format(provider=name))
            if name
            else _("Contact your provider…")
        )
        self.first.setText(
            _("{label}: {value}").format(label=rows[0][0], value=rows[0][1]) if rows else ""
        )
        self.setAccessibleName(self.details)
        set_plain_tooltip(self, self.details)
        self.setVisible(bool(self.details))

    def show_details(self) -> None:
        box = message_box(
            self, QMessageBox.Icon.Information, _("Contact your provider"), self.details
        )
        box.addButton(QMessageBox.StandardButton.Ok)
        box.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()
