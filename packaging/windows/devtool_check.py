"""The frozen Windows app finds the developer tool (抖音开发者工具) the way it is installed.

Run by build_under_wine.py after the self-tests. In the test prefix it installs a stand-in for
the tool as electron-builder's installer would leave it (a program file in a folder, the
InstallLocation and uninstall registry keys with DisplayVersion, the bytedanceide: URL handler,
all written with ``wine reg add``) and checks that the frozen app's ``devtool --json`` reports
it with its version; then the old name in the default per-user folder without any registry
key; and, before and after, that without them it says the tool is not installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any, Protocol

from buildlib import BuildError

PRODUCT_CODE = "0d6cc698-a1aa-5593-a60b-0310adcebfe2"
NEW_NAME, OLD_NAME = "抖音开发者工具", "字节跳动开发者工具"
FAKE_VERSION = "4.5.1"
# A custom install folder (not the default) with Chinese letters and spaces, on drive C:.
FAKE_FOLDER = r"C:\DevtoolTest\抖音 开发者工具 测试"
INSTALL_KEY = "HKCU\\Software\\" + PRODUCT_CODE
UNINSTALL_KEY = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\" + PRODUCT_CODE
HANDLER_ROOT = "HKCU\\Software\\Classes\\bytedanceide"
HANDLER_KEY = HANDLER_ROOT + "\\shell\\open\\command"


class WineRunner(Protocol):
    """The part of build_under_wine.Wine used here."""

    env: dict[str, str]

    def run(
        self,
        args: list[str],
        *,
        what: str,
        timeout: float = ...,
        extra_env: dict[str, str] | None = ...,
        quiet: bool = ...,
    ) -> str: ...


def host_path(prefix: Path, windows_path: str) -> Path:
    """Where a C:\\ path of the prefix lives on this machine."""
    drive, _, rest = windows_path.partition(":\\")
    if drive.upper() != "C":
        raise BuildError(f"{windows_path} is not on drive C: of the prefix.")
    return prefix / "drive_c" / Path(*rest.split("\\"))


def _reg_delete(wine: WineRunner, key: str) -> None:
    # The key may not be there: not an error, so not through Wine.run (which raises).
    subprocess.run(
        ["wine", "reg", "delete", key, "/f"],
        env=wine.env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        check=False,
    )


def _reg_add(wine: WineRunner, key: str, name: str | None, value: str) -> None:
    which = ["/ve"] if name is None else ["/v", name]
    wine.run(
        ["reg", "add", key, *which, "/t", "REG_SZ", "/d", value, "/f"],
        what=f"reg add {key.rsplit(chr(92), 1)[-1]} {name or '(default)'}",
        timeout=60,
        quiet=True,
    )


def remove_fake_tool(wine: WineRunner, prefix: Path, local_appdata: Path) -> None:
    for key in (INSTALL_KEY, UNINSTALL_KEY, HANDLER_ROOT):
        _reg_delete(wine, key)
    shutil.rmtree(host_path(prefix, r"C:\DevtoolTest"), ignore_errors=True)
    shutil.rmtree(local_appdata / "Programs" / "@bytedminiprogram-ide", ignore_errors=True)


def _fake_program(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Detection only needs the file; it is never started here.
    path.write_bytes(b"MZ stand-in for the developer tool\n")


def install_fake_tool(wine: WineRunner, prefix: Path) -> str:
    """Leave the traces electron-builder's per-user installer leaves; returns the program."""
    program = FAKE_FOLDER + "\\" + NEW_NAME + ".exe"
    _fake_program(host_path(prefix, program))
    _reg_add(wine, INSTALL_KEY, "InstallLocation", FAKE_FOLDER)
    _reg_add(wine, UNINSTALL_KEY, "DisplayName", f"{NEW_NAME} {FAKE_VERSION}")
    _reg_add(wine, UNINSTALL_KEY, "DisplayVersion", FAKE_VERSION)
    _reg_add(wine, UNINSTALL_KEY, "DisplayIcon", program + ",0")
    _reg_add(wine, UNINSTALL_KEY, "InstallLocation", FAKE_FOLDER)
    _reg_add(wine, HANDLER_KEY, None, f'"{program}" "%1"')
    return program


def devtool_json(wine: WineRunner, exe: str, env: dict[str, str], what: str) -> dict[str, Any]:
    output = wine.run([exe, "devtool", "--json"], what=what, timeout=180, extra_env=env, quiet=True)
    start, end = output.find("{"), output.rfind("}")
    try:
        view = json.loads(output[start : end + 1]) if start >= 0 else None
    except json.JSONDecodeError:
        view = None
    if not isinstance(view, dict):
        raise BuildError(f"'devtool --json' printed no JSON object ({what}); see above.")
    return view


def _expect(view: dict[str, Any], what: str, **wanted: object) -> None:
    wrong = {key: view.get(key) for key, value in wanted.items() if view.get(key) != value}
    if wrong:
        raise BuildError(f"'devtool --json' {what}: expected {wanted}, got {wrong}.")


def _expect_found(view: dict[str, Any], what: str, **wanted: object) -> None:
    found = view.get("found")
    if not isinstance(found, dict):
        raise BuildError(f"'devtool --json' {what}: the tool was not found ({view}).")
    for key, value in wanted.items():
        got = found.get(key)
        same = (
            got.lower() == value.lower()
            if isinstance(got, str) and isinstance(value, str)
            else got == value
        )
        if not same:
            raise BuildError(f"'devtool --json' {what}: found.{key} is {got!r}, not {value!r}.")


def check_devtool_detection(
    wine: WineRunner, prefix: Path, local_appdata: Path, exe: str, env: dict[str, str]
) -> None:
    """Not installed → installed with registry keys → old name in the default folder → gone."""
    remove_fake_tool(wine, prefix, local_appdata)
    try:
        view = devtool_json(wine, exe, env, "devtool --json (nothing installed)")
        _expect(
            view,
            "without the tool",
            os="windows",
            can_run_tool=True,
            build="windows-x64",
            installed=False,
            found=None,
        )

        program = install_fake_tool(wine, prefix)
        view = devtool_json(wine, exe, env, "devtool --json (registry keys)")
        _expect(view, "with the registry keys", installed=True)
        _expect_found(
            view,
            "with the registry keys",
            program=program,
            name=NEW_NAME,
            version=FAKE_VERSION,
            found_by="install-location",
        )
        handler = view.get("url_handler")
        if not isinstance(handler, str) or program.lower() not in handler.lower():
            raise BuildError(f"'devtool --json' did not report the URL handler: {handler!r}.")
        print(f"    found {program} {FAKE_VERSION} through the registry")

        remove_fake_tool(wine, prefix, local_appdata)
        old = local_appdata / "Programs" / "@bytedminiprogram-ide" / f"{OLD_NAME}.exe"
        _fake_program(old)
        view = devtool_json(wine, exe, env, "devtool --json (default folder)")
        _expect_found(
            view,
            "with the old name in the default folder",
            name=OLD_NAME,
            found_by="default-folder",
        )
        print(f"    found {OLD_NAME}.exe in the default per-user folder without registry keys")
    finally:
        remove_fake_tool(wine, prefix, local_appdata)
    view = devtool_json(wine, exe, env, "devtool --json (removed again)")
    _expect(view, "after removing the tool", installed=False, found=None, stale=[])
    print("    not installed: said so before and after")
