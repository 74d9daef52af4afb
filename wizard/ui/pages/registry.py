"""Which page class shows which journey step: one line per step, imported only when needed.

The imports are literal (mypy and PyInstaller see every page) but sit inside functions, so a
page module is loaded when its page is first built, after the first window has painted.
"""

from __future__ import annotations

from collections.abc import Callable

from wizard.core import journey
from wizard.ui.base_page import BasePage


def _welcome() -> type[BasePage]:
    from wizard.ui.pages.welcome_page import WelcomePage

    return WelcomePage


def _registration() -> type[BasePage]:
    from wizard.ui.pages.registration_page import RegistrationPage

    return RegistrationPage


def _filing() -> type[BasePage]:
    from wizard.ui.pages.filing_page import FilingPage

    return FilingPage


def _credentials() -> type[BasePage]:
    from wizard.ui.pages.credentials_page import CredentialsPage

    return CredentialsPage


def _package() -> type[BasePage]:
    from wizard.ui.pages.package_page import PackagePage

    return PackagePage


def _domains() -> type[BasePage]:
    from wizard.ui.pages.domains_page import DomainsPage

    return DomainsPage


def _version() -> type[BasePage]:
    from wizard.ui.pages.version_page import VersionPage

    return VersionPage


def _preview() -> type[BasePage]:
    from wizard.ui.pages.preview_page import PreviewPage

    return PreviewPage


def _review() -> type[BasePage]:
    from wizard.ui.pages.review_page import ReviewPage

    return ReviewPage


def _publish() -> type[BasePage]:
    from wizard.ui.pages.publish_page import PublishPage

    return PublishPage


def _devtool() -> type[BasePage]:
    from wizard.ui.pages.devtool_page import DevtoolPage

    return DevtoolPage


def _route() -> type[BasePage]:
    from wizard.ui.pages.route_page import RoutePage

    return RoutePage


def _summary() -> type[BasePage]:
    from wizard.ui.pages.summary_page import SummaryPage

    return SummaryPage


PAGES: dict[str, Callable[[], type[BasePage]]] = {
    journey.WELCOME: _welcome,
    journey.REGISTRATION: _registration,
    journey.FILING: _filing,
    journey.CREDENTIALS: _credentials,
    journey.PACKAGE: _package,
    journey.DOMAINS: _domains,
    "version": _version,
    "preview": _preview,
    "review": _review,
    "publish": _publish,
    journey.DEVTOOL: _devtool,
    "route": _route,
    journey.SUMMARY: _summary,
}


def page_class(step_id: str) -> type[BasePage]:
    return PAGES[step_id]()


def missing_pages() -> list[str]:
    """Journey steps without a page (a test keeps this empty)."""
    return [step.id for step in journey.JOURNEY if step.id not in PAGES]
