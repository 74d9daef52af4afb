"""``submit-review --hosts douyin,toutiao [--auto-publish] [--appid ID]``: submit the newest
uploaded version for review with the official CLI and the saved upload token (contract).

Exit 0 submitted, 1 refused or failed (one sentence), 2 bad usage. Unknown host keys, a
malformed AppID or a missing ``--hosts`` are decided before any token lookup or network call.
The outcome enters the mini-program's release history, as the review page records it. The
first release is submitted in the console (the platform needs screenshots the tool cannot send).
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from wizard.commands.frame import EXIT_OK, EXIT_PROBLEMS, run_command, say_error, usage_error
from wizard.core.credentials import check_appid, normalize_appid
from wizard.core.files.storage import StorageError
from wizard.core.i18n import _
from wizard.core.paths import app_paths
from wizard.core.review import platform, readiness, submission
from wizard.core.review.platform import CallOptions
from wizard.core.review.platform_word import follow_live_version, remembered
from wizard.core.secrets import SecretKind, SecretStore
from wizard.core.state import MiniProgram, ProgramStore
from wizard.core.steps import version as version_step

EXIT_FAILED = EXIT_PROBLEMS
PROG = "python -m wizard submit-review"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=_(
            "Submit the newest uploaded version for review (a second or later release), with "
            "the upload token saved by set-token."
        ),
    )
    parser.add_argument(
        "--hosts",
        required=True,
        help=_("the host apps, comma-separated: {keys}").format(
            keys=", ".join(submission.HOST_KEYS)
        ),
    )
    parser.add_argument(
        "--auto-publish",
        action="store_true",
        help=_("publish automatically as soon as the review passes"),
    )
    parser.add_argument(
        "--appid", help=_("the mini-program's AppID (needed when several are known)")
    )
    parser.add_argument("--proxy", help=_("an HTTP proxy, like http://127.0.0.1:8080"))
    return parser


def _usage(message: str) -> int:
    return usage_error(PROG, message)


def _program(store: ProgramStore, appid: str | None) -> MiniProgram | str:
    """The mini-program to submit, or a sentence saying why there is none."""
    known = [p for p in store.ordered() if check_appid(p.appid).ok]
    if appid is None:
        appids = {normalize_appid(p.appid) for p in known}
        if len(appids) == 1:
            return known[0]
        if not appids:
            return _("No mini-program with an AppID is known to MiniApp Publisher yet.")
        return _("Several mini-programs are known: name one with --appid.")
    for program in known:
        if normalize_appid(program.appid) == appid:
            return program
    return _(
        "MiniApp Publisher knows no mini-program with the AppID {appid}. Upload its "
        "version first (in the "
        "app, or with python -m wizard upload)."
    ).format(appid=appid)


def main(argv: list[str], store: SecretStore | None = None) -> int:
    """Run submit-review with argv (the arguments after the sub-command's name)."""
    return run_command(_parser(), lambda args, out: _run(args, out, store), argv)


def _run(args: argparse.Namespace, out: TextIO, store: SecretStore | None) -> int:
    hosts, problem = submission.parse_hosts(args.hosts)
    if problem:
        return _usage(problem)
    appid: str | None = None
    if args.appid is not None:
        verdict = check_appid(args.appid)
        if not verdict.ok:
            return _usage(verdict.message or _("the AppID is not valid."))
        appid = normalize_appid(args.appid)

    programs = ProgramStore(app_paths())
    programs.load()
    found = _program(programs, appid)
    if isinstance(found, str):
        out.write(found + "\n")
        return EXIT_FAILED
    program = found
    secrets = store if store is not None else SecretStore()
    token = secrets.get(program.appid, SecretKind.UPLOAD_TOKEN)
    if not token:
        out.write(
            _(
                "No upload token is saved for {appid}. Save it first: "
                "python -m wizard set-token {appid} < token.txt"
            ).format(appid=program.appid)
            + "\n"
        )
        return EXIT_FAILED
    for known in readiness.blocking(readiness.problems(program)):
        say_error(_("Known problem: {sentence}").format(sentence=known.message))

    options = CallOptions(proxy=args.proxy)
    live = ""
    history = version_step.history(program)
    if submission.first_release(history):
        # Nothing recorded as live: the platform may know better (a release made elsewhere).
        meta = platform.live_version(program.appid, token, options)
        if meta.ok:
            live = meta.live_version
            _store(program, "review", remembered(program, meta))
            values, _sentence = follow_live_version(program, live, meta.asked_at)
            _store(program, version_step.ID, values)
    result = submission.submit_newest(
        program, token, hosts, args.auto_publish, options, platform_live=live
    )
    _store(program, version_step.ID, result.values)
    try:
        programs.save()
    except StorageError as exc:
        say_error(exc.message)
    out.write(result.answer.message + "\n")
    if result.answer.detail and result.answer.detail not in result.answer.message:
        out.write(_("Details: {text}").format(text=result.answer.detail) + "\n")
    return EXIT_OK if result.answer.ok else EXIT_FAILED


def _store(program: MiniProgram, step_id: str, values: dict[str, object]) -> None:
    if values:
        program.answer(step_id).update(values)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
