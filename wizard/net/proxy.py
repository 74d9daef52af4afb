"""The system's proxy for the platform, as a URL the official CLI can use.

Node ignores the operating system's proxy setting; QtNetwork reads it (Windows Internet
Options, macOS network settings, the *_proxy variables elsewhere). The CLI tunnels through an
HTTP proxy only (wizard.core.upload.cli_runner.proxy_for_cli), so SOCKS and "no proxy" give None.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtNetwork import QNetworkProxy, QNetworkProxyFactory, QNetworkProxyQuery

from wizard.core.upload.cli_runner import proxy_for_cli

PLATFORM_URL = "https://developer.toutiao.com/"


def system_proxy_url(url: str = PLATFORM_URL) -> str | None:
    """The system's HTTP proxy for `url` ("http://host:port"), or None to connect directly."""
    query = QNetworkProxyQuery(QUrl(url))
    for proxy in QNetworkProxyFactory.systemProxyForQuery(query):
        kind = proxy.type()
        if kind == QNetworkProxy.ProxyType.NoProxy:
            return None
        if kind in (QNetworkProxy.ProxyType.HttpProxy, QNetworkProxy.ProxyType.HttpCachingProxy):
            host = proxy.hostName()
            if host:
                return proxy_for_cli(f"http://{host}:{proxy.port() or 80}")
    return None
