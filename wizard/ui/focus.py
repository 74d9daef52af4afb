"""Where the keyboard focus goes when the widget holding it is disabled by a running job.

Qt moves it to the next widget in the chain; on a page whose last button starts a job that is
the wizard's Cancel (Back and Next are disabled meanwhile), so the merchant's next Enter would
ask to close the window. Focus goes instead to the next enabled widget of the page itself, or
stays put (a disabled button ignores Enter), never on the wizard's buttons.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget, QWizard

WIZARD_BUTTONS = (
    QWizard.WizardButton.BackButton,
    QWizard.WizardButton.NextButton,
    QWizard.WizardButton.CommitButton,
    QWizard.WizardButton.FinishButton,
    QWizard.WizardButton.CancelButton,
    QWizard.WizardButton.HelpButton,
)


def takes_tab(widget: QWidget) -> bool:
    """Would Tab stop on this widget now?"""
    return (
        widget.isEnabled()
        and widget.isVisible()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.focusProxy() is None
    )


def next_sensible_widget(page: QWidget, after: QWidget) -> QWidget | None:
    """The next widget of `page` after `after` in the focus chain that Tab would stop on
    (wrapping to the page's first), or None when the page has none."""
    start = after if page.isAncestorOf(after) else page
    widget = start.nextInFocusChain()
    seen = 0
    while widget is not None and widget is not start and seen < 2000:
        seen += 1
        if page.isAncestorOf(widget) and takes_tab(widget):
            return widget
        widget = widget.nextInFocusChain()
    return None


def keep_focus_off_the_wizard_buttons(wizard: QWizard, disabled: QWidget) -> None:
    """`disabled` held the focus and was just disabled: focus the next sensible widget of the
    current page, unless the merchant has moved it meanwhile."""
    if not shiboken6.isValid(wizard) or not shiboken6.isValid(disabled):
        return
    page = wizard.currentPage()
    current = wizard.focusWidget()
    buttons = [wizard.button(which) for which in WIZARD_BUTTONS]
    if page is None or (current is not None and current is not disabled and current not in buttons):
        return
    target = next_sensible_widget(page, disabled)
    if target is not None:
        target.setFocus(Qt.FocusReason.TabFocusReason)
