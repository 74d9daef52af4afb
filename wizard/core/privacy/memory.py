"""The last privacy scan, remembered with the folder it scanned, for the readiness verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wizard.core.privacy.scan import PrivacyScan
from wizard.core.state import MiniProgram

# Kept in the domains step's answers: the same unpacked package, the same page.
STEP_ID = "domains"
KEY = "privacy_scan"
MAX_KEPT = 60


@dataclass(frozen=True)
class RememberedScan:
    """The information types and APIs the package's code needs declared, and its folder."""

    root: str
    scopes: tuple[str, ...]
    apis: tuple[str, ...]


def scan_values(scan: PrivacyScan, folder: str) -> dict[str, Any]:
    """What to store after a complete scan of the unpacked folder (nothing after a stopped one)."""
    if scan.cancelled:
        return {}
    needs = scan.needs()
    return {
        KEY: {
            "root": folder,
            "scopes": list(scan.scopes())[:MAX_KEPT],
            "apis": list(dict.fromkeys(need.api for need in needs))[:MAX_KEPT],
        }
    }


def _texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item[:80] for item in value[:MAX_KEPT] if isinstance(item, str))


def remembered_scan(program: MiniProgram) -> RememberedScan | None:
    """The last scan of the package unpacked now (None before one, or for another folder)."""
    from wizard.core.devtool import same_folder
    from wizard.core.steps import package as package_step

    values = program.answers.get(STEP_ID, {})
    stored = values.get(KEY) if isinstance(values, dict) else None
    if not isinstance(stored, dict) or not isinstance(stored.get("root"), str):
        return None
    folder = package_step.PackageAnswers.read(program).extracted_to
    if not folder or not same_folder(stored["root"], folder):
        return None
    return RememberedScan(stored["root"], _texts(stored.get("scopes")), _texts(stored.get("apis")))
