"""Text from a profile, a package, a server or the state is shown as typed, never as markup.

The whole window is built with a hostile provider profile and a hostile state (names, menus,
changelogs, rejection reasons, links, paths and domains carrying <img>, <a href> and <b>),
every page is filled, and every widget is walked: a label, a tooltip, a page's title or an
item view's tooltip that Qt would render as rich text must not carry the markup raw (an
<img src> reads a local file, a FIFO path freezes the window, a UNC path is fetched)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QWidget, QWizardPage
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWizard, keyring_file, open_wizard  # noqa: F401  (fixtures)
from wizard.core import journey
from wizard.core.paths import app_paths
from wizard.core.profile import store as profile_store
from wizard.core.profile.store import CHOICE_KEY, CHOICE_STEP, import_profile
from wizard.core.state import ProgramStore
from wizard.ui import provider
from wizard.ui.widgets.common import plain_markup

IMG = '<img src="file:///tmp/banner.png">'
LINK = '<a href="https://evil.example/">x</a>'
BOLD = '<b class="evil">b</b>'
# Only data carries these: markup of the app's own (a bold name, a step link) never does.
MARKERS = ('<img src="file:///tmp/banner', '<a href="https://evil', '<b class="evil"')


def hostile_profile(folder: Path) -> Path:
    path = folder / "hostile-profile.json"
    document = {
        "schema_version": 1,
        "id": "hostile",
        "name": {"zh": f"坏{BOLD}{IMG}", "en": f"Evil{BOLD}{IMG}"},
        "support": {
            "phone": "400-000-0000",
            "wechat": f"w{IMG}",
            "qq": "80000000",
            "email": "help@evil.example.com",
            "hours": {"zh": f"时{LINK}", "en": f"hours{LINK}"},
            "web": "https://help.evil.example.com/",
        },
        "admin": {
            "url": "https://admin.evil.example.com/",
            "credentials_menu": [f"菜{BOLD}", f"单{LINK}"],
            "package_menu": [f"包{IMG}"],
            "package_button": f"钮{BOLD}",
        },
        "server_domains": {"request": ["api.evil.example.com"]},
        "webview_domains": ["m.evil.example.com"],
        "package_download_url": "https://admin.evil.example.com/p?appid={appid}",
        "guides": [
            {
                "title": {"zh": f"指南{IMG}", "en": f"guide{IMG}"},
                "url": "https://help.evil.example.com/g",
            }
        ],
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def hostile_state(tmp_path: Path) -> None:
    """A state file as a damaged disk or another tool could leave it, markup everywhere."""
    paths = app_paths()
    store = ProgramStore(paths)
    store.load()
    program = store.create(f"花店{BOLD}{IMG}")
    program.appid = "tt411d37a0de37d565"
    outcome = import_profile(hostile_profile(tmp_path), paths=paths)
    assert outcome.choice is not None, outcome.message
    program.answers[CHOICE_STEP] = {CHOICE_KEY: outcome.choice.to_dict()}
    zip_path = str(tmp_path / f"pkg{IMG}.zip")
    program.answers["registration"] = {"status": "rejected", "rejection_reason": f"r{IMG}"}
    program.answers["package"] = {
        "zip_path": zip_path,
        "target": str(tmp_path / f"out{BOLD}"),
        "extracted_to": str(tmp_path / f"out{BOLD}"),
        "url": f"https://evil.example/{IMG}",
    }
    release = {
        "version": "1.0.0",
        "changelog": f"log{IMG}{LINK}",
        "uploaded_at": time.time() - 3600,
        "route": "app",
        "state": "rejected",
        "rejection_reason": f"why{IMG}",
        "qr_code": str(tmp_path / f"qr{IMG}.png"),
        "preview_link": f"https://evil.example/{IMG}",
        "events": [{"kind": "uploaded", "at": time.time() - 3600, "note": f"n{IMG}"}],
    }
    program.answers["version"] = {
        "history": {"releases": [release], "declared_live": "1.0.0"},
        "draft_changelog": f"draft{IMG}",
    }
    store.save()


_TAG = re.compile(r"<\s*!?\s*([A-Za-z0-9]+)[^>]*>")


def might_be_rich_text(text: str) -> bool:
    """Qt's AutoText rule (PySide6 does not bind Qt::mightBeRichText), erring towards rich:
    the first line holds an escaped "&lt;" before any "<", or a tag before its end."""
    first = text.lstrip().split("\n", 1)[0]
    before_tag = first.split("<", 1)[0]
    if "&lt;" in before_tag or first[:5].lower() == "<!doc":
        return True
    return "<" in first and _TAG.search(first[len(before_tag) :]) is not None


def rendered_as_markup(text: str, fmt: Qt.TextFormat) -> bool:
    if fmt == Qt.TextFormat.PlainText:
        return False
    if fmt in (Qt.TextFormat.RichText, Qt.TextFormat.MarkdownText):
        return True
    return might_be_rich_text(text)


def leaks(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> bool:
    """Would Qt draw markup that came from data (a raw tag of ours inside rich text)?"""
    return bool(text) and rendered_as_markup(text, fmt) and any(m in text for m in MARKERS)


def every_text(window: QWidget) -> list[tuple[str, str, str, Qt.TextFormat]]:
    """(what, object name, text, format) for every label, tooltip, page title and item tip."""
    found: list[tuple[str, str, str, Qt.TextFormat]] = []
    auto = Qt.TextFormat.AutoText
    for widget in [window, *window.findChildren(QWidget)]:
        name = f"{type(widget).__name__} under {type(widget.parent()).__name__}"
        if isinstance(widget, QLabel):
            found.append(("label", name, widget.text(), widget.textFormat()))
        found.append(("tooltip", name, widget.toolTip(), auto))
        found.append(("whatsThis", name, widget.whatsThis(), auto))
        if isinstance(widget, QWizardPage):
            wizard = widget.wizard()
            found.append(("title", name, widget.title(), wizard.titleFormat() if wizard else auto))
            found.append(
                ("subtitle", name, widget.subTitle(), wizard.subTitleFormat() if wizard else auto)
            )
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root = widget.rootIndex()
            try:
                columns = model.columnCount(root)
            except TypeError:  # a list model hides its one column's count
                columns = 1
            for row in range(model.rowCount(root)):
                for column in range(columns):
                    tip = model.data(model.index(row, column, root), Qt.ItemDataRole.ToolTipRole)
                    if isinstance(tip, str):
                        found.append(("item tooltip", name, tip, auto))
    return found


@pytest.fixture(autouse=True)
def no_baked_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "resources"
    (folder / "profile").mkdir(parents=True)
    monkeypatch.setattr(profile_store, "resources_dir", lambda: folder)
    monkeypatch.setattr(provider, "open_url", lambda url: True)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_widget_renders_markup_from_a_profile_or_the_state(
    open_wizard: OpenWizard,  # noqa: F811
    tmp_path: Path,
    qtbot: QtBot,
    language: str,
) -> None:
    hostile_state(tmp_path)
    window = open_wizard(language)
    assert window.context.program is not None
    assert "Evil" in window.windowTitle() or "坏" in window.windowTitle()
    seen_data = False
    failures: set[str] = set()
    for step_id in journey.step_ids():
        page = window.page_for(step_id)
        page.load_now()
        QApplication.processEvents()
        window.provider.refresh()
        for what, name, text, fmt in every_text(window):
            if leaks(text, fmt):
                failures.add(f"{step_id}: {what} of {name} renders markup: {text[:150]!r}")
            if any(m in text for m in MARKERS) or "&lt;img src=" in text:
                seen_data = True
    assert not failures, "\n".join(sorted(failures))
    assert seen_data  # the hostile texts did reach the window


def test_markup_of_data_reads_as_typed() -> None:
    """The helper used where markup is ours (a tooltip, a bold name): Qt shows the text."""
    text = f"Contact {BOLD}{IMG} &amp; <script>\n  two  spaces"
    markup = plain_markup(text)
    assert might_be_rich_text(markup) and not leaks(markup)
    document = QTextDocument()
    document.setHtml(markup)
    assert document.toPlainText() == text
    assert plain_markup("") == ""
    assert plain_markup("C:/小明/花店 1.0") == "C:/小明/花店 1.0"  # nothing to escape


WIZARD = Path(__file__).resolve().parents[2] / "wizard"


def test_every_message_box_is_made_plain() -> None:
    """QMessageBox reads markup by default: the window makes every box through the helpers
    in widgets/common.py (message_box, tell, ask_yes_no), which set plain text."""
    offenders = []
    for path in sorted(WIZARD.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for needle in ("QMessageBox(", *(f"QMessageBox.{n}(" for n in STATIC_BOXES)):
            if needle in text and not (path.name == "common.py" and needle == "QMessageBox("):
                offenders.append(f"{path.relative_to(WIZARD)}: {needle}")
    assert not offenders


STATIC_BOXES = ("information", "warning", "question", "critical", "about")


@pytest.mark.slow
def test_a_question_naming_a_hostile_mini_program_shows_its_name_as_typed(
    open_wizard: OpenWizard,  # noqa: F811
    qtbot: QtBot,
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from wizard.ui.pages.welcome_page import WelcomePage

    window = open_wizard()
    welcome = window.page_for(journey.WELCOME)
    assert isinstance(welcome, WelcomePage)
    name = f"花店{BOLD}{IMG}"
    welcome.name_edit.insert(name)
    welcome.create_from_field()
    seen: list[tuple[str, Qt.TextFormat]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.extend((label.text(), label.textFormat()) for label in box.findChildren(QLabel))
        box.button(QMessageBox.StandardButton.No).click()

    QTimer.singleShot(0, answer)
    welcome.ask_remove_current()
    texts = [text for text, _fmt in seen if name in text]
    assert texts, seen
    assert not [text for text, fmt in seen if leaks(text, fmt)]
    assert window.context.program is not None  # "No" kept it
