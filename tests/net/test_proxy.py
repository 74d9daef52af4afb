"""The system proxy as QtNetwork sees it (here: the *_proxy variables), handed to the CLI."""

from __future__ import annotations

import pytest

from wizard.net.proxy import system_proxy_url


@pytest.fixture(autouse=True)
def no_inherited_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def test_no_proxy_configured() -> None:
    assert system_proxy_url() is None


def test_http_proxy_from_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("https_proxy", "http://user:pw@127.0.0.1:3128")
    monkeypatch.setenv("http_proxy", "http://user:pw@127.0.0.1:3128")
    assert system_proxy_url() == "http://127.0.0.1:3128"


def test_platform_excluded_from_the_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("https_proxy", "http://127.0.0.1:3128")
    monkeypatch.setenv("no_proxy", "developer.toutiao.com")
    assert system_proxy_url() is None
