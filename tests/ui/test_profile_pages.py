"""The provider profile in the window, as a merchant meets it: opened from the welcome page or
dropped on the window, then the title, logo, admin row, download and contact, in both languages;
without a profile everything stays generic; a hostile profile changes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWizard, answer_next_box, next_until
from wizard.core import journey
from wizard.core.paths import app_paths
from wizard.core.profile import store as profile_store
from wizard.core.profile.store import CHOICE_KEY, CHOICE_STEP, choice_of
from wizard.core.state import ProgramStore
from wizard.ui import provider
from wizard.ui.pages.credentials_page import CredentialsPage
from wizard.ui.pages.package_page import PackagePage
from wizard.ui.pages.welcome_page import WelcomePage
from wizard.ui.wizard_window import PublisherWizard

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "example-profile.json"
APPID = "tt411d37a0de37d565"


@pytest.fixture(autouse=True)
def resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's resources without a baked-in profile unless a test puts one there."""
    folder = tmp_path / "resources"
    (folder / "profile").mkdir(parents=True)
    monkeypatch.setattr(profile_store, "resources_dir", lambda: folder)
    return folder


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Addresses the app asked the browser to open (no browser starts in tests)."""
    urls: list[str] = []
    monkeypatch.setattr(provider, "open_url", lambda url: urls.append(url) or True)
    return urls


def start_with_program(open_wizard: OpenWizard, language: str = "en", name: str = "小明的花店"):  # type: ignore[no-untyped-def]
    window = open_wizard(language)
    welcome = window.page_for(journey.WELCOME)
    assert isinstance(welcome, WelcomePage)
    welcome.name_edit.insert(name)
    welcome.create_from_field()
    return window, welcome


class WindowsShown(QObject):
    """Records every window (top-level widget) shown while it watches the application."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self.names.append(type(watched).__name__)
        return False


def drop(window: PublisherWizard, *paths: Path) -> tuple[bool, bool]:
    """A drag entering the window and the drop, as Qt hands them to the window."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    enter = QDragEnterEvent(
        QPoint(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter.ignore()
    QApplication.sendEvent(window, enter)
    dropped = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    dropped.ignore()
    QApplication.sendEvent(window, dropped)
    return enter.isAccepted(), dropped.isAccepted()


def choose_in_dialog(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args: (str(path), "*.json"))
    )


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_without_a_profile_the_window_stays_generic(open_wizard: OpenWizard, language: str) -> None:
    window, welcome = start_with_program(open_wizard, language)
    generic = "Publisher 0.1.0" if language == "en" else "发布助手"
    assert generic in window.windowTitle() and "—" not in window.windowTitle()
    assert welcome.provider.name is None and welcome.provider.open_button.isEnabled()
    assert not window.provider.contact.isVisible()
    credentials = window.page_for(journey.CREDENTIALS)
    assert isinstance(credentials, CredentialsPage)
    assert credentials.provider_admin.isHidden() and not credentials.admin_steps.isHidden()
    package = window.page_for(journey.PACKAGE)
    assert isinstance(package, PackagePage) and package.provider_download.isHidden()


def test_open_profile_from_the_welcome_page_shows_the_provider_everywhere(
    open_wizard: OpenWizard,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
    tmp_path: Path,
    app_home: Path,
) -> None:
    window, welcome = start_with_program(open_wizard)
    source = tmp_path / "Downloads" / "provider.json"
    source.parent.mkdir()
    shutil.copyfile(EXAMPLE, source)
    choose_in_dialog(monkeypatch, source)
    welcome.provider.open_button.click()
    source.unlink()  # the copy in the app's home is what counts from now on
    assert window.windowTitle().endswith(" — Yunfan Example Tech")
    header = welcome.provider
    assert header.name is not None and header.name.text() == "Your provider: Yunfan Example Tech"
    assert header.logo is not None and not header.logo.pixmap().isNull()
    assert header.logo.pixmap().width() == provider.LOGO_PIXELS
    contact = window.provider.contact
    assert contact.isVisible() and contact.button.text() == "Contact Yunfan Example Tech…"
    assert contact.first.text() == "Phone: 400-000-0000"
    assert contact.first.textFormat() == Qt.TextFormat.PlainText
    seen = answer_next_box(qtbot, "OK")
    contact.button.click()
    assert seen and seen[0].splitlines()[:2] == [
        "Contact Yunfan Example Tech",
        "Phone: 400-000-0000",
    ]
    assert "Help page: https://help.yunfan.example.com/" in seen[0]
    # Remembered with the mini-program, on disk.
    window.context.flush()
    store = ProgramStore(app_paths())
    store.load()
    (program,) = store.ordered()
    choice = choice_of(program)
    assert choice is not None and choice.profile_id == "yunfan-example"
    assert choice.path().is_file() and str(choice.path()).startswith(str(app_home))


def test_credentials_step_names_the_providers_admin_with_a_button(
    open_wizard: OpenWizard, opened: list[str]
) -> None:
    window, _welcome = start_with_program(open_wizard)
    assert provider.open_profile(window, window.context, EXAMPLE)
    window.context.program.current_step = journey.CREDENTIALS
    next_until(window, journey.CREDENTIALS)
    page = window.page_for(journey.CREDENTIALS)
    assert isinstance(page, CredentialsPage)
    row = page.provider_admin
    assert row.isVisible() and page.admin_steps.isHidden()
    assert row.sentence.text() == (
        "Paste the AppID and AppSecret into Yunfan Example Tech's admin, "
        "under 「字节跳动小程序」→「小程序配置」."
    )
    assert row.open_button.text() == "Open Yunfan Example Tech's admin"
    row.open_button.click()
    assert opened == ["https://admin.yunfan.example.com/"]


def test_package_step_offers_the_providers_download_with_the_appid(
    open_wizard: OpenWizard, opened: list[str]
) -> None:
    window, _welcome = start_with_program(open_wizard)
    assert provider.open_profile(window, window.context, EXAMPLE)
    program = window.context.program
    program.current_step = journey.PACKAGE
    next_until(window, journey.PACKAGE)
    page = window.page_for(journey.PACKAGE)
    assert isinstance(page, PackagePage)
    row = page.provider_download
    assert row.isVisible() and row.download_button.isHidden()
    assert "Enter your AppID in the AppID and AppSecret step" in row.sentence.text()
    program.appid = APPID
    window.context.answers_changed_for(program)
    assert row.download_button.isVisible()
    assert row.sentence.text() == (
        "In Yunfan Example Tech's admin, open 「字节跳动小程序」→「打包代码」 "
        "and click 「一键打包」."
    )
    row.download_button.click()
    assert opened == [f"https://admin.yunfan.example.com/bytedance/package?appid={APPID}"]


def test_chinese_pages_with_a_profile(open_wizard: OpenWizard) -> None:
    window, welcome = start_with_program(open_wizard, "zh_CN")
    assert provider.open_profile(window, window.context, EXAMPLE)
    assert window.windowTitle().endswith(" — 云帆示例科技")
    assert welcome.provider.name is not None
    assert welcome.provider.name.text() == "您的服务商：云帆示例科技"
    assert welcome.provider.open_button.text() == "打开服务商配置文件…"
    assert window.provider.contact.button.text() == "联系云帆示例科技…"
    assert window.provider.contact.first.text() == "电话：400-000-0000"
    assert window.provider.contact.details.startswith("联系云帆示例科技\n电话：400-000-0000\n")
    credentials = window.page_for(journey.CREDENTIALS)
    assert isinstance(credentials, CredentialsPage)
    credentials.provider_admin.refresh()
    assert credentials.provider_admin.open_button.text() == "打开云帆示例科技后台"
    # A live switch to English follows at once.
    window.context.set_language("en", remember=False)
    assert window.windowTitle().endswith(" — Yunfan Example Tech")
    assert window.provider.contact.details.startswith("Contact Yunfan Example Tech\n")


def test_a_profile_dropped_on_the_window_is_opened(open_wizard: OpenWizard, tmp_path: Path) -> None:
    window, _welcome = start_with_program(open_wizard)
    zip_file = tmp_path / "package.zip"
    zip_file.write_bytes(b"PK")
    assert drop(window, zip_file) == (False, False)
    assert drop(window, EXAMPLE, EXAMPLE) == (False, False)
    assert choice_of(window.context.program) is None
    assert drop(window, EXAMPLE) == (True, True)
    assert window.windowTitle().endswith(" — Yunfan Example Tech")
    assert choice_of(window.context.program) is not None


def test_a_hostile_profile_is_refused_with_its_sentences_and_changes_nothing(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    window, _welcome = start_with_program(open_wizard)
    title = window.windowTitle()
    hostile = tmp_path / "hostile.json"
    hostile.write_text(
        json.dumps(
            {
                "schema_version": 1,
                "name": {"en": "<b>Evil</b>"},
                "admin": {"url": "javascript:alert(1)"},
                "support": {"web": "http://evil.example.com/"},
            }
        ),
        encoding="utf-8",
    )
    seen = answer_next_box(qtbot, "OK")
    assert not provider.open_profile(window, window.context, hostile)
    assert seen and "This provider profile cannot be used:" in seen[0]
    assert "admin.url" in seen[0] and "support.web" in seen[0]
    assert window.windowTitle() == title and choice_of(window.context.program) is None


def test_html_in_the_providers_name_is_shown_as_typed(
    open_wizard: OpenWizard, tmp_path: Path
) -> None:
    window, welcome = start_with_program(open_wizard)
    name = "<b>Acme</b>&amp;<img src=x>"
    path = tmp_path / "html.json"
    path.write_text(
        json.dumps({"schema_version": 1, "name": {"en": name}, "support": {"qq": "12345"}}),
        encoding="utf-8",
    )
    assert provider.open_profile(window, window.context, path)
    label = welcome.provider.name
    assert label is not None and label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == f"Your provider: {name}"
    assert window.provider.contact.details == f"Contact {name}\nQQ: 12345"
    # "&" in a button is a character, not a keyboard shortcut.
    assert window.provider.contact.button.text() == "Contact <b>Acme</b>&&amp;<img src=x>…"
    assert window.windowTitle().endswith(f" — {name}")


def test_two_mini_programs_keep_their_own_providers(
    open_wizard: OpenWizard, tmp_path: Path
) -> None:
    window, welcome = start_with_program(open_wizard, name="花店")
    assert provider.open_profile(window, window.context, EXAMPLE)
    flower_shop = window.context.program
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"schema_version": 1, "name": {"en": "Acme"}}), encoding="utf-8")
    welcome.name_edit.insert("咖啡馆")
    welcome.create_from_field()
    assert window.context.program is not flower_shop
    assert "—" not in window.windowTitle()  # the new one has no provider yet
    assert provider.open_profile(window, window.context, other)
    assert window.windowTitle().endswith(" — Acme")
    window.context.select(flower_shop)
    assert window.windowTitle().endswith(" — Yunfan Example Tech")


def test_opening_without_a_mini_program_asks_to_choose_one_first(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window = open_wizard()
    welcome = window.page_for(journey.WELCOME)
    assert isinstance(welcome, WelcomePage)
    assert not welcome.provider.open_button.isEnabled()
    seen = answer_next_box(qtbot, "OK")
    assert not provider.open_profile(window, window.context, EXAMPLE)
    assert seen and "Choose or add a mini-program first" in seen[0]


def test_a_baked_profile_applies_to_every_mini_program_and_opens_no_stray_window(
    open_wizard: OpenWizard, resources: Path, qtbot: QtBot
) -> None:
    shutil.copyfile(EXAMPLE, resources / "profile" / "provider.json")
    shown = WindowsShown()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(shown)
    try:
        window, welcome = start_with_program(open_wizard)
        qtbot.wait(50)
    finally:
        app.removeEventFilter(shown)
    # Rows are filled once placed in their pages: none was ever shown as a window of its own.
    assert shown.names == ["PublisherWizard"]
    assert window.windowTitle().endswith(" — Yunfan Example Tech")
    assert welcome.provider.name is not None and welcome.provider.name.isVisible()
    credentials = window.page_for(journey.CREDENTIALS)
    assert isinstance(credentials, CredentialsPage)
    assert window.provider.contact.isVisible()
    assert not credentials.provider_admin.isHidden() and credentials.admin_steps.isHidden()


def test_a_broken_baked_profile_starts_generic_and_says_so(
    open_wizard: OpenWizard, resources: Path
) -> None:
    (resources / "profile" / "provider.json").write_text('{"schema_version": 3}')
    window, welcome = start_with_program(open_wizard)
    assert "—" not in window.windowTitle()
    notice = welcome.provider.notice
    assert notice is not None and notice.isVisible()
    assert "could not be used" in notice.text() and "general instructions" in notice.text()


def test_a_choice_whose_copy_was_deleted_falls_back_with_a_notice(
    open_wizard: OpenWizard,
) -> None:
    window, welcome = start_with_program(open_wizard)
    assert provider.open_profile(window, window.context, EXAMPLE)
    choice = choice_of(window.context.program)
    assert choice is not None
    choice.path().unlink()
    window.context.update_answers(
        window.context.program, CHOICE_STEP, **{CHOICE_KEY: choice.to_dict()}
    )
    assert "—" not in window.windowTitle()
    notice = welcome.provider.notice
    assert notice is not None and "could not be read" in notice.text()


@pytest.mark.slow
def test_screenshots_with_a_profile(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PySide6.QtGui import QImage

    from wizard.ui.screenshots import main as screenshots

    out = tmp_path / "shots"
    assert screenshots([str(out), "--lang", "en", "--profile", str(EXAMPLE)]) == 0
    welcome = out / "01-welcome-en.png"
    assert welcome.is_file() and not QImage(str(welcome)).isNull()
    assert len(list(out.glob("*.png"))) == len(journey.JOURNEY)
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "admin": {"url": "http://a.example.com/"}}')
    assert screenshots([str(tmp_path / "none"), "--profile", str(bad)]) == 2
    assert "admin.url" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()


def test_every_error_offers_the_providers_contact(open_wizard: OpenWizard) -> None:
    window, _welcome = start_with_program(open_wizard)
    assert provider.open_profile(window, window.context, EXAMPLE)
    program = window.context.program
    program.current_step = journey.PACKAGE
    next_until(window, journey.PACKAGE)
    page = window.page_for(journey.PACKAGE)
    assert isinstance(page, PackagePage)
    page.url_edit.setText("ftp://example.com/x.zip")
    assert page.download_notice.kind == "error"
    assert "400-000-0000" in page.download_notice.text(), page.download_notice.text()
    page.url_edit.setText("https://example.com/pkg.zip")
    # A sentence that is not an error does not carry it.
    assert "400-000-0000" not in page.download_notice.text()
