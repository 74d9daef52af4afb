"""Shared test set-up: Qt offscreen, a private app home per test, English restored after."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.examples import FULL

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests without their own count: Hypothesis's 100 in CI, 10 every day
# (tests/examples.py scales the ones that name a count). No deadline: a loaded CI machine
# is slow, not wrong.
settings.register_profile("full", deadline=None)
settings.register_profile("everyday", max_examples=10, deadline=None)
settings.load_profile("full" if FULL else "everyday")


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
