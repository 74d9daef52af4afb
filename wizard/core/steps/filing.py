"""Step ``filing``: the mini-program's own filing (小程序备案) with the MIIT, stage by stage.

The platform's first review, the MIIT's SMS check, the provincial bureau, then a filing number;
or the filing comes back with a reason. The merchant tells the app each change (no merchant API
reads the filing state); the app remembers the date of each stage and counts working days.
Sources: docs/platform-facts.md "Filing (小程序备案)".
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field
from typing import Any

from wizard.core import platform_facts as facts
from wizard.core.checks import Check
from wizard.core.i18n import N_, _
from wizard.core.state import MiniProgram
from wizard.core.steps import Step, text

ID = "filing"


class FilingState(enum.Enum):
    """Where the filing stands (values are the ``status --json`` contract)."""

    NOT_STARTED = "not_started"
    SUBMITTED = "submitted"  # with the platform's first review
    SMS_CHECK = "sms_check"  # the MIIT's text message to answer within 24 hours
    BUREAU = "bureau"  # the provincial communications bureau (管局)
    FILED = "filed"
    RETURNED = "returned"  # sent back, with a reason


# The stages that are waits, in order (RETURNED can follow any of them).
WAITING_STATES = (FilingState.SUBMITTED, FilingState.SMS_CHECK, FilingState.BUREAU)

# How each state reads in a line ("Filing: at the provincial bureau").
STATE_WORDS: dict[FilingState, str] = {
    FilingState.NOT_STARTED: N_("not started"),
    FilingState.SUBMITTED: N_("with the platform's first review"),
    FilingState.SMS_CHECK: N_("waiting for the MIIT's SMS check"),
    FilingState.BUREAU: N_("at the provincial bureau (管局审核中)"),
    FilingState.FILED: N_("filed"),
    FilingState.RETURNED: N_("returned, to be corrected"),
}


@dataclass
class FilingAnswers:
    """The filing's state, the day each state began, the reason it came back, its number."""

    state: FilingState = FilingState.NOT_STARTED
    since: dict[str, str] = field(default_factory=dict)  # state value → ISO date
    returned_reason: str = ""
    number: str = ""

    @classmethod
    def read(cls, program: MiniProgram | None) -> FilingAnswers:
        values = program.answers.get(ID, {}) if program is not None else {}
        try:
            state = FilingState(text(values, "state", FilingState.NOT_STARTED.value))
        except ValueError:
            state = FilingState.NOT_STARTED
        raw = values.get("since")
        since = {
            key: day
            for key, day in (raw.items() if isinstance(raw, dict) else ())
            if key in _STATE_VALUES and isinstance(day, str) and _date(day) is not None
        }
        return cls(
            state=state,
            since=since,
            returned_reason=text(values, "returned_reason")[: facts.FILING_REASON_MAX_CHARS],
            number=text(values, "number")[: facts.FILING_NUMBER_MAX_CHARS],
        )

    def started_on(self, state: FilingState | None = None) -> datetime.date | None:
        """The day the given state (by default the current one) began, when known."""
        return _date(self.since.get((state or self.state).value, ""))


_STATE_VALUES = frozenset(state.value for state in FilingState)


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


# --- rules -----------------------------------------------------------------------------------


def choose_state(
    answers: FilingAnswers, state: FilingState, today: datetime.date
) -> dict[str, Any]:
    """The answers to store when the merchant says the filing moved to ``state``.

    Each state's day is stamped when it is entered (not again when it is chosen twice). A new
    submission (SUBMITTED after a return, or from the start) begins a fresh set of dates, so the
    waits count from the resubmission.
    """
    if state is answers.state and state.value in answers.since:
        return {}
    since = dict(answers.since)
    if state is FilingState.SUBMITTED or state is FilingState.NOT_STARTED:
        since = {}
    if state is not FilingState.NOT_STARTED:
        since[state.value] = today.isoformat()
    return {"state": state.value, "since": since}


def returned_reason(text_typed: str) -> dict[str, Any]:
    """The reason the filing came back, as pasted (bounded)."""
    return {"returned_reason": text_typed[: facts.FILING_REASON_MAX_CHARS]}


def record_number(text_typed: str) -> dict[str, Any]:
    """The filing number as typed (trimmed, bounded); the check says whether it is usable."""
    return {"number": _normalise_number(text_typed)}


def _normalise_number(text_typed: str) -> str:
    # Full-width digits, dashes and letters are common when typed with a Chinese input method.
    table = str.maketrans("０１２３４５６７８９－—–ＸｘＩＣＰｉｃｐ", "0123456789---XxICPicp")
    cleaned = "".join(text_typed.translate(table).split()).upper()
    return cleaned[: facts.FILING_NUMBER_MAX_CHARS]


def check_number(text_typed: str) -> Check:
    """Is this a mini-program filing number (沪ICP备2024012345号-1X)?"""
    number = _normalise_number(text_typed)
    example = facts.FILING_NUMBER_EXAMPLE
    if not number:
        return Check.intermediate(
            _("Type the filing number the bureau sent, for example {example}.").format(
                example=example
            )
        )
    match = facts.FILING_NUMBER_PATTERN.match(number)
    if match is None:
        if number[0] in facts.FILING_PROVINCES and "号" not in number:
            return Check.intermediate(
                _("Keep typing, up to 号 and the part after it: {example}").format(example=example)
            )
        return Check.invalid(
            _(
                "This is not a filing number. It starts with the province's character, then "
                "ICP备, the number and 号, for example {example}. Copy it from the bureau's text "
                "message or from {path}."
            ).format(example=example, path=console_path())
        )
    if match.group(3) is None or match.group(4) is None:
        return Check.acceptable(
            _(
                "This looks like a website's filing number. A mini-program's number ends in a "
                "dash, a number and X (for example {example}): check that it is the one "
                "{path} shows."
            ).format(example=example, path=console_path())
        )
    return Check.acceptable()


def console_path() -> str:
    return "→".join(f"「{label}」" for label in facts.FILING_CONSOLE_PATH)


# --- waits ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilingWait:
    """How long the current stage has lasted and how long it usually lasts."""

    state: FilingState
    since: datetime.date
    working_days: int
    expected: tuple[int, int]  # working days (the SMS check: (0, 1), answered within a day)

    @property
    def longer_than_expected(self) -> bool:
        return self.working_days > self.expected[1]


EXPECTED_WORKING_DAYS: dict[FilingState, tuple[int, int]] = {
    FilingState.SUBMITTED: facts.FILING_PLATFORM_WORKING_DAYS,
    FilingState.SMS_CHECK: (0, max(1, facts.FILING_SMS_CHECK_HOURS // 24)),
    FilingState.BUREAU: facts.FILING_BUREAU_WORKING_DAYS,
}


def current_wait(answers: FilingAnswers, today: datetime.date) -> FilingWait | None:
    """The wait the filing is in (None when it is not waiting, or its start is unknown)."""
    if answers.state not in WAITING_STATES:
        return None
    start = answers.started_on()
    if start is None:
        return None
    from wizard.core.releases import working_days_between

    return FilingWait(
        answers.state,
        start,
        working_days_between(start, today),
        EXPECTED_WORKING_DAYS[answers.state],
    )


def total_expected_working_days() -> tuple[int, int]:
    """The whole filing's usual length, platform review to filing number (working days)."""
    low = sum(days[0] for days in EXPECTED_WORKING_DAYS.values())
    high = sum(days[1] for days in EXPECTED_WORKING_DAYS.values())
    return low, high


def where_it_stands(program: MiniProgram | None, today: datetime.date | None = None) -> str:
    """One line for the welcome list and the summary: 备案：管局审核中，已 6 个工作日."""
    answers = FilingAnswers.read(program)
    wait = current_wait(answers, today or datetime.date.today())
    words = _(STATE_WORDS[answers.state])
    if answers.state is FilingState.FILED and answers.number:
        return _("Filing: filed ({number})").format(number=answers.number)
    if wait is not None:
        return _("Filing: {state}, {days} working days so far").format(
            state=words, days=wait.working_days
        )
    return _("Filing: {state}").format(state=words)


# How each stage is named in the list of dates (short, the console's words).
STAGE_NAMES: dict[FilingState, str] = {
    FilingState.SUBMITTED: N_("submitted"),
    FilingState.SMS_CHECK: N_("SMS check"),
    FilingState.BUREAU: N_("bureau"),
    FilingState.FILED: N_("filed"),
    FilingState.RETURNED: N_("returned"),
}


def dates_line(answers: FilingAnswers) -> str:
    """The day each stage of this submission began, in order ("" before the first)."""
    parts = [
        _("{stage} {date}").format(stage=_(name), date=answers.since[state.value])
        for state, name in STAGE_NAMES.items()
        if state.value in answers.since
    ]
    return _("Dates: {dates}").format(dates=" · ".join(parts)) if parts else ""


def status_line(value: str) -> str:
    """The ``status`` command's line for a filing state value (tolerant of unknown values)."""
    try:
        state = FilingState(value)
    except ValueError:
        state = FilingState.NOT_STARTED
    return _("Filing: {state}").format(state=_(STATE_WORDS[state]))


def status_value(program: MiniProgram) -> str:
    """The ``status --json`` word: not_started until the merchant says otherwise."""
    return FilingAnswers.read(program).state.value


def publish_warning(program: MiniProgram | None) -> str:
    """The publish page's warning when no filing is recorded ("" once it is filed)."""
    answers = FilingAnswers.read(program)
    if is_done_answers(answers):
        return ""
    if answers.state is FilingState.FILED:
        return _(
            "The filing is marked as filed but its number is missing or not valid: record the "
            "filing number on the filing step, so you can show it when asked."
        )
    return _(
        "No filing number is recorded for this mini-program ({state}). Since 2024 a "
        "mini-program without a filing (小程序备案) may be taken down after it is published. "
        "You can publish, but finish the filing as soon as you can and record its number on "
        "the filing step."
    ).format(state=_(STATE_WORDS[answers.state]))


def is_done_answers(answers: FilingAnswers) -> bool:
    return answers.state is FilingState.FILED and check_number(answers.number).ok


def is_done(program: MiniProgram) -> bool:
    return is_done_answers(FilingAnswers.read(program))


def is_waiting(program: MiniProgram) -> bool:
    """Submitted and waiting on the platform, the MIIT or the bureau: the merchant goes on."""
    return FilingAnswers.read(program).state in WAITING_STATES


STEP = Step(
    ID,
    N_("File the mini-program (备案)"),
    N_("Mini-program filed with the MIIT, filing number recorded"),
    is_done,
    waiting=is_waiting,
)
