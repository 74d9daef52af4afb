"""The downloaded installer: exactly the size and SHA-256 the signed feed names, or refused."""

from __future__ import annotations

import hashlib
from pathlib import Path

from wizard.core.i18n import _
from wizard.core.updates.feed import Installer

CHUNK = 1024 * 1024


def installer_problem(path: Path, expected: Installer) -> str:
    """ "" when the file is the announced installer; else one sentence (and the file goes)."""
    try:
        size = path.stat().st_size
        if size != expected.size:
            problem = _(
                "The downloaded installer has {size} bytes instead of the announced {expected}, "
                "so it was deleted and not started."
            ).format(size=size, expected=expected.size)
        else:
            digest = hashlib.sha256()
            with open(path, "rb") as stream:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
            if digest.hexdigest() == expected.sha256:
                return ""
            problem = _(
                "The downloaded installer is not the one the update information names (its "
                "SHA-256 differs), so it was deleted and not started."
            )
    except OSError as exc:
        return _("The downloaded installer cannot be read ({reason}).").format(
            reason=exc.strerror or exc
        )
    path.unlink(missing_ok=True)
    return problem
