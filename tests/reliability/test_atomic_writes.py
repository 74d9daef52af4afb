"""One atomic write, one temporary-name rule, one start-up sweep; project.config.json is read
only through wizard.core.safe_json.

A killed write leaves its temporary file; the start-up sweep recognises every name the app's
writes use (and the names older versions used, such as the package's
`.project.config.XXXXXXXX`), removes them from the app's folders and, for project.config.json
only, from the package folders the answers name, and leaves the merchant's other files alone.
A hostile project.config.json (nested 100,000 deep, a FIFO, 50 MB) gives a sentence, never a
traceback or a hang.
"""

from __future__ import annotations

import io
import json
import os
import re
import threading
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from wizard import cli
from wizard.core import atomic, safe_json
from wizard.core.domains.scan import code_root
from wizard.core.housekeeping import find_leftovers
from wizard.core.paths import app_paths
from wizard.core.profile.store import profiles_dir
from wizard.core.upload import outcome as up
from wizard.core.upload.uploader import folder_appid, upload_version

APPID = "tt411d37a0de37d565"
WIZARD = Path(__file__).resolve().parents[2] / "wizard"


def test_one_atomic_write_in_the_code() -> None:
    """Renames over a file happen in atomic.py only (plus the log's rotation and the
    download's finished part, which are moves, not writes); nobody makes temporary names of
    their own."""
    allowed = {"core/atomic.py", "core/logs.py", "net/download.py"}
    for path in WIZARD.rglob("*.py"):
        name = path.relative_to(WIZARD).as_posix()
        text = path.read_text("utf-8")
        if name not in allowed:
            assert "os.replace(" not in text, name
        if name.startswith("core/") and name != "core/atomic.py":
            assert "mkstemp(" not in text and '.tmp"' not in text, name


def test_project_config_is_read_only_through_safe_json() -> None:
    reads = re.compile(r"json\.loads?\([^)]*PROJECT_CONFIG", re.DOTALL)
    for path in WIZARD.rglob("*.py"):
        text = path.read_text("utf-8")
        assert not reads.search(text), path


def test_a_failed_write_leaves_neither_a_temporary_file_nor_a_changed_target(
    tmp_path: Path,
) -> None:
    target = tmp_path / "settings.json"
    target.write_text("old", "utf-8")
    atomic.write_text_atomically(target, "new")
    assert target.read_text("utf-8") == "new" and os.listdir(tmp_path) == ["settings.json"]
    folder_target = tmp_path / "a-folder"
    (folder_target / "inside").mkdir(parents=True)
    with pytest.raises(OSError):
        atomic.write_atomically(folder_target, b"x")  # a folder cannot be replaced by a file
    assert sorted(os.listdir(tmp_path)) == ["a-folder", "settings.json"]


def test_the_sweep_knows_every_temporary_name(tmp_path: Path) -> None:
    paths = app_paths()
    paths.ensure()
    package = tmp_path / "花店代码"
    package.mkdir()
    (package / "project.config.json").write_text("{}", "utf-8")
    left = [
        # Today's rule, in every folder the app writes to.
        atomic.temporary_name(paths.state_file),
        atomic.temporary_name(paths.settings_file),
        atomic.temporary_name(paths.cache / "catalog-zh_CN.json"),
        atomic.temporary_name(paths.downloads / "package.zip.part.json"),
        atomic.temporary_name(profiles_dir(paths) / "0123abcd.json"),
        atomic.temporary_name(package / "project.config.json"),
        # What older versions left: mkstemp's names, the pid-named catalog cache.
        package / ".project.config.k2_x9abz",
        paths.cache / ".catalog-zh_CN.json.4242.tmp",
    ]
    # The merchant's own files in the package are never touched, even tmp-looking ones.
    kept = [package / ".eslintrc.0123456789ab.tmp", package / ".project.config.json.bak"]
    for path in left + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half", "utf-8")
    found = find_leftovers(paths, [{"extracted_to": str(package)}])
    assert sorted(found.temporary_files) == sorted(left)
    assert found.remove() == len(left)
    assert all(not p.exists() for p in left) and all(p.exists() for p in kept)


def test_a_link_named_like_a_temporary_file_is_not_followed(tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("symbolic links")
    outside = tmp_path / "precious.txt"
    outside.write_text("keep", "utf-8")
    paths = app_paths()
    paths.ensure()
    link = atomic.temporary_name(paths.state_file)
    link.symlink_to(outside)
    assert atomic.sweep_temporary_files(paths.state) == []
    assert outside.read_text("utf-8") == "keep"


def hostile_package(tmp_path: Path, kind: str) -> Path:
    folder = tmp_path / f"package-{kind}"
    folder.mkdir()
    (folder / "app.json").write_text("{}", "utf-8")
    (folder / "app.js").write_text("tt.request({url: 'https://api.example.com/x'})", "utf-8")
    config = folder / "project.config.json"
    if kind == "deep":
        config.write_text('{"appid": ' + "[" * 100_000 + "]" * 100_000 + "}", "utf-8")
    elif kind == "huge":
        config.write_text(json.dumps({"appid": APPID, "pad": "x" * (50 * 1024 * 1024)}))
    elif kind == "fifo":
        os.mkfifo(config)
    return folder


KINDS = ["deep", "huge"] + (["fifo"] if hasattr(os, "mkfifo") else [])


def within(seconds: float, work: object) -> object:
    """Run work() on a thread; fail (instead of hanging the suite) if it does not end."""
    result: list[object] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())  # type: ignore[operator]
        except BaseException as exc:  # handed to the test's thread
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "hung"
    if errors:
        raise errors[0]
    return result[0]


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_project_config_is_unusable_not_a_crash(tmp_path: Path, kind: str) -> None:
    folder = hostile_package(tmp_path, kind)
    assert within(10, lambda: folder_appid(folder)) is None
    assert within(10, lambda: code_root(folder)) == folder
    with pytest.raises(safe_json.UnusableJson):
        within(10, lambda: safe_json.load_file(folder / "project.config.json"))
    outcome = within(
        10,
        lambda: upload_version(folder, appid=APPID, version="1.0.0", changelog="x", token="t" * 20),
    )
    assert isinstance(outcome, up.UploadOutcome) and outcome.kind == up.KIND_PROJECT
    assert "project.config.json" in outcome.message


@pytest.mark.parametrize("command", ["upload", "check-domains"])
@pytest.mark.parametrize("kind", KINDS)
def test_commands_give_a_sentence_for_a_hostile_project_config(
    tmp_path: Path, kind: str, command: str
) -> None:
    folder = hostile_package(tmp_path, kind)
    argv = [command, str(folder)]
    if command == "upload":
        argv += ["--version", "1.0.0", "--changelog", "x", "--appid", APPID]
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = within(30, lambda: cli.main(argv))
    text = out.getvalue() + err.getvalue()
    assert "Traceback" not in text and text.strip()
    assert code in (0, 1, 2), text
    if command == "upload":
        assert code == 2 and "project.config.json" in text
