"""The version step uploads from inside the app: the real official CLI against the loopback
fake of the platform; the release enters the history with its QR code, for the mini-program it
was started for, and no file keeps the token."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.core.test_upload_real_cli import (  # noqa: F401  (fixtures)
    TOKEN,
    cli,
    no_token_left_behind,
    template,
)
from tests.fake_platform import FakePlatform, Scenario
from tests.ui.conftest import OpenWizard
from tests.ui.test_route_page import aim_at, open_route, project  # noqa: F401  (fixture)
from wizard.core import journey
from wizard.core.steps import version as version_step
from wizard.ui.pages.version_page import VersionPage

# The real official CLI (Node): the slow tier (`-m "not slow"` skips it).
pytestmark = pytest.mark.slow


CHANGELOG = "首次发布：商品展示与下单。测试账号：13800000000 密码：123456"


def test_the_version_page_uploads_with_the_app_and_records_the_release(
    open_wizard: OpenWizard,
    qtbot: QtBot,
    project: Path,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> None:
    window, route = open_route(open_wizard, project)
    qtbot.mouseClick(route.app_radio, Qt.MouseButton.LeftButton)
    route.token_edit.setText(TOKEN)
    program = window.context.program
    program.current_step = "version"
    window.walk_to("version")
    page = window.page_for("version")
    assert isinstance(page, VersionPage) and window.currentPage() is page
    assert page.routes.currentWidget() is page.app_route, "the chosen route's tab first"
    assert not page.app_upload_button.isEnabled(), "nothing typed yet"
    page.login_box.setChecked(True)
    page.version_edit.setText("1.0.5")
    page.changelog_edit.setPlainText(CHANGELOG)
    assert page.app_upload_button.isEnabled()
    with FakePlatform(tmp_path / "certs", Scenario(short_url="https://z.douyin.com/v1")) as fake:
        aim_at(page.upload_panel, fake)
        with qtbot.waitSignal(page.upload_panel.finished, timeout=120_000) as finished:
            qtbot.mouseClick(page.app_upload_button, Qt.MouseButton.LeftButton)
            assert not window.button(window.WizardButton.BackButton).isEnabled()
    assert finished.args[1].ok, finished.args[1].message
    history = version_step.history(program)
    latest = history.latest()
    assert latest is not None and str(latest.version) == "1.0.5"
    assert latest.route.value == "app" and latest.changelog == CHANGELOG
    assert version_step.is_done(program)
    assert page.upload_notice.kind == "ok" and "1.0.5" in page.upload_notice.text()
    assert journey.step_by_id("version").is_done(program)  # type: ignore[union-attr]
    # The next upload must be greater: 1.0.5 again is refused before anything is sent.
    page.version_edit.setText("1.0.5")
    assert not page.app_upload_button.isEnabled()


def test_a_proxy_with_a_forged_certificate_is_a_sentence_and_nothing_is_recorded(
    open_wizard: OpenWizard,
    qtbot: QtBot,
    project: Path,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> None:
    """The system proxy the window hands to the CLI answers with a forged certificate: the
    token never reaches it and the version is not recorded as uploaded (issue 20, item 1)."""
    from tests.fake_platform import make_certificates

    window, route = open_route(open_wizard, project)
    qtbot.mouseClick(route.app_radio, Qt.MouseButton.LeftButton)
    route.token_edit.setText(TOKEN)
    program = window.context.program
    program.current_step = "version"
    window.walk_to("version")
    page = window.page_for("version")
    assert isinstance(page, VersionPage)
    page.version_edit.setText("1.0.5")
    page.changelog_edit.setPlainText("首次发布：商品展示与下单。")
    trusted, _cert, _key = make_certificates(tmp_path / "trusted-ca")
    with FakePlatform(tmp_path / "forged") as forged:
        aim_at(page.upload_panel, forged)
        page.upload_panel.ca_file = trusted  # the app trusts another CA than the proxy's
        with qtbot.waitSignal(page.upload_panel.finished, timeout=120_000) as finished:
            qtbot.mouseClick(page.app_upload_button, Qt.MouseButton.LeftButton)
        assert forged.requests == [] and forged.proxy_lines
    outcome = finished.args[1]
    assert not outcome.ok and outcome.kind == "secure-connection", outcome
    assert version_step.history(program).latest() is None
    assert not version_step.is_done(program)
    result = page.upload_panel.result
    assert result.kind == "error" and result.text() == outcome.message
