"""Whether this system has a font that can draw the app's Chinese text."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

from wizard.core.i18n import _

# Two characters every Chinese page shows ("publish"); a font that has them has the rest of
# the common set in practice, and one without them draws boxes.
SAMPLE = "发布"


def chinese_font_family() -> str:
    """The first installed family that draws Chinese, or "" when none can (after QApplication)."""
    for family in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        metrics = QFontMetrics(QFont(family))
        if all(metrics.inFontUcs4(ord(character)) for character in SAMPLE):
            return family
    return ""


def no_chinese_font_message() -> str:
    """The sentence for a system whose fonts cannot draw Chinese."""
    return _(
        "No font on this computer can draw Chinese, so Chinese text would show as empty "
        "boxes. Install a Chinese font (on Debian/Ubuntu: sudo apt install fonts-noto-cjk), "
        "then start the app again."
    )
