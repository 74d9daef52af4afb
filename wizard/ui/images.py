"""Images from data the app did not make (a provider's logo, a QR code named in the state),
decoded once and bounded: Qt is told the most memory a decode may take, the size is read
from the header before any pixel is decoded, and a path is read only when it is a regular
file of a bounded size (a named pipe would freeze the window)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageReader

from wizard.core.regular_file import FileRefused, read_regular

# The most memory one decode may use (Qt's own default is 256 MB), and the most pixels.
ALLOCATION_LIMIT_MB = 32
MAX_PIXELS = 2048 * 2048
# A QR code the official CLI writes is a few KB.
MAX_QR_FILE_BYTES = 2 * 1024 * 1024


def decode_image(data: bytes, max_pixels: int = MAX_PIXELS) -> QImage:
    """The image in data, or a null QImage when it is not one or is larger than allowed."""
    if not data:
        return QImage()
    array = QByteArray(data)
    buffer = QBuffer(array)
    if not buffer.open(QIODevice.OpenModeFlag.ReadOnly):
        return QImage()
    reader = QImageReader(buffer)
    reader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    size = reader.size()  # from the header: nothing decoded yet
    if not size.isValid() or size.width() * size.height() > max_pixels:
        return QImage()
    image = reader.read()
    buffer.close()
    return image


def image_file(path: Path, limit: int = MAX_QR_FILE_BYTES) -> tuple[QImage, str]:
    """The image in a regular file of at most limit bytes, and "" ; else a null QImage and
    the sentence why (a missing file gives a null image and no sentence)."""
    try:
        data = read_regular(path, limit)
    except FileRefused as refused:
        return QImage(), "" if refused.code == "not-found" else refused.message
    return decode_image(data), ""
