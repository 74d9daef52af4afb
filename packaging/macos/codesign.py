"""macOS: sign the .app inside-out, notarize and staple the app and the dmg, and check them.

    python packaging/macos/codesign.py plan "dist/MiniApp Publisher.app"   (prints, runs nothing)
    python packaging/macos/codesign.py check "dist/MiniApp Publisher.app" [--arch arm64]

The order is the one Apple and PyInstaller 6 document for a bundle with nested code: every
loose Mach-O file (Python extensions, dylibs, the bundled node) first, deepest first; then
each ``.framework`` **as a bundle** (codesign on the framework folder, which seals its
resources, never file by file inside it); the app itself last, with the hardened runtime and
its entitlements. Node gets its own entitlements (V8's JIT). No ``--deep`` signing.

``check`` (runs anywhere, also on Linux) reads every Mach-O header: each file must carry the
build's architecture and none may need a newer macOS than ``MIN_MACOS`` (what the app's
Info.plist promises). ``plan`` and ``check`` are the dry run of the macOS build on Linux; the
signing, notarization and Gatekeeper checks themselves need a Mac (build_installer.py).
"""

from __future__ import annotations

import struct
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import project_meta  # noqa: E402

ENTITLEMENTS = HERE / "entitlements.plist"
NODE_ENTITLEMENTS = HERE / "node-entitlements.plist"
# PySide6 6.11's macOS wheels are macosx_13_0_universal2: nothing older can run the app.
MIN_MACOS = tuple(int(part) for part in project_meta.MACOS_MINIMUM.split("."))[:2]

_FAT = {0xCAFEBABE, 0xCAFEBABF}
_THIN = {0xFEEDFACE: ">", 0xFEEDFACF: ">", 0xCEFAEDFE: "<", 0xCFFAEDFE: "<"}
_CPU = {7: "i386", 0x01000007: "x86_64", 12: "arm", 0x0100000C: "arm64"}
_LC_BUILD_VERSION = 0x32
_LC_VERSION_MIN_MACOSX = 0x24


@dataclass(frozen=True)
class SignStep:
    """One codesign call: what, and with which entitlements (None: none)."""

    path: Path
    entitlements: Path | None
    is_bundle: bool = False


@dataclass(frozen=True)
class MachO:
    """What a Mach-O file's headers say."""

    archs: tuple[str, ...]
    min_macos: tuple[int, int] | None


def read_macho(path: Path) -> MachO | None:
    """Architectures and minimum macOS of a Mach-O (thin or fat) file; None if not one."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
            if len(head) < 8:
                return None
            magic = struct.unpack(">I", head[:4])[0]
            if magic in _FAT:
                count = struct.unpack(">I", head[4:8])[0]
                if count > 16:
                    return None  # a Java class file shares the magic; never 16+ slices
                wide = magic == 0xCAFEBABF
                size = 32 if wide else 20
                archs, mins = [], []
                for index in range(count):
                    entry = head[8 + index * size : 8 + (index + 1) * size]
                    if len(entry) < size:
                        return None
                    cpu = struct.unpack(">i", entry[:4])[0]
                    offset = (
                        struct.unpack(">Q", entry[8:16])[0]
                        if wide
                        else struct.unpack(">I", entry[8:12])[0]
                    )
                    handle.seek(offset)
                    thin = _thin(handle.read(65536))
                    archs.append(_CPU.get(cpu & 0xFFFFFFFF, hex(cpu)))
                    if thin is not None and thin.min_macos is not None:
                        mins.append(thin.min_macos)
                return MachO(tuple(archs), max(mins) if mins else None)
            return _thin(head + handle.read(65536 - len(head)))
    except OSError:
        return None


def _thin(data: bytes) -> MachO | None:
    if len(data) < 28:
        return None
    order = _THIN.get(struct.unpack(">I", data[:4])[0])
    if order is None:
        return None
    cpu, _sub, _type, ncmds, _size = struct.unpack(order + "iIIII", data[4:24])
    offset = 32 if struct.unpack(">I", data[:4])[0] in (0xFEEDFACF, 0xCFFAEDFE) else 28
    minimum = None
    for _ in range(min(ncmds, 512)):
        if offset + 8 > len(data):
            break
        cmd, cmdsize = struct.unpack(order + "II", data[offset : offset + 8])
        if cmd == _LC_BUILD_VERSION and offset + 16 <= len(data):
            _platform, minos = struct.unpack(order + "II", data[offset + 8 : offset + 16])
            minimum = (minos >> 16, (minos >> 8) & 0xFF)
        elif cmd == _LC_VERSION_MIN_MACOSX and offset + 12 <= len(data):
            version = struct.unpack(order + "I", data[offset + 8 : offset + 12])[0]
            minimum = (version >> 16, (version >> 8) & 0xFF)
        if cmdsize < 8:
            break
        offset += cmdsize
    return MachO((_CPU.get(cpu & 0xFFFFFFFF, hex(cpu)),), minimum)


def _framework_of(path: Path, app: Path) -> Path | None:
    for parent in path.relative_to(app).parents:
        if parent.suffix == ".framework":
            return app / parent
    return None


def _framework_binary(framework: Path, path: Path) -> bool:
    """The framework's own binary (Versions/<v>/<Name> or its top-level link target)."""
    return path.name == framework.stem and "Resources" not in path.relative_to(framework).parts


def signing_plan(app: Path) -> list[SignStep]:
    """Every codesign call for ``app``, in order (inside-out)."""
    main_dir = app / "Contents" / "MacOS"
    loose: list[Path] = []
    frameworks: set[Path] = set()
    for path in app.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        if read_macho(path) is None:
            continue
        framework = _framework_of(path, app)
        if framework is not None:
            frameworks.add(framework)
            if _framework_binary(framework, path):
                continue  # sealed when the framework is signed as a bundle
        elif path.parent == main_dir:
            continue  # the app's main executable: signed with the app
        loose.append(path)
    depth = lambda p: len(p.parts)  # noqa: E731  # the sort key, deepest first
    steps = [
        SignStep(path, NODE_ENTITLEMENTS if "upload-cli" in path.parts else None)
        for path in sorted(loose, key=lambda p: (-depth(p), str(p)))
    ]
    steps += [
        SignStep(framework, None, is_bundle=True)
        for framework in sorted(frameworks, key=lambda p: (-depth(p), str(p)))
    ]
    steps.append(SignStep(app, ENTITLEMENTS, is_bundle=True))
    return steps


def codesign_command(step: SignStep, identity: str) -> list[str]:
    command = ["codesign", "--force", "--timestamp", "--options", "runtime"]
    if step.entitlements is not None:
        command += ["--entitlements", str(step.entitlements)]
    return [*command, "--sign", identity, str(step.path)]


def check_bundle(app: Path, arch: str) -> list[str]:
    """Problems (sentences) with the bundle's Mach-O files for ``arch`` ("" none found)."""
    problems: list[str] = []
    count = 0
    for path in app.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        info = read_macho(path)
        if info is None:
            continue
        count += 1
        where = path.relative_to(app)
        if arch not in info.archs:
            problems.append(f"{where} is built for {', '.join(info.archs)}, not {arch}")
        if info.min_macos is not None and info.min_macos > MIN_MACOS:
            problems.append(
                f"{where} needs macOS {info.min_macos[0]}.{info.min_macos[1]}, "
                f"newer than the promised {MIN_MACOS[0]}.{MIN_MACOS[1]}"
            )
    if count == 0:
        problems.append(f"no Mach-O file in {app}")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or args[0] not in ("plan", "check"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    app = Path(args[1])
    if args[0] == "plan":
        for step in signing_plan(app):
            print(" ".join(codesign_command(step, "$MACOS_CODESIGN_IDENTITY")))
        return 0
    arch = args[3] if len(args) > 3 and args[2] == "--arch" else "arm64"
    problems = check_bundle(app, arch)
    for problem in problems:
        print(f"FAIL {problem}")
    print("bundle OK" if not problems else f"bundle has {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
