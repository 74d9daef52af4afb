"""Helpers shared by build_installer.py and packaging/windows/build_under_wine.py.

Every failure is a ``BuildError`` whose message is a sentence saying what went wrong and
what to do about it; the scripts print it and exit 1.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import project_meta

REPO_ROOT = project_meta.REPO_ROOT
SPEC_FILE = project_meta.PACKAGING_DIR / "miniapp-publisher.spec"
NSIS_SCRIPT = project_meta.PACKAGING_DIR / "windows" / "installer.nsi"
ICON_ICO = project_meta.ICONS_DIR / "miniapp-publisher.ico"
# The installer's own pictures (drawn by make_icons.py), not NSIS's stock ones.
INSTALLER_WELCOME_BMP = project_meta.PACKAGING_DIR / "windows" / "installer-welcome.bmp"
INSTALLER_HEADER_BMP = project_meta.PACKAGING_DIR / "windows" / "installer-header.bmp"
HELLO_ENTRY = REPO_ROOT / "benchmarks" / "hello_wizard.py"

# Qt translations the bundle may hold; anything else means the spec's filter broke.
ALLOWED_QT_TRANSLATIONS = {"qtbase_zh_CN.qm", "qtbase_en.qm"}
# DLLs that only the wine test prefix provides (stubs); they must never reach a bundle.
TEST_ONLY_DLLS = {"icuuc.dll", "mscms.dll", "bcryptprimitives.dll"}


class BuildError(RuntimeError):
    """A build step failed; the message says what to do."""


@dataclass
class StepClock:
    """Times each named step and prints a summary at the end."""

    timings: list[tuple[str, float]] = field(default_factory=list)

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        print(f"\n==> {name}", flush=True)
        start = time.monotonic()
        try:
            yield
        finally:
            elapsed = time.monotonic() - start
            self.timings.append((name, elapsed))
            print(f"<== {name}: {elapsed:.1f} s", flush=True)

    def summary(self) -> str:
        lines = [f"  {seconds:7.1f} s  {name}" for name, seconds in self.timings]
        total = sum(seconds for _, seconds in self.timings)
        return "\n".join(["Step timings:", *lines, f"  {total:7.1f} s  total"])


def require_tool(name: str, hint: str) -> str:
    """The full path of a command-line tool, or a BuildError saying how to install it."""
    found = shutil.which(name)
    if not found:
        raise BuildError(f"{name} not found: {hint}")
    return found


def require_module(python: str, module: str, hint: str) -> None:
    """Fail with ``hint`` when ``python`` cannot import ``module``."""
    probe = subprocess.run(
        [python, "-c", f"import {module}"], capture_output=True, timeout=120, check=False
    )
    if probe.returncode != 0:
        raise BuildError(f"{module} is not installed for {python}: {hint}")


def run(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    what: str = "",
    log: Path | None = None,
    quiet: bool = False,
) -> str:
    """Run ``cmd`` with stdin closed, echo and return its output; raise BuildError on failure.

    Output goes through a pipe (never straight to a file: Windows Python under wine dies on
    start-up when its stdout is a plain file). ``quiet`` shows only the last lines.
    """
    args = [str(part) for part in cmd]
    label = what or Path(args[0]).name
    try:
        proc = subprocess.run(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=dict(env) if env else None,
            cwd=cwd,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        output = _text(exc.stdout)
        _echo(output, quiet=True)
        raise BuildError(
            f"{label} did not finish within {timeout:.0f} s; see the output above."
        ) from exc
    except FileNotFoundError as exc:
        raise BuildError(f"{args[0]} not found: install it or fix the PATH.") from exc
    output = _text(proc.stdout)
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(output, encoding="utf-8")
    _echo(output, quiet=quiet and proc.returncode == 0)
    if proc.returncode != 0:
        raise BuildError(f"{label} failed with exit code {proc.returncode}; its output is above.")
    return output


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    if isinstance(data, str):
        return data
    return data.decode("utf-8", errors="replace")


def _echo(output: str, *, quiet: bool) -> None:
    lines = output.rstrip("\n").splitlines()
    if quiet and len(lines) > 15:
        print(f"    ... ({len(lines) - 15} lines not shown)")
        lines = lines[-15:]
    for line in lines:
        print(f"    {line}")
    sys.stdout.flush()


def pyinstaller_cmd(
    python: str,
    *,
    distpath: str,
    workpath: str,
    spec: str = str(SPEC_FILE),
    entry: str | None = None,
    name: str | None = None,
    profile: str | None = None,
    update_channel: str | None = None,
) -> list[str]:
    """The PyInstaller command line for the project's spec (app or, with entry/name, hello;
    profile: a checked provider profile to bake in as resources/profile/provider.json).

    Paths are strings as the Python that runs PyInstaller sees them (Z:\\... under wine).
    """
    cmd = [
        python,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        distpath,
        "--workpath",
        workpath,
        spec,
    ]
    extra: list[str] = []
    if entry is not None:
        extra += ["--entry", entry]
    if name is not None:
        extra += ["--name", name]
    if profile is not None:
        extra += ["--profile", profile]
    if update_channel is not None:
        extra += ["--update-channel", update_channel]
    return cmd + (["--", *extra] if extra else [])


def check_onedir(onedir: Path, *, expect_app: bool = True) -> None:
    """Refuse a bundle holding things it must not ship, or lacking what the app needs."""
    if not onedir.is_dir():
        raise BuildError(
            f"the frozen app folder {onedir} is missing: PyInstaller did not "
            "produce it; see its output above."
        )
    problems: list[str] = []
    names = {path.name.lower(): path for path in onedir.rglob("*")}
    for path in onedir.rglob("keyrings*"):
        problems.append(f"{path.relative_to(onedir)} is bundled (never ship keyrings.alt)")
    for dll in TEST_ONLY_DLLS:
        if dll in names:
            problems.append(f"{names[dll]} is a test-only stub from the wine prefix")
    for qm in onedir.rglob("*.qm"):
        if "translations" in qm.parent.name.lower() and qm.name not in ALLOWED_QT_TRANSLATIONS:
            problems.append(f"unexpected Qt translation {qm.name}")
    if expect_app:
        internal = _internal_dir(onedir)
        for needed in ("resources/i18n", "resources/icons"):
            if not (internal / needed).is_dir():
                problems.append(f"{needed} is missing from the bundle")
        if not any(qm.name == "qtbase_zh_CN.qm" for qm in onedir.rglob("qtbase_zh_CN.qm")):
            problems.append("qtbase_zh_CN.qm is missing (Back/Next would not be translated)")
    if problems:
        raise BuildError(
            f"the frozen app in {onedir} is not fit to ship: "
            + "; ".join(problems)
            + ". Fix packaging/miniapp-publisher.spec."
        )


def check_upload_cli(onedir: Path, *, windows: bool) -> Path:
    """The bundled upload component must be complete (Node executable and the CLI's entry)."""
    internal = _internal_dir(onedir)
    root = internal / "upload-cli"
    node = root / "node" / ("node.exe" if windows else "bin/node")
    script = root / "node_modules" / "tt-ide-cli" / "bin" / "tma.js"
    # The app's preload for Node (certificates checked through a proxy, ending with the app):
    # without it the app refuses to start the CLI at all.
    preload = internal / "resources" / "upload-cli" / "preload.js"
    missing = [str(p.relative_to(internal)) for p in (node, script, preload) if not p.is_file()]
    if missing:
        raise BuildError(
            f"the upload component is incomplete in {onedir}: {', '.join(missing)} missing. "
            "Check packaging/upload_cli_bundle.py and MINIAPP_PUBLISHER_UPLOAD_CLI in the spec."
        )
    if not windows and not os.access(node, os.X_OK):
        raise BuildError(f"{node} lost its executable bit when it was bundled.")
    return root


def _internal_dir(onedir: Path) -> Path:
    for candidate in (onedir / "_internal", onedir / "Contents" / "Resources", onedir):
        if (candidate / "resources").is_dir():
            return candidate
    return onedir / "_internal"


def dir_size(path: Path) -> int:
    return sum(
        entry.stat().st_size
        for entry in path.rglob("*")
        if entry.is_file() and not entry.is_symlink()
    )


def nsis_cmd(
    makensis: str,
    *,
    source_dir: str,
    out_file: str,
    icon: str,
    compressor: str = "lzma",
    exe_name: str = project_meta.EXE_NAME,
    meta: project_meta.AppMeta | None = None,
    sign_cmd: str | None = None,
    close_wait_s: int | None = None,
) -> list[str]:
    """The makensis command line for packaging/windows/installer.nsi.

    Paths are passed as given: native paths for a native makensis. ``sign_cmd`` (with %1 for
    the file) signs the uninstaller and the installer as makensis writes them;
    ``close_wait_s`` shortens the wait for a running copy to close (tests).
    """
    meta = meta or project_meta.read_meta()
    version_4 = ".".join(str(n) for n in meta.version_tuple)
    flag = "/" if sys.platform == "win32" else "-"
    optional = []
    if sign_cmd:
        optional.append(f"{flag}DSIGN_CMD={sign_cmd}")
    if close_wait_s is not None:
        optional.append(f"{flag}DCLOSE_WAIT_S={close_wait_s}")
    return [
        makensis,
        f"{flag}V2",
        f"{flag}INPUTCHARSET",
        "UTF8",
        f"{flag}DAPP_VERSION={meta.version}",
        f"{flag}DVERSION_4={version_4}",
        f"{flag}DSOURCE_DIR={source_dir}",
        f"{flag}DOUT_FILE={out_file}",
        f"{flag}DICON_FILE={icon}",
        f"{flag}DCOMPRESSOR={compressor}",
        f"{flag}DEXE_NAME={exe_name}.exe",
        f"{flag}DWELCOME_BITMAP={INSTALLER_WELCOME_BMP}",
        f"{flag}DHEADER_BITMAP={INSTALLER_HEADER_BMP}",
        *optional,
        str(NSIS_SCRIPT),
    ]


def installer_basename(meta: project_meta.AppMeta, platform: str, arch: str = "") -> str:
    """E.g. miniapp-publisher-0.1.0-windows-x64-setup.exe; macOS names its architecture
    (miniapp-publisher-0.1.0-macos-arm64.dmg, …-macos-x64.dmg), as the update feed does."""
    mac_arch = {"arm64": "arm64", "x86_64": "x64", "x64": "x64"}.get(arch, arch or "arm64")
    suffix = {
        "windows": "windows-x64-setup.exe",
        "macos": f"macos-{mac_arch}.dmg",
        "linux": "linux-x86_64.tar.gz",
    }[platform]
    return f"{meta.app_id}-{meta.version}-{suffix}"


def check_self_test_output(output: str, *, expect: Sequence[str] = ()) -> None:
    """Fail when the self-test's report lacks a line we rely on (e.g. the keyring backend)."""
    missing = [word for word in expect if word not in output]
    if missing:
        raise BuildError(
            "the self-test passed but did not report "
            + ", ".join(missing)
            + "; the frozen app is missing something it needs (see above)."
        )


def stage_profile(profile: Path, work: Path) -> tuple[Path, str]:
    """Check a provider profile as the app will, then copy its exact bytes to
    <work>/profile/provider.json for the spec; a bad one stops the build with its problems."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    from wizard.core.profile.document import load_profile_file

    load = load_profile_file(profile)
    if load.profile is None:
        raise BuildError(
            f"the provider profile {profile} cannot be baked in:\n  "
            + "\n  ".join(load.sentences())
            + f"\n(check it with: python -m wizard check-profile {profile})"
        )
    for warning in load.warnings:
        print(f"    profile warning: {warning.message}")
    staged = work / "profile" / "provider.json"
    staged.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(profile, staged)
    print(f"    provider profile {load.profile.id or '-'}: sha256 {load.profile.digest[:12]}")
    return staged, load.profile.digest


def stage_update_channel(channel: Path, work: Path) -> tuple[Path, str]:
    """Check an update channel file (feed address + Ed25519 public key) as the app will read
    it, copy it to <work>/updates/channel.json for the spec; returns it and its feed URL."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    from wizard.core.updates.channel import load_channel
    from wizard.core.updates.feed import FeedError

    staged = work / "update-channel" / "updates" / "channel.json"
    staged.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(channel, staged)
    try:
        loaded = load_channel(staged.parent.parent)
    except FeedError as exc:
        raise BuildError(f"the update channel {channel} cannot be baked in: {exc}") from exc
    print(f"    update channel: feed {loaded.feed_url or '(from the provider profile)'}")
    return staged, loaded.feed_url


def profile_expectation(digest: str) -> list[str]:
    """What the self-test must say about the provider profile: this one, or none at all."""
    if digest:
        return [f"sha256 {digest[:12]}"]
    return ["no provider profile baked in"]
