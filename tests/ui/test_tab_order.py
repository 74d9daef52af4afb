"""Tab follows reading order on every page: top to bottom, left to right within a row; every
stop of the page comes before the wizard's buttons; AppID's Tab goes to the AppSecret."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from wizard.core import i18n, journey
from wizard.ui.accessibility import accessible_name
from wizard.ui.demo import demo_window, go_to, throwaway_home
from wizard.ui.tab_order import order_breaks, tab_chain
from wizard.ui.wizard_window import PublisherWizard

# Whole windows walked page by page: part of CI's full run, not the everyday tier.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(qapp: QApplication) -> Iterator[PublisherWizard]:
    with throwaway_home():
        window = demo_window(i18n.CHINESE)
        window.show()
        yield window
        # Back to English while the window lives, then really deleted (deleteLater alone
        # waits for an event loop): no stale window gets a later test's language change.
        i18n.set_language(i18n.SOURCE_LANGUAGE)
        QApplication.processEvents()
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def shown(window: PublisherWizard, step_id: str) -> QWidget:
    assert go_to(window, step_id)
    page = window.page_for(step_id)
    page.demo_fill()
    QApplication.processEvents()
    return page


@pytest.mark.parametrize("step_id", journey.step_ids())
def test_the_tab_chain_follows_the_visual_order(demo: PublisherWizard, step_id: str) -> None:
    page = shown(demo, step_id)
    assert len(tab_chain(page)) >= 2, "a page with something to do"
    breaks = [
        f"{accessible_name(first)!r} before {accessible_name(second)!r}"
        for first, second in order_breaks(page)
    ]
    assert breaks == []


@pytest.mark.parametrize("step_id", journey.step_ids())
def test_every_stop_of_the_page_comes_before_the_wizards_buttons(
    demo: PublisherWizard, step_id: str
) -> None:
    page = shown(demo, step_id)
    stops = tab_chain(page)
    buttons = {
        demo.button(which)
        for which in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.CancelButton,
        )
    }
    visited: list[QWidget] = []
    widget: QWidget = stops[0]
    for _guard in range(3000):
        widget = widget.nextInFocusChain()
        if widget is stops[0]:
            break
        visited.append(widget)
    first_button = min(visited.index(button) for button in buttons if button in visited)
    late = [accessible_name(w) for w in stops[1:] if visited.index(w) > first_button]
    assert late == []


def test_appid_tab_goes_to_the_appsecret(demo: PublisherWizard) -> None:
    page = shown(demo, journey.CREDENTIALS)
    chain = tab_chain(page)
    assert chain[chain.index(page.appid_edit) + 1] is page.secret_edit


def test_the_panels_numbers_agree_with_every_pages_heading(demo: PublisherWizard) -> None:
    """「第 n 步（共 N 步）」 on a page is row n of the side panel, and N its last number."""
    import re

    for step_id in journey.step_ids():
        page = shown(demo, step_id)
        heading = re.match(r"第 (\d+) 步（共 (\d+) 步）|Step (\d+) of (\d+)", page.subTitle())
        numbers = [
            int(m.group(1))
            for row in demo.panel.rows.values()
            if (m := re.search(r"(\d+)\. ", row.text()))
        ]
        if heading is None:
            assert step_id in (journey.WELCOME, journey.SUMMARY), page.subTitle()
            continue
        found = [int(group) for group in heading.groups() if group]
        number, total = found[0], found[1]
        assert max(numbers) == total
        assert f"{number}. " in demo.panel.rows[step_id].text()
