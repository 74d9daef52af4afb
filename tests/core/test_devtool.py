"""Developer tool: this computer in words, detection over real temporary folders and a registry
of our own, the bytedanceide: link (checked against Node's encodeURIComponent), the launch plan,
the step's record and done-condition, and the ``devtool`` command run as a real subprocess."""

from __future__ import annotations

import json
import os
import plistlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.commands import run_in_process
from tests.examples import examples
from wizard.core import platform_facts as facts
from wizard.core.devtool import (
    Build,
    Computer,
    DevtoolAnswers,
    FoundBy,
    Places,
    System,
    ToolInstall,
    bundle_version,
    computer_from,
    detect_devtool,
    devtool_step_done,
    launch_plan,
    manual_import_steps,
    open_project_url,
    program_in_command,
    this_computer,
    tool_environment,
)
from wizard.core.i18n import set_language

REPO = Path(__file__).resolve().parents[2]
NEW, OLD = facts.DEVTOOL_NAMES
CODE = facts.DEVTOOL_PRODUCT_CODE
UNINSTALL = facts.DEVTOOL_UNINSTALL_KEYS[0]
UNINSTALL_BRACED = facts.DEVTOOL_UNINSTALL_KEYS[1]


class Registry:
    """A registry of our own: (hive, key, value name) → text, read through the same protocol."""

    def __init__(self, values: dict[tuple[str, str, str], str] | None = None) -> None:
        self.values = dict(values or {})
        self.reads: list[tuple[str, str, str]] = []

    def value(self, hive: str, key: str, name: str) -> str | None:
        self.reads.append((hive, key, name))
        return self.values.get((hive, key.lower(), name))

    def set(self, hive: str, key: str, name: str, text: str) -> None:
        self.values[(hive, key.lower(), name)] = text


@pytest.fixture
def chinese() -> Iterator[None]:
    set_language("zh_CN")
    try:
        yield
    finally:
        set_language("en")


def fake_program(folder: Path, name: str = NEW) -> Path:
    """A file where the tool's program would be (detection only checks that it is a file)."""
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / f"{name}.exe"
    program.write_bytes(b"MZ fake developer tool")
    return program


def windows(tmp_path: Path, registry: Registry | None = None) -> Places:
    env = {
        "LOCALAPPDATA": str(tmp_path / "Local"),
        "ProgramFiles": str(tmp_path / "Program Files"),
        "ELECTRON_RUN_AS_NODE": "1",
    }
    return Places(System.WINDOWS, registry or Registry(), env, tmp_path / "home", tmp_path)


# --- this computer -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("system", "version", "machine", "name", "build"),
    [
        ("Windows", "10.0.19045", "AMD64", "Windows 10", Build.WINDOWS_X64),
        ("Windows", "10.0.22631", "AMD64", "Windows 11", Build.WINDOWS_X64),
        ("Windows", "10.0.26100", "ARM64", "Windows 11", Build.WINDOWS_X64),
        ("Windows", "10.0.19045", "ARM64", "Windows 10", None),
        ("Windows", "10.0.19045", "x86", "Windows 10", None),
        ("Windows", "6.1.7601", "AMD64", "Windows 7", Build.WINDOWS_X64),
        ("Darwin", "14.5", "arm64", "macOS 14.5", Build.MAC_APPLE_SILICON),
        ("Darwin", "13.6.1", "x86_64", "macOS 13.6.1", Build.MAC_INTEL),
        ("Linux", "6.1.0-18-amd64", "x86_64", "Linux", None),
        ("FreeBSD", "14.0", "amd64", "FreeBSD", None),
    ],
)
def test_computer_names_system_and_build(
    system: str, version: str, machine: str, name: str, build: Build | None
) -> None:
    computer = computer_from(system, version, machine)
    assert computer.os_name() == name
    assert computer.build is build
    assert computer.can_run_tool is (build is not None)
    assert computer.advice()
    assert name in computer.describe()
    view = computer.to_dict()
    assert view["download_page"] == facts.DEVTOOL_DOWNLOAD_URL
    assert view["build"] == (build.value if build else None)


def test_rosetta_process_on_apple_silicon_still_gets_the_apple_build() -> None:
    computer = computer_from("Darwin", "14.5", "x86_64", apple_silicon=True)
    assert computer.build is Build.MAC_APPLE_SILICON
    assert "Apple chips" in computer.advice()
    assert computer_from("Darwin", "12.0", "x86_64", apple_silicon=False).build is Build.MAC_INTEL


def test_advice_in_words() -> None:
    assert "Windows 64-bit build" in computer_from("Windows", "10.0.19045", "AMD64").advice()
    old = computer_from("Windows", "6.1.7601", "AMD64")
    assert old.is_old_windows and facts.DEVTOOL_LAST_FOR_OLD_WINDOWS in old.advice()
    assert "emulation" in computer_from("Windows", "10.0.22631", "ARM64").advice()
    assert "32-bit" in computer_from("Windows", "10.0.19045", "i686").advice()
    linux = computer_from("Linux", "6.1", "aarch64")
    assert "does not run on Linux" in linux.advice()
    assert "Upload from this app" in linux.advice()
    assert linux.architecture == "arm64"


def test_computer_in_chinese(chinese: None) -> None:
    computer = computer_from("Windows", "10.0.19045", "AMD64")
    assert "64 位" in computer.describe()
    assert "Windows 64" in computer.advice()
    mac = computer_from("Darwin", "14.5", "arm64")
    assert "Apple 芯片" in mac.describe()
    assert "不能" in computer_from("Linux", "6.1", "x86_64").advice()


def test_this_computer_is_this_one() -> None:
    computer = this_computer()
    expected = {"linux": System.LINUX, "win32": System.WINDOWS, "darwin": System.MACOS}
    assert computer.system is expected.get(sys.platform, System.OTHER)
    assert computer.architecture


# --- detection on Windows ----------------------------------------------------------------


def test_install_location_in_hkcu_with_a_chinese_folder_and_spaces(tmp_path: Path) -> None:
    folder = tmp_path / "我的 工具" / "抖音 IDE"
    program = fake_program(folder)
    registry = Registry()
    registry.set("HKCU", facts.DEVTOOL_INSTALL_KEY, "InstallLocation", str(folder))
    registry.set("HKCU", UNINSTALL, "DisplayVersion", "4.5.1")
    detection = detect_devtool(windows(tmp_path, registry))
    assert detection.installed and detection.install is not None
    assert detection.install.program == program
    assert detection.install.found_by is FoundBy.INSTALL_LOCATION
    assert detection.install.version == "4.5.1"
    assert detection.install.where == f"HKCU\\{facts.DEVTOOL_INSTALL_KEY}\\InstallLocation"
    assert not detection.install.is_old_name
    assert "4.5.1" in detection.describe() and str(program) in detection.describe()


def test_hkcu_is_asked_before_hklm(tmp_path: Path) -> None:
    user = fake_program(tmp_path / "user")
    fake_program(tmp_path / "machine")
    registry = Registry()
    registry.set("HKLM", facts.DEVTOOL_INSTALL_KEY, "InstallLocation", str(tmp_path / "machine"))
    registry.set("HKCU", facts.DEVTOOL_INSTALL_KEY, "InstallLocation", str(user.parent))
    install = detect_devtool(windows(tmp_path, registry)).install
    assert install is not None and install.program == user


def test_machine_wide_install_location_and_expanded_variables(tmp_path: Path) -> None:
    program = fake_program(tmp_path / "Local" / "Programs" / "Custom")
    registry = Registry()
    registry.set(
        "HKLM", facts.DEVTOOL_INSTALL_KEY, "InstallLocation", r"%localappdata%/Programs/Custom"
    )
    install = detect_devtool(windows(tmp_path, registry)).install
    assert install is not None and install.program == program
    assert install.where.startswith("HKLM\\")


@pytest.mark.parametrize("key", [UNINSTALL, UNINSTALL_BRACED])
def test_uninstall_entry_display_icon_with_index(tmp_path: Path, key: str) -> None:
    program = fake_program(tmp_path / "Apps" / "ide")
    registry = Registry()
    registry.set("HKLM", key, "DisplayIcon", f"{program},0")
    registry.set("HKLM", key, "DisplayVersion", "4.0.4")
    registry.set("HKLM", key, "DisplayName", f"{NEW} 4.0.4")
    install = detect_devtool(windows(tmp_path, registry)).install
    assert install is not None and install.program == program
    assert install.found_by is FoundBy.UNINSTALL_ENTRY and install.version == "4.0.4"


def test_uninstall_string_leads_to_the_folder(tmp_path: Path) -> None:
    program = fake_program(tmp_path / "ide old", OLD)
    registry = Registry()
    registry.set(
        "HKCU", UNINSTALL, "UninstallString", f'"{tmp_path / "ide old" / "Uninstall x.exe"}" /S'
    )
    install = detect_devtool(windows(tmp_path, registry)).install
    assert install is not None and install.program == program and install.is_old_name
    assert install.version is None


def test_url_handler_names_the_program(tmp_path: Path) -> None:
    program = fake_program(tmp_path / "handler place")
    registry = Registry()
    command = f'"{program}" "%1"'
    registry.set("HKCU", facts.DEVTOOL_URL_HANDLER_KEY, "", command)
    detection = detect_devtool(windows(tmp_path, registry))
    assert detection.install is not None and detection.install.program == program
    assert detection.install.found_by is FoundBy.URL_HANDLER
    assert detection.url_handler == command
    assert detection.to_dict()["url_handler"] == command


def test_url_handler_in_the_merged_classes_view(tmp_path: Path) -> None:
    program = fake_program(tmp_path / "merged")
    registry = Registry()
    registry.set("HKCR", r"bytedanceide\shell\open\command", "", f"{program} %1")
    detection = detect_devtool(windows(tmp_path, registry))
    assert detection.install is not None and detection.install.program == program


@pytest.mark.parametrize(
    ("base", "name"),
    [(("Local", "Programs"), NEW), (("Local", "Programs"), OLD), (("Program Files",), NEW)],
)
def test_default_folders_without_registry(tmp_path: Path, base: tuple[str, ...], name: str) -> None:
    program = fake_program(tmp_path.joinpath(*base, facts.DEVTOOL_INSTALL_FOLDER), name)
    detection = detect_devtool(windows(tmp_path))
    assert detection.install is not None and detection.install.program == program
    assert detection.install.found_by is FoundBy.DEFAULT_FOLDER
    assert detection.install.name == name and detection.stale == ()


def test_registry_pointing_at_a_removed_program_is_stale(tmp_path: Path) -> None:
    registry = Registry()
    registry.set("HKCU", facts.DEVTOOL_INSTALL_KEY, "InstallLocation", str(tmp_path / "gone"))
    registry.set("HKCU", UNINSTALL, "DisplayIcon", str(tmp_path / "gone" / f"{NEW}.exe"))
    detection = detect_devtool(windows(tmp_path, registry))
    assert not detection.installed
    assert detection.stale == (
        f"HKCU\\{facts.DEVTOOL_INSTALL_KEY}\\InstallLocation",
        f"HKCU\\{UNINSTALL}",
    )
    assert "installed once" in detection.describe()


def test_a_folder_named_like_the_program_is_not_the_program(tmp_path: Path) -> None:
    (tmp_path / "Local" / "Programs" / facts.DEVTOOL_INSTALL_FOLDER / f"{NEW}.exe").mkdir(
        parents=True
    )
    detection = detect_devtool(windows(tmp_path))
    assert not detection.installed
    assert detection.describe() == "The developer tool was not found on this computer."


def test_nothing_installed_and_cancel(tmp_path: Path) -> None:
    assert detect_devtool(windows(tmp_path)).install is None
    fake_program(tmp_path / "Local" / "Programs" / facts.DEVTOOL_INSTALL_FOLDER)
    assert detect_devtool(windows(tmp_path), cancel=lambda: True).install is None
    assert detect_devtool(windows(tmp_path), cancel=lambda: False).install is not None


def test_detection_never_writes(tmp_path: Path) -> None:
    registry = Registry()
    before = sorted(tmp_path.rglob("*"))
    detect_devtool(windows(tmp_path, registry))
    assert sorted(tmp_path.rglob("*")) == before
    assert registry.reads and all(
        hive in ("HKCU", "HKLM", "HKCR") for hive, _k, _n in registry.reads
    )


@pytest.mark.parametrize(
    ("command", "program"),
    [
        (
            r'"C:\Program Files\a b\抖音开发者工具.exe" "%1"',
            r"C:\Program Files\a b\抖音开发者工具.exe",
        ),
        (r"C:\Tools\ide\x.exe %1", r"C:\Tools\ide\x.exe"),
        (r"C:\Tools\ide\x.EXE", r"C:\Tools\ide\x.EXE"),
        (r"C:\a\tool --flag", r"C:\a\tool"),
        ('"C:\\unterminated', "C:\\unterminated"),
    ],
)
def test_program_in_command(command: str, program: str) -> None:
    assert program_in_command(command) == program


# --- detection on macOS and elsewhere ------------------------------------------------------


def make_bundle(base: Path, name: str, info: object | bytes | None) -> Path:
    bundle = base / f"{name}.app"
    (bundle / "Contents" / "MacOS").mkdir(parents=True)
    if isinstance(info, bytes):
        (bundle / "Contents" / "Info.plist").write_bytes(info)
    elif info is not None:
        with (bundle / "Contents" / "Info.plist").open("wb") as handle:
            plistlib.dump(info, handle)
    return bundle


def mac(tmp_path: Path) -> Places:
    return Places(System.MACOS, None, {}, tmp_path / "home", tmp_path / "root")


def test_mac_applications_with_version(tmp_path: Path) -> None:
    bundle = make_bundle(
        tmp_path / "root" / "Applications", NEW, {"CFBundleShortVersionString": "4.5.1"}
    )
    detection = detect_devtool(mac(tmp_path))
    assert detection.install is not None and detection.install.program == bundle
    assert detection.install.version == "4.5.1"
    assert detection.install.found_by is FoundBy.APPLICATIONS_FOLDER


def test_mac_user_applications_old_name_and_bundle_version(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path / "home" / "Applications", OLD, {"CFBundleVersion": "3.3.7"})
    install = detect_devtool(mac(tmp_path)).install
    assert install is not None and install.program == bundle and install.is_old_name
    assert install.version == "3.3.7"


@pytest.mark.parametrize(
    "info", [None, b"not a plist", b"<?xml version='1.0'?><plist><dict>", ["x"]]
)
def test_mac_damaged_info_plist_gives_no_version(tmp_path: Path, info: object) -> None:
    bundle = make_bundle(tmp_path / "root" / "Applications", NEW, info)
    assert bundle_version(bundle) is None
    install = detect_devtool(mac(tmp_path)).install
    assert install is not None and install.version is None


def test_mac_not_installed_and_linux(tmp_path: Path) -> None:
    assert detect_devtool(mac(tmp_path)).install is None
    fake_program(tmp_path / "Local" / "Programs" / facts.DEVTOOL_INSTALL_FOLDER)
    linux = Places(
        System.LINUX, None, {"LOCALAPPDATA": str(tmp_path / "Local")}, tmp_path, tmp_path
    )
    assert detect_devtool(linux).install is None


# --- the link and the launch plan ---------------------------------------------------------


def encode_uri_component(text: str) -> str:
    """What the official CLI does, computed by Node itself."""
    node = shutil.which("node")
    assert node is not None
    result = subprocess.run(
        [node, "-e", "process.stdout.write(encodeURIComponent(process.argv[1]))", text],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    return result.stdout


FOLDERS = [
    "/Users/店主/Downloads/小程序 代码包",
    r"C:\Users\店主\Desktop\我的 小程序(1)",
    "/tmp/a&b=c#d%e+f?g'h!~*",
    "/home/x/emoji 🛍️ shop",
]


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
@pytest.mark.parametrize("folder", FOLDERS)
def test_link_is_what_the_official_cli_builds(folder: str) -> None:
    query = f"path={folder}&project-type=microapp"
    url = open_project_url(folder)
    assert url == "bytedanceide:?" + encode_uri_component(query)
    assert unquote(url.removeprefix("bytedanceide:?")) == query
    # The whole query is one encoded piece: nothing in the folder can split it.
    assert "&" not in url and "=" not in url and "#" not in url


def test_relative_folder_is_joined_to_the_current_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = open_project_url(Path("代码包"))
    assert unquote(url.removeprefix("bytedanceide:?")) == (
        f"path={os.path.join(os.getcwd(), '代码包')}&project-type=microapp"
    )


@given(st.text(min_size=1, max_size=60).filter(lambda t: "\x00" not in t))
@settings(max_examples=examples(200))
def test_link_round_trips_any_folder(name: str) -> None:
    folder = "/x/" + name
    url = open_project_url(folder)
    assert url.isascii()
    assert unquote(url.removeprefix("bytedanceide:?"), errors="surrogateescape") == (
        f"path={folder}&project-type=microapp"
    )


def test_tool_environment_drops_electron_run_as_node() -> None:
    env = {"PATH": "/bin", "ELECTRON_RUN_AS_NODE": "1", "Electron_Run_As_Node": "1"}
    assert tool_environment(env, System.WINDOWS) == {"PATH": "/bin"}
    assert tool_environment(env, System.MACOS) == {"PATH": "/bin", "Electron_Run_As_Node": "1"}


def test_launch_plans(tmp_path: Path) -> None:
    folder = str(tmp_path / "小程序 代码包")
    env = {"ELECTRON_RUN_AS_NODE": "1", "HOME": "/h"}
    exe = ToolInstall(Path("C:/ide/抖音开发者工具.exe"), NEW, "4.5.1", FoundBy.URL_HANDLER, "x")
    plan = launch_plan(exe, folder, System.WINDOWS, env)
    assert plan.program == str(exe.program)
    assert plan.arguments == (open_project_url(folder),)
    assert "ELECTRON_RUN_AS_NODE" not in plan.environment and plan.environment["HOME"] == "/h"
    app = ToolInstall(
        Path("/Applications/抖音开发者工具.app"), NEW, None, FoundBy.APPLICATIONS_FOLDER, ""
    )
    plan = launch_plan(app, folder, System.MACOS, env)
    assert plan.program == "/usr/bin/open"
    assert plan.arguments == ("-a", str(app.program), open_project_url(folder))


def test_manual_steps_name_the_folder_and_the_buttons(chinese: None) -> None:
    steps = manual_import_steps("/x/代码包")
    assert any("「导入项目」" in step for step in steps)
    assert any("/x/代码包" in step for step in steps)
    assert any("「信任并运行」" in step for step in steps)


# --- the step's record and done-condition -----------------------------------------------------


def test_answers_round_trip() -> None:
    answers = DevtoolAnswers(True, True, "/x/代码包", "4.5.1", "2026-11-29T20:00:00+00:00")
    assert DevtoolAnswers.from_dict(json.loads(json.dumps(answers.to_dict()))) == answers


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "x",
        {"package_open": "yes", "logged_in_as_member": 1, "folder": 3, "confirmed_at": "soon"},
        {"folder": "a\x00b", "tool_version": "x" * 5000, "confirmed_at": "9" * 100},
    ],
)
def test_answers_from_damaged_data_keep_nothing_bad(data: object) -> None:
    assert DevtoolAnswers.from_dict(data) == DevtoolAnswers()


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    )
)
def test_answers_from_any_json_never_raise(data: object) -> None:
    answers = DevtoolAnswers.from_dict(data)
    assert DevtoolAnswers.from_dict(answers.to_dict()) == answers


def test_done_condition() -> None:
    both = DevtoolAnswers(True, True, "/x/pkg")
    assert devtool_step_done(None, applies=False)
    assert not devtool_step_done(None, applies=True)
    assert not devtool_step_done(DevtoolAnswers(True, False), applies=True)
    assert not devtool_step_done(DevtoolAnswers(False, True), applies=True)
    assert devtool_step_done(both, applies=True)
    assert devtool_step_done(both, applies=True, current_folder="/x/pkg/")
    assert not devtool_step_done(both, applies=True, current_folder="/y/pkg")


# --- the command ---------------------------------------------------------------------------


def run_cli(*args: str, lang: str = "en_US.UTF-8") -> subprocess.CompletedProcess[str]:
    """The devtool command through wizard.cli.main in this process."""
    return run_in_process(["devtool", *args], env={"LANG": lang, "LC_ALL": lang})


def run_subprocess(*args: str, lang: str = "en_US.UTF-8") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), LANG=lang, LC_ALL=lang, PYTHONUTF8="1")
    return subprocess.run(
        [sys.executable, "-m", "wizard", "devtool", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def test_command_json_describes_this_computer() -> None:
    result = run_cli("--json")
    assert result.returncode == 0, result.stderr
    view = json.loads(result.stdout)
    computer = this_computer()
    assert view["os"] == computer.system.value
    assert view["architecture"] == computer.architecture
    assert view["can_run_tool"] is computer.can_run_tool
    assert view["download_page"] == facts.DEVTOOL_DOWNLOAD_URL
    assert set(view) >= {"installed", "found", "message", "build", "advice", "os_version"}
    if computer.system is System.LINUX:
        assert view["installed"] is False and view["found"] is None


def test_command_text_in_chinese_and_bad_usage() -> None:
    result = run_cli(lang="zh_CN.UTF-8")
    assert result.returncode == 0, result.stderr
    assert "这台电脑" in result.stdout and facts.DEVTOOL_DOWNLOAD_URL in result.stdout
    bad = run_cli("--nope")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert run_cli("--help").returncode == 0


def test_computer_dataclass_is_frozen() -> None:
    computer = Computer(System.LINUX, "6.1", "x64")
    with pytest.raises(AttributeError):
        computer.version = "7"  # type: ignore[misc]


@pytest.mark.slow
def test_the_real_entry_point_in_a_subprocess() -> None:
    done = run_subprocess("--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["os"] == this_computer().system.value
