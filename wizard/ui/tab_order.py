"""Tab order against reading order: what Tab visits on a page, and where it breaks.

The chain is Qt's focus chain from the page's first stop; reading order is top to bottom, and
left to right within a row. `order_breaks(page)` names each pair that Tab visits against
reading order (the later one is wholly above, or on the same row and to the left).
`fix_tab_order(page)` sets the chain to reading order (pages call it after building).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QGridLayout,
    QLayout,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QWidget,
)


def takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None


def _layout_items(layout: QLayout) -> Iterator[QWidget | QLayout]:
    """A layout's widgets and sub-layouts as they are placed: a grid row by row."""
    items = [layout.itemAt(index) for index in range(layout.count())]
    if isinstance(layout, QGridLayout):
        placed = []
        for index, item in enumerate(items):
            row, column, _rows, _columns = layout.getItemPosition(index)
            placed.append((row, column, item))
        items = [item for _row, _column, item in sorted(placed, key=lambda p: (p[0], p[1]))]
    for item in items:
        if item is None:
            continue
        widget, sub = item.widget(), item.layout()
        if widget is not None:
            yield widget
        elif sub is not None:
            yield sub


def layout_order(root: QWidget | QLayout) -> Iterator[QWidget]:
    """Every tab stop under root, shown or not, in the order its layouts place them."""
    if isinstance(root, QLayout):
        for item in _layout_items(root):
            yield from layout_order(item)
        return
    if takes_tab(root) and not root.objectName().startswith("qt_"):
        yield root
    if isinstance(root, QTabWidget):
        yield from layout_order(root.tabBar())
        for index in range(root.count()):
            yield from layout_order(root.widget(index))
        return
    if isinstance(root, QStackedWidget):
        for index in range(root.count()):
            yield from layout_order(root.widget(index))
        return
    if isinstance(root, QScrollArea):
        inner = root.widget()
        if inner is not None:
            yield from layout_order(inner)
        return
    if isinstance(root, QAbstractScrollArea):
        return  # a list or a text field: one stop
    layout = root.layout()
    if layout is not None:
        yield from layout_order(layout)


def _stops(page: QWidget) -> list[QWidget]:
    return [
        widget
        for widget in page.findChildren(QWidget)
        if widget.isVisibleTo(page)
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
        and not widget.objectName().startswith("qt_")
    ]


def tab_chain(page: QWidget) -> list[QWidget]:
    """The page's tab stops in the order Tab visits them (from the first one of the chain)."""
    stops = _stops(page)
    if not stops:
        return []
    wanted = set(stops)
    chain: list[QWidget] = []
    widget: QWidget | None = page
    for _guard in range(5000):
        widget = widget.nextInFocusChain() if widget is not None else None
        if widget is None or widget is page:
            break
        if widget in wanted and widget not in chain:
            chain.append(widget)
    return chain


def rect_in(page: QWidget, widget: QWidget) -> QRect:
    """Where widget lies on the page (scrolled content included)."""
    origin = widget.mapTo(page, QPoint(0, 0))
    return QRect(origin, widget.size())


def reads_before(a: QRect, b: QRect) -> bool:
    """Is a clearly read before b: wholly above it, or on the same row and left of it?"""
    if a.bottom() < b.top():
        return True
    rows_overlap = a.top() <= b.bottom() and b.top() <= a.bottom()
    return rows_overlap and a.right() < b.left()


def reading_order(page: QWidget, widgets: list[QWidget]) -> list[QWidget]:
    """widgets sorted top to bottom, then left to right within a row."""
    placed = [(rect_in(page, w), w) for w in widgets]
    ordered: list[tuple[QRect, QWidget]] = []
    for rect, widget in sorted(placed, key=lambda item: (item[0].top(), item[0].left())):
        index = len(ordered)
        # Move before anything it clearly reads before (a taller neighbour on the same row).
        while index > 0 and reads_before(rect, ordered[index - 1][0]):
            index -= 1
        ordered.insert(index, (rect, widget))
    return [widget for _rect, widget in ordered]


def order_breaks(page: QWidget) -> list[tuple[QWidget, QWidget]]:
    """(earlier, later) pairs of the tab chain where later reads before earlier (a container
    and what it holds, such as a scroll area and its fields, are not compared)."""
    chain = tab_chain(page)
    rects = {widget: rect_in(page, widget) for widget in chain}
    return [
        (first, second)
        for index, first in enumerate(chain)
        for second in chain[index + 1 :]
        if not first.isAncestorOf(second)
        and not second.isAncestorOf(first)
        and reads_before(rects[second], rects[first])
    ]


def fix_tab_order(page: QWidget) -> None:
    """Set the page's focus chain to the order its layouts place the widgets (top to bottom,
    left to right), hidden ones included: a button shown later takes its place in the chain."""
    ordered: list[QWidget] = []
    for widget in layout_order(page):
        if widget not in ordered:
            ordered.append(widget)
    for first, second in pairwise(ordered):
        QWidget.setTabOrder(first, second)
