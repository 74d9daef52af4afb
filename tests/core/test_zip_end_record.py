"""The quick end-of-download check: a zip received whole passes on its end record alone;
anything unusual is left to the full check (never called whole by mistake)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from wizard.core.package.zipsafe import ends_as_one_zip, whole_archive_problem


def zip_bytes(count: int, comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(count):
            archive.writestr(f"pages/p{number}.js", f"var n = {number};" * 20)
        archive.comment = comment
    return buffer.getvalue()


def test_a_whole_zip_passes_on_its_end_record(tmp_path: Path) -> None:
    for count, comment in ((1, b""), (3000, b""), (5, b"a comment")):
        path = tmp_path / f"ok-{count}.zip"
        path.write_bytes(zip_bytes(count, comment))
        assert ends_as_one_zip(path)
        assert whole_archive_problem(path) is None


def test_broken_ends_are_left_to_the_full_check(tmp_path: Path) -> None:
    data = zip_bytes(50)
    cases = {
        "zeros after the start": data[:3000] + bytes(len(data) - 3000),
        "cut short": data[:-10],
        "extra bytes after the end": data + b"\x00" * 7,
        "a prefix before the zip": b"MZ" + b"\x00" * 100 + data,
        "directory offset wrong": data[:-6] + (1).to_bytes(4, "little") + data[-2:],
        "empty": b"",
        "the signature in the comment": zip_bytes(5, b"PK\x05\x06 in a comment"),
    }
    for name, broken in cases.items():
        path = tmp_path / f"{name}.zip"
        path.write_bytes(broken)
        assert not ends_as_one_zip(path), name
    assert not ends_as_one_zip(tmp_path / "missing.zip")
