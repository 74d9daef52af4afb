"""Values from outside the app are echoed bounded and never reach the terminal raw: a version
thousands of digits long gets a sentence (the version checks never raise), a huge profile key
gives a short report, and control characters from a profile or a program name are shown as
escapes by check-profile and status (their JSON stays valid and means the same)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import wizard
from tests.ui.conftest import OpenWizard, keyring_file, open_wizard  # noqa: F401  (fixtures)
from wizard.core import versions
from wizard.core.echo import elide, escape_controls, shown
from wizard.core.paths import app_paths
from wizard.core.releases import ReleaseHistory, ReleaseRuleError
from wizard.core.state import ProgramStore

ROOT = Path(wizard.__file__).resolve().parent.parent
LONG_VERSIONS = [
    "9" * 5000,
    "0" * 5000 + "1",
    "1." + "9" * 5000,
    "1.0." + "0" * 5000 + "5",
    "v" + "0" * 6000 + "2",
    "１．" + "０" * 5000 + "３",
    "1." * 3000,
]
# Escape, CSI, OSC with a bell, carriage return, the 8-bit CSI and a right-to-left override.
CONTROLS = "\x1b[2J\x1b]0;owned\x07\r\x9b31m\u202e"


@pytest.mark.parametrize("text", LONG_VERSIONS, ids=lambda t: f"{t[:6]}…{len(t)}")
def test_version_checks_never_raise_and_say_it_briefly(text: str) -> None:
    checks = [
        versions.check_version(text),
        versions.check_version("1.0.0", text),
        versions.check_version(text, "1.0.0"),
        versions.check_live_version(text),
    ]
    for check in checks:
        assert len(check.message) < 400
    versions.parse_lenient(text)
    history = ReleaseHistory()
    history.check_new_version(text)
    try:
        history.declare_live(text)
    except ReleaseRuleError as refused:  # a sentence; Python's own digit limit never escapes
        assert len(refused.message) < 400


def test_elide_counts_what_it_leaves_out() -> None:
    assert elide("abc", 3) == "abc"
    assert elide("a" * 12_348, 3) == "aaa…(12,345 more characters)"
    assert shown("x\ny" + "z" * 500).startswith("x\\u000ay")
    assert len(shown("k" * 100_000)) < 200


def test_control_characters_become_visible_escapes() -> None:
    escaped = escape_controls(f"a{CONTROLS}b\tc\nd")
    assert not any(ch in escaped for ch in "\x1b\x07\r\x9b\u202e")
    assert "\\u001b[2J" in escaped and "\\u202e" in escaped and "\tc\nd" in escaped
    assert escape_controls("花店 ok") == "花店 ok"
    assert json.loads(f'"{escape_controls(CONTROLS)}"') == CONTROLS


def run(*args: str, env_home: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ.copy()
    env.update({"LANG": "en_US.UTF-8", "MINIAPP_PUBLISHER_HOME": str(env_home)})
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def assert_no_controls(text: str) -> None:
    bad = [ch for ch in text if ch in "\x1b\x07\r\x9b\u202e"]
    assert not bad, repr(text[:300])


@pytest.mark.slow
def test_check_profile_escapes_and_bounds_what_it_echoes(tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    document = {
        "schema_version": 1,
        "id": "x",
        f"k{CONTROLS}": 1,
        "K" * 100_000: 2,
        "name": {"en": f"Evil{CONTROLS}"},
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    text = run("check-profile", str(path), env_home=tmp_path / "home")
    assert text.returncode == 1, text.stderr
    assert_no_controls(text.stdout + text.stderr)
    assert len(text.stdout) < 3000 and "more characters)" in text.stdout
    as_json = run("check-profile", str(path), "--json", env_home=tmp_path / "home")
    assert_no_controls(as_json.stdout)
    report = json.loads(as_json.stdout)
    assert len(as_json.stdout) < 5000
    assert any("more characters)" in problem["field"] for problem in report["problems"])


@pytest.mark.slow
def test_status_escapes_a_program_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("MINIAPP_PUBLISHER_HOME", str(home))
    store = ProgramStore(app_paths())
    store.load()
    name = f"花店{CONTROLS}" + "长" * 5000
    store.create(name)
    store.save()
    text = run("status", env_home=home)
    assert text.returncode == 0, text.stderr
    assert_no_controls(text.stdout + text.stderr)
    assert "花店\\u001b[2J" in text.stdout and len(text.stdout) < 3000
    as_json = run("status", "--json", env_home=home)
    assert_no_controls(as_json.stdout)
    # The JSON still carries the name exactly (escapes JSON reads back).
    assert json.loads(as_json.stdout)["programs"][0]["name"] == store.ordered()[0].name


@pytest.mark.slow
def test_pasting_a_huge_version_into_the_pages_gives_a_sentence(
    open_wizard: OpenWizard,  # noqa: F811
) -> None:
    """pytest-qt fails the test on an exception in a slot: the crash dialog's case."""
    from wizard.ui.pages.version_page import VersionPage

    window = open_wizard()
    window.context.create_program("花店")
    page = window.page_for("version")
    assert isinstance(page, VersionPage)
    page.load_now()
    for text in LONG_VERSIONS:
        page.live_edit.setText(text)
        page.version_edit.setText(text)
        assert len(page.live_notice.text()) < 600
