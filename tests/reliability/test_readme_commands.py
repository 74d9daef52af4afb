"""The README's first code block works as written on a stock system: `python3` only (Debian 12
and Ubuntu 23.04+ have no `python` and refuse a system-wide `pip install`), a fresh virtual
environment, an editable install, then the app. Run on a copy of the sources, so the checkout
gets no .venv; the final start gets `--version` (a window would never end by itself)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import wizard

ROOT = Path(wizard.__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "setup.py", "README.md", "wizard", "resources")


def first_code_block() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    match = re.search(r"^```[^\n]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    assert match, "README has no code block"
    return match.group(1).strip()


def test_the_first_code_block_needs_only_python3_and_a_venv() -> None:
    block = first_code_block()
    commands = [part.strip() for part in block.split("&&")]
    assert commands[0].startswith("python3 -m venv "), block
    # Nothing runs a bare `python` or `pip` (absent, or externally managed, on Debian).
    for command in commands[1:]:
        assert command.split()[0].startswith(".venv/"), command
    assert commands[-1].endswith("-m wizard"), block
    system_line = (ROOT / "README.md").read_text("utf-8")
    assert "sudo apt install python3-venv" in system_line


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="the POSIX block (Windows has its own line)")
def test_the_readmes_first_commands_run_in_a_fresh_venv_from_python3(tmp_path: Path) -> None:
    python3 = shutil.which("python3")
    if python3 is None:
        pytest.skip("no python3 on PATH")
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / name)
    # Nothing from this test's environment leaks in; pip may reuse its cache and wheel folders.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV")
    }
    env.update(QT_QPA_PLATFORM="offscreen", MINIAPP_PUBLISHER_HOME=str(tmp_path / "home"))
    commands = [part.strip() for part in first_code_block().split("&&")]
    commands[-1] += " --version"  # the app itself would open a window and wait
    script = " && ".join(commands)
    result = subprocess.run(
        ["sh", "-c", script],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=1500,
    )
    assert result.returncode == 0, f"{script}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert wizard.__version__ in result.stdout
    venv_python = source / ".venv" / "bin" / "python"
    assert venv_python.exists()
    located = subprocess.run(
        [str(venv_python), "-c", "import wizard; print(wizard.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert Path(located.stdout.strip()).is_relative_to(source), located
