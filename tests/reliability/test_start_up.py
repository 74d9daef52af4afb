"""Starting the real app (a subprocess) after damage and kills: it always reaches its window,
and what a killed run left behind is cleaned up."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import wizard
from wizard.core.housekeeping import find_leftovers
from wizard.core.paths import app_paths, documents_folder
from wizard.core.state import ProgramStore

from .hostile import HOSTILE_JSON, ODD_BUT_LOADABLE

ROOT = Path(wizard.__file__).resolve().parent.parent


def app_env() -> dict[str, str]:
    env = os.environ.copy()
    env["LANG"] = "en_US.UTF-8"
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def start_and_quit() -> subprocess.CompletedProcess[str]:
    env = app_env()
    env["MINIAPP_PUBLISHER_EXIT_AFTER_SHOW"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "wizard"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
    )


@pytest.mark.parametrize(
    ("state", "settings"),
    [
        ("deeply nested list", "integer with thousands of digits"),
        ("integer too large for a float", "nan literal"),
        ("float too large", "deeply nested object"),
    ],
)
@pytest.mark.slow
def test_the_app_reaches_its_window_whatever_the_saved_files_hold(
    state: str, settings: str
) -> None:
    paths = app_paths()
    paths.ensure()
    paths.state_file.write_bytes(HOSTILE_JSON[state])
    paths.settings_file.write_bytes(HOSTILE_JSON[settings])

    result = start_and_quit()

    assert result.returncode == 0, result.stdout + result.stderr
    assert "first-window-shown" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    kept = sorted(p.name for p in paths.state.iterdir() if ".unreadable-" in p.name)
    kept += sorted(p.name for p in paths.config.iterdir() if ".unreadable-" in p.name)
    assert len(kept) == 2, kept


def test_a_lone_surrogate_in_the_state_file_does_not_stop_saving() -> None:
    paths = app_paths()
    paths.ensure()
    paths.state_file.write_bytes(ODD_BUT_LOADABLE["lone surrogate in a name"])
    paths.settings_file.write_bytes(ODD_BUT_LOADABLE["lone surrogate in settings"])

    result = start_and_quit()

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not [p for p in paths.state.iterdir() if p.name.endswith(".tmp")]


def _partial(parent: Path, name: str) -> Path:
    folder = parent / name
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "index.js").write_bytes(b"x" * 100_000)
    return folder


@pytest.mark.slow
def test_a_killed_runs_leftovers_are_removed_at_start_and_nothing_else() -> None:
    paths = app_paths()
    paths.ensure()
    store = ProgramStore(paths)
    program = store.create("花店")
    custom = paths.state.parent / "elsewhere" / "花店"
    custom.parent.mkdir(parents=True)
    program.answer("package")["target"] = str(custom)
    store.save()
    documents = documents_folder()
    documents.mkdir(parents=True)
    leftovers = [
        paths.state / f".state.json.{os.urandom(6).hex()}.tmp",
        paths.config / f".settings.json.{os.urandom(6).hex()}.tmp",
    ]
    for temporary in leftovers:
        temporary.write_text("{half", encoding="utf-8")
    partials = [
        _partial(documents, ".花店.partial-ab12cd_9"),
        _partial(custom.parent, ".花店.partial-zz99yy88"),
    ]
    keep = [
        _partial(documents, "花店"),  # the merchant's own folders
        _partial(documents, ".notes.partial-toolongname"),
        _partial(documents, "shop.partial-ab12cd34"),  # not hidden: not a name the app makes
    ]
    (documents / "report.tmp").write_text("not ours", encoding="utf-8")

    process = subprocess.Popen(
        [sys.executable, "-m", "wizard"],
        cwd=ROOT,
        env=app_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while any(p.exists() for p in leftovers + partials):
            assert process.poll() is None, "the app stopped"
            assert time.monotonic() < deadline, "leftovers were not removed"
            time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert all(folder.is_dir() for folder in keep)
    assert (documents / "report.tmp").exists()
    assert json.loads(paths.state_file.read_text("utf-8"))["programs"]


def test_leftovers_are_found_only_in_the_apps_folders_and_unpack_parents(tmp_path: Path) -> None:
    paths = app_paths()
    paths.ensure()
    stray = tmp_path / "unrelated"
    _partial(stray, ".x.partial-abcdefgh")
    found = find_leftovers(paths, [{"target": "relative/not/absolute"}, {"extracted_to": 3}])
    assert found.partial_folders == [] and found.temporary_files == []


SAVER = textwrap.dedent(
    """
    import sys
    from wizard.core.paths import app_paths
    from wizard.core.state import ProgramStore
    store = ProgramStore(app_paths())
    store.load()
    program = store.create("花店")
    n = 0
    print("ready", flush=True)
    while True:
        n += 1
        program.answer("registration")["n"] = n
        program.answer("registration")["text"] = "长文本" * (n % 500)
        store.save()
    """
)


@pytest.mark.slow
def test_kill_9_during_saves_never_tears_the_file_and_start_up_cleans_up() -> None:
    paths = app_paths()
    paths.ensure()
    rng = random.Random(8)
    for _round in range(25):
        saver = subprocess.Popen(
            [sys.executable, "-c", SAVER],
            cwd=ROOT,
            env=app_env(),
            stdout=subprocess.PIPE,
            text=True,
        )
        assert saver.stdout is not None and saver.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.01, 0.2))
        saver.send_signal(signal.SIGKILL)
        saver.wait(timeout=20)
        store = ProgramStore(paths)
        result = store.load()
        assert result.problem == "", result.problem  # never torn: the old or the new file
        assert store.programs
    leftovers = find_leftovers(paths)
    leftovers.remove()
    assert not [p for p in paths.state.iterdir() if p.name.endswith(".tmp")]
