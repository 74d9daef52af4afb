"""The privacy agreement: which of the package's APIs it must declare (scan) and how to say so."""

from wizard.core.privacy.scan import (
    PrivacyScan,
    PrivacyScanError,
    PrivacyUse,
    ScopeNeed,
    scan_bytes,
    scan_privacy,
    scope_of,
)

__all__ = [
    "PrivacyScan",
    "PrivacyScanError",
    "PrivacyUse",
    "ScopeNeed",
    "scan_bytes",
    "scan_privacy",
    "scope_of",
]
