"""Build MiniApp Publisher's installer for the OS this runs on: freeze → self-test → package.

    python build_installer.py                  # this OS: Windows .exe, macOS .dmg, Linux .tar.gz
    python build_installer.py --windows-under-wine [options of build_under_wine.py]
    python build_installer.py --no-installer   # freeze and self-test only
    python build_installer.py --profile my-profile.json
                                               # bake a provider profile in (checked first)
    python build_installer.py --entry benchmarks/hello_wizard.py --name hello-wizard
                                               # freeze the bare QWizard baseline the same way

Output: dist/ (frozen app and installer) and build/ (PyInstaller work files); both are build
output, never committed. Each step first checks what it needs and says what to install.

- Windows: PyInstaller onedir → self-test (offscreen and the real windows platform; keyring
  must be WinVaultKeyring) → NSIS (packaging/windows/installer.nsi; makensis on PATH or in
  Program Files).
- macOS (one .dmg per architecture, named …-macos-arm64.dmg / …-macos-x64.dmg; macOS 13+):
  .app (PyInstaller BUNDLE) → self-test → every Mach-O checked for the architecture and the
  minimum macOS (packaging/macos/codesign.py) → codesign inside-out with the hardened
  runtime (frameworks as bundles, node with JIT entitlements) when MACOS_CODESIGN_IDENTITY
  is set → notarize and staple the app → .dmg (dmgbuild) → sign, notarize and staple the dmg
  → ``stapler validate`` and ``spctl -a -vv`` on both, when MACOS_NOTARY_PROFILE, or
  MACOS_NOTARY_APPLE_ID + MACOS_NOTARY_TEAM_ID + MACOS_NOTARY_PASSWORD, are set. Without them
  those steps are skipped, and said so.
- Linux: onedir → self-test (QT_QPA_PLATFORM=offscreen) → .tar.gz, for testing here.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO / "packaging"))
import buildlib  # noqa: E402
import project_meta  # noqa: E402
import signing  # noqa: E402
import upload_cli_bundle  # noqa: E402
from buildlib import BuildError, StepClock, run  # noqa: E402

ENTITLEMENTS = REPO / "packaging" / "macos" / "entitlements.plist"
NODE_ENTITLEMENTS = REPO / "packaging" / "macos" / "node-entitlements.plist"
DMG_SETTINGS = REPO / "packaging" / "macos" / "dmg_settings.py"
MACHO_MAGICS = {
    bytes.fromhex(m)
    for m in ("feedface", "feedfacf", "cefaedfe", "cffaedfe", "cafebabe", "bebafeca")
}
NSIS_HINT = "install NSIS (apt-get install nsis / choco install nsis / brew install makensis)"


@dataclass(frozen=True)
class Target:
    """What is being built and where it goes."""

    name: str  # executable name (and onedir folder)
    entry: Path | None  # None: the app (packaging/launcher.py)
    dist: Path
    work: Path
    # The checked provider profile staged as provider.json, and its sha256 (app only).
    profile: Path | None = None
    profile_digest: str = ""
    update_channel: Path | None = None

    @property
    def is_app(self) -> bool:
        return self.entry is None

    @property
    def bundle(self) -> Path:
        """The onedir folder, or the .app on macOS."""
        if sys.platform == "darwin":
            app_name = project_meta.read_meta().app_name if self.is_app else self.name
            return self.dist / f"{app_name}.app"
        return self.dist / self.name

    @property
    def exe(self) -> Path:
        if sys.platform == "darwin":
            return self.bundle / "Contents" / "MacOS" / self.name
        suffix = ".exe" if sys.platform == "win32" else ""
        return self.bundle / f"{self.name}{suffix}"


def platform_key() -> str:
    return {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")


# ------------------------------------------------------------------ freeze and self-test
def check_freeze_tools(python: str) -> None:
    buildlib.require_module(python, "PyInstaller", f"{python} -m pip install pyinstaller")
    buildlib.require_module(
        python, "PySide6.QtWidgets", f"{python} -m pip install -e . (or PySide6-Essentials)"
    )
    if not buildlib.SPEC_FILE.is_file():
        raise BuildError(f"{buildlib.SPEC_FILE} is missing: restore it from git.")


def upload_component(args: argparse.Namespace) -> Path:
    """Node + tt-ide-cli for this OS (or MINIAPP_PUBLISHER_UPLOAD_CLI_TARGET), checked to run."""
    target = (
        os.environ.get("MINIAPP_PUBLISHER_UPLOAD_CLI_TARGET") or upload_cli_bundle.host_target()
    )
    out = (args.build / "upload-cli" / target).resolve()
    report = upload_cli_bundle.assemble(target, out, (args.build / "upload-cli").resolve())
    print(
        f"    {out}: {report.size / 1e6:.1f} MB in {report.files} files "
        f"({report.trimmed / 1e6:.1f} MB trimmed)"
    )
    if target == upload_cli_bundle.host_target():
        version = upload_cli_bundle.check_runs(report.node, report.script)
        print(f"    node {report.node.name} runs tt-ide-cli {version}")
    return out


def check_upload_tool(target: Target) -> None:
    """The frozen app's own check of its bundled CLI (separate from --self-test)."""
    buildlib.check_upload_cli(target.bundle, windows=sys.platform == "win32")
    output = run(
        [target.exe, "check-upload-tool"],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=300,
        what="check-upload-tool",
    )
    if "upload tool OK" not in output:
        raise BuildError("the frozen app's bundled upload tool did not run; see above.")


def freeze(python: str, target: Target, upload_cli: Path | None = None) -> None:
    shutil.rmtree(target.bundle, ignore_errors=True)
    shutil.rmtree(target.dist / target.name, ignore_errors=True)
    cmd = buildlib.pyinstaller_cmd(
        python,
        distpath=str(target.dist),
        workpath=str(target.work),
        entry=str(target.entry) if target.entry else None,
        name=None if target.is_app else target.name,
        profile=str(target.profile) if target.profile else None,
        update_channel=str(target.update_channel) if target.update_channel else None,
    )
    # PyInstaller's cache stays in the build folder, not in the user's home.
    env = {**os.environ, "PYINSTALLER_CONFIG_DIR": str(target.work.parent / "pyinstaller-cache")}
    env.pop("MINIAPP_PUBLISHER_UPLOAD_CLI", None)
    if upload_cli is not None:
        env["MINIAPP_PUBLISHER_UPLOAD_CLI"] = str(upload_cli)
    run(cmd, timeout=1800, what="PyInstaller", cwd=REPO, env=env, quiet=True)
    if not target.exe.is_file():
        raise BuildError(f"PyInstaller did not produce {target.exe}; see its output above.")
    buildlib.check_onedir(target.bundle, expect_app=target.is_app)
    print(f"    {target.bundle}: {buildlib.dir_size(target.bundle) / 1e6:.1f} MB")


def self_test_runs() -> list[tuple[str, dict[str, str], list[str]]]:
    """(label, environment, extra arguments) for each self-test run on this OS."""
    offscreen = {"QT_QPA_PLATFORM": "offscreen"}
    if sys.platform == "win32":
        fonts = str(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
        return [
            ("offscreen", {**offscreen, "QT_QPA_FONTDIR": fonts}, []),
            ("windows platform", {"QT_QPA_PLATFORM": "windows"}, []),
        ]
    return [("offscreen", offscreen, [])]


def self_test(target: Target) -> None:
    expect = {"win32": ["WinVaultKeyring"], "darwin": ["macOS"]}.get(sys.platform, [])
    for label, extra_env, extra_args in self_test_runs():
        env = {**os.environ, **extra_env}
        output = run(
            [target.exe, "--self-test", *extra_args],
            env=env,
            timeout=300,
            what=f"self-test ({label})",
        )
        if target.is_app:
            buildlib.check_self_test_output(
                output,
                expect=[
                    "self-test passed",
                    *expect,
                    *buildlib.profile_expectation(target.profile_digest),
                    "Ed25519 works",
                    *(["update feed"] if target.update_channel else []),
                ],
            )


# ------------------------------------------------------------------ Linux
def make_tarball(target: Target) -> Path:
    meta = project_meta.read_meta()
    out = target.dist / buildlib.installer_basename(meta, "linux")
    if not target.is_app:
        out = target.dist / f"{target.name}-linux-x86_64.tar.gz"
    with tarfile.open(out, "w:gz", compresslevel=6) as archive:
        archive.add(target.bundle, arcname=target.name)
    print(f"    {out}: {out.stat().st_size / 1e6:.1f} MB")
    return out


# ------------------------------------------------------------------ Windows
def find_makensis() -> str:
    found = shutil.which("makensis")
    if found:
        return found
    for root in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        if root and (Path(root) / "NSIS" / "makensis.exe").is_file():
            return str(Path(root) / "NSIS" / "makensis.exe")
    raise BuildError(f"makensis not found: {NSIS_HINT}.")


def sign_windows_exe(target: Target) -> signing.Signer | None:
    """Sign the frozen exe with WINDOWS_SIGN_PFX (osslsigncode); None when not configured."""
    signer = signing.Signer.from_env()
    if signer is None:
        print(f"    signing SKIPPED: {signing.PFX_ENV} is not set (SmartScreen will warn).")
        return None
    signing.sign(target.exe, signer)
    signing.verify(target.exe, signer)
    print(f"    signed {target.exe.name}")
    return signer


def make_nsis_installer(
    target: Target, *, fast: bool, signer: signing.Signer | None = None
) -> Path:
    makensis = find_makensis()
    meta = project_meta.read_meta()
    out = target.dist / buildlib.installer_basename(meta, "windows")
    if not target.is_app:
        out = target.dist / f"{target.name}-windows-x64-setup.exe"
    run(
        buildlib.nsis_cmd(
            makensis,
            source_dir=str(target.bundle),
            out_file=str(out),
            icon=str(buildlib.ICON_ICO),
            compressor="zlib" if fast else "lzma",
            exe_name=target.name,
            meta=meta,
            sign_cmd=(
                f'"{sys.executable}" "{REPO / "packaging" / "signing.py"}" sign "%1"'
                if signer is not None
                else None
            ),
        ),
        env={**os.environ, **(signer.env() if signer is not None else {})},
        timeout=1800,
        what="makensis",
        quiet=True,
    )
    print(f"    {out}: {out.stat().st_size / 1e6:.1f} MB")
    return out


# ------------------------------------------------------------------ macOS
def macos_arch() -> str:
    """This Mac's architecture as Mach-O names it (the build is per architecture)."""
    import platform

    return "arm64" if platform.machine() == "arm64" else "x86_64"


def _codesign_module():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(REPO / "packaging" / "macos"))
    import codesign

    return codesign


def check_macho(app: Path) -> None:
    problems = _codesign_module().check_bundle(app, macos_arch())
    if problems:
        raise BuildError("the app bundle is not right for this Mac: " + "; ".join(problems[:5]))
    print(f"    every Mach-O file is {macos_arch()} and runs on macOS {project_meta.MACOS_MINIMUM}")


def codesign_app(app: Path, identity: str) -> None:
    """Sign inside-out with the hardened runtime (packaging/macos/codesign.py's order)."""
    buildlib.require_tool(
        "codesign", "install Xcode's command line tools (xcode-select --install)."
    )
    codesign = _codesign_module()
    steps = codesign.signing_plan(app)
    for step in steps:
        run(
            codesign.codesign_command(step, identity),
            timeout=600,
            what=f"codesign {step.path.name}",
            quiet=True,
        )
    print(f"    signed {len(steps)} items inside-out (frameworks as bundles, app last)")
    run(
        ["codesign", "--verify", "--deep", "--strict", "--verbose=2", app],
        timeout=600,
        what="codesign --verify",
    )


def make_dmg(target: Target) -> Path:
    buildlib.require_module(sys.executable, "dmgbuild", f"{sys.executable} -m pip install dmgbuild")
    meta = project_meta.read_meta()
    out = target.dist / buildlib.installer_basename(meta, "macos", arch=macos_arch())
    if not target.is_app:
        out = target.dist / f"{target.name}-macos.dmg"
    out.unlink(missing_ok=True)
    icon = project_meta.ICONS_DIR / "miniapp-publisher.icns"
    dmgbuild = shutil.which("dmgbuild")
    command = [dmgbuild] if dmgbuild else [sys.executable, "-m", "dmgbuild"]
    run(
        [
            *command,
            "-s",
            DMG_SETTINGS,
            "-D",
            f"app={target.bundle}",
            "-D",
            f"icon={icon}",
            f"{meta.app_name} {meta.version}",
            out,
        ],
        timeout=1200,
        what="dmgbuild",
    )
    print(f"    {out}: {out.stat().st_size / 1e6:.1f} MB")
    return out


def notary_args() -> list[str] | None:
    """notarytool credentials from the environment, or None when they are not configured."""
    profile = os.environ.get("MACOS_NOTARY_PROFILE", "").strip()
    if profile:
        return ["--keychain-profile", profile]
    names = ("MACOS_NOTARY_APPLE_ID", "MACOS_NOTARY_TEAM_ID", "MACOS_NOTARY_PASSWORD")
    values = [os.environ.get(name, "").strip() for name in names]
    if all(values):
        return ["--apple-id", values[0], "--team-id", values[1], "--password", values[2]]
    return None


def notarize_and_staple(path: Path, credentials: list[str]) -> None:
    """Submit (an .app goes as a zip made by ditto), wait, staple the ticket, validate it."""
    submit = path
    if path.suffix == ".app":
        submit = path.with_name(path.stem + "-notarize.zip")
        run(
            ["ditto", "-c", "-k", "--keepParent", path, submit],
            timeout=600,
            what="ditto (zip for notarization)",
        )
    try:
        output = run(
            ["xcrun", "notarytool", "submit", submit, "--wait", *credentials],
            timeout=3600,
            what=f"notarytool submit {path.name}",
        )
    finally:
        if submit != path:
            submit.unlink(missing_ok=True)
    if "status: Accepted" not in output:
        raise BuildError(
            f"Apple did not accept the notarization of {path.name}; run 'xcrun notarytool log "
            "<submission id>' with the same credentials to see why."
        )
    run(["xcrun", "stapler", "staple", path], timeout=600, what=f"stapler staple {path.name}")
    run(["xcrun", "stapler", "validate", path], timeout=600, what=f"stapler validate {path.name}")


def gatekeeper_check(app: Path, dmg: Path) -> None:
    """What Gatekeeper will say on a merchant's Mac: both must be accepted, notarized."""
    for args, path in (
        (["-t", "exec"], app),
        (["-t", "open", "--context", "context:primary-signature"], dmg),
    ):
        output = run(["spctl", "-a", "-vv", *args, path], timeout=300, what=f"spctl {path.name}")
        if "accepted" not in output or "Notarized" not in output:
            raise BuildError(f"Gatekeeper does not accept {path.name} as notarized; see above.")


def package_macos(target: Target, clock: StepClock) -> Path:
    identity = os.environ.get("MACOS_CODESIGN_IDENTITY", "").strip()
    credentials = notary_args()
    with clock.step("check the Mach-O files (architecture, minimum macOS)"):
        check_macho(target.bundle)
    with clock.step("codesign the app"):
        if identity:
            codesign_app(target.bundle, identity)
        else:
            print(
                "    codesign SKIPPED: MACOS_CODESIGN_IDENTITY is not set (the app keeps "
                "PyInstaller's ad-hoc signature; Gatekeeper will block it for merchants)."
            )
    notarized = bool(identity and credentials)
    with clock.step("notarize and staple the app"):
        if notarized:
            assert credentials is not None
            notarize_and_staple(target.bundle, credentials)
        else:
            print(
                "    notarization SKIPPED: needs MACOS_CODESIGN_IDENTITY and either "
                "MACOS_NOTARY_PROFILE or MACOS_NOTARY_APPLE_ID, MACOS_NOTARY_TEAM_ID and "
                "MACOS_NOTARY_PASSWORD."
            )
    with clock.step("dmg"):
        dmg = make_dmg(target)
    if identity:
        with clock.step("sign, notarize and staple the dmg; Gatekeeper check"):
            run(
                ["codesign", "--force", "--timestamp", "--sign", identity, dmg],
                timeout=300,
                what="codesign dmg",
            )
            if notarized:
                assert credentials is not None
                notarize_and_staple(dmg, credentials)
                gatekeeper_check(target.bundle, dmg)
    return dmg


# ------------------------------------------------------------------ main
def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--windows-under-wine",
        action="store_true",
        help="build, install and test the real Windows app under wine "
        "(Linux only; other options go to build_under_wine.py)",
    )
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="Python with PyInstaller and the app's dependencies",
    )
    parser.add_argument("--entry", type=Path, help="freeze this script instead of the app")
    parser.add_argument("--name", default=project_meta.EXE_NAME, help="executable name")
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--build", type=Path, default=REPO / "build")
    parser.add_argument(
        "--no-installer", action="store_true", help="stop after freezing and self-testing"
    )
    parser.add_argument(
        "--profile",
        type=Path,
        help="bake this provider profile (.json) into the app; it is checked first "
        "(as 'python -m wizard check-profile FILE' does)",
    )
    parser.add_argument(
        "--fast-installer",
        action="store_true",
        help="Windows: zlib instead of solid lzma (for tests)",
    )
    parser.add_argument(
        "--update-channel",
        type=Path,
        help="bake this update channel (.json: feed_url, public_key) in; without it the "
        "app has no update checks",
    )
    parser.add_argument(
        "--no-upload-cli",
        action="store_true",
        help="leave out the upload component (Node + tt-ide-cli), e.g. to measure its size",
    )
    return parser.parse_known_args(argv)


def build(args: argparse.Namespace, clock: StepClock) -> Path | None:
    entry = args.entry.resolve() if args.entry else None
    name = args.name if entry else project_meta.EXE_NAME
    target = Target(name, entry, args.dist.resolve(), (args.build / "pyinstaller").resolve())
    if args.profile is not None:
        if entry is not None:
            raise BuildError("--profile bakes a provider profile into the app, not into --entry.")
        with clock.step("check the provider profile"):
            staged, digest = buildlib.stage_profile(args.profile, args.build.resolve())
        target = Target(name, entry, target.dist, target.work, staged, digest)
    if args.update_channel is not None:
        if entry is not None:
            raise BuildError("--update-channel is for the app, not for --entry.")
        with clock.step("check the update channel"):
            channel, _feed = buildlib.stage_update_channel(
                args.update_channel, args.build.resolve()
            )
        target = Target(
            name, entry, target.dist, target.work, target.profile, target.profile_digest, channel
        )
    with clock.step("check tools"):
        check_freeze_tools(args.python)
        if sys.platform == "win32" and not args.no_installer:
            find_makensis()
    upload_cli = None
    if target.is_app and not args.no_upload_cli:
        with clock.step("upload component (Node + tt-ide-cli)"):
            upload_cli = upload_component(args)
    with clock.step(f"freeze {name} (PyInstaller)"):
        freeze(args.python, target, upload_cli)
    with clock.step("self-test the frozen app"):
        self_test(target)
    if upload_cli is not None:
        with clock.step("check the bundled upload tool"):
            check_upload_tool(target)
    if args.no_installer:
        return None
    if sys.platform == "win32":
        with clock.step("sign the exe (Authenticode)"):
            signer = sign_windows_exe(target)
        with clock.step("NSIS installer (uninstaller and installer signed)"):
            return make_nsis_installer(target, fast=args.fast_installer, signer=signer)
    if sys.platform == "darwin":
        return package_macos(target, clock)
    with clock.step("tar.gz"):
        return make_tarball(target)


def main(argv: list[str] | None = None) -> int:
    args, rest = parse_args(sys.argv[1:] if argv is None else argv)
    if args.windows_under_wine:
        sys.path.insert(0, str(REPO / "packaging" / "windows"))
        import build_under_wine

        forwarded = list(rest)
        if args.entry:
            forwarded += ["--entry", str(args.entry), "--name", args.name]
        if args.no_installer:
            forwarded.append("--no-installer")
        if args.profile:
            forwarded += ["--profile", str(args.profile.resolve())]
        if args.fast_installer:
            forwarded.append("--fast-installer")
        if args.update_channel:
            forwarded += ["--update-channel", str(args.update_channel.resolve())]
        if args.no_upload_cli:
            forwarded.append("--no-upload-cli")
        return int(build_under_wine.main(forwarded))
    if rest:
        print(f"unknown options: {' '.join(rest)}", file=sys.stderr)
        return 2
    clock = StepClock()
    try:
        result = build(args, clock)
    except (BuildError, signing.SigningError, subprocess.SubprocessError) as exc:
        print(clock.summary())
        print(f"\nBUILD FAILED ({platform_key()}): {exc}", flush=True)
        return 1
    print(clock.summary())
    made = f"installer {result}" if result else "no installer (--no-installer)"
    print(f"\nBUILD OK ({platform_key()}): frozen app self-tested; {made}.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
