"""App-wide preferences (language, last mini-program), separate from the merchant's answers."""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core.files import safe_json
from wizard.core.files.storage import MAX_DOCUMENT_BYTES, JsonDocument, LoadResult
from wizard.core.i18n import SUPPORTED_LANGUAGES
from wizard.core.paths import AppPaths

SETTINGS_SCHEMA_VERSION = 1


@dataclass
class Settings:
    """Preferences kept in the config folder; empty language means follow the system."""

    language: str = ""
    last_program_id: str = ""
    # The update channel: on unless the merchant turned it off; the last automatic check.
    update_checks: bool = True
    last_update_check: float = 0.0


class SettingsStore:
    """Loads and saves Settings; a damaged file is set aside and defaults are used."""

    def __init__(self, paths: AppPaths) -> None:
        self._document = JsonDocument(paths.settings_file, SETTINGS_SCHEMA_VERSION)
        self.settings = Settings()
        self.load_problem = ""

    def load(self) -> LoadResult:
        result = self._document.load()
        self.load_problem = result.problem
        language = result.data.get("language", "")
        last = result.data.get("last_program_id", "")
        checks = result.data.get("update_checks", True)
        checked = result.data.get("last_update_check", 0.0)
        self.settings = Settings(
            language=language if language in SUPPORTED_LANGUAGES else "",
            last_program_id=last if isinstance(last, str) else "",
            update_checks=checks if isinstance(checks, bool) else True,
            last_update_check=(
                float(checked)
                if isinstance(checked, int | float) and not isinstance(checked, bool)
                else 0.0
            ),
        )
        return result

    def save(self) -> None:
        self._document.save(
            {
                "language": self.settings.language,
                "last_program_id": self.settings.last_program_id,
                "update_checks": self.settings.update_checks,
                "last_update_check": self.settings.last_update_check,
            }
        )


def saved_language(paths: AppPaths) -> str:
    """The language the merchant chose, read without touching the file ("" when none or
    unreadable: the full load later reports and sets aside a damaged file)."""
    try:
        with open(paths.settings_file, "rb") as stream:
            raw = stream.read(MAX_DOCUMENT_BYTES + 1)
        data = safe_json.loads(raw)
    except (OSError, safe_json.UnusableJson):
        return ""
    language = data.get("language") if isinstance(data, dict) else None
    return language if isinstance(language, str) and language in SUPPORTED_LANGUAGES else ""
