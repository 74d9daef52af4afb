"""The developer tool (抖音开发者工具): the build that fits this computer, whether and where it
is installed, and how to open the merchant's code package in it.

Contract: ``open_project_url(folder) -> str`` is the ``bytedanceide:`` URL that opens a folder
in the tool, built the way the official CLI's ``tma open`` builds it. Detection reads the
registry and the file system only through the ``Places`` it is given, so tests hand it real
temporary folders and a registry of their own (and, under wine, the real Windows registry).
"""

from __future__ import annotations

import enum
import ntpath
import os
import posixpath
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final, Protocol, Self

from wizard.core import platform_facts as facts
from wizard.core.i18n import _

__all__ = [
    "Build",
    "Computer",
    "Detection",
    "DevtoolAnswers",
    "FoundBy",
    "LaunchPlan",
    "Places",
    "RegistryReader",
    "System",
    "ToolInstall",
    "WindowsRegistry",
    "after_open_guidance",
    "computer_from",
    "detect_devtool",
    "devtool_step_done",
    "launch_plan",
    "manual_import_steps",
    "open_project_url",
    "this_computer",
    "this_computers_places",
    "tool_environment",
]

HIVES: Final = ("HKCU", "HKLM")
# encodeURIComponent leaves exactly these unescaped (besides letters and digits).
URI_COMPONENT_SAFE: Final = "-_.!~*'()"
# The first Windows 11 build (Windows 11 still reports itself as version 10.0).
WINDOWS_11_BUILD: Final = 22000
OLD_WINDOWS_NAMES: Final = {"6.0": "Vista", "6.1": "7", "6.2": "8", "6.3": "8.1"}
SYSCTL_TIMEOUT_SECONDS: Final = 3
# The bytedanceide: handler: the user's own, the machine's, then the merged view.
URL_HANDLER_PLACES: Final = (
    ("HKCU", facts.DEVTOOL_URL_HANDLER_KEY),
    ("HKLM", facts.DEVTOOL_URL_HANDLER_KEY),
    ("HKCR", facts.DEVTOOL_URL_HANDLER_KEY.removeprefix("Software\\Classes\\")),
)


class System(enum.Enum):
    """The operating system family."""

    WINDOWS = "windows"
    MACOS = "macos"
    LINUX = "linux"
    OTHER = "other"


class Build(enum.Enum):
    """The builds on the official download page."""

    WINDOWS_X64 = "windows-x64"
    MAC_APPLE_SILICON = "mac-arm64"
    MAC_INTEL = "mac-x64"


def _architecture(machine: str) -> str:
    """One name per processor family, whatever the OS calls it."""
    name = machine.strip().lower()
    if name in ("amd64", "x86_64", "x64", "em64t"):
        return "x64"
    if name in ("arm64", "aarch64", "armv8", "arm64e"):
        return "arm64"
    if name in ("x86", "i386", "i486", "i586", "i686"):
        return "x86"
    return name or "unknown"


@dataclass(frozen=True)
class Computer:
    """This computer as far as the developer tool cares: OS, its version and the processor."""

    system: System
    version: str
    architecture: str
    # The name the OS gives itself when it is not one of the three we know ("FreeBSD" ...).
    system_name: str = ""

    @property
    def windows_build(self) -> int:
        parts = self.version.split(".")
        return int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0

    @property
    def windows_major(self) -> int:
        head = self.version.split(".")[0]
        return int(head) if head.isdigit() else 0

    @property
    def is_old_windows(self) -> bool:
        return (
            self.system is System.WINDOWS and self.windows_major < facts.DEVTOOL_MIN_WINDOWS_MAJOR
        )

    @property
    def build(self) -> Build | None:
        """The build to download for this computer, or None when the tool cannot run here."""
        if self.system is System.WINDOWS:
            if self.architecture == "x64":
                return Build.WINDOWS_X64
            # Windows 11 on ARM runs x64 programs through its own emulation; Windows 10 does not.
            if self.architecture == "arm64" and self.windows_build >= WINDOWS_11_BUILD:
                return Build.WINDOWS_X64
            return None
        if self.system is System.MACOS:
            if self.architecture == "arm64":
                return Build.MAC_APPLE_SILICON
            return Build.MAC_INTEL
        return None

    @property
    def can_run_tool(self) -> bool:
        return self.build is not None

    def os_name(self) -> str:
        """ "Windows 11", "macOS 14.5", "Linux" ... (names of products: not translated)."""
        if self.system is System.WINDOWS:
            if self.windows_major >= facts.DEVTOOL_MIN_WINDOWS_MAJOR:
                return "Windows 11" if self.windows_build >= WINDOWS_11_BUILD else "Windows 10"
            short = ".".join(self.version.split(".")[:2])
            return "Windows " + OLD_WINDOWS_NAMES.get(short, short)
        if self.system is System.MACOS:
            return f"macOS {self.version}".strip()
        if self.system is System.LINUX:
            return "Linux"
        return self.system_name or _("an unknown system")

    def processor(self) -> str:
        """The processor in words."""
        if self.system is System.MACOS:
            if self.architecture == "arm64":
                return _("Apple silicon (M-series chip)")
            return _("Intel processor")
        if self.architecture == "x64":
            return _("64-bit (x64)")
        if self.architecture == "x86":
            return _("32-bit (x86)")
        if self.architecture == "arm64":
            return _("ARM 64-bit")
        return self.architecture

    def describe(self) -> str:
        """This computer in words, for the merchant."""
        version = self.version if self.system is not System.MACOS else ""
        if version:
            return _("{os} (version {version}), {processor}").format(
                os=self.os_name(), version=version, processor=self.processor()
            )
        return _("{os}, {processor}").format(os=self.os_name(), processor=self.processor())

    def build_name(self) -> str:
        """The build to pick on the download page, in words ('' when none fits)."""
        build = self.build
        if build is Build.WINDOWS_X64:
            return _("Windows 64-bit (Windows 64)")
        if build is Build.MAC_APPLE_SILICON:
            return _("Mac with Apple chip (Apple silicon, arm64)")
        if build is Build.MAC_INTEL:
            return _("Mac with Intel chip (x64)")
        return ""

    def advice(self) -> str:
        """Which build to download, or why the tool cannot run here and what to do instead."""
        if self.system is System.WINDOWS:
            return self._windows_advice()
        if self.system is System.MACOS:
            if self.architecture == "arm64":
                return _(
                    "On the download page, pick the Mac build for Apple chips (M1 and later, "
                    "also called Apple silicon or arm64). If only one Mac build is offered, "
                    "take that one."
                )
            return _(
                "On the download page, pick the Mac build for Intel processors (x64). If only "
                "one Mac build is offered, take that one."
            )
        return _(
            "The developer tool exists only for Windows and macOS: it does not run on {os}. "
            "Upload from this app instead; that does not need the developer tool."
        ).format(os=self.os_name())

    def _windows_advice(self) -> str:
        if self.architecture == "x86":
            return _(
                "This is 32-bit Windows, and the developer tool needs 64-bit Windows. Use a "
                "computer with 64-bit Windows 10 or later, or a Mac."
            )
        if self.build is None:
            return _(
                "The developer tool is made for x64 processors, and this computer's {processor} "
                "cannot run it on {os}. Use a computer with 64-bit Windows 10 or later, or a Mac."
            ).format(processor=self.processor(), os=self.os_name())
        if self.is_old_windows:
            return _(
                "The current developer tool needs Windows 10 or later, and this computer runs "
                "{os}. Version {version}, the last one for older Windows, still works: pick it "
                "on the download page. Better: update Windows."
            ).format(os=self.os_name(), version=facts.DEVTOOL_LAST_FOR_OLD_WINDOWS)
        if self.architecture == "arm64":
            return _(
                "On the download page, pick the Windows 64-bit build (Windows 64). This "
                "computer has an ARM processor: Windows 11 runs that build through its built-in "
                "emulation, a little more slowly."
            )
        return _("On the download page, pick the Windows 64-bit build (Windows 64).")

    def to_dict(self) -> dict[str, Any]:
        build = self.build
        return {
            "os": self.system.value,
            "os_name": self.os_name(),
            "os_version": self.version,
            "architecture": self.architecture,
            "description": self.describe(),
            "can_run_tool": self.can_run_tool,
            "build": build.value if build is not None else None,
            "build_name": self.build_name() or None,
            "advice": self.advice(),
            "download_page": facts.DEVTOOL_DOWNLOAD_URL,
        }


def computer_from(
    system_name: str, version: str, machine: str, *, apple_silicon: bool | None = None
) -> Computer:
    """A Computer from what the OS reports (platform.system(), its version, platform.machine()).

    apple_silicon: on macOS, whether the chip is Apple's even when this process runs as Intel
    code under Rosetta (then the machine says x86_64 although the Apple build is the right one).
    """
    lowered = system_name.strip().lower()
    architecture = _architecture(machine)
    if lowered in ("windows", "win32", "cygwin"):
        return Computer(System.WINDOWS, version.strip(), architecture)
    if lowered in ("darwin", "macos"):
        if apple_silicon is not None:
            architecture = "arm64" if apple_silicon else "x64"
        return Computer(System.MACOS, version.strip(), architecture)
    if lowered == "linux":
        return Computer(System.LINUX, version.strip(), architecture)
    return Computer(System.OTHER, version.strip(), architecture, system_name.strip())


def this_computer() -> Computer:
    """This computer, as the running system reports it."""
    # Loaded here, not at start: the journey imports this module before the first window.
    import platform

    if sys.platform == "win32":
        info = sys.getwindowsversion()
        version = f"{info.major}.{info.minor}.{info.build}"
        # What platform.machine() read before Python 3.12; newer Pythons ask WMI, which can be
        # slow or missing, for the same answer.
        machine = (
            os.environ.get("PROCESSOR_ARCHITEW6432")
            or os.environ.get("PROCESSOR_ARCHITECTURE")
            or platform.machine()
        )
        return computer_from("Windows", version, machine)
    if sys.platform == "darwin":
        return computer_from(
            "Darwin", platform.mac_ver()[0], platform.machine(), apple_silicon=_mac_has_arm64()
        )
    return computer_from(platform.system(), platform.release(), platform.machine())


def _mac_has_arm64() -> bool | None:
    """True on Apple silicon even under Rosetta (sysctl hw.optional.arm64), None if unknown."""
    import subprocess

    try:
        result = subprocess.run(
            ["/usr/sbin/sysctl", "-n", "hw.optional.arm64"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=SYSCTL_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        # Intel Macs do not have the key at all.
        return False
    return result.stdout.strip() == "1"


# --- where the tool lives ----------------------------------------------------------------


class RegistryReader(Protocol):
    """Reads one value from the Windows registry; None when the key or value is not there."""

    def value(self, hive: str, key: str, name: str) -> str | None:
        """hive is "HKCU", "HKLM" or "HKCR"; name "" is the key's default value."""
        ...


class WindowsRegistry:
    """The real registry through winreg: the 64-bit view first, then the 32-bit one."""

    def value(self, hive: str, key: str, name: str) -> str | None:
        if sys.platform != "win32":
            return None
        import winreg

        roots = {
            "HKCU": winreg.HKEY_CURRENT_USER,
            "HKLM": winreg.HKEY_LOCAL_MACHINE,
            "HKCR": winreg.HKEY_CLASSES_ROOT,
        }
        root = roots.get(hive)
        if root is None:
            return None
        for view in (winreg.KEY_WOW64_64KEY, winreg.KEY_WOW64_32KEY):
            try:
                with winreg.OpenKey(root, key, 0, winreg.KEY_READ | view) as handle:
                    data, kind = winreg.QueryValueEx(handle, name)
            except OSError:
                continue
            if kind in (winreg.REG_SZ, winreg.REG_EXPAND_SZ) and isinstance(data, str):
                return data
        return None


@dataclass(frozen=True)
class Places:
    """Where detection looks: the system, its registry, environment, home and file-system root."""

    system: System
    registry: RegistryReader | None = None
    environ: Mapping[str, str] = field(default_factory=dict)
    home: Path = field(default_factory=Path.home)
    root: Path = field(default_factory=lambda: Path(os.path.abspath(os.sep)))


def this_computers_places() -> Places:
    """The real places of the running system."""
    system = this_computer().system
    registry = WindowsRegistry() if system is System.WINDOWS else None
    return Places(system, registry, dict(os.environ), Path.home(), Path(os.path.abspath(os.sep)))


class FoundBy(enum.Enum):
    """How the tool was found (most reliable first)."""

    INSTALL_LOCATION = "install-location"
    UNINSTALL_ENTRY = "uninstall-entry"
    URL_HANDLER = "url-handler"
    DEFAULT_FOLDER = "default-folder"
    APPLICATIONS_FOLDER = "applications-folder"


@dataclass(frozen=True)
class ToolInstall:
    """One installed developer tool: its program, name and version, and how it was found."""

    program: Path
    name: str
    version: str | None
    found_by: FoundBy
    # The registry value or folder that led to it, for the report.
    where: str

    @property
    def is_old_name(self) -> bool:
        return self.name != facts.DEVTOOL_NAMES[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "program": str(self.program),
            "name": self.name,
            "version": self.version,
            "found_by": self.found_by.value,
            "where": self.where,
        }


@dataclass(frozen=True)
class Detection:
    """What detection found: the install (or None), the URL handler, and stale entries."""

    install: ToolInstall | None
    # The command registered for bytedanceide: links (Windows), or None.
    url_handler: str | None = None
    # Registry entries that name a program that is no longer there (uninstalled or moved).
    stale: tuple[str, ...] = ()

    @property
    def installed(self) -> bool:
        return self.install is not None

    def headline(self) -> str:
        """One short sentence: the tool and its version, or that it was not found (no path)."""
        install = self.install
        if install is None:
            return self.describe()
        if install.version:
            return _("{name} {version} is installed.").format(
                name=install.name, version=install.version
            )
        return _("{name} is installed.").format(name=install.name)

    def describe(self) -> str:
        """One sentence: where the tool is and its version, or that it was not found."""
        install = self.install
        if install is None:
            if self.stale:
                return _(
                    "The developer tool was installed once but its program is gone (uninstalled "
                    "or moved). Install it again from the download page."
                )
            return _("The developer tool was not found on this computer.")
        if install.version:
            return _("{name} {version} is installed: {program}").format(
                name=install.name, version=install.version, program=install.program
            )
        return _("{name} is installed: {program}").format(
            name=install.name, program=install.program
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "installed": self.installed,
            "found": self.install.to_dict() if self.install is not None else None,
            "url_handler": self.url_handler,
            "stale": list(self.stale),
            "message": self.describe(),
        }


_VARIABLE = re.compile(r"%([^%]+)%")


def _expand(text: str, environ: Mapping[str, str]) -> str:
    """Expand %NAME% like Windows does (names case-insensitive; unknown names left as they are)."""
    lowered = {key.lower(): value for key, value in environ.items()}
    return _VARIABLE.sub(lambda m: lowered.get(m.group(1).lower(), m.group(0)), text)


def program_in_command(command: str) -> str:
    """The program of a Windows command line: '"C:\\a b\\x.exe" "%1"' → 'C:\\a b\\x.exe'."""
    text = command.strip()
    if text.startswith('"'):
        end = text.find('"', 1)
        return text[1:end] if end > 0 else text[1:]
    match = re.search(r"\.exe\b", text, re.IGNORECASE)
    if match:
        return text[: match.end()]
    return text.split(" ", 1)[0]


def _icon_program(value: str) -> str:
    """DisplayIcon is 'path' or 'path,index', maybe quoted."""
    text = value.strip()
    if text.startswith('"'):
        return program_in_command(text)
    head, comma, tail = text.rpartition(",")
    if comma and tail.strip().lstrip("-").isdigit():
        return head
    return text


def _program_in_folder(folder: Path) -> tuple[Path, str] | None:
    for name in facts.DEVTOOL_NAMES:
        candidate = folder / f"{name}.exe"
        if candidate.is_file():
            return candidate, name
    return None


def _name_of_program(program: Path) -> str | None:
    for name in facts.DEVTOOL_NAMES:
        if program.name.lower() == f"{name}.exe".lower():
            return name
    return None


def _uninstall_version(registry: RegistryReader) -> str | None:
    for hive in HIVES:
        for key in facts.DEVTOOL_UNINSTALL_KEYS:
            version = registry.value(hive, key, "DisplayVersion")
            if version and version.strip():
                return version.strip()
    return None


def _windows_candidates(places: Places) -> Iterator[tuple[FoundBy, str, Path, bool]]:
    """(how, where, path, path is the program itself) in order, most reliable first."""
    registry = places.registry
    env = places.environ
    if registry is not None:
        for hive in HIVES:
            location = registry.value(hive, facts.DEVTOOL_INSTALL_KEY, "InstallLocation")
            if location and location.strip():
                where = f"{hive}\\{facts.DEVTOOL_INSTALL_KEY}\\InstallLocation"
                yield FoundBy.INSTALL_LOCATION, where, Path(_expand(location.strip(), env)), False
        for hive in HIVES:
            for key in facts.DEVTOOL_UNINSTALL_KEYS:
                where = f"{hive}\\{key}"
                icon = registry.value(hive, key, "DisplayIcon")
                if icon and icon.strip():
                    yield (
                        FoundBy.UNINSTALL_ENTRY,
                        where,
                        Path(_expand(_icon_program(icon), env)),
                        True,
                    )
                location = registry.value(hive, key, "InstallLocation")
                if location and location.strip():
                    yield (
                        FoundBy.UNINSTALL_ENTRY,
                        where,
                        Path(_expand(location.strip(), env)),
                        False,
                    )
                uninstaller = registry.value(hive, key, "UninstallString")
                if uninstaller and uninstaller.strip():
                    folder = Path(_expand(program_in_command(uninstaller), env)).parent
                    yield FoundBy.UNINSTALL_ENTRY, where, folder, False
        for hive, key in URL_HANDLER_PLACES:
            command = registry.value(hive, key, "")
            if command and command.strip():
                program = Path(_expand(program_in_command(command), env))
                yield FoundBy.URL_HANDLER, f"{hive}\\{key}", program, True
    lowered = {key.lower(): value for key, value in env.items()}
    bases = [
        Path(lowered[name]) / "Programs" if name == "localappdata" else Path(lowered[name])
        for name in ("localappdata", "programfiles", "programw6432")
        if lowered.get(name)
    ]
    for base in bases:
        folder = base / facts.DEVTOOL_INSTALL_FOLDER
        yield FoundBy.DEFAULT_FOLDER, str(folder), folder, False


def _url_handler(places: Places) -> str | None:
    if places.registry is None:
        return None
    for hive, key in URL_HANDLER_PLACES:
        command = places.registry.value(hive, key, "")
        if command and command.strip():
            return command.strip()
    return None


def _detect_windows(places: Places, cancel: Callable[[], bool]) -> Detection:
    handler = _url_handler(places)
    stale: list[str] = []
    seen: set[str] = set()
    for found_by, where, path, is_program in _windows_candidates(places):
        if cancel():
            break
        key = str(path).lower()
        if key in seen:
            continue
        seen.add(key)
        try:
            if is_program:
                name = _name_of_program(path)
                hit = (path, name) if name is not None and path.is_file() else None
                if hit is None and path.parent.is_dir():
                    # An icon or handler pointing at a renamed program: look beside it.
                    hit = _program_in_folder(path.parent)
            else:
                hit = _program_in_folder(path)
        except OSError:
            # A network drive that is gone, a folder without permission: not here.
            hit = None
        if hit is None:
            if found_by is not FoundBy.DEFAULT_FOLDER:
                stale.append(where)
            continue
        program, name = hit
        version = _uninstall_version(places.registry) if places.registry is not None else None
        return Detection(ToolInstall(program, name, version, found_by, where), handler)
    return Detection(None, handler, tuple(dict.fromkeys(stale)))


def bundle_version(bundle: Path) -> str | None:
    """CFBundleShortVersionString (else CFBundleVersion) of a macOS .app, None if unreadable."""
    import plistlib
    from xml.parsers.expat import ExpatError

    try:
        with (bundle / "Contents" / "Info.plist").open("rb") as handle:
            info = plistlib.load(handle)
    except (OSError, plistlib.InvalidFileException, ExpatError, ValueError, TypeError):
        return None
    if not isinstance(info, dict):
        return None
    for key in ("CFBundleShortVersionString", "CFBundleVersion"):
        value = info.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _detect_macos(places: Places, cancel: Callable[[], bool]) -> Detection:
    for base in (places.root / "Applications", places.home / "Applications"):
        for name in facts.DEVTOOL_NAMES:
            if cancel():
                return Detection(None)
            bundle = base / f"{name}.app"
            try:
                present = bundle.is_dir()
            except OSError:
                present = False
            if present:
                install = ToolInstall(
                    bundle, name, bundle_version(bundle), FoundBy.APPLICATIONS_FOLDER, str(base)
                )
                return Detection(install)
    return Detection(None)


def detect_devtool(
    places: Places | None = None, cancel: Callable[[], bool] | None = None
) -> Detection:
    """Find the installed developer tool. Touches the disk (maybe a slow network drive):
    run it off the GUI thread."""
    where = places if places is not None else this_computers_places()
    stop = cancel if cancel is not None else (lambda: False)
    if where.system is System.WINDOWS:
        return _detect_windows(where, stop)
    if where.system is System.MACOS:
        return _detect_macos(where, stop)
    return Detection(None)


# --- opening the package in the tool -------------------------------------------------------


def open_project_url(folder: str | os.PathLike[str]) -> str:
    """The bytedanceide: URL that opens ``folder`` in the tool (contract).

    As the official CLI does it: the query ``path=<folder>&project-type=microapp`` is encoded
    as a whole, like JavaScript's encodeURIComponent, behind ``bytedanceide:?``. The folder
    text is used as given; a relative folder is joined to the current one, as the CLI does.
    """
    path = os.fspath(folder)
    # A Windows folder ("C:\\...") counts as absolute wherever this runs (tests, wine).
    if not (posixpath.isabs(path) or ntpath.isabs(path)):
        path = os.path.join(os.getcwd(), path)
    query = f"path={path}&project-type={facts.DEVTOOL_PROJECT_TYPE}"
    from urllib.parse import quote

    # surrogateescape: a POSIX file name that is not valid UTF-8 keeps its original bytes.
    encoded = quote(query, safe=URI_COMPONENT_SAFE, encoding="utf-8", errors="surrogateescape")
    return f"{facts.DEVTOOL_URL_SCHEME}:?{encoded}"


def tool_environment(environ: Mapping[str, str], system: System | None = None) -> dict[str, str]:
    """The environment to start the tool with: ours without ELECTRON_RUN_AS_NODE.

    With that variable set (it leaks from other Electron-based tools) the tool would start as
    plain Node.js and show no window. Windows names are case-insensitive.
    """
    on_windows = (system or this_computer().system) is System.WINDOWS
    drop = {name.lower() if on_windows else name for name in facts.DEVTOOL_ENV_TO_CLEAR}
    return {
        key: value
        for key, value in environ.items()
        if (key.lower() if on_windows else key) not in drop
    }


@dataclass(frozen=True)
class LaunchPlan:
    """How to start the tool directly when the link does not work: program, arguments, env."""

    program: str
    arguments: tuple[str, ...]
    environment: Mapping[str, str]


def launch_plan(
    install: ToolInstall,
    folder: str | os.PathLike[str],
    system: System,
    environ: Mapping[str, str],
) -> LaunchPlan:
    """Start the tool with the project's link, the way the system would hand the link to it."""
    url = open_project_url(folder)
    env = tool_environment(environ, system)
    if system is System.MACOS:
        # An app bundle is started through LaunchServices, which hands it the link as an event.
        return LaunchPlan("/usr/bin/open", ("-a", str(install.program), url), env)
    # Windows starts a URL handler as '"program" "%1"': the same command line.
    return LaunchPlan(str(install.program), (url,), env)


def manual_import_steps(folder: str | os.PathLike[str]) -> list[str]:
    """What to do in the tool by hand when it cannot be opened from here."""
    return [
        _("Open 抖音开发者工具 and log in."),
        _("On its start page, click 「导入项目」."),
        _("Choose this folder: {folder}").format(folder=os.fspath(folder)),
        _("Click 「信任并运行」 when the tool asks whether you trust the project."),
    ]


def after_open_guidance() -> list[str]:
    """What the tool shows first after opening the package, and what the merchant must do."""
    return [
        _(
            "The tool first asks whether you trust this project: click 「信任并运行」. Without "
            "that it cannot preview or upload."
        ),
        _(
            "Log in to the tool with an account that is a member of this mini-program with "
            "developer rights."
        ),
        _(
            "If that account is not a member yet: in the Douyin developer console ({console}) "
            "open your mini-program, then 「成员管理」, and add it with developer rights. Only the "
            "super administrator or an administrator can add members."
        ).format(console=facts.CONSOLE_URL),
    ]


# --- what the merchant confirmed (the step's record) ------------------------------------------


@dataclass
class DevtoolAnswers:
    """What the merchant confirmed in the developer tool step, for one mini-program."""

    package_open: bool = False
    logged_in_as_member: bool = False
    # The package folder that was open when they confirmed it.
    folder: str = ""
    tool_version: str = ""
    # ISO 8601 time of the confirmation ("" before).
    confirmed_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "package_open": self.package_open,
            "logged_in_as_member": self.logged_in_as_member,
            "folder": self.folder,
            "tool_version": self.tool_version,
            "confirmed_at": self.confirmed_at,
        }

    @classmethod
    def from_dict(cls, data: object) -> Self:
        """Read a saved record; anything damaged or of the wrong type is dropped, never raised."""
        if not isinstance(data, dict):
            return cls()
        answers = cls()
        for name in ("package_open", "logged_in_as_member"):
            value = data.get(name)
            if isinstance(value, bool):
                setattr(answers, name, value)
        for name in ("folder", "tool_version"):
            value = data.get(name)
            if isinstance(value, str) and "\x00" not in value and len(value) <= 4096:
                setattr(answers, name, value)
        stamp = data.get("confirmed_at")
        if isinstance(stamp, str) and _is_iso_time(stamp):
            answers.confirmed_at = stamp
        return answers


def _is_iso_time(text: str) -> bool:
    if len(text) > 64:
        return False
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def devtool_step_done(
    answers: DevtoolAnswers | None, *, applies: bool, current_folder: str | None = None
) -> bool:
    """Done when the step does not apply, or the merchant confirmed both things.

    With current_folder, a confirmation for another folder (the package was unpacked again
    somewhere else) no longer counts: the tool has the old folder open.
    """
    if not applies:
        return True
    if answers is None or not (answers.package_open and answers.logged_in_as_member):
        return False
    if (
        current_folder is not None
        and answers.folder
        and not same_folder(answers.folder, current_folder)
    ):
        return False
    return True


def same_folder(first: str, second: str) -> bool:
    """Two spellings of one folder (case on Windows, trailing separators, `..`)."""
    return os.path.normcase(os.path.normpath(first)) == os.path.normcase(os.path.normpath(second))


def describe_for_command(computer: Computer, detection: Detection) -> list[str]:
    """What the devtool command prints: this computer, the build, the tool, as sentences."""
    lines = [_("This computer: {computer}.").format(computer=computer.describe())]
    if computer.can_run_tool:
        lines.append(_("The developer tool can run here."))
    lines.append(computer.advice())
    lines.append(_("Download page: {url}").format(url=facts.DEVTOOL_DOWNLOAD_URL))
    if computer.can_run_tool or detection.installed:
        lines.append(detection.describe())
    return lines
