"""A real package made by the platform's own CLI (`tma create`), zipped as a provider would.

Needs the tt-ide-cli npm package: $MINIAPP_TMA_BIN or <repo>/.ci/node_modules/.bin/tma
(install: npm install --no-audit --no-fund --prefix .ci tt-ide-cli). Skipped locally when
missing; a failure on CI (env CI set), where it must be installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from wizard.core.package.extract import extract_package

# The real official CLI (Node): the slow tier (`-m "not slow"` skips it).
pytestmark = pytest.mark.slow


REPO = Path(__file__).resolve().parents[2]
APPID = "tt411d37a0de37d565"


def tma_binary() -> Path:
    configured = os.environ.get("MINIAPP_TMA_BIN", "").strip()
    candidate = Path(configured) if configured else REPO / ".ci" / "node_modules" / ".bin" / "tma"
    if candidate.is_file():
        return candidate
    message = f"tt-ide-cli's tma not found at {candidate}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI must install it)")
    pytest.skip(message)


def zip_folder(folder: Path, target: Path) -> Path:
    """Zip with the folder itself as the top entry, as providers' one-click packaging does."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, path.relative_to(folder.parent).as_posix())
    return target


@pytest.fixture(scope="module")
def tma_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tma = tma_binary()
    work = tmp_path_factory.mktemp("tma")
    # stdin closed: the CLI must not wait for answers; its telemetry error offline is harmless.
    done = subprocess.run(
        [str(tma), "create", "demo", "--template", "empty"],
        cwd=work,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    created = work / "demo"
    assert (created / "project.config.json").is_file(), done.stdout + done.stderr
    return zip_folder(created, work / "demo.zip")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINIAPP_PUBLISHER_HOME", str(tmp_path / "home"))


def test_tma_package_is_found_and_its_placeholder_flagged(
    tma_package: Path, tmp_path: Path
) -> None:
    report = extract_package(tma_package, tmp_path / "project")
    assert report.root == (tmp_path / "project").absolute()
    assert (tmp_path / "project" / "app.json").is_file()
    assert report.has_app_json and report.has_project_config and report.entry_script == "app.js"
    assert report.missing_files == []
    assert report.found_appid == "testappId" and report.appid_is_placeholder
    assert [p.code for p in report.problems] == ["appid-placeholder"]
    assert not report.can_upload


def test_tma_package_with_appid_is_fixed(tma_package: Path, tmp_path: Path) -> None:
    original = json.loads(zipfile.ZipFile(tma_package).read("demo/project.config.json"))
    report = extract_package(tma_package, tmp_path / "project", appid=APPID)
    assert report.can_upload and report.appid_written and report.appid == APPID
    config = json.loads((tmp_path / "project" / "project.config.json").read_text("utf-8"))
    assert config == {**original, "appid": APPID} and list(config) == list(original)
