"""--self-test reports the provider profile baked into the app (build_installer.py --profile)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wizard.core.profile import store as profile_store
from wizard.ui.self_test import CHECKS, check_profile

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "example-profile.json"


@pytest.fixture
def resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "resources"
    (folder / "profile").mkdir(parents=True)
    monkeypatch.setattr(profile_store, "resources_dir", lambda: folder)
    return folder


def test_the_profile_check_is_part_of_the_self_test() -> None:
    assert "profile" in dict(CHECKS)


def test_no_baked_profile_is_reported_as_generic(resources: Path) -> None:
    assert check_profile() == (True, "no provider profile baked in (generic app)")


def test_a_baked_profile_is_reported_with_its_id_name_and_hash(resources: Path) -> None:
    shutil.copyfile(EXAMPLE, resources / "profile" / "provider.json")
    ok, detail = check_profile()
    assert ok
    assert detail.startswith("provider profile yunfan-example (云帆示例科技 / Yunfan Example Tech)")
    assert "sha256 " in detail


def test_a_broken_baked_profile_fails_the_self_test(resources: Path) -> None:
    (resources / "profile" / "provider.json").write_text('{"schema_version": 9}')
    ok, detail = check_profile()
    assert not ok and "baked provider profile refused" in detail and "newer version" in detail
