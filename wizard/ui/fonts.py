"""Whether this system has a font that can draw the app's Chinese text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics, QImage, QPainter

from wizard.core.i18n import _

# Two characters every Chinese page shows ("publish"); a font that has them has the rest of
# the common set in practice, and one without them draws boxes.
SAMPLE = "发布"


def chinese_font_family() -> str:
    """The first installed family that draws Chinese, or "" when none can (after QApplication).

    Where the font list does not say (Windows links fonts for fallback, and Wine reports no
    writing systems), the sample is drawn: two different characters that come out as two
    different, non-empty pictures are real glyphs, not the same empty box twice.
    """
    for family in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        metrics = QFontMetrics(QFont(family))
        if all(metrics.inFontUcs4(ord(character)) for character in SAMPLE):
            return family
    if _draws_distinct_glyphs(SAMPLE):
        return QFont().family() + " (with the system's font fallback)"
    return ""


def _draws_distinct_glyphs(sample: str) -> bool:
    pictures = [_picture(character) for character in sample]
    blank = _picture(" ")
    return len(set(pictures)) == len(pictures) and blank not in pictures


def _picture(character: str) -> bytes:
    image = QImage(48, 48, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = QFont()
    font.setPixelSize(32)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), int(Qt.AlignmentFlag.AlignCenter), character)
    painter.end()
    return bytes(image.constBits())


def no_chinese_font_message() -> str:
    """The sentence for a system whose fonts cannot draw Chinese."""
    return _(
        "No font on this computer can draw Chinese, so Chinese text would show as empty "
        "boxes. Install a Chinese font (on Debian/Ubuntu: sudo apt install fonts-noto-cjk), "
        "then start the app again."
    )
