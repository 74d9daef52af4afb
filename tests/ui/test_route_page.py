"""The `route` step and the upload panel as a merchant uses them: the token in a real keyring
backend, and the real official CLI against the loopback fake of the platform (success with a QR
code drawn on white, a refusal, cancel). After every test no file under the test's folders
holds the token."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from pytestqt.qtbot import QtBot

from tests.core.test_upload_real_cli import (  # noqa: F401  (fixtures)
    APPID,
    TOKEN,
    cli,
    no_token_left_behind,
    template,
)
from tests.fake_platform import FakePlatform, Scenario
from tests.ui.conftest import OpenWizard, next_until
from wizard.core import journey
from wizard.core.secrets import SecretKind
from wizard.core.steps import route as route_step
from wizard.core.steps.route import Route
from wizard.core.upload import outcome as up
from wizard.ui.pages.route_page import RoutePage
from wizard.ui.widgets.upload_panel import UploadPanel

# The real official CLI (Node): the slow tier (`-m "not slow"` skips it).
pytestmark = pytest.mark.slow


@pytest.fixture
def keyring_file(tmp_path: Path) -> Path:
    """The keychain lives outside the test's folders: holding the token there is its job."""
    return tmp_path.parent / f"{tmp_path.name}-keychain" / "keyring_pass.cfg"


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:  # noqa: F811
    folder = tmp_path / "unpacked"
    shutil.copytree(template, folder)
    config = json.loads((folder / "project.config.json").read_text("utf-8"))
    config["appid"] = APPID
    (folder / "project.config.json").write_text(json.dumps(config), "utf-8")
    return folder


def open_route(open_wizard: OpenWizard, project: Path | None = None, appid: str = APPID):  # type: ignore[no-untyped-def]
    window = open_wizard()
    welcome = window.page_for(journey.WELCOME)
    welcome.name_edit.insert("小明的花店")
    welcome.create_from_field()
    program = window.context.program
    program.appid = appid
    if project is not None:
        window.context.update_answers(
            program, journey.PACKAGE, extracted_to=str(project), can_upload=True
        )
    program.current_step = route_step.ID
    next_until(window, route_step.ID)
    page = window.page_for(route_step.ID)
    assert isinstance(page, RoutePage) and window.currentPage() is page
    return window, page


def aim_at(panel: UploadPanel, fake: FakePlatform) -> None:
    panel.proxy_for_run = lambda: fake.proxy_url
    panel.ca_file = fake.ca_file
    panel.location = cli()


def test_route_comes_after_domains_and_is_in_the_side_panel() -> None:
    ids = journey.step_ids()
    assert ids.index(route_step.ID) == ids.index(journey.DOMAINS) + 1
    assert ids.index("devtool") == ids.index(route_step.ID) + 1


def test_devtool_route_needs_no_token(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window, page = open_route(open_wizard)
    assert not page.isComplete()
    qtbot.mouseClick(page.devtool_radio, Qt.MouseButton.LeftButton)
    assert page.isComplete() and not page.token_box.isVisible()
    program = window.context.program
    assert not route_step.uses_app_upload(program) and route_step.is_done(program)


def test_token_is_checked_as_typed_and_kept_in_the_keychain(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window, page = open_route(open_wizard)
    qtbot.mouseClick(page.app_radio, Qt.MouseButton.LeftButton)
    assert page.token_box.isVisible() and not page.isComplete()
    assert page.token_edit.echoMode() == page.token_edit.EchoMode.Password
    assert "「立即启用」" in page.where_label.text()
    page.token_edit.setText(APPID)  # the AppID pasted in the wrong field
    assert page.token_verdict.kind == "error" and not page.isComplete()
    page.token_edit.setText(f"  {TOKEN}\n")
    assert page.token_verdict.kind == "ok" and page.isComplete()
    program = window.context.program
    assert window.context.secrets.get(APPID, SecretKind.UPLOAD_TOKEN) == TOKEN
    assert route_step.uses_app_upload(program) and route_step.is_done(program)
    window.context.flush()
    state = (window.context.paths.state_file).read_text("utf-8")
    assert TOKEN not in state and '"token_saved": true' in state
    # A wrong paste over a saved token: the old one no longer counts and leaves the keychain.
    page.token_edit.setText(APPID)
    assert window.context.secrets.get(APPID, SecretKind.UPLOAD_TOKEN) is None
    assert not page.isComplete()


def test_odd_token_warns_but_is_kept(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window, page = open_route(open_wizard)
    qtbot.mouseClick(page.app_radio, Qt.MouseButton.LeftButton)
    page.token_edit.setText("short")
    assert page.token_verdict.kind == "warning" and page.isComplete()
    assert window.context.secrets.get(APPID, SecretKind.UPLOAD_TOKEN) == "short"


def test_a_token_typed_the_chinese_way_is_refused_and_a_label_left_out(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window, page = open_route(open_wizard)
    qtbot.mouseClick(page.app_radio, Qt.MouseButton.LeftButton)
    page.token_edit.setText(TOKEN[:5] + "ｘ" + TOKEN[6:])
    assert page.token_verdict.kind == "error" and not page.isComplete()
    assert "'ｘ'" in page.token_verdict.text() and "6" in page.token_verdict.text()
    assert window.context.secrets.get(APPID, SecretKind.UPLOAD_TOKEN) is None
    page.token_edit.setText(f"token：{TOKEN}")
    assert page.isComplete() and window.context.secrets.get(APPID, SecretKind.UPLOAD_TOKEN) == TOKEN


def test_without_an_appid_the_token_waits(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    _window, page = open_route(open_wizard, appid="")
    qtbot.mouseClick(page.app_radio, Qt.MouseButton.LeftButton)
    page.token_edit.setText(TOKEN)
    assert page.token_verdict.kind == "error" and "AppID" in page.token_verdict.text()
    assert not page.isComplete()


def test_token_comes_back_masked_after_a_restart(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window, page = open_route(open_wizard)
    qtbot.mouseClick(page.app_radio, Qt.MouseButton.LeftButton)
    page.token_edit.setText(TOKEN)
    window.context.flush()
    window.close()
    again = open_wizard()
    again.context.program.current_step = route_step.ID
    next_until(again, route_step.ID)
    page = again.page_for(route_step.ID)
    assert isinstance(page, RoutePage)
    assert page.app_radio.isChecked() and page.token_edit.text() == TOKEN
    assert page.token_edit.echoMode() == page.token_edit.EchoMode.Password


def test_preview_through_the_page_draws_the_qr_code_on_white(
    open_wizard: OpenWizard, qtbot: QtBot, project: Path, tmp_path: Path
) -> None:
    window, page = open_route(open_wizard, project)
    qtbot.mouseClick(page.app_radio, Qt.MouseButton.LeftButton)
    page.token_edit.setText(TOKEN)
    assert page.preview_button.isEnabled()
    with FakePlatform(tmp_path / "certs", Scenario(short_url="https://z.douyin.com/pv")) as fake:
        aim_at(page.panel, fake)
        with qtbot.waitSignal(page.panel.finished, timeout=90_000) as finished:
            qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
            assert window.context.jobs.busy() and page.panel.cancel_button.isVisible()
            assert not window.button(window.WizardButton.NextButton).isEnabled()
    program_id, outcome = finished.args
    assert program_id == window.context.program.id
    assert outcome.ok and outcome.short_link == "https://z.douyin.com/pv"
    assert page.panel.result.kind == "ok" and not page.panel.cancel_button.isVisible()
    image = page.panel.qr_label.pixmap().toImage()
    assert not image.isNull() and image.width() > 148
    assert image.pixelColor(2, 2) == QColor("white")
    dark = sum(
        1
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
        if image.pixelColor(x, y).lightness() < 100
    )
    assert dark > 50
    assert "https://z.douyin.com/pv" in page.panel.link_label.text()
    assert "抖音极速版" in page.panel.scan_note.text() and page.panel.scan_note.isVisible()
    qtbot.mouseClick(page.panel.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "https://z.douyin.com/pv"
    assert window.button(window.WizardButton.NextButton).isEnabled()


def test_upload_with_the_panel_as_the_version_page_will(
    open_wizard: OpenWizard, qtbot: QtBot, project: Path, tmp_path: Path
) -> None:
    window, page = open_route(open_wizard, project)
    qtbot.mouseClick(page.app_radio, Qt.MouseButton.LeftButton)
    page.token_edit.setText(TOKEN)
    panel = UploadPanel(window.context)
    qtbot.addWidget(panel)
    statuses: list[str] = []
    panel.job.progress.connect(lambda _d, _t, line: statuses.append(line))
    with FakePlatform(tmp_path / "certs") as fake:
        aim_at(panel, fake)
        with qtbot.waitSignal(panel.finished, timeout=90_000) as finished:
            assert panel.start_upload(window.context.program, project, "1.0.5", "修复问题")
        assert fake.uploads()[0].fields["version"] == "1.0.5"
    outcome = finished.args[1]
    assert outcome.ok and outcome.version == "1.0.5" and outcome.qrcode_path.is_file()
    assert "Uploaded." in statuses
    assert not panel.qr_label.pixmap().isNull()


def test_a_refused_upload_shows_the_sentence(
    open_wizard: OpenWizard, qtbot: QtBot, project: Path, tmp_path: Path
) -> None:
    window, page = open_route(open_wizard, project)
    qtbot.mouseClick(page.app_radio, Qt.MouseButton.LeftButton)
    page.token_edit.setText(TOKEN)
    panel = page.panel
    with FakePlatform(tmp_path / "certs", Scenario(audit_version="2.1.0")) as fake:
        aim_at(panel, fake)
        with qtbot.waitSignal(panel.finished, timeout=90_000) as finished:
            panel.start_upload(window.context.program, project, "1.0.5", "x")
    outcome = finished.args[1]
    assert outcome.kind == up.KIND_VERSION_TOO_LOW
    assert panel.result.kind == "error" and "2.1.0" in panel.result.text()
    assert panel.qr_label.isHidden() and panel.link_label.isHidden()


def test_cancel_ends_the_upload(
    open_wizard: OpenWizard, qtbot: QtBot, project: Path, tmp_path: Path
) -> None:
    window, page = open_route(open_wizard, project)
    qtbot.mouseClick(page.app_radio, Qt.MouseButton.LeftButton)
    page.token_edit.setText(TOKEN)
    panel = page.panel
    with FakePlatform(tmp_path / "certs", Scenario(upload_delay=30)) as fake:
        aim_at(panel, fake)
        with qtbot.waitSignal(panel.finished, timeout=60_000) as finished:
            panel.start_upload(window.context.program, project, "1.0.5", "x")
            deadline = time.monotonic() + 30
            while not fake.uploads() and time.monotonic() < deadline:
                qtbot.wait(50)
            # While the platform holds the upload the CLI prints nothing; the seconds go on.
            before = panel.status.text()
            # (Waits for the next tick, however slow a loaded machine makes it.)
            qtbot.waitUntil(lambda: panel.status.text() != before, timeout=15_000)
            assert panel.status.isVisible()
            assert panel.status.text().endswith("s)")
            qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args[1].kind == up.KIND_CANCELLED
    assert panel.result.kind == "info" and not window.context.jobs.busy()


def test_no_token_saved_says_where_to_enter_it(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window, _page = open_route(open_wizard)
    panel = UploadPanel(window.context)
    qtbot.addWidget(panel)
    assert not panel.start_preview(window.context.program, Path("/nonexistent"))
    assert panel.result.kind == "error" and "How to upload" in panel.result.text()
    assert not window.context.jobs.busy()


def test_chosen_route_is_remembered_per_program(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window, page = open_route(open_wizard)
    qtbot.mouseClick(page.devtool_radio, Qt.MouseButton.LeftButton)
    program = window.context.program
    assert route_step.RouteAnswers.read(program).route is Route.DEVTOOL
    qtbot.mouseClick(page.app_radio, Qt.MouseButton.LeftButton)
    assert route_step.RouteAnswers.read(program).route is Route.APP
