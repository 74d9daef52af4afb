"""Which page class shows which journey step (one line per step)."""

from __future__ import annotations

from wizard.core import journey
from wizard.ui.base_page import BasePage


def page_classes() -> dict[str, type[BasePage]]:
    from wizard.ui.pages.registration_page import RegistrationPage
    from wizard.ui.pages.summary_page import SummaryPage
    from wizard.ui.pages.welcome_page import WelcomePage

    classes: dict[str, type[BasePage]] = {
        journey.WELCOME: WelcomePage,
        journey.REGISTRATION: RegistrationPage,
        journey.SUMMARY: SummaryPage,
    }
    missing = [step.id for step in journey.JOURNEY if step.id not in classes]
    if missing:
        raise RuntimeError(f"journey steps without a page: {missing}")
    return classes
