"""The platform's last answers, kept per mini-program in the state file (no secret, no token).

They live in the program's answers under PLATFORM_KEY (not a step: nothing is to be done
there), so `status --json` can say whether the privacy agreement is configured.
"""

from __future__ import annotations

import math
from typing import Any

from wizard.core.platform_api.answers import CategoriesAnswer, PrivacyAnswer
from wizard.core.state import MiniProgram

PLATFORM_KEY = "platform"
PRIVACY_STATUSES = ("configured", "not_configured", "unknown")
MAX_REMEMBERED_CATEGORIES = 20


def privacy_values(answer: PrivacyAnswer) -> dict[str, Any]:
    """What to store after a privacy answer: nothing when the platform did not answer (the
    last real answer stays)."""
    if answer.configured is None:
        return {}
    return {"privacy": answer.status, "privacy_asked_at": answer.asked_at}


def categories_values(answer: CategoriesAnswer) -> dict[str, Any]:
    if answer.problem is not None:
        return {}
    return {
        "categories": [
            {"name": c.name, "state": c.state}
            for c in answer.categories[:MAX_REMEMBERED_CATEGORIES]
        ],
        "categories_remaining": answer.remaining_times,
        "categories_asked_at": answer.asked_at,
    }


def _asked_at(values: dict[str, Any], key: str) -> float | None:
    value = values.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def privacy_status(program: MiniProgram) -> str:
    """configured, not_configured, or unknown (until the platform answered)."""
    values = program.answers.get(PLATFORM_KEY, {})
    status = values.get("privacy")
    return status if status in PRIVACY_STATUSES else "unknown"


def remembered_privacy(program: MiniProgram) -> PrivacyAnswer | None:
    """The last answer the platform gave, or None."""
    values = program.answers.get(PLATFORM_KEY, {})
    status = privacy_status(program)
    asked = _asked_at(values, "privacy_asked_at")
    if status == "unknown" or asked is None:
        return None
    return PrivacyAnswer(status == "configured", asked)


def remembered_categories(program: MiniProgram) -> CategoriesAnswer | None:
    from wizard.core.platform_api.answers import Category

    values = program.answers.get(PLATFORM_KEY, {})
    asked = _asked_at(values, "categories_asked_at")
    raw = values.get("categories")
    if asked is None or not isinstance(raw, list):
        return None
    categories = tuple(
        Category(str(item.get("name", "?"))[:200], str(item.get("state", "unknown"))[:20])
        for item in raw[:MAX_REMEMBERED_CATEGORIES]
        if isinstance(item, dict)
    )
    left = values.get("categories_remaining")
    return CategoriesAnswer(
        categories, asked, remaining_times=left if isinstance(left, int) else None
    )
