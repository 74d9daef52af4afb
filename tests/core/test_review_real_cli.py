"""get-meta, hosts and audit driven for real: the official CLI against the loopback fake.

Success, each failure text the CLI knows (read in tt-ide-cli 0.1.33's dist/cli.js), a token the
platform refuses, silence (the time limit), and the ``submit-review`` command's exit codes. After
every test no file under the test's folders holds the token and no private folder is left
(`no_token_left_behind`); no command line carries it (`argv_seen`).
"""

# ruff: noqa: F811 (the fixtures imported from the upload tests are parameters here)

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.test_upload_real_cli import (  # noqa: F401 (fixtures)
    APPID,
    TOKEN,
    argv_seen,
    cli,
    keychain,
    no_token_left_behind,
    project,
    template,
)
from tests.fake_platform import FakePlatform, Scenario
from wizard.commands import upload as upload_cli
from wizard.commands.review import main as submit_review
from wizard.core.paths import app_paths
from wizard.core.releases import EventKind, ReviewState, Route
from wizard.core.review import platform, readiness
from wizard.core.review.platform import CallOptions
from wizard.core.secrets import SecretKind, SecretStore
from wizard.core.state import ProgramStore
from wizard.core.steps import version as version_step

pytestmark = pytest.mark.slow


def options(fake: FakePlatform, timeout: float = 60) -> CallOptions:
    return CallOptions(proxy=fake.proxy_url, ca_file=fake.ca_file, location=cli(), timeout=timeout)


def test_get_meta_reads_the_live_version(tmp_path: Path, argv_seen: list[list[str]]) -> None:
    with FakePlatform(tmp_path / "certs", Scenario(live_version="1.2.3")) as fake:
        answer = platform.live_version(APPID, TOKEN, options(fake))
        seen = [r for r in fake.requests if r.path == "/api/apps/v3/meta"]
    assert answer.ok and answer.live_version == "1.2.3", answer
    assert seen and seen[0].headers["x-cli-token"] == TOKEN
    assert argv_seen and all(TOKEN not in " ".join(args) for args in argv_seen)


def test_get_meta_when_nothing_is_live(tmp_path: Path) -> None:
    with FakePlatform(tmp_path / "certs", Scenario(live_version=None)) as fake:
        answer = platform.live_version(APPID, TOKEN, options(fake))
    assert answer.ok and answer.live_version == "" and "no version is live" in answer.message


def test_hosts_lists_the_keys(tmp_path: Path) -> None:
    with FakePlatform(tmp_path / "certs") as fake:
        answer = platform.host_apps(APPID, TOKEN, options(fake))
    assert answer.ok and answer.hosts == ("douyin", "toutiao"), answer


def test_audit_submits_with_every_self_test_item(tmp_path: Path) -> None:
    with FakePlatform(tmp_path / "certs") as fake:
        answer = platform.submit(APPID, TOKEN, ("douyin", "toutiao"), True, options(fake))
        sent = fake.audits()
    assert answer.ok and answer.kind == platform.OK, answer
    assert sent[0].fields["host_chosen"] == "douyin,toutiao"
    assert sent[0].fields["auto_publish"] == "1"
    assert sent[0].fields["test_report"] == ",".join(["1"] * 27)


@pytest.mark.parametrize(
    ("scenario", "command", "kind", "words"),
    [
        (Scenario(token="another"), platform.GET_META, platform.TOKEN_REFUSED, "console"),
        (Scenario(token="another"), platform.HOSTS, platform.TOKEN_REFUSED, "console"),
        (Scenario(token="another"), platform.AUDIT, platform.TOKEN_REFUSED, "console"),
        (
            Scenario(meta_reply={"error": 1, "data": {"message": "x"}}),
            platform.GET_META,
            platform.REFUSED,
            "without saying why",
        ),
        (
            Scenario(hosts_reply={"error": 1, "message": ""}),
            platform.HOSTS,
            platform.APPID_INVALID,
            "AppID",
        ),
        (
            Scenario(hosts_reply={"error": 0, "data": {}}),
            platform.HOSTS,
            platform.NO_PERMISSION,
            "console",
        ),
        (
            Scenario(versions_reply={"error": 3, "message": "没有可提审的版本"}),
            platform.AUDIT,
            platform.REFUSED,
            "没有可提审的版本",
        ),
        (
            Scenario(audit_reply={"error": 5, "message": "已有版本在审核中"}),
            platform.AUDIT,
            platform.REFUSED,
            "已有版本在审核中",
        ),
    ],
)
def test_failures_become_sentences(
    tmp_path: Path, scenario: Scenario, command: str, kind: str, words: str
) -> None:
    with FakePlatform(tmp_path / "certs", scenario) as fake:
        answer = platform.call(
            command,
            APPID,
            TOKEN,
            ("--host", "douyin") if command == platform.AUDIT else (),
            options(fake),
        )
    assert not answer.ok and answer.kind == kind, answer
    assert words in answer.message and TOKEN not in answer.message + answer.detail


def test_silence_ends_at_the_time_limit(tmp_path: Path) -> None:
    with FakePlatform(tmp_path / "certs", Scenario(review_delay=30)) as fake:
        started = time.monotonic()
        answer = platform.host_apps(APPID, TOKEN, options(fake, timeout=6))
    assert answer.kind == platform.TIMEOUT and "6 seconds" in answer.message
    assert time.monotonic() - started < 20


def test_offline(tmp_path: Path) -> None:
    closed = CallOptions(proxy="http://127.0.0.1:9", location=cli(), timeout=30)
    answer = platform.live_version(APPID, TOKEN, closed)
    assert answer.kind == platform.NETWORK, answer


# --- python -m wizard upload records the release; submit-review --------------------------


@pytest.fixture
def ca_env(tmp_path: Path) -> Iterator[FakePlatform]:
    """A fake platform the commands reach: its CA through the environment (as the tests of
    the upload command do)."""
    with FakePlatform(tmp_path / "certs") as fake:
        os.environ["NODE_EXTRA_CA_CERTS"] = str(fake.ca_file)
        try:
            yield fake
        finally:
            del os.environ["NODE_EXTRA_CA_CERTS"]


def test_upload_command_records_then_submit_review_submits(
    project: Path,
    ca_env: FakePlatform,
    keychain: SecretStore,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    keychain.set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
    code = upload_cli.main(
        [
            str(project),
            "--version",
            "1.0.5",
            "--changelog",
            "新增商品页",
            "--proxy",
            ca_env.proxy_url,
        ],
        store=keychain,
    )
    assert code == 0, capsys.readouterr()
    store = ProgramStore(app_paths())
    store.load()
    program = next(p for p in store.ordered() if p.appid == APPID)
    latest = version_step.history(program).latest()
    assert latest is not None and latest.version == "1.0.5" and latest.route is Route.APP
    # The platform says 1.0.3 is live: a second release, submitted from the command line.
    code = submit_review(
        ["--hosts", "douyin,toutiao", "--auto-publish", "--proxy", ca_env.proxy_url],
        store=keychain,
    )
    out = capsys.readouterr()
    assert code == 0, out
    assert "Submitted for review." in out.out
    assert ca_env.audits()[0].fields["host_chosen"] == "douyin,toutiao"
    store.load()
    program = store.programs[program.id]
    latest = version_step.history(program).latest()
    assert latest is not None and latest.state is ReviewState.SUBMITTED and latest.auto_publish
    assert latest.last(EventKind.SUBMITTED) is not None
    assert version_step.history(program).declared_live == "1.0.3"
    assert TOKEN not in out.out + out.err + caplog.text


def test_submit_review_refused_is_recorded(
    project: Path,
    tmp_path: Path,
    keychain: SecretStore,
    capsys: pytest.CaptureFixture[str],
) -> None:
    keychain.set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
    store = ProgramStore(app_paths())
    program = store.create("花店")
    program.appid = APPID
    history = version_step.history(program)
    history.declare_live("1.0.3")
    history.record_upload("1.0.4", "x", Route.APP)
    program.answer(version_step.ID).update(version_step.saved(history))
    store.save()
    scenario = Scenario(audit_reply={"error": 7, "message": "类目资质不全"})
    with FakePlatform(tmp_path / "certs", scenario) as fake:
        os.environ["NODE_EXTRA_CA_CERTS"] = str(fake.ca_file)
        try:
            code = submit_review(["--hosts", "douyin", "--proxy", fake.proxy_url], store=keychain)
        finally:
            del os.environ["NODE_EXTRA_CA_CERTS"]
    out = capsys.readouterr()
    assert code == 1 and "类目资质不全" in out.out, out
    assert len(out.out.strip().splitlines()) == 1
    store.load()
    latest = version_step.history(store.programs[program.id]).latest()
    assert latest is not None and latest.state is ReviewState.UPLOADED
    refused = [e for e in latest.events if e.kind is EventKind.SUBMISSION_REFUSED]
    assert refused and "类目资质不全" in refused[0].note and refused[0].at > 0


def test_a_refused_upload_joins_the_verdict(
    project: Path,
    tmp_path: Path,
    keychain: SecretStore,
) -> None:
    keychain.set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
    with FakePlatform(tmp_path / "certs", Scenario(audit_version="2.0.0")) as fake:
        os.environ["NODE_EXTRA_CA_CERTS"] = str(fake.ca_file)
        try:
            code = upload_cli.main(
                [str(project), "--version", "1.0.5", "--changelog", "x", "--proxy", fake.proxy_url],
                store=keychain,
            )
        finally:
            del os.environ["NODE_EXTRA_CA_CERTS"]
    assert code == 1
    store = ProgramStore(app_paths())
    store.load()
    program = next(p for p in store.ordered() if p.appid == APPID)
    found = readiness.problems(program)
    assert any(p.step == "version" and p.blocking and "1.0.5" in p.message for p in found)
