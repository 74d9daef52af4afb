"""The filing page on its own (pytest-qt, offscreen), and the places that say where the filing
stands: the publish page's warning, the welcome list, the summary; the categories and payment
part of the registration page, the host apps on the review page; both languages."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from wizard.core import hosts
from wizard.core.paths import app_paths
from wizard.core.releases import ReviewState
from wizard.core.steps import filing as filing_step
from wizard.core.steps import version as version_step
from wizard.core.steps.filing import FilingAnswers, FilingState
from wizard.core.steps.registration import Subject
from wizard.ui.context import AppContext
from wizard.ui.pages.filing_page import FilingPage
from wizard.ui.widgets.releases import demo_history


@pytest.fixture
def context(qtbot: QtBot) -> Iterator[AppContext]:
    context = AppContext(app_paths())
    context.load()
    context.set_language("en", remember=False)
    context.create_program("小明的花店")
    yield context
    context.set_language("en", remember=False)


def filing_page(context: AppContext, qtbot: QtBot) -> FilingPage:
    page = FilingPage(context)
    qtbot.addWidget(page)
    page.show()
    page.load_now()
    return page


def click(qtbot: QtBot, widget: QWidget) -> None:
    """A click where a button reacts: near its left edge (a radio's text may be short)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(6, widget.height() // 2))


def test_each_stage_is_remembered_with_its_day(context: AppContext, qtbot: QtBot) -> None:
    page = filing_page(context, qtbot)
    program = context.program
    assert program is not None
    assert page.state_buttons[FilingState.NOT_STARTED].isChecked()
    assert page.state_notice.kind == "info" and "working days" in page.state_notice.text()
    assert page.number_edit.isHidden() and page.reason_edit.isHidden()

    click(qtbot, page.state_buttons[FilingState.BUREAU])
    answers = FilingAnswers.read(program)
    assert answers.state is FilingState.BUREAU
    assert answers.since == {"bureau": datetime.date.today().isoformat()}
    assert page.state_notice.kind == "wait" and "bureau" in page.state_notice.text()
    assert page.dates_label.text() == f"Dates: bureau {datetime.date.today().isoformat()}"

    click(qtbot, page.state_buttons[FilingState.RETURNED])
    assert page.reason_edit.isVisible() and page.returned_label.isVisible()
    page.reason_edit.insertPlainText("主体负责人证件照片模糊")  # as pasted (QTest types no CJK)
    assert FilingAnswers.read(program).returned_reason == "主体负责人证件照片模糊"

    # The page opened again later shows the same (answers are per mini-program, on disk).
    context.flush()
    again = filing_page(context, qtbot)
    assert again.state_buttons[FilingState.RETURNED].isChecked()
    assert again.reason_edit.toPlainText() == "主体负责人证件照片模糊"


def test_the_filing_number_is_checked_as_it_is_typed(context: AppContext, qtbot: QtBot) -> None:
    page = filing_page(context, qtbot)
    program = context.program
    assert program is not None
    click(qtbot, page.state_buttons[FilingState.FILED])
    assert page.number_edit.isVisible()
    qtbot.keyClicks(page.number_edit, "ICP12345")
    assert page.number_notice.kind == "error"
    assert not filing_step.is_done(program)
    page.number_edit.clear()
    page.number_edit.insert("沪ICP备2024012345号-1X")
    assert page.number_notice.kind == "ok"
    assert filing_step.is_done(program)
    assert context.step_statuses(program)[filing_step.ID].value == "done"


def test_a_stage_waiting_too_long_says_so(context: AppContext, qtbot: QtBot) -> None:
    program = context.program
    assert program is not None
    long_ago = datetime.date.today() - datetime.timedelta(days=60)
    changes = filing_step.choose_state(FilingAnswers(), FilingState.SUBMITTED, long_ago)
    context.update_answers(program, filing_step.ID, **changes)
    page = filing_page(context, qtbot)
    assert page.state_notice.kind == "warning"
    assert "longer than usual" in page.state_notice.text()


def test_materials_follow_the_subject_chosen_at_registration(
    context: AppContext, qtbot: QtBot
) -> None:
    program = context.program
    assert program is not None
    page = filing_page(context, qtbot)
    assert "enterprise or individual" in page.materials_box.title()
    context.update_answers(program, "registration", subject=Subject.INDIVIDUAL.value)
    page.load_now()
    assert "individual" in page.materials_box.title()
    assert "营业执照" not in page.materials_label.text()
    context.update_answers(program, "registration", subject=Subject.ENTERPRISE.value)
    page.load_now()
    assert "营业执照" in page.materials_label.text()


def test_the_page_in_chinese(context: AppContext, qtbot: QtBot) -> None:
    page = filing_page(context, qtbot)
    context.set_language("zh_CN", remember=False)
    page.retranslate()
    assert page.title() == "小程序备案"
    assert page.state_buttons[FilingState.BUREAU].text() == "管局审核中"
    assert "「设置」→「基础设置」→「备案信息」" in page.console_label.text()
    assert "「去填写」" in page.console_label.text()


def test_publishing_without_a_filing_is_warned_not_blocked(
    context: AppContext, qtbot: QtBot
) -> None:
    from wizard.ui.pages.publish_page import PublishPage

    program = context.program
    assert program is not None
    history = demo_history(ReviewState.APPROVED, time.time())
    context.update_answers(program, version_step.ID, **version_step.saved(history))
    page = PublishPage(context)
    qtbot.addWidget(page)
    page.show()
    page.load_now()
    assert page.filing_notice.isVisible() and page.filing_notice.kind == "warning"
    assert "not started" in page.filing_notice.text()
    assert page.published_button.isEnabled(), "a warning, not a block"
    wanted: list[str] = []
    page.step_requested.connect(wanted.append)
    click(qtbot, page.filing_button)
    assert wanted == [filing_step.ID]
    # Filed with a number: the warning goes.
    context.update_answers(program, filing_step.ID, state="filed", number="沪ICP备2024012345号-1X")
    page.refresh()
    assert page.filing_notice.isHidden() and page.filing_button.isHidden()


def test_the_welcome_list_and_the_summary_say_where_the_filing_stands(
    context: AppContext, qtbot: QtBot
) -> None:
    from wizard.ui.pages.summary_page import SummaryPage
    from wizard.ui.pages.welcome_page import WelcomePage

    program = context.program
    assert program is not None
    start = datetime.date.today() - datetime.timedelta(days=14)
    changes = filing_step.choose_state(FilingAnswers(), FilingState.BUREAU, start)
    context.update_answers(program, filing_step.ID, **changes)
    line = filing_step.where_it_stands(program)
    assert "provincial bureau" in line and "10 working days" in line
    welcome = WelcomePage(context)
    qtbot.addWidget(welcome)
    assert line in welcome.describe(program)
    summary = SummaryPage(context)
    qtbot.addWidget(summary)
    summary.show()
    summary.refresh()
    assert summary.filing_notice.text() == line


def test_payment_is_guided_for_enterprise_subjects_only(context: AppContext, qtbot: QtBot) -> None:
    from wizard.ui.pages.registration_page import RegistrationPage

    page = RegistrationPage(context)
    qtbot.addWidget(page)
    page.show()
    page.load_now()
    assert "Choose your subject" in page.setup_box.payment_label.text()
    click(qtbot, page.subject_buttons[Subject.INDIVIDUAL])
    assert "cannot take payments" in page.setup_box.payment_label.text()
    click(qtbot, page.subject_buttons[Subject.ENTERPRISE])
    text = page.setup_box.payment_label.text()
    assert "「能力」→「支付」" in text and "商户号" in text and "never keeps it" in text
    program = context.program
    assert program is not None and program.answers["registration"]["subject"] == "enterprise"
    assert "服务类目" in page.setup_box.categories_label.text()
    assert page.setup_box.platform_answer.isHidden()  # filled in by the platform's answers later


def test_the_review_page_names_every_host_app(context: AppContext, qtbot: QtBot) -> None:
    from wizard.ui.pages.review_page import ReviewPage

    page = ReviewPage(context)
    qtbot.addWidget(page)
    page.show()
    page.load_now()
    text = page.after_launch_box.hosts_label.text()
    assert all(name in text for name in hosts.host_names()) and len(hosts.host_names()) == 6
    assert "获取手机号" in page.after_launch_box.capabilities_label.text()
