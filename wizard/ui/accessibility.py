"""What a screen reader gets from the window: names, roles, announcements.

`page_tree(page)` lists every widget of a page as a screen reader sees it (role, accessible
name, whether Tab stops on it): the accessibility test fails on a focusable widget without a
name, and `screenshots --accessibility` writes it to accessibility.json. `announce(widget)`
tells assistive technology that a notice appeared or changed (Qt's live-region equivalent).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QWidget


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader reads for widget (its own, its text, or its label's)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None or not interface.isValid():
        return widget.accessibleName()
    return (interface.text(QAccessible.Text.Name) or "").strip()


def role_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None or not interface.isValid():
        return "Client"
    role = interface.role()
    return str(getattr(role, "name", role))


def is_focusable(widget: QWidget) -> bool:
    """Does Tab stop on it (enabled, shown, takes Tab focus, no proxy taking it instead)?"""
    return (
        widget.isEnabled()
        and widget.isVisibleTo(widget.window())
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.focusProxy() is None
    )


# Widgets a screen reader never lands on and that carry no text of their own (layout helpers,
# a scroll area's inner parts): left out of the tree.
_PLUMBING = ("qt_scrollarea_viewport", "qt_scrollarea_hcontainer", "qt_scrollarea_vcontainer")


def page_tree(page: QWidget) -> list[dict[str, Any]]:
    """Every widget shown on page, in creation order: role, accessible name, focusable."""
    entries: list[dict[str, Any]] = []
    for widget in page.findChildren(QWidget):
        if widget.objectName() in _PLUMBING or not widget.isVisibleTo(page):
            continue
        entries.append(
            {
                "role": role_name(widget),
                "name": accessible_name(widget),
                "focusable": is_focusable(widget),
            }
        )
    return entries


def nameless_focusable(page: QWidget) -> list[QWidget]:
    """Widgets Tab stops on that a screen reader could only call "button" or "edit"."""
    return [
        widget
        for widget in page.findChildren(QWidget)
        if widget.isVisibleTo(page) and is_focusable(widget) and not accessible_name(widget)
    ]


def announce(widget: QWidget) -> None:
    """A notice appeared or changed: screen readers read it out (an alert and a name change,
    as a live region would)."""
    for event_type in (QAccessible.Event.NameChanged, QAccessible.Event.Alert):
        send(QAccessibleEvent(widget, event_type))


# Qt's entry point (a no-op while no screen reader is connected); a seam for the tests.
send = QAccessible.updateAccessibility
