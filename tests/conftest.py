"""Shared test set-up: Qt offscreen, a private app home per test, English restored after."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes under its own MINIAPP_PUBLISHER_HOME, never the real home."""
    home = tmp_path / "home"
    monkeypatch.setenv("MINIAPP_PUBLISHER_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def english_after_test() -> Iterator[None]:
    from wizard.core import i18n

    yield
    i18n.set_language(i18n.SOURCE_LANGUAGE)


@pytest.fixture(autouse=True)
def no_secrets_known_after_test() -> Iterator[None]:
    """Each test starts with an empty secret registry (the log's redaction list)."""
    yield
    from wizard.core.logs import forget_known_secrets

    forget_known_secrets()
