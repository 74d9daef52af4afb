"""The macOS signing order and the Mach-O checks, on a bundle laid out as PyInstaller 6 makes
it (real Mach-O headers written here; signing itself needs a Mac)."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging" / "macos"))
import codesign

ARM64, X86_64 = 0x0100000C, 0x01000007


def thin(cpu: int, minos: tuple[int, int] = (13, 0)) -> bytes:
    """A 64-bit little-endian Mach-O header with one LC_BUILD_VERSION command."""
    command = struct.pack("<IIIIII", 0x32, 24, 1, (minos[0] << 16) | (minos[1] << 8), 0, 0)
    header = struct.pack("<IiiIIIII", 0xFEEDFACF, cpu, 0, 6, 1, len(command), 0, 0)
    return header + command


def fat(*slices: bytes) -> bytes:
    cpus = [struct.unpack("<i", part[4:8])[0] for part in slices]
    offset = 4096
    table, body = b"", b""
    for cpu, part in zip(cpus, slices, strict=True):
        table += struct.pack(">iiIII", cpu, 0, offset + len(body), len(part), 12)
        body += part
    head = struct.pack(">II", 0xCAFEBABE, len(slices)) + table
    return head + b"\0" * (offset - len(head)) + body


def bundle(tmp_path: Path, *, qt: bytes | None = None) -> Path:
    app = tmp_path / "MiniApp Publisher.app"
    files = {
        "Contents/MacOS/miniapp-publisher": thin(ARM64),
        "Contents/Frameworks/QtCore.framework/Versions/A/QtCore": qt or thin(ARM64),
        "Contents/Frameworks/QtCore.framework/Versions/A/Resources/Info.plist": b"<plist/>",
        "Contents/Frameworks/PySide6/QtCore.abi3.so": thin(ARM64),
        "Contents/Frameworks/libpython3.11.dylib": fat(thin(ARM64), thin(X86_64)),
        "Contents/Resources/upload-cli/node/bin/node": thin(ARM64),
        "Contents/Resources/resources/i18n/zh_CN/app.po": b'msgid ""',
    }
    for name, data in files.items():
        (app / name).parent.mkdir(parents=True, exist_ok=True)
        (app / name).write_bytes(data)
    return app


def test_inside_out_frameworks_as_bundles_app_last(tmp_path: Path) -> None:
    app = bundle(tmp_path)
    steps = codesign.signing_plan(app)
    names = [str(step.path.relative_to(tmp_path)) for step in steps]
    framework = "MiniApp Publisher.app/Contents/Frameworks/QtCore.framework"
    assert names[-1] == "MiniApp Publisher.app"
    assert names[-2] == framework  # the framework as one bundle, after the loose files
    assert not any(name.startswith(framework + "/") for name in names)  # never file by file
    assert not any(name.endswith("MacOS/miniapp-publisher") for name in names)
    by_name = {str(s.path.relative_to(tmp_path)): s for s in steps}
    node = by_name["MiniApp Publisher.app/Contents/Resources/upload-cli/node/bin/node"]
    assert node.entitlements == codesign.NODE_ENTITLEMENTS  # V8's JIT
    assert by_name["MiniApp Publisher.app"].entitlements == codesign.ENTITLEMENTS
    command = codesign.codesign_command(steps[-1], "Developer ID Application: X (T)")
    assert "--deep" not in command and "runtime" in command and "--timestamp" in command


def test_check_finds_wrong_architecture_and_too_new_minimum(tmp_path: Path) -> None:
    app = bundle(tmp_path)
    assert codesign.check_bundle(app, "arm64") == []
    problems = codesign.check_bundle(app, "x86_64")
    assert any("QtCore.abi3.so is built for arm64, not x86_64" in p for p in problems)
    assert not any("libpython" in p for p in problems)  # fat: carries both
    newer = bundle(tmp_path / "newer", qt=thin(ARM64, (14, 0)))
    assert any("needs macOS 14.0" in p for p in codesign.check_bundle(newer, "arm64"))


def test_fat_and_thin_headers(tmp_path: Path) -> None:
    path = tmp_path / "lib.dylib"
    path.write_bytes(fat(thin(ARM64, (11, 0)), thin(X86_64, (13, 0))))
    info = codesign.read_macho(path)
    assert info is not None and info.archs == ("arm64", "x86_64") and info.min_macos == (13, 0)
    path.write_bytes(b"PK\x03\x04 not mach-o")
    assert codesign.read_macho(path) is None
