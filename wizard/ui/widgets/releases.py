"""Widgets the version, preview, review and publish pages share: the history table, a copy row."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from wizard.core.i18n import _
from wizard.core.releases import (
    EventKind,
    Release,
    ReleaseHistory,
    ReviewState,
    Route,
    local_day,
)
from wizard.ui.widgets.common import Notice, plain_markup, set_plain_tooltip


def outcome_words(release: Release) -> str:
    """A release's review outcome in the current language."""
    if release.state is ReviewState.REJECTED:
        reason = " ".join(release.rejection_reason.split())
        return _("Rejected: {reason}").format(reason=reason) if reason else _("Rejected")
    if release.state is ReviewState.UPLOADED and release.last(EventKind.WITHDRAWN) is not None:
        return _("Withdrawn from review")
    return {
        ReviewState.UPLOADED: _("Uploaded, not submitted"),
        ReviewState.SUBMITTED: _("In review"),
        ReviewState.APPROVED: _("Approved"),
        ReviewState.PUBLISHED: _("Published"),
    }.get(release.state, "")


class HistoryTable(QTableWidget):
    """Every version uploaded for a mini-program, newest first, read-only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.setMinimumHeight(self.fontMetrics().height() * 6)
        self.history = ReleaseHistory()
        # Placed by the page under the table: says when damaged releases were left out.
        self.notice = Notice()
        self.setCornerButtonEnabled(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [_("Version"), _("Uploaded"), _("How"), _("Submitted"), _("Outcome")]
        )
        self.setAccessibleName(_("Versions uploaded for this mini-program"))
        for button in self.findChildren(QAbstractButton):  # the (disabled) corner button
            button.setAccessibleName(_("Versions uploaded for this mini-program"))
        self.show_history(self.history)

    def show_history(self, history: ReleaseHistory) -> None:
        self.history = history
        if history.dropped:
            self.notice.show_message("warning", history.dropped_sentence())
        else:
            self.notice.clear()
        releases = list(reversed(history.releases))
        self.setRowCount(len(releases))
        for row, release in enumerate(releases):
            cells = (
                release.version,
                local_day(release.uploaded_at),
                _("From this app") if release.route is Route.APP else _("Developer tool"),
                local_day(release.submitted_at),
                outcome_words(release),
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(plain_markup(value))
                self.setItem(row, column, item)


class CopyRow(QWidget):
    """A read-only value with a 「复制」 button (the folder, the version, the changelog)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setReadOnly(True)
        self.button = QPushButton()
        self.button.clicked.connect(self.copy)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.button, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        self.what = ""
        self.full_value = ""

    def retranslate(self, what: str) -> None:
        self.what = what
        self.button.setText(_("Copy"))
        self.button.setAccessibleName(_("Copy {what}").format(what=what))
        self.field.setAccessibleName(what)

    def set_value(self, value: str) -> None:
        # One line in the field; the clipboard gets the full text (a changelog has lines).
        self.field.setText(" ".join(value.split()))
        set_plain_tooltip(self.field, value)
        self.full_value = value
        self.field.setCursorPosition(0)
        self.button.setEnabled(bool(value))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.full_value)


def demo_history(stage: ReviewState, now: float) -> ReleaseHistory:
    """Demo data for screenshots: a rejected 1.0.0, then 1.0.1 brought up to `stage`."""
    day_seconds = 86400.0
    history = ReleaseHistory()
    history.record_upload(
        "1.0.0",
        "首次发布。测试账号：13800000000 密码：123456",
        Route.DEVTOOL,
        now - 6 * day_seconds,
    )
    history.submit("1.0.0", now - 6 * day_seconds)
    history.reject("1.0.0", "未弹出隐私授权弹窗，请补充后重新提交。", now - 5 * day_seconds)
    history.record_upload(
        "1.0.1",
        "增加隐私授权弹窗。测试账号：13800000000 密码：123456",
        Route.DEVTOOL,
        now - 3 * day_seconds,
    )
    history.mark_previewed("1.0.1", now - 3 * day_seconds)
    if stage in (ReviewState.SUBMITTED, ReviewState.APPROVED, ReviewState.PUBLISHED):
        history.submit("1.0.1", now - 2 * day_seconds)
    if stage in (ReviewState.APPROVED, ReviewState.PUBLISHED):
        history.approve("1.0.1", now - day_seconds)
    if stage is ReviewState.PUBLISHED:
        history.publish("1.0.1", now)
    return history
