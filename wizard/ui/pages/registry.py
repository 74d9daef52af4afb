"""Which page class shows which journey step (one line per step), imported only when needed."""

from __future__ import annotations

import importlib

from wizard.core import journey
from wizard.ui.base_page import BasePage

# step id → "module:Class"; a page module is imported when its page is first built, so the
# first window appears before the later pages' code has even been loaded.
PAGES: dict[str, str] = {
    journey.WELCOME: "wizard.ui.pages.welcome_page:WelcomePage",
    journey.REGISTRATION: "wizard.ui.pages.registration_page:RegistrationPage",
    journey.CREDENTIALS: "wizard.ui.pages.credentials_page:CredentialsPage",
    journey.PACKAGE: "wizard.ui.pages.package_page:PackagePage",
    journey.SUMMARY: "wizard.ui.pages.summary_page:SummaryPage",
}


def page_class(step_id: str) -> type[BasePage]:
    module_name, class_name = PAGES[step_id].split(":")
    page = getattr(importlib.import_module(module_name), class_name)
    assert issubclass(page, BasePage)
    return page


def missing_pages() -> list[str]:
    """Journey steps without a page (a test keeps this empty)."""
    return [step.id for step in journey.JOURNEY if step.id not in PAGES]
