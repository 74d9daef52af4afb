"""The filing step's rules, headless: states with their days, waits in working days, the
filing number's format, the lines for the welcome list, the summary and ``status --json``."""

from __future__ import annotations

import datetime
import json

import pytest

from wizard.commands.status import describe, status_view
from wizard.core import journey
from wizard.core import platform_facts as facts
from wizard.core.checks import State
from wizard.core.i18n import set_language
from wizard.core.releases import working_days_between
from wizard.core.state import MiniProgram, ProgramStore
from wizard.core.steps import filing
from wizard.core.steps.filing import FilingAnswers, FilingState

MONDAY = datetime.date(2026, 11, 2)


def program_with(**answers: object) -> MiniProgram:
    program = MiniProgram(id="p", name="花店")
    program.answers[filing.ID] = dict(answers)
    return program


def apply(program: MiniProgram, state: FilingState, day: datetime.date) -> None:
    changes = filing.choose_state(FilingAnswers.read(program), state, day)
    program.answer(filing.ID).update(changes)


def test_filing_comes_right_after_registration_and_is_reserved() -> None:
    ids = journey.step_ids()
    assert ids[ids.index(journey.REGISTRATION) + 1] == filing.ID
    reserved = list(journey.RESERVED_STEP_IDS)
    assert reserved[reserved.index("registration") + 1] == filing.ID


def test_a_new_program_has_not_started_and_is_not_done() -> None:
    program = MiniProgram(id="p", name="花店")
    answers = FilingAnswers.read(program)
    assert answers.state is FilingState.NOT_STARTED and answers.since == {}
    assert filing.status_value(program) == "not_started"
    assert not filing.is_done(program) and not filing.is_waiting(program)


def test_damaged_answers_read_as_defaults() -> None:
    program = program_with(state="at_the_moon", since={"bureau": "yesterday", "x": "2026-01-01"})
    program.answers[filing.ID]["number"] = 42
    answers = FilingAnswers.read(program)
    assert answers.state is FilingState.NOT_STARTED and answers.since == {} and answers.number == ""
    assert FilingAnswers.read(program_with(since=["bureau"])).since == {}


def test_each_stage_is_dated_once_and_a_resubmission_starts_afresh() -> None:
    program = MiniProgram(id="p", name="花店")
    apply(program, FilingState.SUBMITTED, MONDAY)
    apply(program, FilingState.SUBMITTED, MONDAY + datetime.timedelta(days=3))  # chosen again
    assert FilingAnswers.read(program).since == {"submitted": "2026-11-02"}
    apply(program, FilingState.SMS_CHECK, datetime.date(2026, 11, 5))
    apply(program, FilingState.BUREAU, datetime.date(2026, 11, 6))
    apply(program, FilingState.RETURNED, datetime.date(2026, 11, 20))
    answers = FilingAnswers.read(program)
    assert answers.state is FilingState.RETURNED
    assert set(answers.since) == {"submitted", "sms_check", "bureau", "returned"}
    apply(program, FilingState.SUBMITTED, datetime.date(2026, 11, 23))
    assert FilingAnswers.read(program).since == {"submitted": "2026-11-23"}
    assert filing.is_waiting(program)


def test_working_days_skip_weekends() -> None:
    friday = datetime.date(2026, 11, 6)
    assert working_days_between(friday, friday + datetime.timedelta(days=3)) == 1  # to Monday
    assert working_days_between(MONDAY, MONDAY + datetime.timedelta(days=14)) == 10
    assert working_days_between(MONDAY, MONDAY) == 0


def test_the_wait_counts_working_days_from_the_stage_start() -> None:
    program = MiniProgram(id="p", name="花店")
    apply(program, FilingState.SUBMITTED, MONDAY)
    apply(program, FilingState.BUREAU, datetime.date(2026, 11, 4))  # Wednesday
    wait = filing.current_wait(FilingAnswers.read(program), datetime.date(2026, 11, 12))
    assert wait is not None and wait.state is FilingState.BUREAU
    assert wait.working_days == 6 and wait.expected == facts.FILING_BUREAU_WORKING_DAYS
    assert not wait.longer_than_expected
    late = filing.current_wait(FilingAnswers.read(program), datetime.date(2026, 12, 31))
    assert late is not None and late.longer_than_expected
    low, high = filing.total_expected_working_days()
    assert low == 2 and high == 26  # 1–5 + within a day + 1–20


def test_the_welcome_and_summary_line_in_both_languages() -> None:
    program = MiniProgram(id="p", name="花店")
    apply(program, FilingState.BUREAU, datetime.date(2026, 11, 4))
    today = datetime.date(2026, 11, 12)
    try:
        set_language("zh_CN")
        assert filing.where_it_stands(program, today) == "备案：管局审核中，已 6 个工作日"
        set_language("en")
        line = filing.where_it_stands(program, today)
        assert line == "Filing: at the provincial bureau (管局审核中), 6 working days so far"
        assert filing.where_it_stands(MiniProgram(id="q", name="x"), today) == (
            "Filing: not started"
        )
    finally:
        set_language("en")


@pytest.mark.parametrize(
    ("typed", "state", "warns"),
    [
        ("沪ICP备2024012345号-1X", State.ACCEPTABLE, False),
        (" 粤ICP备 12345678 号－2x ", State.ACCEPTABLE, False),  # full-width dash, spaces
        ("京ICP备12345678号", State.ACCEPTABLE, True),  # a website's number
        ("京ICP备12345678号-3", State.ACCEPTABLE, True),
        ("京ICP备1234", State.INTERMEDIATE, False),
        ("", State.INTERMEDIATE, False),
        ("ICP备12345678号-1X", State.INVALID, False),
        ("京ICP证12345678号", State.INVALID, False),
        ("tt411d37a0de37d565", State.INVALID, False),
        ("美ICP备12345678号-1X", State.INVALID, False),
    ],
)
def test_the_filing_number_format(typed: str, state: State, warns: bool) -> None:
    check = filing.check_number(typed)
    assert check.state is state, check.message
    assert bool(check.message) == (warns or state is not State.ACCEPTABLE)


def test_filed_counts_only_with_a_valid_number() -> None:
    program = MiniProgram(id="p", name="花店")
    apply(program, FilingState.FILED, MONDAY)
    assert not filing.is_done(program) and filing.publish_warning(program)
    program.answer(filing.ID).update(filing.record_number("沪ICP备2024012345号-1X"))
    assert filing.is_done(program) and filing.publish_warning(program) == ""
    assert FilingAnswers.read(program).number == "沪ICP备2024012345号-1X"
    assert filing.where_it_stands(program) == "Filing: filed (沪ICP备2024012345号-1X)"


def test_publishing_without_a_filing_warns_with_where_it_stands() -> None:
    program = MiniProgram(id="p", name="花店")
    warning = filing.publish_warning(program)
    assert "not started" in warning and "taken down" in warning


def test_a_long_reason_and_number_are_bounded() -> None:
    assert len(filing.returned_reason("原因" * 5000)["returned_reason"]) == (
        facts.FILING_REASON_MAX_CHARS
    )
    assert len(filing.record_number("京" * 500)["number"]) == facts.FILING_NUMBER_MAX_CHARS


def test_a_waiting_filing_does_not_hold_back_the_resume() -> None:
    program = MiniProgram(id="p", name="花店")
    program.answer("registration")["status"] = "approved"
    assert journey.first_not_done(program) == filing.ID  # not started: do it now
    apply(program, FilingState.BUREAU, MONDAY)
    assert journey.first_not_done(program) == journey.CREDENTIALS
    apply(program, FilingState.RETURNED, MONDAY)
    assert journey.first_not_done(program) == filing.ID  # returned: the merchant must act


def test_status_json_carries_the_filing_state(tmp_path: object) -> None:
    from wizard.core.paths import app_paths

    store = ProgramStore(app_paths())
    first = store.create("花店")
    second = store.create("书店")
    first.answers[filing.ID] = {"state": "sms_check", "since": {"sms_check": "2026-11-02"}}
    view = status_view(store)
    by_name = {p["name"]: p for p in view["programs"]}
    assert by_name["花店"]["filing"] == "sms_check"
    assert by_name["书店"]["filing"] == "not_started"
    assert second.id not in json.dumps(view)
    assert any("Filing: waiting for the MIIT's SMS check" in line for line in describe(view))


def test_the_dates_of_this_submission_in_order() -> None:
    program = MiniProgram(id="p", name="花店")
    assert filing.dates_line(FilingAnswers.read(program)) == ""
    apply(program, FilingState.SUBMITTED, MONDAY)
    apply(program, FilingState.SMS_CHECK, datetime.date(2026, 11, 5))
    apply(program, FilingState.BUREAU, datetime.date(2026, 11, 6))
    assert filing.dates_line(FilingAnswers.read(program)) == (
        "Dates: submitted 2026-11-02 · SMS check 2026-11-05 · bureau 2026-11-06"
    )


def test_materials_by_subject() -> None:
    from wizard.core import filing_guide as guide
    from wizard.core.steps.registration import Subject

    enterprise = guide.materials_for(Subject.ENTERPRISE)
    individual = guide.materials_for(Subject.INDIVIDUAL)
    assert any("营业执照" in line for line in enterprise)
    assert not any("营业执照" in line for line in individual)
    assert all(line in enterprise and line in individual for line in guide.COMMON_MATERIALS)
    titles = [title for title, _lines in guide.material_sections(Subject.UNKNOWN)]
    assert titles == [
        guide.SECTION_TITLES[Subject.ENTERPRISE],
        guide.SECTION_TITLES[Subject.INDIVIDUAL],
        guide.COMMON_TITLE,
    ]
