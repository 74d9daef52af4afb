"""Version, preview, review and publish pages as a merchant uses them, in both languages."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWizard, answer_next_box, next_until
from wizard.core import journey
from wizard.core.paths import app_paths
from wizard.core.releases import ReviewState, Route
from wizard.core.steps import version as version_step
from wizard.ui.pages.preview_page import PreviewPage
from wizard.ui.pages.publish_page import PublishPage
from wizard.ui.pages.review_page import ReviewPage
from wizard.ui.pages.version_page import VersionPage
from wizard.ui.wizard_window import PublisherWizard

# Whole windows walked page by page: part of CI's full run, not the everyday tier.
pytestmark = pytest.mark.slow

APPID = "tt411d37a0de37d565"
SECRET = "0123456789abcdef0123456789abcdef01234567"
CHANGELOG = "首页改版。测试账号：13800000000 密码：123456"


def open_at(open_wizard: OpenWizard, step_id: str, language: str = "en") -> PublisherWizard:
    """A window showing step_id for a mini-program with its AppID and AppSecret stored."""
    window = open_wizard(language)
    program = window.context.program
    if program is None:
        welcome = window.page_for(journey.WELCOME)
        welcome.name_edit.insert("小明的花店")  # type: ignore[attr-defined]
        welcome.create_from_field()  # type: ignore[attr-defined]
        program = window.context.program
        assert program is not None
        program.appid = APPID
        window.context.secrets.set(APPID, SECRET)
    program.current_step = step_id
    next_until(window, step_id)
    return window


def version_page(window: PublisherWizard) -> VersionPage:
    page = window.page_for("version")
    assert isinstance(page, VersionPage) and window.currentPage() is page
    return page


def upload(qtbot: QtBot, page: VersionPage, version: str, changelog: str = CHANGELOG) -> None:
    page.version_edit.setText(version)
    page.changelog_edit.setPlainText(changelog)
    assert page.confirm_button.isEnabled(), page.version_notice.text()
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)


def saved_state() -> dict:  # type: ignore[type-arg]
    return json.loads(app_paths().state_file.read_text(encoding="utf-8"))


# --- Version ------------------------------------------------------------------------------


def test_full_width_version_is_named_and_next_waits_for_the_upload(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window = open_at(open_wizard, "version")
    page = version_page(window)
    page.version_edit.setText("１．０．０")
    assert page.version_notice.kind == "error"
    assert "'１' (position 1) is a full-width character" in page.version_notice.text()
    assert "Did you mean 1.0.0?" in page.version_notice.text()
    assert not page.confirm_button.isEnabled()
    assert not window.button(window.WizardButton.NextButton).isEnabled()
    page.version_edit.setText("1.0.0")
    page.changelog_edit.setPlainText("首页改版")
    assert page.confirm_button.isEnabled()
    assert not window.button(window.WizardButton.NextButton).isEnabled(), "only after upload"
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert page.upload_notice.kind == "ok" and "1.0.0" in page.upload_notice.text()
    assert window.button(window.WizardButton.NextButton).isEnabled()
    assert page.history_table.rowCount() == 1
    assert page.history_table.item(0, 0).text() == "1.0.0"


def test_copy_buttons_and_suggestions_after_an_upload(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window = open_at(open_wizard, "version")
    page = version_page(window)
    assert page.patch_button.text() == "Use 1.0.0" and page.minor_button.isHidden()
    page.version_edit.setText("1.2.0")
    page.changelog_edit.setPlainText("第一行\n第二行")
    qtbot.mouseClick(page.version_copy.button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "1.2.0"
    qtbot.mouseClick(page.changelog_copy.button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "第一行\n第二行"
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert page.version_edit.text() == ""
    assert page.patch_button.text() == "Use 1.2.1" and page.minor_button.text() == "Use 1.3.0"
    qtbot.mouseClick(page.minor_button, Qt.MouseButton.LeftButton)
    assert page.version_edit.text() == "1.3.0" and page.version_notice.kind == "ok"
    page.version_edit.setText("1.2.0")
    assert "版本号已存在" in page.version_notice.text()


def test_live_version_from_the_console_counts_from_the_first_upload(
    open_wizard: OpenWizard,
) -> None:
    window = open_at(open_wizard, "version")
    page = version_page(window)
    assert page.live_box.isVisibleTo(page)
    page.live_edit.setText("01.00.03")
    assert page.patch_button.text() == "Use 1.0.4"
    page.version_edit.setText("1.0.3")
    assert page.version_notice.kind == "error" and "1.0.3" in page.version_notice.text()


def test_login_needs_a_test_account_and_a_secret_is_never_saved(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window = open_at(open_wizard, "version")
    page = version_page(window)
    page.login_box.setChecked(True)
    page.version_edit.setText("1.0.0")
    page.changelog_edit.setPlainText("首页改版")
    assert page.changelog_notice.kind == "wait" and "test account" in page.changelog_notice.text()
    assert not page.confirm_button.isEnabled()
    page.changelog_edit.setPlainText(f"首页改版 {SECRET} 测试账号：a1 密码：b2")
    assert page.changelog_notice.kind == "error"
    assert not page.confirm_button.isEnabled()
    window.context.flush()
    assert SECRET not in app_paths().state_file.read_text(encoding="utf-8")
    page.changelog_edit.setPlainText(CHANGELOG)
    assert page.confirm_button.isEnabled()
    assert "characters" in page.counter.text()


def test_tool_failure_text_is_explained(open_wizard: OpenWizard) -> None:
    window = open_at(open_wizard, "version")
    page = version_page(window)
    page.failures_box.setChecked(True)
    assert page.failures_label.isVisibleTo(page)
    page.message_edit.setText("上传失败：无权限上传")
    assert page.message_notice.kind == "error" and "成员管理" in page.message_notice.text()
    page.message_edit.setText("something new")
    assert page.message_notice.kind == "info"


def test_history_survives_a_restart(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window = open_at(open_wizard, "version")
    upload(qtbot, version_page(window), "1.0.0")
    window.close()
    again = open_at(open_wizard, "version")
    page = version_page(again)
    assert page.history_table.rowCount() == 1
    assert page.patch_button.text() == "Use 1.0.1"
    assert not page.live_box.isVisibleTo(page)
    program = again.context.program
    assert program is not None
    assert version_step.welcome_words(program) == "Uploaded 1.0.0, not yet submitted for review"


def test_version_page_in_chinese(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window = open_at(open_wizard, "version", language="zh_CN")
    page = version_page(window)
    assert page.title() == "版本号与上传"
    page.version_edit.setText("1。0。0")
    assert "第 2 个字符「。」是全角字符" in page.version_notice.text()
    page.version_edit.setText("1.0.0")
    page.changelog_edit.setPlainText(CHANGELOG)
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert "已记录" in page.upload_notice.text()
    assert page.history_table.item(0, 2).text() == "开发者工具"


# --- Preview, review, publish ------------------------------------------------------------


def through_preview(open_wizard: OpenWizard, qtbot: QtBot, language: str = "en") -> PublisherWizard:
    window = open_at(open_wizard, "version", language)
    upload(qtbot, version_page(window), "1.0.0")
    window.next()
    page = window.page_for("preview")
    assert isinstance(page, PreviewPage) and window.currentPage() is page
    assert not window.button(window.WizardButton.NextButton).isEnabled()
    assert "1.0.0" in page.confirm_button.text()
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    # Confirming was the page's only work: the window goes straight on to the review.
    assert window.currentPage() is window.page_for("review")
    return window


def review_page(window: PublisherWizard) -> ReviewPage:
    page = window.page_for("review")
    assert isinstance(page, ReviewPage) and window.currentPage() is page
    return page


def submit(qtbot: QtBot, page: ReviewPage, auto_publish: bool = False) -> None:
    assert not page.submit_button.isEnabled(), "the checklist and agreements come first"
    # One confirmation for the checklist read, instead of a tick per item.
    page.agreements_read.setChecked(True)
    page.auto_publish.setChecked(auto_publish)
    assert page.submit_button.isEnabled()
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)


def test_preview_without_upload_points_back(open_wizard: OpenWizard) -> None:
    window = open_at(open_wizard, "preview")
    page = window.page_for("preview")
    assert isinstance(page, PreviewPage)
    assert page.version_notice.kind == "wait" and not page.confirm_button.isEnabled()
    assert page.back_to_version.isVisibleTo(page)
    page.back_to_version.click()
    assert window.current_step_id() == "version"


def test_review_restart_in_the_middle_restores_state_and_welcome_words(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window = through_preview(open_wizard, qtbot)
    page = review_page(window)
    assert page.before_box.isVisibleTo(page) and not page.waiting_box.isVisibleTo(page)
    submit(qtbot, page)
    assert page.waiting_box.isVisibleTo(page) and not page.before_box.isVisibleTo(page)
    assert not window.button(window.WizardButton.NextButton).isEnabled()
    window.close()

    # Two days later (the submission date is moved back in the saved state).
    state = saved_state()
    history = state["programs"][0]["answers"]["version"]["history"]
    two_days_ago = (datetime.now() - timedelta(days=2)).timestamp()
    for event in history["releases"][0]["events"]:
        if event["kind"] == "submitted":
            event["at"] = two_days_ago
    app_paths().state_file.write_text(json.dumps(state), encoding="utf-8")

    again = open_wizard()
    program = again.context.program
    assert program is not None
    assert version_step.welcome_words(program) == "In review: submitted 2 days ago"
    again.next()
    page = review_page(again)
    assert page.waiting_box.isVisibleTo(page)
    assert "working days" in page.waiting_label.text()
    qtbot.mouseClick(page.approved_button, Qt.MouseButton.LeftButton)
    assert page.state_notice.kind == "ok"
    assert again.button(again.WizardButton.NextButton).isEnabled()


def test_rejection_shows_the_likely_fix_and_the_way_back(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    window = through_preview(open_wizard, qtbot)
    page = review_page(window)
    submit(qtbot, page)
    assert not page.rejected_button.isEnabled()
    page.reason_edit.setPlainText("未提供测试账号，无法体验登录后的功能")
    qtbot.mouseClick(page.rejected_button, Qt.MouseButton.LeftButton)
    assert page.rejected_box.isVisibleTo(page)
    assert "A test account in the changelog" in page.fixes_label.text()
    assert "未提供测试账号" in page.rejection_text.text()
    program = window.context.program
    assert program is not None
    assert version_step.welcome_words(program).startswith("Rejected: 未提供测试账号")
    assert not journey.step_by_id("version").is_done(program)  # type: ignore[union-attr]
    page.new_version_button.click()
    vpage = version_page(window)
    vpage.version_edit.setText("1.0.0")
    assert vpage.version_notice.kind == "error"
    upload(qtbot, vpage, "1.0.1")
    assert vpage.history_table.rowCount() == 2


def test_withdraw_returns_to_the_checklist(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window = through_preview(open_wizard, qtbot)
    page = review_page(window)
    submit(qtbot, page)
    qtbot.mouseClick(page.withdrawn_button, Qt.MouseButton.LeftButton)
    assert page.before_box.isVisibleTo(page) and page.submit_button.isEnabled()


def publish_page(window: PublisherWizard) -> PublishPage:
    page = window.page_for("publish")
    assert isinstance(page, PublishPage) and window.currentPage() is page
    return page


def test_publish_report_and_new_release(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    window = through_preview(open_wizard, qtbot)
    page = review_page(window)
    submit(qtbot, page)
    qtbot.mouseClick(page.approved_button, Qt.MouseButton.LeftButton)
    window.next()
    ppage = publish_page(window)
    # Approved, not published: a new release may start (only a version in review blocks it).
    assert ppage.publish_box.isVisibleTo(ppage) and ppage.new_release_button.isEnabled()
    qtbot.mouseClick(ppage.published_button, Qt.MouseButton.LeftButton)
    assert ppage.state_notice.kind == "ok" and "Live version: 1.0.0" in ppage.live_label.text()
    program = window.context.program
    assert program is not None
    assert version_step.welcome_words(program) == "Published 1.0.0"

    # The report: saved where asked, no secret inside although the secret is in the keychain
    # and was once pasted into a field.
    program.answers.setdefault("credentials", {})["note"] = f"token {SECRET}"
    report = ppage.save_report_as(str(tmp_path / "out" / "report.html"))
    assert report is not None and ppage.action_notice.kind == "ok"
    text = report.read_text(encoding="utf-8")
    assert SECRET not in text and "1.0.0" in text and "小明的花店" in text
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    assert ppage.save_report_as(str(blocked)) is None
    assert ppage.action_notice.kind == "error"

    # A new release: the history stays, the release steps open again, the others are kept.
    kept = {
        k: json.dumps(program.answers.get(k), sort_keys=True)
        for k in (journey.REGISTRATION, journey.FILING, journey.CREDENTIALS)
    }
    assert ppage.new_release_button.isEnabled()
    answer_next_box(qtbot, "Yes")
    qtbot.mouseClick(ppage.new_release_button, Qt.MouseButton.LeftButton)
    assert window.current_step_id() == journey.PACKAGE
    history = version_step.history(program)
    assert len(history.releases) == 1 and history.live_version() == "1.0.0"
    for step_id in ("package", "version", "preview", "review", "publish"):
        assert not journey.step_by_id(step_id).is_done(program), step_id  # type: ignore[union-attr]
    assert kept == {
        k: json.dumps(program.answers.get(k), sort_keys=True)
        for k in (journey.REGISTRATION, journey.FILING, journey.CREDENTIALS)
    }
    assert version_step.welcome_words(program) == "Published 1.0.0; a new release has been started."


def test_auto_publish_skips_the_publish_click(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window = through_preview(open_wizard, qtbot)
    page = review_page(window)
    submit(qtbot, page, auto_publish=True)
    qtbot.mouseClick(page.approved_button, Qt.MouseButton.LeftButton)
    program = window.context.program
    assert program is not None
    assert version_step.history(program).latest().state is ReviewState.PUBLISHED  # type: ignore[union-attr]


def test_review_and_publish_in_chinese(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    window = through_preview(open_wizard, qtbot, language="zh_CN")
    page = review_page(window)
    assert page.title() == "提交审核"
    assert "《字节跳动小程序平台服务协议》" in [b.text() for b in page.agreement_buttons]
    submit(qtbot, page)
    assert "审核中" in page.state_notice.text()
    qtbot.mouseClick(page.approved_button, Qt.MouseButton.LeftButton)
    window.next()
    ppage = publish_page(window)
    qtbot.mouseClick(ppage.published_button, Qt.MouseButton.LeftButton)
    assert "线上版本：1.0.0" in ppage.live_label.text()
    program = window.context.program
    assert program is not None
    assert version_step.welcome_words(program) == "已发布 1.0.0"


@pytest.mark.parametrize("step_id", ["version", "preview", "review", "publish"])
def test_language_switch_retranslates(open_wizard: OpenWizard, step_id: str) -> None:
    window = open_at(open_wizard, step_id)
    page = window.page_for(step_id)
    english = page.title()
    window.context.set_language("zh_CN", remember=False)
    assert page.title() != english
    window.context.set_language("en", remember=False)
    assert page.title() == english


def test_preview_shows_the_qr_code_the_app_made(open_wizard: OpenWizard, tmp_path: Path) -> None:
    from PySide6.QtGui import QColor, QImage

    window = open_at(open_wizard, "version")
    program = window.context.program
    assert program is not None
    qr = QImage(148, 148, QImage.Format.Format_ARGB32)
    qr.fill(QColor(0, 0, 0, 0))  # transparent, as the official CLI writes it
    qr.setPixelColor(10, 10, QColor("black"))
    path = tmp_path / "qr.png"
    assert qr.save(str(path))
    _release, values = version_step.record_upload(
        program,
        "1.0.0",
        CHANGELOG,
        Route.APP,
        qr_code=str(path),
        preview_link="https://z.douyin.com/abc",
    )
    window.context.update_answers(program, version_step.ID, **values)
    window.next()
    page = window.page_for("preview")
    assert isinstance(page, PreviewPage) and window.currentPage() is page
    assert page.qr_label.isVisibleTo(page)
    shown = page.qr_label.pixmap().toImage()
    assert shown.pixelColor(2, 2) == QColor("white")  # drawn on white
    assert "https://z.douyin.com/abc" in page.link_label.text()
    path.unlink()
    page.refresh()
    assert not page.qr_label.isVisibleTo(page)


def test_preview_hides_an_expired_qr_code_and_link(open_wizard: OpenWizard, tmp_path: Path) -> None:
    """The preview page follows the upload panel's rule: an expired preview is not shown."""
    from PySide6.QtGui import QColor, QImage

    window = open_at(open_wizard, "version")
    program = window.context.program
    assert program is not None
    qr = QImage(64, 64, QImage.Format.Format_ARGB32)
    qr.fill(QColor("black"))
    path = tmp_path / "qr.png"
    assert qr.save(str(path))
    _release, values = version_step.record_upload(
        program,
        "1.0.0",
        CHANGELOG,
        Route.APP,
        qr_code=str(path),
        preview_link="https://z.douyin.com/abc",
        preview_expires_at=time.time() - 60,
    )
    window.context.update_answers(program, version_step.ID, **values)
    window.next()
    page = window.page_for("preview")
    assert isinstance(page, PreviewPage) and window.currentPage() is page
    assert not page.qr_label.isVisibleTo(page)
    assert not page.link_label.isVisibleTo(page)


# --- The readiness verdict on the page -----------------------------------------------------


def test_review_page_lists_known_problems_and_never_says_ready(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    from wizard.core.domains.scan import ScanSummary

    window = through_preview(open_wizard, qtbot)
    program = window.context.program
    assert program is not None
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "project.config.json").write_text(json.dumps({"appid": APPID}), "utf-8")
    scan = ScanSummary(str(folder), {}, insecure=("http://shop.example.com/api",))
    window.context.update_answers(program, "package", extracted_to=str(folder), can_upload=True)
    window.context.update_answers(
        program, "domains", confirmed_saved=True, lists={}, scan=scan.to_dict()
    )
    page = review_page(window)
    page.refresh()
    texts = [label.text() for label, _button in page.problem_list.rows]
    assert any("http://shop.example.com/api" in t for t in texts)
    assert any("not finished" in t for t in texts)  # registration, credentials, route
    assert "ready to submit" not in page.state_notice.text()
    assert page.state_notice.kind == "error"
    # The domains step is done but shows its problem everywhere: "done, 1 problem".
    assert window.context.step_problem_counts(program) == {"domains": 1}
    assert "done, 1 problem" in window.panel.rows["domains"].text()
    label, button = next(row for row in page.problem_list.rows if "http://" in row[0].text())
    assert label.textFormat() == Qt.TextFormat.PlainText
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_step_id() == "domains"
