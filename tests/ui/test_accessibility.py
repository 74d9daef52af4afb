"""What a screen reader gets: every page's widgets that Tab stops on have a name (Chinese in
zh_CN, never an object name), notices are announced, the QR code has its short link as a text
alternative, the app follows the system's font and colours, and `screenshots --accessibility`
writes accessibility.json."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QApplication, QWidget

from wizard.core import i18n, journey
from wizard.core.upload.outcome import KIND_SUCCESS, UploadOutcome
from wizard.ui import accessibility
from wizard.ui.accessibility import accessible_name, page_tree
from wizard.ui.demo import demo_window, go_to, throwaway_home
from wizard.ui.wizard_window import PublisherWizard

# Whole windows walked page by page: part of CI's full run, not the everyday tier.
pytestmark = pytest.mark.slow

CJK = re.compile(r"[\u4e00-\u9fff]")
# Names that stay as the console shows them (docs/chinese-style.md).
CONSOLE_TERMS = {"AppID", "AppSecret", "English"}


@pytest.fixture
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


def tab_stops(page: QWidget) -> list[QWidget]:
    """Every widget of the page that Tab would stop on once shown (hidden ones included:
    an upload's Cancel or 「详情」 appears later and needs its name then)."""
    return [
        widget
        for widget in page.findChildren(QWidget)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
        and not widget.objectName().startswith("qt_")
    ]


def walk(window: PublisherWizard, language: str) -> dict[str, list[str]]:
    window.context.set_language(language, remember=False)
    problems: dict[str, list[str]] = {}
    for step in journey.JOURNEY:
        assert go_to(window, step.id), step.id
        page = window.page_for(step.id)
        page.demo_fill()
        QApplication.processEvents()
        for widget in tab_stops(page):
            name = accessible_name(widget)
            where = f"{type(widget).__name__} under {type(widget.parent()).__name__}"
            if not name:
                problems.setdefault(step.id, []).append(f"{where}: no name")
            elif name == widget.objectName():
                problems.setdefault(step.id, []).append(f"{where}: object name {name!r}")
            elif language == i18n.CHINESE and not CJK.search(name) and name not in CONSOLE_TERMS:
                problems.setdefault(step.id, []).append(f"{where}: not Chinese {name!r}")
    return problems


def test_every_tab_stop_of_every_page_has_a_chinese_name(demo: PublisherWizard) -> None:
    assert walk(demo, i18n.CHINESE) == {}


@pytest.mark.slow
def test_every_tab_stop_of_every_page_has_an_english_name(demo: PublisherWizard) -> None:
    assert walk(demo, i18n.SOURCE_LANGUAGE) == {}


def test_the_window_buttons_and_panel_have_names(demo: PublisherWizard) -> None:
    go_to(demo, journey.CREDENTIALS)
    for widget in [demo.panel.language_combo, *demo.findChildren(QWidget)]:
        if widget.isVisibleTo(demo) and accessibility.is_focusable(widget):
            assert accessible_name(widget), type(widget).__name__


def test_a_notice_is_announced(demo: PublisherWizard, monkeypatch: pytest.MonkeyPatch) -> None:
    from wizard.ui.widgets.common import Notice

    sent: list[tuple[object, object]] = []
    real = accessibility.send

    def recording(event: object) -> None:
        sent.append((event.object(), event.type()))  # type: ignore[attr-defined]
        real(event)  # type: ignore[arg-type]

    monkeypatch.setattr(accessibility, "send", recording)
    notice = Notice()
    notice.show_message("error", "代码包不是 zip 文件。")
    from PySide6.QtGui import QAccessible

    assert (notice, QAccessible.Event.Alert) in sent
    assert accessible_name(notice) == "代码包不是 zip 文件。"


def test_the_qr_code_has_its_short_link_as_text_alternative(
    demo: PublisherWizard, tmp_path: Path
) -> None:
    from wizard.ui.widgets.upload_panel import UploadPanel

    picture = tmp_path / "qr.png"
    image = QImage(40, 40, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.black)
    image.save(str(picture))
    panel = UploadPanel(demo.context)
    outcome = UploadOutcome(
        ok=True,
        message="ok",
        kind=KIND_SUCCESS,
        qrcode_path=picture,
        short_link="https://z.douyin.com/fakeQr1",
        expires_at=int(time.time()) + 600,
    )
    panel.show_outcome(outcome)
    assert "https://z.douyin.com/fakeQr1" in accessible_name(panel.qr_label)
    assert panel.qr_label.accessibleDescription() == "https://z.douyin.com/fakeQr1"


def test_the_app_follows_the_systems_font_size_and_colours(demo: PublisherWizard) -> None:
    """No style sheet and no fixed size anywhere: a larger system font or a high-contrast
    palette reaches every label."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    for step in journey.JOURNEY:
        page = demo.page_for(step.id)
        for widget in [page, *page.findChildren(QWidget)]:
            assert not widget.styleSheet(), type(widget).__name__
    before = app.font()
    try:
        big = QFont(before)
        big.setPointSizeF(before.pointSizeF() * 2)
        app.setFont(big)
        QApplication.processEvents()
        page = demo.page_for(journey.CREDENTIALS)
        label = page.findChildren(QWidget)[0]
        assert label.font().pointSizeF() == pytest.approx(big.pointSizeF())
    finally:
        app.setFont(before)


@pytest.mark.slow
def test_screenshots_writes_the_accessibility_tree(tmp_path: Path) -> None:
    from wizard.ui.screenshots import take_screenshots

    written = take_screenshots(str(tmp_path), [i18n.CHINESE], [], accessibility=True)
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    report = tmp_path / "accessibility.json"
    assert report in written
    data = json.loads(report.read_text("utf-8"))
    assert set(data["pages"]) == set(journey.step_ids())
    for step_id, entries in data["pages"].items():
        assert entries, step_id
        for entry in entries:
            assert set(entry) == {"role", "name", "focusable"}
            assert isinstance(entry["focusable"], bool) and isinstance(entry["name"], str)
            if entry["focusable"]:
                assert entry["name"], (step_id, entry)
    names = [e["name"] for e in data["pages"]["credentials"]]
    assert any(CJK.search(name) for name in names)
    assert page_tree  # the same walk as the command's


def test_a_fields_verdict_is_its_accessible_description(demo: PublisherWizard) -> None:
    assert go_to(demo, journey.CREDENTIALS)
    page = demo.page_for(journey.CREDENTIALS)
    page.appid_edit.setText("tt12")
    QApplication.processEvents()
    assert page.appid_edit.accessibleDescription() == page.appid_verdict.text() != ""
