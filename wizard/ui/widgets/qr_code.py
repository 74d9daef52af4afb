"""The test version's QR code, drawn one way wherever it is shown (upload panel, preview page)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from wizard.core.i18n import _
from wizard.core.releases import preview_still_valid
from wizard.ui.images import image_file

# Pixels of white around the QR code: scanners need a quiet zone, and the PNG has none.
QR_MARGIN = 16
QR_SCALE = 2


def qr_on_white(path: Path, scale: int = QR_SCALE, margin: int = QR_MARGIN) -> QPixmap:
    """The CLI's transparent QR code PNG drawn on white, enlarged without smoothing."""
    return image_on_white(image_file(path)[0], scale, margin)


def image_on_white(image: QImage, scale: int = QR_SCALE, margin: int = QR_MARGIN) -> QPixmap:
    """A decoded QR code drawn on white (a null pixmap for a null image)."""
    if image.isNull():
        return QPixmap()
    width, height = image.width() * scale, image.height() * scale
    canvas = QImage(width + 2 * margin, height + 2 * margin, QImage.Format.Format_RGB32)
    canvas.fill(QColor("white"))
    painter = QPainter(canvas)
    # Sharp modules: a scaled QR code must not be blurred.
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
    painter.drawImage(
        margin,
        margin,
        image.scaled(
            width,
            height,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        ),
    )
    painter.end()
    return QPixmap.fromImage(canvas)


class QrCodeView(QLabel):
    """A QR code on white, hidden when there is none or the platform's link has expired."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.hide()
        self.problem = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(_("QR code of the test version"))

    def show_code(self, path: str | Path | None, expires_at: float | None = None) -> bool:
        """Show the QR code at path; False (and hidden) when it is missing or expired."""
        pixmap = QPixmap()
        # Why a path that exists cannot be read (a pipe, a device, a folder), else "".
        self.problem = ""
        if path and preview_still_valid(expires_at):
            # The path comes from the state: only a bounded regular file is read (a named
            # pipe would freeze the window at every start).
            image, self.problem = image_file(Path(path))
            pixmap = image_on_white(image)
        if pixmap.isNull():
            self.clear()
            self.hide()
            return False
        self.setPixmap(pixmap)
        self.show()
        return True
