"""Draw the app icon with Qt and write resources/icons/ (PNGs, .ico and .icns).

Also draws the installer's own bitmaps into packaging/windows/ (the welcome/finish page's
164x314 side panel and the 150x57 page header, 24-bit BMP as NSIS wants), from the same
artwork, instead of NSIS's stock pictures.

The icon is this project's own artwork: a rounded square in a blue-to-indigo gradient with a
white upload arrow rising out of an open tray and, at 128 px and up, the word 发布 ("publish").
Small sizes are drawn directly (no text, thicker strokes) rather than scaled down, so they stay
crisp. The .ico (PNG-compressed entries) and .icns (PNG entries) containers are written here
with ``struct``; no external tool is needed.

    python packaging/make_icons.py [--out resources/icons]

Needs PySide6 and a font with Chinese glyphs (e.g. WenQuanYi Micro Hei, Microsoft YaHei,
PingFang SC) for the text; the generated files are committed, so this only runs when the
artwork changes.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

BASENAME = "miniapp-publisher"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (ic11..ic14 are the @2x variants).
ICNS_TYPES = (
    (b"ic04", 16),
    (b"ic05", 32),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),
    (b"ic09", 512),
    (b"ic14", 512),
    (b"ic10", 1024),
)
TEXT = "发布"
TEXT_MIN_SIZE = 128
CJK_FAMILIES = (
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
)

TOP_COLOUR = QColor("#3b82f6")
BOTTOM_COLOUR = QColor("#4338ca")
MARK_COLOUR = QColor("#ffffff")


def cjk_family() -> str:
    """A font family that can draw 发布; fails with what to install when there is none."""
    families = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in families:
            return family
    for family in sorted(families):
        if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family):
            return family
    raise SystemExit(
        "No font with Chinese glyphs found: install one "
        "(apt-get install fonts-wqy-microhei) and run make_icons.py again."
    )


def draw_background(painter: QPainter, size: float) -> None:
    margin = size * (0.02 if size < 48 else 0.04)
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    radius = rect.width() * 0.22
    gradient = QLinearGradient(rect.topLeft(), rect.bottomRight())
    gradient.setColorAt(0.0, TOP_COLOUR)
    gradient.setColorAt(1.0, BOTTOM_COLOUR)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(gradient))
    painter.drawRoundedRect(rect, radius, radius)
    if size >= 64:  # a soft highlight on the upper half gives the tile some depth
        shine = QLinearGradient(rect.topLeft(), QPointF(rect.left(), rect.center().y()))
        shine.setColorAt(0.0, QColor(255, 255, 255, 46))
        shine.setColorAt(1.0, QColor(255, 255, 255, 0))
        painter.setBrush(QBrush(shine))
        painter.drawRoundedRect(rect, radius, radius)


def draw_mark(painter: QPainter, size: float, area: QRectF) -> None:
    """The upload arrow and the open tray, fitted into ``area``."""
    stroke = max(1.6, area.height() * (0.13 if size < 48 else 0.10))
    pen = QPen(
        MARK_COLOUR,
        stroke,
        Qt.PenStyle.SolidLine,
        Qt.PenCapStyle.RoundCap,
        Qt.PenJoinStyle.RoundJoin,
    )
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    left, right = area.left() + stroke / 2, area.right() - stroke / 2
    bottom = area.bottom() - stroke / 2
    tray_top = area.top() + area.height() * 0.58
    tray = QPainterPath(QPointF(left, tray_top))
    tray.lineTo(left, bottom)
    tray.lineTo(right, bottom)
    tray.lineTo(right, tray_top)
    painter.drawPath(tray)

    centre_x = area.center().x()
    head_top = area.top() + stroke / 2
    head_half = area.width() * 0.30
    head_bottom = head_top + head_half * 0.95
    painter.drawLine(
        QPointF(centre_x, head_top + stroke * 0.3), QPointF(centre_x, bottom - area.height() * 0.22)
    )
    head = QPainterPath(QPointF(centre_x - head_half, head_bottom))
    head.lineTo(centre_x, head_top)
    head.lineTo(centre_x + head_half, head_bottom)
    painter.drawPath(head)


def draw_text(painter: QPainter, size: float, area: QRectF, family: str) -> None:
    font = QFont(family)
    font.setPixelSize(max(1, round(area.height() * 0.82)))
    font.setWeight(QFont.Weight.Bold)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
    painter.setFont(font)
    painter.setPen(MARK_COLOUR)
    painter.drawText(area, Qt.AlignmentFlag.AlignCenter, TEXT)


def render(size: int, family: str | None) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    draw_background(painter, size)
    if family is not None and size >= TEXT_MIN_SIZE:
        mark = QRectF(size * 0.30, size * 0.17, size * 0.40, size * 0.42)
        words = QRectF(size * 0.12, size * 0.62, size * 0.76, size * 0.21)
        draw_mark(painter, size, mark)
        draw_text(painter, size, words, family)
    else:
        inset = 0.24 if size >= 32 else 0.20
        draw_mark(
            painter,
            size,
            QRectF(size * inset, size * inset, size * (1 - 2 * inset), size * (1 - 2 * inset)),
        )
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # stubs say bytes
        raise RuntimeError("Qt could not encode a PNG image.")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO container (ICONDIR + 16-byte entries) whose images are PNG streams."""
    sizes = [size for size in ICO_SIZES if size in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS container: 'icns' + big-endian total length, then (type, length, PNG) elements."""
    body = b"".join(
        struct.pack(">4sI", kind, 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return struct.pack(">4sI", b"icns", 8 + len(body)) + body


def write_icons(out_dir: Path) -> list[Path]:
    family = cjk_family()
    out_dir.mkdir(parents=True, exist_ok=True)
    pngs = {size: png_bytes(render(size, family)) for size in PNG_SIZES}
    written: list[Path] = []
    for size, blob in pngs.items():
        path = out_dir / f"{BASENAME}-{size}.png"
        path.write_bytes(blob)
        written.append(path)
    for suffix, blob in ((".ico", ico_bytes(pngs)), (".icns", icns_bytes(pngs))):
        path = out_dir / f"{BASENAME}{suffix}"
        path.write_bytes(blob)
        written.append(path)
    return written


# NSIS MUI2's sizes (at 96 dpi; Windows stretches them at higher scales).
WELCOME_SIZE = (164, 314)
HEADER_SIZE = (150, 57)
INSTALLER_NAME = "小程序发布助手"


def render_welcome(family: str | None) -> QImage:
    """The side panel: the icon's gradient, the icon, and the product's Chinese name."""
    width, height = WELCOME_SIZE
    image = QImage(width, height, QImage.Format.Format_RGB888)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(0, height))
    gradient.setColorAt(0.0, TOP_COLOUR)
    gradient.setColorAt(1.0, BOTTOM_COLOUR)
    painter.fillRect(0, 0, width, height, QBrush(gradient))
    icon = render(96, family)
    painter.drawImage(QPointF((width - 96) / 2, 56), icon)
    if family is not None:
        font = QFont(family)
        font.setPixelSize(17)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(MARK_COLOUR)
        painter.drawText(QRectF(0, 170, width, 40), Qt.AlignmentFlag.AlignCenter, INSTALLER_NAME)
    painter.end()
    return image


def render_header() -> QImage:
    """The page header: white, the small icon at the right."""
    width, height = HEADER_SIZE
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.drawImage(QPointF(width - 48 - 6, (height - 48) / 2), render(48, None))
    painter.end()
    return image


def write_installer_bitmaps(out_dir: Path) -> list[Path]:
    family = cjk_family()
    written = []
    for name, image in (
        ("installer-welcome.bmp", render_welcome(family)),
        ("installer-header.bmp", render_header()),
    ):
        path = out_dir / name
        if not image.save(str(path), "BMP"):
            raise RuntimeError(f"Qt could not write {path}.")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_out = Path(__file__).resolve().parent.parent / "resources" / "icons"
    parser.add_argument("--out", type=Path, default=default_out, help="output folder")
    parser.add_argument(
        "--installer-out",
        type=Path,
        default=Path(__file__).resolve().parent / "windows",
        help="folder for the installer's bitmaps",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    written = write_icons(args.out) + write_installer_bitmaps(args.installer_out)
    for path in written:
        print(f"wrote {path} ({path.stat().st_size} bytes)")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
