"""Removing every secret this app saved (AppSecrets, upload tokens), for the uninstaller."""

from __future__ import annotations

from wizard.core.paths import AppPaths
from wizard.core.secrets import SecretStore
from wizard.core.state import ProgramStore


def forget_secrets(paths: AppPaths, store: SecretStore | None = None) -> list[str]:
    """Delete every keychain entry (AppSecret and upload token) of every mini-program's AppID;
    returns the AppIDs handled."""
    programs = ProgramStore(paths)
    programs.load()
    secrets = store if store is not None else SecretStore()
    appids = sorted({p.appid for p in programs.programs.values() if p.appid})
    for appid in appids:
        secrets.delete(appid)
    return appids
