"""The merchant's own server APIs on the platform (privacy agreement, categories, capabilities):
the requests, what the answers mean, and the last answers kept per mini-program."""

from wizard.core.platform_api.answers import (
    CapacitiesAnswer,
    Capacity,
    CategoriesAnswer,
    Category,
    PrivacyAnswer,
    Problem,
    interpret_capacity_list,
    interpret_capacity_status,
    interpret_categories,
    interpret_privacy,
    read_reply,
    token_problem,
)
from wizard.core.platform_api.memory import PLATFORM_KEY, privacy_status

__all__ = [
    "PLATFORM_KEY",
    "CapacitiesAnswer",
    "Capacity",
    "CategoriesAnswer",
    "Category",
    "PrivacyAnswer",
    "Problem",
    "interpret_capacity_list",
    "interpret_capacity_status",
    "interpret_categories",
    "interpret_privacy",
    "privacy_status",
    "read_reply",
    "token_problem",
]
