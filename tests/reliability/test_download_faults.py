"""Downloads against a fault-injecting loopback server: every download ends, and what it saves
is one whole file, whatever the server does."""

from __future__ import annotations

import io
import random
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.net.loopback_server import LoopbackServer, Resource
from wizard.core.package.download.failures import (
    DownloadOutcome,
    FailureKind,
    describe_network_error,
)
from wizard.core.package.download.links import RedirectVerdict, part_path, redirect_verdict
from wizard.core.package.download.resume import (
    AttemptBudget,
    PartialInfo,
    ResumeAction,
    decide_resume,
    info_path,
    read_partial_info,
)
from wizard.core.package.zipsafe import whole_archive_problem
from wizard.net.download import PackageDownloader


def zip_of(files: dict[str, bytes], pad_to: int = 0, comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.comment = comment
    data = buffer.getvalue()
    if pad_to and len(data) != pad_to:
        # The archive comment is the file's last part: it pads the file to an exact size.
        return zip_of(files, 0, b"x" * (pad_to - len(data)))
    return data


OLD = zip_of({"app.js": random.Random(1).randbytes(600_000)})
# Another package of exactly the same length, laid out differently.
NEW_SAME_SIZE = zip_of(
    {"pages/a.js": random.Random(2).randbytes(300_000), "b.js": b"x" * 260_000}, len(OLD)
)
assert len(NEW_SAME_SIZE) == len(OLD)
NEW_OTHER_SIZE = zip_of({"app.js": random.Random(3).randbytes(700_000)})


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


@pytest.fixture
def target(app_home: Path) -> Path:
    return app_home / "cache" / "downloads" / "package.zip"


def fast_downloader(**options: object) -> PackageDownloader:
    return PackageDownloader(
        transfer_timeout_ms=5_000,
        retry_delays_ms=(10, 10, 10),
        **options,  # type: ignore[arg-type]
    )


def run(qtbot: QtBot, downloader: PackageDownloader, url: str, target: Path) -> DownloadOutcome:
    with qtbot.waitSignal(downloader.finished, timeout=30_000) as blocker:
        downloader.start(url, target)
    outcome = blocker.args[0]
    assert isinstance(outcome, DownloadOutcome)
    return outcome


# --- 6: a download that gets nowhere ends ---------------------------------------------------


def test_server_ignoring_range_and_cutting_every_answer_short_ends(
    qtbot: QtBot, server: LoopbackServer, target: Path
) -> None:
    # Every answer: 200, the full Content-Length, 300 kB of body, then the connection closes.
    resource = Resource(OLD, support_range=False, drop_after=300_000, drop_times=10**6)
    url = server.add("/pkg.zip", resource)
    started = time.monotonic()

    outcome = run(qtbot, fast_downloader(), url, target)

    assert not outcome.ok
    assert outcome.message == describe_network_error(outcome.kind)  # type: ignore[arg-type]
    assert time.monotonic() - started < 20
    # Bytes arrived on every attempt, yet the file never got further: 1 + 3 retries, plus the
    # one resend Qt itself may make on a closed connection.
    assert len(server.seen) <= 2 * 4, len(server.seen)
    assert not target.exists()


def test_a_server_that_always_sends_a_little_more_still_ends(
    qtbot: QtBot, server: LoopbackServer, target: Path
) -> None:
    # Real progress each time (so retries are restored), but it never completes.
    schedule = tuple(50_000 * (n + 1) for n in range(500))
    url = server.add("/pkg.zip", Resource(OLD, support_range=False, drop_schedule=schedule))

    outcome = run(qtbot, fast_downloader(max_attempts=6), url, target)

    assert not outcome.ok and outcome.kind is FailureKind.GAVE_UP
    assert outcome.message == describe_network_error(FailureKind.GAVE_UP)
    assert outcome.resumable  # what arrived is kept for a later try
    assert len(server.seen) <= 6 * 2


def test_a_trickling_server_is_bounded_in_time(
    qtbot: QtBot, server: LoopbackServer, target: Path
) -> None:
    # A byte now and then: Qt's transfer timeout never fires.
    url = server.add("/pkg.zip", Resource(OLD, chunk_size=2_000, chunk_delay=0.2))
    started = time.monotonic()

    outcome = run(qtbot, fast_downloader(max_seconds=1.0), url, target)

    assert outcome.kind is FailureKind.GAVE_UP
    assert time.monotonic() - started < 10


def test_attempt_budget_counts_growth_not_bytes() -> None:
    budget = AttemptBudget(0.0, max_attempts=10, max_retries_without_progress=2, max_seconds=60)
    assert budget.begin_attempt()
    budget.note_size(300)
    assert budget.may_retry(1.0) and budget.may_retry(2.0)
    budget.note_size(300)  # the same 300 bytes arrived again: no progress
    assert not budget.may_retry(3.0)
    budget.note_size(301)  # growth restores the retries
    assert budget.may_retry(4.0)
    assert not budget.may_retry(61.0)  # out of time
    for _attempt in range(9):
        budget.begin_attempt()
    assert not budget.begin_attempt()  # out of requests


# --- 7: never splice two files ---------------------------------------------------------------


def _interrupted_first_run(
    qtbot: QtBot,
    server: LoopbackServer,
    target: Path,
    body: bytes,
    etag: str | None,
    downloader: PackageDownloader | None = None,
) -> tuple[str, Resource]:
    headers = {"ETag": etag} if etag else {}
    # 250 kB, then the connection breaks, and every retry breaks before a byte arrives.
    resource = Resource(body, headers=headers, drop_schedule=(250_000,) + (0,) * 20)
    url = server.add("/pkg.zip", resource)
    outcome = run(qtbot, downloader or fast_downloader(), url, target)
    assert outcome.resumable and part_path(target).stat().st_size == 250_000
    resource.drop_schedule = ()
    return url, resource


@pytest.mark.parametrize("restart_app", [False, True])
def test_a_206_with_a_new_etag_starts_over_instead_of_splicing(
    qtbot: QtBot, server: LoopbackServer, target: Path, restart_app: bool
) -> None:
    first = fast_downloader()
    url, resource = _interrupted_first_run(qtbot, server, target, OLD, '"v1"', first)
    # The provider re-packs meanwhile; the server ignores If-Range and answers 206 anyway.
    resource.body, resource.headers = NEW_OTHER_SIZE, {"ETag": '"v2"'}
    before = len(server.seen)

    # A new downloader when the app was closed and opened again: nothing kept in memory.
    downloader = fast_downloader() if restart_app else first
    outcome = run(qtbot, downloader, url, target)

    assert outcome.ok, outcome.message
    assert target.read_bytes() == NEW_OTHER_SIZE
    resumed = server.seen[before]
    # The validator came from beside the .part, not from memory, so it is sent after a restart.
    assert resumed.range == "bytes=250000-" and resumed.if_range == '"v1"'
    assert server.seen[-1].range is None  # then the whole file again
    assert not info_path(part_path(target)).exists()


def test_the_same_file_is_resumed_with_if_range_after_a_restart(
    qtbot: QtBot, server: LoopbackServer, target: Path
) -> None:
    url, _resource = _interrupted_first_run(qtbot, server, target, OLD, '"v1"')
    assert read_partial_info(part_path(target)) == PartialInfo(url, '"v1"', len(OLD))
    before = len(server.seen)

    outcome = run(qtbot, fast_downloader(), url, target)

    assert outcome.ok and target.read_bytes() == OLD
    assert [(s.range, s.if_range) for s in server.seen[before:]] == [("bytes=250000-", '"v1"')]


def test_a_206_for_a_different_total_length_starts_over(
    qtbot: QtBot, server: LoopbackServer, target: Path
) -> None:
    url, resource = _interrupted_first_run(qtbot, server, target, OLD, None)
    resource.body = NEW_OTHER_SIZE

    outcome = run(qtbot, fast_downloader(), url, target)

    assert outcome.ok and target.read_bytes() == NEW_OTHER_SIZE


def test_same_length_no_validators_spliced_file_is_caught_by_the_whole_zip_check(
    qtbot: QtBot, server: LoopbackServer, target: Path
) -> None:
    # Nothing in the headers can tell the files apart: only the zip itself can.
    url, resource = _interrupted_first_run(qtbot, server, target, OLD, None)
    resource.body = NEW_SAME_SIZE
    spliced = OLD[:250_000] + NEW_SAME_SIZE[250_000:]
    assert zipfile.ZipFile(io.BytesIO(spliced)).namelist()  # the directory alone looks fine
    (target.parent / "spliced.zip").write_bytes(spliced)
    assert whole_archive_problem(target.parent / "spliced.zip") is not None

    outcome = run(qtbot, fast_downloader(), url, target)

    assert outcome.ok, outcome.message
    assert target.read_bytes() == NEW_SAME_SIZE


def test_a_broken_zip_downloaded_in_one_go_is_refused_without_downloading_it_again(
    qtbot: QtBot, server: LoopbackServer, target: Path
) -> None:
    broken = OLD[:300_000] + bytes(len(OLD) - 300_000)  # a zip's start, then zeros
    url = server.add("/pkg.zip", Resource(broken))

    outcome = run(qtbot, fast_downloader(), url, target)

    assert outcome.kind is FailureKind.DAMAGED
    assert outcome.message == describe_network_error(FailureKind.DAMAGED)
    assert len(server.seen) == 1
    assert not target.exists() and not part_path(target).exists()


def test_a_part_with_no_record_is_not_continued(
    qtbot: QtBot, server: LoopbackServer, target: Path
) -> None:
    url = server.add("/pkg.zip", Resource(NEW_OTHER_SIZE))
    target.parent.mkdir(parents=True)
    part_path(target).write_bytes(OLD[:250_000])  # from an older version, or its record lost

    outcome = run(qtbot, fast_downloader(), url, target)

    assert outcome.ok and target.read_bytes() == NEW_OTHER_SIZE
    assert [s.range for s in server.seen] == [None]


@pytest.mark.parametrize(
    ("expected", "validator", "content_range", "action"),
    [
        (PartialInfo("u", '"a"', 1000), '"a"', "bytes 400-999/1000", ResumeAction.APPEND),
        (PartialInfo("u", '"a"', 1000), '"b"', "bytes 400-999/1000", ResumeAction.RESTART),
        (PartialInfo("u", '"a"', 1000), "", "bytes 400-999/1000", ResumeAction.RESTART),
        (PartialInfo("u", "", 1000), "", "bytes 400-1199/1200", ResumeAction.RESTART),
        (PartialInfo("u", "", None), "", "bytes 400-999/1000", ResumeAction.APPEND),
        (None, "", "bytes 400-999/1000", ResumeAction.RESTART),
    ],
)
def test_decide_resume_refuses_a_206_of_another_file(
    expected: PartialInfo | None, validator: str, content_range: str, action: ResumeAction
) -> None:
    decision = decide_resume(400, 206, content_range, None, expected=expected, validator=validator)
    assert decision.action is action


def test_a_damaged_record_beside_the_part_is_ignored(target: Path) -> None:
    part = part_path(target)
    part.parent.mkdir(parents=True)
    for damaged in (b"[" * 100_000, b'{"url": 1}', b"\xff", b'{"url": "u", "total": -1}'):
        info_path(part).write_bytes(damaged)
        assert read_partial_info(part) is None


# --- 8: redirects to addresses that are not web addresses -------------------------------------


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "ftp://127.0.0.1/pkg.zip", "data:text/plain,hi"]
)
def test_a_redirect_to_a_non_web_address_says_so(
    qtbot: QtBot, server: LoopbackServer, target: Path, location: str
) -> None:
    url = server.add("/dl", Resource(redirect_to=location))

    outcome = run(qtbot, fast_downloader(), url, target)

    assert outcome.kind is FailureKind.UNSUPPORTED_REDIRECT
    assert outcome.message == describe_network_error(FailureKind.UNSUPPORTED_REDIRECT)
    assert "not a web address" in outcome.message and "complete link" not in outcome.message
    assert not target.exists()


def test_redirect_verdicts() -> None:
    assert redirect_verdict("https://a/x", "https://b/y") is RedirectVerdict.FOLLOW
    assert redirect_verdict("http://a/x", "/y") is RedirectVerdict.FOLLOW
    assert redirect_verdict("https://a/x", "http://b/y") is RedirectVerdict.DOWNGRADE
    assert redirect_verdict("https://a/x", "ftp://b/y") is RedirectVerdict.UNSUPPORTED
    assert redirect_verdict("https://a/x", "file:///etc/passwd") is RedirectVerdict.UNSUPPORTED
    assert redirect_verdict("https://a/x", "https://:80/x") is RedirectVerdict.INVALID
    assert redirect_verdict("https://a/x", "http://[bad/x") is RedirectVerdict.INVALID
