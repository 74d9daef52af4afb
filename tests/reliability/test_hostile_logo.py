"""A provider logo that is small on disk but unpacks to hundreds of MB is refused when the
profile is checked; an acceptable logo is decoded once (not at every answer change), within
a memory bound."""

from __future__ import annotations

import base64
import functools
import json
import struct
import zlib
from pathlib import Path

import pytest

from wizard.cli import main
from wizard.core.profile.document import check_png, load_profile_bytes, png_data_size


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, raw: bytes, *, depth: int = 8, colour: int = 6) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    body = zlib.compress(raw, 9)
    # Split like real encoders do, so the bounded reading crosses chunk boundaries.
    idats = b"".join(chunk(b"IDAT", body[i : i + 65536]) for i in range(0, len(body), 65536))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + idats + chunk(b"IEND", b"")


def blank(width: int, height: int, channels: int = 4) -> bytes:
    return bytes((1 + width * channels) * height)


@functools.cache
def bomb() -> bytes:
    """64×64 pixels whose image data unpacks to 200 MB: a few hundred KB on disk."""
    return png(64, 64, bytes(200 << 20))


def profile_file(tmp_path: Path, logo: bytes) -> Path:
    path = tmp_path / "profile.json"
    document = {"schema_version": 1, "id": "p", "logo_png_base64": base64.b64encode(logo).decode()}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_logo_bomb_is_small_on_disk_and_refused() -> None:
    data = bomb()
    assert len(data) < 512 * 1024  # it passes the size cap, as it did before
    verdict = check_png(data)
    assert isinstance(verdict, str) and "unpacks to more than" in verdict and "64×64" in verdict


def test_honest_logos_pass_whatever_their_layout() -> None:
    assert check_png(png(64, 32, blank(64, 32))) == (64, 32)
    assert check_png(png(1024, 1024, blank(1024, 1024, 8), depth=16)) == (1024, 1024)
    assert check_png(png(20, 20, bytes((1 + (20 * 4 + 7) // 8) * 20), depth=4, colour=3)) == (
        20,
        20,
    )
    # An Adam7-interlaced image needs its seven passes' rows.
    interlaced = png_data_size(17, 13, 8, 2, interlaced=True)
    assert interlaced > png_data_size(17, 13, 8, 2, interlaced=False)


def test_image_data_that_is_not_a_zlib_stream_is_damaged() -> None:
    header = struct.pack(">IIBBBBB", 32, 32, 8, 6, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", b"not deflate")
        + chunk(b"IEND", b"")
    )
    assert "damaged" in str(check_png(data))


def test_check_profile_refuses_the_bomb_with_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = profile_file(tmp_path, bomb())
    assert main(["check-profile", str(path)]) == 1
    out = capsys.readouterr().out
    assert "logo_png_base64" in out and "64×64" in out  # in the language of the system
    assert main(["check-profile", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [problem["field"] for problem in report["problems"]] == ["logo_png_base64"]


def test_the_logo_is_decoded_once_however_often_the_answers_change(
    qtbot: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wizard.ui import images, provider

    decodes: list[int] = []
    real = images.decode_image

    def counting(data: bytes, max_pixels: int = images.MAX_PIXELS):  # type: ignore[no-untyped-def]
        decodes.append(len(data))
        return real(data, max_pixels)

    monkeypatch.setattr(provider, "decode_image", counting)
    logo = png(300, 200, blank(300, 200))
    document = {"schema_version": 1, "logo_png_base64": base64.b64encode(logo).decode()}
    profile = load_profile_bytes(json.dumps(document).encode()).profile
    assert profile is not None
    first = provider.logo_pixmap(profile)
    assert first is not None and first.width() == provider.LOGO_PIXELS
    for _ in range(50):  # fifty keystrokes
        assert provider.logo_pixmap(profile) is first
    assert decodes == [len(logo)]


def test_decoding_is_bounded_by_the_header(qtbot: object) -> None:
    from wizard.ui.images import decode_image

    # A header claiming 30000×30000 pixels is refused before a pixel is decoded.
    huge = png(30000, 30000, b"")
    assert decode_image(huge).isNull()
    assert not decode_image(png(64, 64, blank(64, 64))).isNull()
    assert decode_image(b"").isNull() and decode_image(b"not an image").isNull()
