"""The readiness verdict, headless, for every problem kind; the step state words; the host keys;
the platform's answers read from the CLI's text; the live version followed; submit-review's bad
usage decided before any token lookup or network call."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from wizard.commands.review import main as submit_review
from wizard.core.domains.scan import ScanSummary
from wizard.core.releases import ReviewState, Route
from wizard.core.review import platform, readiness, submission
from wizard.core.review.platform_word import PlatformWord, follow_live_version, remembered
from wizard.core.state import MiniProgram
from wizard.core.steps import StepStatus
from wizard.core.steps import version as version_step
from wizard.core.upload import cli_runner

APPID = "tt411d37a0de37d565"


def ready_program(tmp_path: Path) -> MiniProgram:
    """Every step before the review done, with a scanned package of this AppID."""
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "project.config.json").write_text(json.dumps({"appid": APPID}), "utf-8")
    program = MiniProgram("p1", "花店", appid=APPID)
    program.answers = {
        "registration": {"status": "approved"},
        "credentials": {"secret_saved": True, "pasted_in_admin": True},
        "package": {"extracted_to": str(folder), "can_upload": True},
        "domains": {
            "lists": {"request": ["api.example.com"]},
            "confirmed_saved": True,
            "scan": ScanSummary(str(folder), {"request": ("api.example.com",)}).to_dict(),
        },
        "route": {"route": "app", "token_saved": True},
        "filing": {"state": "filed", "number": "沪ICP备2024012345号-1X"},
    }
    history = version_step.history(program)
    history.record_upload("1.0.0", "首发", Route.APP)
    history.mark_previewed("1.0.0")
    program.answers["version"] = version_step.saved(history)
    return program


def test_a_finished_program_has_no_problem(tmp_path: Path) -> None:
    program = ready_program(tmp_path)
    assert readiness.problems(program) == ()
    assert readiness.ready(program)


def test_unfinished_steps_block(tmp_path: Path) -> None:
    program = ready_program(tmp_path)
    program.answers["domains"]["confirmed_saved"] = False
    program.answers["credentials"]["pasted_in_admin"] = False
    found = readiness.problems(program)
    assert {p.step for p in found} == {"domains", "credentials"}
    assert all(p.blocking for p in found) and not readiness.ready(program)


def test_http_calls_block_and_the_step_stays_done_with_a_problem(tmp_path: Path) -> None:
    program = ready_program(tmp_path)
    scan = ScanSummary(
        program.answers["package"]["extracted_to"],
        {"request": ("api.example.com",)},
        insecure=("http://api.example.com/pay",),
    )
    program.answers["domains"]["scan"] = scan.to_dict()
    found = readiness.problems(program)
    assert len(found) == 1 and found[0].step == "domains" and found[0].blocking
    assert "http://api.example.com/pay" in found[0].message
    from wizard.core.steps import domains as domains_step

    assert domains_step.is_done(program)  # the step is done: "done, 1 problem"
    assert readiness.counted(StepStatus.DONE, found) == 1
    assert readiness.state_words(StepStatus.DONE, 1) == "done, 1 problem"
    assert readiness.state_words(StepStatus.DONE, 2) == "done, 2 problems"
    assert readiness.state_words(StepStatus.TODO, readiness.counted(StepStatus.TODO, found)) == (
        "to do"
    )


def test_missing_hosts_and_a_scan_of_another_package(tmp_path: Path) -> None:
    program = ready_program(tmp_path)
    folder = program.answers["package"]["extracted_to"]
    scan = ScanSummary(folder, {"request": ("api.example.com", "cdn.example.com")}, dynamic=2)
    program.answers["domains"]["scan"] = scan.to_dict()
    found = readiness.problems(program)
    messages = [p.message for p in found if p.step == "domains"]
    assert any("cdn.example.com" in m for m in messages)
    assert [p.blocking for p in found if "2 addresses" in p.message] == [False]  # a warning
    other = tmp_path / "other"
    other.mkdir()
    program.answers["domains"]["scan"] = ScanSummary(str(other), {}).to_dict()
    assert any("another code package" in p.message for p in readiness.problems(program))


def test_an_appid_that_differs_from_the_package(tmp_path: Path) -> None:
    program = ready_program(tmp_path)
    config = Path(program.answers["package"]["extracted_to"]) / "project.config.json"
    config.write_text(json.dumps({"appid": "tt02d6746b9cb2fc0e10"}), "utf-8")
    found = readiness.problems(program)
    assert [(p.step, p.blocking) for p in found] == [("package", True)]
    assert "tt02d6746b9cb2fc0e10" in found[0].message


def test_a_version_the_platform_refused(tmp_path: Path) -> None:
    program = ready_program(tmp_path)
    program.answers["version"].update(version_step.refused_upload("1.0.1", "版本号小于 1.2.0"))
    found = readiness.problems(program)
    assert [(p.step, p.blocking) for p in found] == [("version", True)]
    assert "版本号小于" in found[0].message
    _release, values = version_step.record_upload(program, "1.2.1", "x", Route.APP)
    program.answers["version"].update(values)
    program.answers["version"]["history"]["releases"][-1]["events"].append(
        {"kind": "previewed", "at": 1.0}
    )
    assert readiness.problems(program) == ()


def test_a_rejected_review(tmp_path: Path) -> None:
    program = ready_program(tmp_path)
    history = version_step.history(program)
    history.submit("1.0.0")
    history.reject("1.0.0", "类目不符")
    program.answers["version"] = version_step.saved(history)
    assert any(
        p.step == "version" and "did not pass" in p.message for p in readiness.problems(program)
    )


def test_a_new_source_joins_with_one_line(tmp_path: Path) -> None:
    program = ready_program(tmp_path)

    def privacy(_program: MiniProgram) -> list[readiness.Problem]:
        return [readiness.Problem("privacy", False, "Declare the location scope.")]

    found = readiness.problems(program, (*readiness.PROBLEM_SOURCES, privacy))
    assert [p.to_dict() for p in found] == [
        {"step": "privacy", "blocking": False, "message": "Declare the location scope."}
    ]


def test_host_keys() -> None:
    assert submission.parse_hosts("douyin, toutiao,douyin") == (("douyin", "toutiao"), "")
    assert submission.parse_hosts("douyin_harmony")[0] == ("douyin_harmony",)
    keys, problem = submission.parse_hosts("douyin,wechat")
    assert keys == () and "wechat" in problem
    assert submission.parse_hosts(" , ")[1]
    assert submission.host_name("tt_lite") == "今日头条极速版"


@pytest.mark.parametrize(
    ("command", "stdout", "stderr", "kind"),
    [
        (platform.GET_META, '{"version":"1.0.3"}\n', "", platform.OK),
        (platform.HOSTS, "[\n  'douyin',\n  'toutiao'\n]\n", "", platform.OK),
        (platform.AUDIT, "🎉 Audit success\n", "", platform.OK),
        (
            platform.AUDIT,
            "",
            "Error: Request failed with status code 401\n    at x",
            "token-refused",
        ),
        (platform.HOSTS, "", "Error: You do not have permission to audit app\n", "no-permission"),
        (
            platform.HOSTS,
            "",
            "Error: Get host failed，please check if your appid is valid\n",
            "appid-invalid",
        ),
        (platform.AUDIT, "", "Error: 已有版本在审核中\n", "refused"),
        (platform.GET_META, "", "Meta Error: [object Object]\n", "refused"),
        (platform.GET_META, "", "Error: connect ECONNREFUSED 127.0.0.1:9\n", "network"),
        (platform.AUDIT, "", "Error: Request failed with status code 502\n", "platform-busy"),
        (platform.AUDIT, "nothing", "", "unknown"),
    ],
)
def test_answers_read_from_the_cli(command: str, stdout: str, stderr: str, kind: str) -> None:
    answer = platform.interpret(command, stdout, stderr)
    assert answer.kind == kind and answer.message
    assert answer.ok is (kind == platform.OK)


def test_the_live_version_is_followed_and_published_noticed(tmp_path: Path) -> None:
    program = ready_program(tmp_path)
    history = version_step.history(program)
    history.declare_live("0.9.0")
    history.submit("1.0.0")
    program.answers["version"] = version_step.saved(history)
    values, sentence = follow_live_version(program, "1.0.0", 5.0)
    program.answers["version"].update(values)
    latest = version_step.history(program).latest()
    assert latest is not None and latest.state is ReviewState.PUBLISHED and "1.0.0" in sentence
    assert version_step.suggested_versions(program)[0] == "1.0.1"
    answer = platform.interpret(platform.GET_META, '{"version":"1.0.0"}', "")
    program.answers.setdefault("review", {}).update(remembered(program, answer))
    assert PlatformWord.read(program).live_version == "1.0.0"


def test_second_release_only(tmp_path: Path) -> None:
    program = ready_program(tmp_path)
    assert "first release" in submission.why_not_from_app(program)
    assert submission.why_not_from_app(program, platform_live="0.9.0") == ""


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--hosts", "douyin,wechat"],
        ["--hosts", ""],
        ["--hosts", "douyin", "--appid", "tt123"],
    ],
)
def test_bad_usage_before_any_lookup(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_process(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("no process may start")

    monkeypatch.setattr(cli_runner.subprocess, "Popen", no_process)
    monkeypatch.setattr(subprocess, "Popen", no_process)
    assert submit_review(argv, store=_NoKeychain()) == 2
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err


class _NoKeychain:
    """A keychain no bad usage may reach."""

    def get(self, *_args: object) -> str | None:
        raise AssertionError("no token lookup on bad usage")


def test_help_names_hosts(capsys: pytest.CaptureFixture[str]) -> None:
    assert submit_review(["--help"]) == 0
    assert "--hosts" in capsys.readouterr().out


def test_the_report_shows_done_with_a_problem() -> None:
    from wizard.core.releases import ReleaseHistory
    from wizard.core.report import build_report

    words = readiness.state_words(StepStatus.DONE, 1)
    html = build_report(
        program_name="花店",
        appid=APPID,
        steps={"domains": {"title": "Server domains", "status": "done", "words": words}},
        domains={},
        history=ReleaseHistory(),
    )
    assert '<td class="todo">done, 1 problem</td>' in html


def _scanned_privacy(program: MiniProgram, scopes: list[str]) -> None:
    folder = program.answers["package"]["extracted_to"]
    program.answers["domains"]["privacy_scan"] = {
        "root": folder + "/",  # another spelling of the same folder
        "scopes": scopes,
        "apis": ["getLocation"],
    }


def test_privacy_scopes_against_the_platforms_answer(tmp_path: Path) -> None:
    """Scopes the code needs: blocking when the platform says the agreement is not
    configured, a warning before it was asked, nothing once it is configured."""
    program = ready_program(tmp_path)
    _scanned_privacy(program, ["位置信息"])
    (warning,) = readiness.problems(program)
    assert warning.step == "domains" and not warning.blocking and "位置信息" in warning.message
    program.answers["platform"] = {"privacy": "not_configured", "privacy_asked_at": 1.0}
    (problem,) = readiness.problems(program)
    assert problem.blocking and "not configured" in problem.message
    assert not readiness.ready(program)
    program.answers["platform"]["privacy"] = "configured"
    assert readiness.problems(program) == ()
    # A scan of another folder (the package was unpacked again elsewhere) says nothing.
    program.answers["platform"]["privacy"] = "not_configured"
    program.answers["domains"]["privacy_scan"]["root"] = str(tmp_path / "old")
    assert readiness.problems(program) == ()
    _scanned_privacy(program, [])
    assert readiness.problems(program) == ()


def test_an_unfiled_mini_program_is_a_warning_on_the_filing_step(tmp_path: Path) -> None:
    program = ready_program(tmp_path)
    program.answers["filing"] = {"state": "bureau", "since": {"bureau": "2026-11-20"}}
    (problem,) = readiness.problems(program)
    assert problem.step == "filing" and not problem.blocking
    assert readiness.ready(program)
