"""Qt's own console messages: into the log, minus the offscreen platform's known noise."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication

log = logging.getLogger("qt")

# Printed by the offscreen platform each time a window's minimum or maximum size changes
# (dozens per self-test or screenshots run); it has no size hints to pass on, nothing fails.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"

LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def dropped(message: str) -> bool:
    """Whether a Qt message is the offscreen platform's known noise (and only that)."""
    return message == OFFSCREEN_NOISE and QGuiApplication.platformName() == "offscreen"


def handle_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if dropped(message):
        return
    category = context.category or "default"
    log.log(LEVELS.get(kind, logging.WARNING), "%s: %s", category, message)


def install_qt_message_handler() -> None:
    """Route Qt's messages to the log from now on (call once, before the QApplication)."""
    qInstallMessageHandler(handle_qt_message)
