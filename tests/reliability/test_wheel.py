"""Installed as a normal package (a wheel in a fresh venv, run outside the source tree), the
app still has its translations and icons, and its self-test passes in Chinese."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import wizard

ROOT = Path(wizard.__file__).resolve().parent.parent
# What a wheel is built from (a copy: building in the checkout would race a second test run).
SOURCES = ("pyproject.toml", "setup.py", "README.md", "wizard", "resources")


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=600,
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.mark.slow
def test_a_wheel_in_a_fresh_venv_passes_its_self_test_in_chinese(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / name)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), "."], source)
    (wheel,) = tmp_path.glob("miniapp_publisher-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "wizard/resources/i18n/zh_CN/app.po" in names
    assert "wizard/resources/icons/miniapp-publisher-256.png" in names
    # The preload the CLI's Node always starts with (wizard.core.upload.cli_runner).
    assert "wizard/resources/upload-cli/preload.js" in names

    # Nothing from this environment leaks in (PYTHONPATH would show pip the checkout).
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(
        LANG="zh_CN.UTF-8",
        LC_ALL="zh_CN.UTF-8",
        QT_QPA_PLATFORM="offscreen",
        MINIAPP_PUBLISHER_HOME=str(tmp_path / "home"),
    )
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], tmp_path, env)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = Path(
        run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            tmp_path,
            env,
        ).strip()
    )
    run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        tmp_path,
        env,
    )
    # Then the dependencies (PySide6, keyring, platformdirs) from this test's environment (added
    # after the install, so pip does not take its editable copy for "already installed"); the
    # app itself only from the wheel.
    (purelib / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    located = run([str(python), "-c", "import wizard; print(wizard.__file__)"], outside, env)
    assert Path(located.strip()).is_relative_to(venv), located
    report = run([str(python), "-m", "wizard", "--self-test"], outside, env)
    assert "self-test passed" in report
    assert "zh_CN messages" in report and "qtbase_zh_CN.qm loads" in report
    resources_line = next(line for line in report.splitlines() if "resources:" in line)
    assert str(purelib / "wizard" / "resources") in resources_line, resources_line
