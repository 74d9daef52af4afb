"""One readiness verdict from everything the app knows, and the step state that shows it.

The verdict is a list of `Problem`s, each naming its step, whether it blocks the submission,
and one sentence. It is gathered from `PROBLEM_SOURCES`: a source is a function
``(program) -> iterable of Problem``; a subject that knows of other problems (privacy scopes,
filing) joins the verdict with one line in that tuple. The review page, the side panel, the
welcome list, the summary, the report and ``status --json`` all read this verdict, and a step
that is done but has problems shows as "done, 1 problem" everywhere (`state_words`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from wizard.core.i18n import _
from wizard.core.state import MiniProgram
from wizard.core.steps import StepStatus


@dataclass(frozen=True)
class Problem:
    """Something known to be wrong: its step (a button leads there), blocking or a warning."""

    step: str
    blocking: bool
    message: str

    def to_dict(self) -> dict[str, Any]:
        """The `status --json` shape (contract): step, blocking, message."""
        return {"step": self.step, "blocking": self.blocking, "message": self.message}


ProblemSource = Callable[[MiniProgram], Iterable[Problem]]

# Steps whose work comes before 提交审核: unfinished, they hold the review back. Filing (备案)
# does not hold the submission back on the platform; it joins the verdict through its own
# source, which decides blocking or warning.
BEFORE_REVIEW = (
    "registration",
    "credentials",
    "package",
    "domains",
    "route",
    "devtool",
    "version",
    "preview",
)
MAX_LISTED = 5


def _listed(items: Iterable[str]) -> str:
    shown = list(items)
    more = len(shown) - MAX_LISTED
    text = ", ".join(shown[:MAX_LISTED])
    return text + (_(" and {count} more").format(count=more) if more > 0 else "")


def unfinished_steps(program: MiniProgram) -> Iterable[Problem]:
    """Every step before the review that applies and is not done."""
    from wizard.core import journey

    for step_id in BEFORE_REVIEW:
        step = journey.step_by_id(step_id)
        if step is None or not step.applies(program) or step.is_done(program):
            continue
        yield Problem(
            step.id,
            True,
            _("The step “{title}” is not finished.").format(title=_(step.title)),
        )


def domain_problems(program: MiniProgram) -> Iterable[Problem]:
    """From the last scan of *this* package: http:// calls, hosts missing from the lists."""
    from wizard.core.domains.scan import kind_label
    from wizard.core.steps import domains as domains_step

    answers = domains_step.DomainsAnswers.read(program)
    scan = domains_step.current_scan(program)
    if scan is None:
        if answers.scan is not None and domains_step.folder_to_scan(program) is not None:
            yield Problem(
                domains_step.ID,
                True,
                _(
                    "The server domains were checked against another code package: check them "
                    "again for the package unpacked now."
                ),
            )
        return
    if scan.insecure:
        yield Problem(
            domains_step.ID,
            True,
            _(
                "The code package calls {urls} over http://, which fails once published. Ask "
                "your provider for a package that uses https:// only."
            ).format(urls=_listed(scan.insecure)),
        )
    for kind, hosts in domains_step.missing_hosts(program).items():
        yield Problem(
            domains_step.ID,
            True,
            _(
                "The code package calls {hosts}, missing from the {kind}: add them in the "
                "console and in this step."
            ).format(hosts=_listed(hosts), kind=kind_label(kind)),
        )
    if scan.dynamic:
        yield Problem(
            domains_step.ID,
            False,
            _(
                "The code package builds {count} addresses while it runs: MiniApp Publisher "
                "cannot see "
                "them. Look at every page on the phone before submitting."
            ).format(count=scan.dynamic),
        )


def appid_problems(program: MiniProgram) -> Iterable[Problem]:
    """The unpacked package is for another AppID than the mini-program's."""
    from wizard.core.credentials import check_appid, normalize_appid
    from wizard.core.steps import package as package_step
    from wizard.core.upload.uploader import folder_appid

    folder = package_step.package_folder(program)
    if folder is None or not check_appid(program.appid).ok:
        return
    found = folder_appid(folder)
    if found is not None and normalize_appid(found) != normalize_appid(program.appid):
        yield Problem(
            package_step.ID,
            True,
            _(
                "The unpacked code is for the AppID {found}, not {appid}. Unpack the code "
                "package again in the step “Code package”: MiniApp Publisher writes your AppID "
                "into it."
            ).format(found=found, appid=program.appid),
        )


def version_problems(program: MiniProgram) -> Iterable[Problem]:
    """A version the platform refused (upload or review), with the way back."""
    from wizard.core.releases import ReviewState
    from wizard.core.steps import version as version_step

    refused, message = version_step.last_refused_upload(program)
    if refused:
        yield Problem(
            version_step.ID,
            True,
            _("The platform refused version {version}: {sentence}").format(
                version=refused, sentence=message or _("no reason given.")
            ),
        )
    latest = version_step.history(program).latest()
    if latest is not None and latest.state is ReviewState.REJECTED:
        yield Problem(
            version_step.ID,
            True,
            _(
                "Version {version} did not pass the review: fix what the reviewers named and "
                "upload a new version."
            ).format(version=latest.version),
        )


def privacy_problems(program: MiniProgram) -> Iterable[Problem]:
    """The package's code uses APIs the privacy agreement must declare (its last scan), against
    what the platform said of the agreement: not configured blocks (such an API fails at run
    time and the review rejects it as 功能异常); not asked yet is a warning. When the agreement
    is configured the app cannot know what it declares, so nothing is said."""
    from wizard.core.platform_api.memory import privacy_status
    from wizard.core.privacy.memory import remembered_scan
    from wizard.core.privacy.texts import console_path

    scan = remembered_scan(program)
    if scan is None or not scan.scopes:
        return
    status = privacy_status(program)
    if status == "configured":
        return
    scopes = "、".join(scan.scopes) if is_chinese() else ", ".join(scan.scopes)
    if status == "not_configured":
        yield Problem(
            PRIVACY_STEP,
            True,
            _(
                "The code uses information the privacy agreement must declare ({scopes}), and "
                "the platform says the agreement is not configured. Configure it in {path} "
                "before submitting: otherwise these features fail and the review rejects the "
                "version."
            ).format(scopes=scopes, path=console_path()),
        )
    else:
        yield Problem(
            PRIVACY_STEP,
            False,
            _(
                "The code uses information the privacy agreement must declare ({scopes}). Make "
                "sure the agreement in {path} declares each of them."
            ).format(scopes=scopes, path=console_path()),
        )


def filing_problems(program: MiniProgram) -> Iterable[Problem]:
    """No filing number recorded: a warning (the review does not wait for it, publishing does)."""
    from wizard.core.steps import filing as filing_step

    if journey_has(filing_step.ID) and not filing_step.is_done(program):
        yield Problem(filing_step.ID, False, filing_step.publish_warning(program))


def journey_has(step_id: str) -> bool:
    from wizard.core import journey

    return journey.step_by_id(step_id) is not None


def is_chinese() -> bool:
    from wizard.core.i18n import CHINESE, current_language

    return current_language() == CHINESE


# The privacy part lives on the domains page (the same unpacked package, the same scan).
PRIVACY_STEP = "domains"

# The verdict's sources, in the order their problems are listed. Another subject joins with
# one line here.
PROBLEM_SOURCES: tuple[ProblemSource, ...] = (
    unfinished_steps,
    appid_problems,
    domain_problems,
    privacy_problems,
    filing_problems,
    version_problems,
)


def problems(
    program: MiniProgram | None, sources: Iterable[ProblemSource] | None = None
) -> tuple[Problem, ...]:
    """Every known problem of this mini-program, each once, in the sources' order."""
    if program is None:
        return ()
    found: dict[tuple[str, str], Problem] = {}
    for source in PROBLEM_SOURCES if sources is None else sources:
        for problem in source(program):
            found.setdefault((problem.step, problem.message), problem)
    return tuple(found.values())


def blocking(found: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(problem for problem in found if problem.blocking)


def ready(program: MiniProgram | None) -> bool:
    """May the review page say the version can be submitted: no blocking problem."""
    return program is not None and not blocking(problems(program))


def by_step(found: Iterable[Problem]) -> dict[str, tuple[Problem, ...]]:
    grouped: dict[str, list[Problem]] = {}
    for problem in found:
        grouped.setdefault(problem.step, []).append(problem)
    return {step: tuple(items) for step, items in grouped.items()}


def counted(status: StepStatus, step_problems: Iterable[Problem]) -> int:
    """How many problems the step's state shows: only a done step shows them ("done, 1
    problem"); a step still to do is not finished anyway."""
    if status is not StepStatus.DONE:
        return 0
    return sum(1 for _problem in step_problems)


def problem_counts(program: MiniProgram | None, statuses: dict[str, StepStatus]) -> dict[str, int]:
    """Per step, the problems its state shows (done steps only): the side panel, welcome,
    summary and report all use these counts with `state_words`."""
    grouped = by_step(problems(program))
    return {
        step_id: counted(status, grouped.get(step_id, ()))
        for step_id, status in statuses.items()
        if counted(status, grouped.get(step_id, ()))
    }


def state_words(status: StepStatus, problem_count: int = 0) -> str:
    """The one wording of a step's state: "done", "done, 1 problem", "to do", …"""
    if status is StepStatus.DONE and problem_count == 1:
        return _("done, 1 problem")
    if status is StepStatus.DONE and problem_count > 1:
        return _("done, {count} problems").format(count=problem_count)
    return {
        StepStatus.DONE: _("done"),
        StepStatus.CURRENT: _("current step"),
        StepStatus.TODO: _("to do"),
        StepStatus.NOT_APPLICABLE: _("does not apply"),
    }[status]
