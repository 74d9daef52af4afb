"""Where the app's files live: platformdirs folders, or all under MINIAPP_PUBLISHER_HOME."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from wizard import APP_ID

HOME_ENV = "MINIAPP_PUBLISHER_HOME"


@dataclass(frozen=True)
class AppPaths:
    """The folders the app writes to (config, state, logs, cache)."""

    config: Path
    state: Path
    logs: Path
    cache: Path

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def state_file(self) -> Path:
        return self.state / "state.json"

    @property
    def log_file(self) -> Path:
        return self.logs / "miniapp-publisher.log"

    @property
    def downloads(self) -> Path:
        return self.cache / "downloads"

    def ensure(self) -> None:
        for folder in (self.config, self.state, self.logs, self.cache):
            folder.mkdir(parents=True, exist_ok=True)


def app_paths() -> AppPaths:
    """The folders for this run; MINIAPP_PUBLISHER_HOME (contract) moves every one of them."""
    home = os.environ.get(HOME_ENV, "").strip()
    if home:
        root = Path(home).expanduser()
        return AppPaths(root / "config", root / "state", root / "logs", root / "cache")
    import platformdirs  # only when needed: it is a measurable part of start-up

    return AppPaths(
        Path(platformdirs.user_config_dir(APP_ID, appauthor=False)),
        Path(platformdirs.user_state_dir(APP_ID, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_ID, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_ID, appauthor=False)),
    )


def documents_folder() -> Path:
    """The merchant's Documents folder (<home>/Documents under MINIAPP_PUBLISHER_HOME)."""
    return _user_folder("Documents", "user_documents_dir")


def downloads_folder() -> Path:
    """The merchant's Downloads folder (<home>/Downloads under MINIAPP_PUBLISHER_HOME), so
    tests and screenshots never look at or write into the real user's files."""
    return _user_folder("Downloads", "user_downloads_dir")


def _user_folder(name: str, platformdirs_function: str) -> Path:
    home = os.environ.get(HOME_ENV, "").strip()
    if home:
        return Path(home).expanduser() / name
    import platformdirs

    return Path(getattr(platformdirs, platformdirs_function)())


def resources_dir() -> Path:
    """The resources folder: beside the package in a checkout, inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    package_dir = Path(__file__).resolve().parent.parent
    candidates += [package_dir.parent / "resources", package_dir / "resources"]
    for candidate in candidates:
        if (candidate / "i18n").is_dir():
            return candidate
    return candidates[0]
