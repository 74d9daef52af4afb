"""build_installer.py --profile: the profile is checked as the app checks it, staged under its
fixed name for the spec, and the frozen app's self-test must name it."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs" / "example-profile.json"
sys.path.insert(0, str(REPO / "packaging"))

import buildlib  # noqa: E402


def test_a_good_profile_is_staged_byte_for_byte(tmp_path: Path) -> None:
    staged, digest = buildlib.stage_profile(EXAMPLE, tmp_path)
    assert staged == tmp_path / "profile" / "provider.json"
    assert staged.read_bytes() == EXAMPLE.read_bytes()
    assert digest == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    assert buildlib.profile_expectation(digest) == [f"sha256 {digest[:12]}"]
    assert buildlib.profile_expectation("") == ["no provider profile baked in"]


def test_a_bad_profile_stops_the_build_with_its_sentences(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "admin": {"url": "http://a.example.com/"}}')
    with pytest.raises(buildlib.BuildError) as caught:
        buildlib.stage_profile(bad, tmp_path / "build")
    message = str(caught.value)
    assert "cannot be baked in" in message and "admin.url" in message
    assert "check-profile" in message
    assert not (tmp_path / "build" / "profile").exists()


def test_the_pyinstaller_command_passes_the_staged_profile_to_the_spec() -> None:
    cmd = buildlib.pyinstaller_cmd("python", distpath="d", workpath="w", profile="p/provider.json")
    assert cmd[-3:] == ["--", "--profile", "p/provider.json"]
    assert "--" not in buildlib.pyinstaller_cmd("python", distpath="d", workpath="w")


def test_build_installer_refuses_a_bad_profile_before_freezing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "name": {"zh": "<b>x</b>", "en": 5}}')
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "build_installer.py"),
            "--no-installer",
            "--profile",
            str(bad),
            "--build",
            str(tmp_path / "build"),
            "--dist",
            str(tmp_path / "dist"),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 1
    assert "BUILD FAILED" in done.stdout and "name.en" in done.stdout
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "dist").exists()
