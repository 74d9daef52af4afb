"""The QtNetwork work (package download, online credential check) as jobs of the one contract."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from wizard.ui.jobs import Job

if TYPE_CHECKING:
    from wizard.core.token_check import EndpointKind
    from wizard.net.download import PackageDownloader
    from wizard.net.token_check import TokenChecker


class DownloadJob(Job):
    """Downloads the code package to a file; the outcome is a DownloadOutcome."""

    def __init__(self, parent: QObject | None = None, *, zip_only: bool = True) -> None:
        super().__init__(parent)
        self._downloader: PackageDownloader | None = None  # QtNetwork loads on first use
        self.zip_only = zip_only  # False: the app's own installer (checked by its hash)
        self.url = ""
        self.target = Path()

    def configure(self, url: str, target: Path) -> None:
        self.url, self.target = url, target

    def _begin(self) -> None:
        if self._downloader is None:
            from wizard.net.download import PackageDownloader

            self._downloader = PackageDownloader(self, zip_only=self.zip_only)
            self._downloader.progress.connect(
                lambda received, total, line: self.progress.emit(received, total, line)
            )
            self._downloader.finished.connect(self._finish)
        self._downloader.start(self.url, self.target)

    def _cancel(self) -> None:
        if self._downloader is not None:
            self._downloader.cancel()


class CredentialCheckJob(Job):
    """Asks the platform whether the AppID and AppSecret fit; the outcome is TokenCheckOutcome.

    The secret is handed over at start and not kept after the check.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._checker: TokenChecker | None = None
        self._request: tuple[EndpointKind, str, str] | None = None

    def configure(self, endpoint: EndpointKind, appid: str, secret: str) -> None:
        self._request = (endpoint, appid, secret)

    def _begin(self) -> None:
        if self._checker is None:
            from wizard.net.token_check import TokenChecker

            self._checker = TokenChecker(self)
            self._checker.finished.connect(self._finish)
        assert self._request is not None, "configure before start"
        endpoint, appid, secret = self._request
        self._request = None
        self._checker.start(endpoint, appid, secret)

    def _cancel(self) -> None:
        if self._checker is not None:
            self._checker.cancel()
