"""Download the merchant's code package over QtNetwork: resumable, verified, never half-renamed.

The bytes go to "<target>.part" as they arrive and the file is renamed to the target only when
its size matches what the server announced and it reads as one whole zip. What the server said
about the file (validator, total) is kept beside the .part, so a resume, even after a restart,
sends If-Range and refuses an answer for a changed file instead of splicing two files. A
dropped connection is resumed with an HTTP Range request a few times; every download is
bounded in requests and in time, whatever the server does. The .part file is kept after an
interruption (start() again continues) and removed when the merchant cancels. What every
answer means is decided in wizard.core.package.download (links, resume, failures, ...).
"""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PySide6.QtCore import QByteArray, QObject, QTimer, QUrl, Signal
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

from wizard import APP_ID, __version__
from wizard.core.network_errors import NetworkProblem, network_problem
from wizard.core.package.download.failures import (
    DownloadOutcome,
    FailureKind,
    describe_http_error,
    describe_network_error,
    failure_for_problem,
    keeps_partial,
    payload_problem,
    retry_automatically,
)
from wizard.core.package.download.filenames import suggest_filename
from wizard.core.package.download.links import (
    MAX_REDIRECTS,
    RedirectVerdict,
    check_download_url,
    part_path,
    redirect_verdict,
)
from wizard.core.package.download.progress import RateEstimator, progress_line
from wizard.core.package.download.resume import (
    MAX_ATTEMPTS,
    MAX_DOWNLOAD_SECONDS,
    AttemptBudget,
    PartialInfo,
    ResumeAction,
    SizeVerdict,
    check_final_size,
    decide_resume,
    parse_content_length,
    pick_validator,
    read_partial_info,
    remove_partial_info,
    write_partial_info,
)
from wizard.core.package.zipsafe import ends_as_one_zip, whole_archive_problem
from wizard.core.payload import SNIFF_BYTES, PayloadKind, sniff_payload

Error = QNetworkReply.NetworkError

DEFAULT_TRANSFER_TIMEOUT_MS = 30_000
DEFAULT_RETRY_DELAYS_MS: tuple[int, ...] = (500, 1500, 3000)
# Qt buffers at most this much of the reply before it pauses the socket. Large enough that the
# HTTP thread never waits on us while the event loop is busy; bounded so memory stays small.
# Loopback, 64 MiB (benchmarks/bench_download.py), vs curl: 64 KiB 0.94x, 1 MiB 1.17x,
# 8 MiB 1.45x, unbounded 1.51x.
READ_BUFFER_BYTES = 8 * 1024 * 1024
# Written per event-loop turn: a few ms of copying and writing, so the window stays responsive.
SLICE_BYTES = 1024 * 1024
PROGRESS_INTERVAL_S = 0.1
# A server that keeps answering with something we cannot resume from gets this many fresh starts.
MAX_RESTARTS = 2


def failure_kind(error: Error) -> FailureKind:
    """Map a QNetworkReply error to the reason we tell the merchant about (one map, in core)."""
    problem = network_problem(error.name)
    return failure_for_problem(problem if problem is not None else NetworkProblem.OTHER)


def _disk_failure(exc: OSError) -> FailureKind:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return FailureKind.DISK_FULL
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) or isinstance(exc, PermissionError):
        return FailureKind.PERMISSION_DENIED
    return FailureKind.DISK_ERROR


def _header(reply: QNetworkReply, name: str) -> str | None:
    if not reply.hasRawHeader(name):
        return None
    return bytes(reply.rawHeader(name).data()).decode("latin-1")


@dataclass(frozen=True)
class _Verification:
    """What reading the finished .part found (off the GUI thread)."""

    size: int = 0
    kind: PayloadKind = PayloadKind.ZIP
    head: bytes = b""
    damaged: bool = False
    error: OSError | None = None


def _verify_part(part: Path, appended: bool) -> _Verification:
    """Its first bytes and, for a zip, whether it reads as one whole zip. Off the GUI thread:
    for a package of 20,000 entries the whole check takes ~0.2 s. A file received in one
    answer cannot be two files spliced: when its end record fits, the whole check (every
    local header against the directory) is left to the unpacking, which checks it anyway."""
    try:
        with part.open("rb") as file:
            head = file.read(SNIFF_BYTES)
        size = part.stat().st_size
        kind = sniff_payload(head)
        if kind is not PayloadKind.ZIP:
            return _Verification(size, kind, head)
        if not appended and ends_as_one_zip(part):
            return _Verification(size, kind, head)
        return _Verification(size, kind, head, damaged=whole_archive_problem(part) is not None)
    except OSError as exc:
        return _Verification(error=exc)


class PackageDownloader(QObject):
    """Downloads one code package at a time to a .part file and renames it when verified."""

    # received bytes, total bytes (-1 while unknown), a translated line for the progress label;
    # qint64 because Signal(int) is a 32-bit C++ int and would overflow past 2 GB.
    progress = Signal("qint64", "qint64", str)  # type: ignore[arg-type]
    # a wizard.core.package.download.failures.DownloadOutcome
    finished = Signal(object)
    # (generation, _Verification) from the thread that reads the finished .part.
    _verified = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        transfer_timeout_ms: int = DEFAULT_TRANSFER_TIMEOUT_MS,
        retry_delays_ms: Sequence[int] = DEFAULT_RETRY_DELAYS_MS,
        manager: QNetworkAccessManager | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_attempts: int = MAX_ATTEMPTS,
        max_seconds: float = MAX_DOWNLOAD_SECONDS,
        zip_only: bool = True,
    ) -> None:
        super().__init__(parent)
        # False for a file that is not a zip (the app's own installer, checked afterwards
        # against the size and SHA-256 its signed feed names).
        self.zip_only = zip_only
        self.transfer_timeout_ms = transfer_timeout_ms
        self.retry_delays_ms = tuple(retry_delays_ms)
        self.max_attempts = max_attempts
        self.max_seconds = max_seconds
        self._budget = AttemptBudget(clock(), max_attempts=max_attempts, max_seconds=max_seconds)
        # Bounds the whole download in time, even a server trickling a byte now and then
        # (Qt's transfer timeout restarts with every byte).
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._on_deadline)
        self._manager = manager or QNetworkAccessManager(self)
        self._clock = clock
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._send)
        self._estimator = RateEstimator()
        # What the server said about the file the .part holds (read from beside the .part).
        self._info: PartialInfo | None = None
        self._url = ""
        self._target: Path | None = None
        self._running = False
        self._appended = False
        self._pump_scheduled = False
        # Bumped whenever a download ends or starts: a verification that comes back for an
        # earlier one (cancelled meanwhile) is ignored.
        self._generation = 0
        self._verified.connect(self._on_verified)
        self._reset_transfer()

    # --- public API ---------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        return self._running

    @property
    def target(self) -> Path | None:
        return self._target

    def has_partial(self, target: Path | None = None) -> bool:
        """Whether a .part file from an interrupted download is waiting to be continued."""
        chosen = target or self._target
        return chosen is not None and part_path(chosen).is_file()

    def start(self, url: str, target: Path) -> None:
        """Download url to target; an existing target.part is continued with a Range request."""
        if self._running:
            raise RuntimeError("a download is already running; cancel it first")
        self._url = url.strip()
        self._target = Path(target)
        self._running = True
        self._restarts = 0
        # Set once bytes are appended to an earlier .part: only such a file can be two files.
        self._appended = False
        self._estimator.reset()
        self._budget = AttemptBudget(
            self._clock(),
            max_attempts=self.max_attempts,
            max_retries_without_progress=len(self.retry_delays_ms),
            max_seconds=self.max_seconds,
            initial_size=self._part_size(),
        )
        if not check_download_url(self._url).ok:
            # Deferred so the caller sees finished() after start() returns, like any failure.
            QTimer.singleShot(
                0,
                lambda: self._fail(
                    FailureKind.BAD_URL, describe_network_error(FailureKind.BAD_URL)
                ),
            )
            return
        try:
            self._target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            kind = _disk_failure(exc)
            QTimer.singleShot(0, lambda: self._fail(kind, describe_network_error(kind)))
            return
        self._deadline.start(max(1, int(self.max_seconds * 1000)))
        self._send()

    def resume(self) -> None:
        """Continue the last download (after a failure that kept its .part file)."""
        if self._target is None or not self._url:
            raise RuntimeError("nothing to resume: start() was never called")
        self.start(self._url, self._target)

    def cancel(self) -> None:
        """Stop now and remove the .part file: the merchant gave up on this download."""
        if not self._running:
            return
        self._fail(FailureKind.CANCELLED, describe_network_error(FailureKind.CANCELLED))

    # --- one HTTP request ---------------------------------------------------------------

    def _reset_transfer(self) -> None:
        self._reply: QNetworkReply | None = None
        self._file: BinaryIO | None = None
        self._offset = 0
        self._decided = False
        self._total: int | None = None
        self._received = 0
        self._received_this_attempt = 0
        self._head = bytearray()
        self._sniffed = False
        self._server_filename = ""
        self._last_emit = 0.0
        self._current_url = self._url

    def _part(self) -> Path:
        assert self._target is not None
        return part_path(self._target)

    def _part_size(self) -> int:
        try:
            return self._part().stat().st_size
        except (OSError, AssertionError):
            return 0

    def _send(self) -> None:
        self._reset_transfer()
        if not self._budget.begin_attempt():
            self._fail_kind(FailureKind.GAVE_UP, keep_partial=True)
            return
        part = self._part()
        self._offset = self._part_size()
        self._info = read_partial_info(part) if self._offset > 0 else None
        if self._offset > 0 and (self._info is None or self._info.url != self._url):
            # Nothing recorded says which file the .part is the start of: continuing it could
            # splice two files together, so it is dropped and the file asked for whole.
            self._remove_part()
            self._offset = 0
            self._info = None
        self._current_url = self._url
        request = QNetworkRequest(QUrl(self._url))
        request.setAttribute(
            QNetworkRequest.Attribute.RedirectPolicyAttribute,
            QNetworkRequest.RedirectPolicy.UserVerifiedRedirectPolicy,
        )
        request.setMaximumRedirectsAllowed(MAX_REDIRECTS)
        request.setTransferTimeout(self.transfer_timeout_ms)
        request.setHeader(QNetworkRequest.KnownHeaders.UserAgentHeader, f"{APP_ID}/{__version__}")
        # Without this Qt asks for gzip and inflates it, and byte offsets for Range would refer
        # to the compressed stream; a zip does not compress further anyway.
        request.setRawHeader(b"Accept-Encoding", b"identity")
        if self._offset > 0:
            request.setRawHeader(b"Range", f"bytes={self._offset}-".encode("ascii"))
            if self._info is not None and self._info.validator:
                request.setRawHeader(b"If-Range", self._info.validator.encode("latin-1"))
        reply = self._manager.get(request)
        reply.setReadBufferSize(READ_BUFFER_BYTES)
        self._reply = reply
        reply.readyRead.connect(self._on_ready_read)
        reply.finished.connect(self._on_finished)
        reply.redirected.connect(self._on_redirected)
        self._received = self._offset
        self._emit_progress(force=True)

    def _drop_reply(self) -> None:
        """Forget the current reply without hearing from it again (its abort emits finished)."""
        reply, self._reply = self._reply, None
        if reply is not None:
            reply.blockSignals(True)
            reply.abort()
            reply.deleteLater()

    def _close_file(self) -> OSError | None:
        file, self._file = self._file, None
        if file is None:
            return None
        try:
            file.close()
        except OSError as exc:
            return exc
        return None

    def _remove_part(self) -> None:
        try:
            self._part().unlink(missing_ok=True)
        except OSError:
            pass  # the merchant is told why the download failed; a leftover .part is harmless
        remove_partial_info(self._part())

    # --- endings ------------------------------------------------------------------------

    def _emit_outcome(self, outcome: DownloadOutcome) -> None:
        self._running = False
        self._generation += 1
        self._deadline.stop()
        self.finished.emit(outcome)

    def _fail(
        self,
        kind: FailureKind,
        message: str,
        *,
        status: int = 0,
        keep_partial: bool = False,
    ) -> None:
        self._retry_timer.stop()
        self._drop_reply()
        self._close_file()
        if not keep_partial and self._target is not None:
            self._remove_part()
        size = 0
        if keep_partial and self._target is not None:
            try:
                size = self._part().stat().st_size
            except OSError:
                size = 0
        self._emit_outcome(
            DownloadOutcome.failure(
                kind, message, http_status=status, resumable=keep_partial and size > 0, size=size
            )
        )

    def _fail_kind(self, kind: FailureKind, *, keep_partial: bool = False) -> None:
        self._fail(kind, describe_network_error(kind), keep_partial=keep_partial)

    def _interrupted(self, kind: FailureKind) -> None:
        """The transfer broke off: retry with Range now and then, or keep the .part and report."""
        self._drop_reply()
        close_error = self._close_file()
        if close_error is not None:
            self._fail_kind(_disk_failure(close_error))
            return
        # Only a .part that grew past its best restores the retries; bytes that merely arrived
        # again (a server ignoring Range) are no progress.
        self._budget.note_size(self._part_size())
        if retry_automatically(kind):
            now = self._clock()
            if self._budget.may_retry(now):
                used = self._budget.retries_without_progress
                self._retry_timer.start(
                    self.retry_delays_ms[min(used, len(self.retry_delays_ms)) - 1]
                )
                return
            if self._budget.attempts >= self._budget.max_attempts or self._budget.out_of_time(now):
                self._fail_kind(FailureKind.GAVE_UP, keep_partial=True)
                return
        self._fail_kind(kind, keep_partial=keeps_partial(kind))

    def _on_deadline(self) -> None:
        if self._running:
            self._fail_kind(FailureKind.GAVE_UP, keep_partial=True)

    def _restart_from_zero(self, reason: FailureKind = FailureKind.SIZE_MISMATCH) -> None:
        """The answer does not fit our .part: discard it and ask for the whole file again."""
        self._drop_reply()
        self._close_file()
        self._remove_part()
        if self._restarts >= MAX_RESTARTS:
            self._fail_kind(reason)
            return
        self._restarts += 1
        self._send()

    def _complete(self) -> None:
        """Verify the .part (size already checked) by its first bytes and its directory, on a
        worker thread; _on_verified then renames it or says why not."""
        self._drop_reply()
        close_error = self._close_file()
        if close_error is not None:
            self._fail_kind(_disk_failure(close_error))
            return
        part = self._part()
        self._generation += 1
        generation = self._generation
        appended = self._appended

        def verify() -> None:
            found = _verify_part(part, appended)
            try:
                self._verified.emit((generation, found))
            except RuntimeError:
                pass  # the downloader was deleted meanwhile (the window closed)

        threading.Thread(target=verify, name="verify-download", daemon=True).start()

    def _on_verified(self, result: tuple[int, _Verification]) -> None:
        generation, found = result
        if generation != self._generation or not self._running:
            return  # cancelled, or another download started, while the .part was read
        assert self._target is not None
        part = self._part()
        if found.error is not None:
            self._fail_kind(_disk_failure(found.error))
            return
        if self.zip_only and found.kind is not PayloadKind.ZIP:
            self._fail(FailureKind.NOT_A_ZIP, payload_problem(found.kind, found.head))
            return
        if self.zip_only and found.damaged:
            if self._appended:
                # Right size, a zip at the start, yet not one whole zip: pieces of two
                # different files. Ask for the whole file again (bounded by MAX_RESTARTS).
                self._appended = False
                self._restart_from_zero(FailureKind.DAMAGED)
            else:
                self._fail_kind(FailureKind.DAMAGED)
            return
        try:
            os.replace(part, self._target)
        except OSError as exc:
            self._fail_kind(_disk_failure(exc))
            return
        remove_partial_info(part)
        self._received = found.size
        self._emit_progress(force=True)
        self._emit_outcome(DownloadOutcome.success(self._target, found.size, self._server_filename))

    # --- reply signals ------------------------------------------------------------------

    def _on_redirected(self, url: QUrl) -> None:
        reply = self._reply
        if reply is None:
            return
        # reply.url() already names the new address here, so remember where each hop came from.
        verdict = redirect_verdict(self._current_url, url.toString())
        if verdict is RedirectVerdict.FOLLOW:
            self._current_url = url.toString()
            reply.redirectAllowed.emit()
        else:
            self._refuse_redirect(verdict)

    def _refuse_redirect(self, verdict: RedirectVerdict) -> None:
        if verdict is RedirectVerdict.DOWNGRADE:
            self._fail_kind(FailureKind.INSECURE_REDIRECT, keep_partial=True)
        else:
            self._fail_kind(FailureKind.UNSUPPORTED_REDIRECT, keep_partial=True)

    def _decide(self, reply: QNetworkReply) -> bool:
        """Read the status and headers once; True when the body is to be written to the .part."""
        status_value = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        status = int(status_value) if status_value is not None else 0
        validator = pick_validator(_header(reply, "ETag"), _header(reply, "Last-Modified"))
        decision = decide_resume(
            self._offset,
            status,
            _header(reply, "Content-Range"),
            parse_content_length(_header(reply, "Content-Length")),
            expected=self._info,
            validator=validator,
        )
        action = decision.action
        if action is ResumeAction.HTTP_ERROR:
            keep = keeps_partial(FailureKind.HTTP, status)
            self._fail(
                FailureKind.HTTP, describe_http_error(status), status=status, keep_partial=keep
            )
            return False
        if action is ResumeAction.RESTART:
            self._restart_from_zero()
            return False
        self._total = decision.total
        if action is ResumeAction.COMPLETE:
            self._received = self._offset
            self._complete()
            return False
        disposition = reply.rawHeader("Content-Disposition")
        if not disposition.isEmpty():
            self._server_filename = suggest_filename(self._url, bytes(disposition.data()))
        appending = action is ResumeAction.APPEND
        try:
            if not appending:
                # Kept beside the .part before its first byte: a resume, even after the app
                # was closed, can then prove it continues the same file.
                self._info = PartialInfo(self._url, validator, decision.total)
                write_partial_info(self._part(), self._info)
            # Unbuffered: Qt hands over big chunks, and what arrived is on disk for a resume.
            self._file = self._part().open("ab" if appending else "wb", buffering=0)
            if appending and self._file.tell() != self._offset:
                # The .part changed under us since the request went out; start clean.
                self._restart_from_zero()
                return False
        except OSError as exc:
            self._fail_kind(_disk_failure(exc))
            return False
        self._received = self._offset if appending else 0
        self._appended = self._appended or appending
        # When appending, the beginning of the file was sniffed when it was first written.
        self._sniffed = appending
        self._decided = True
        self._estimator.reset()
        return True

    def _is_redirect(self, reply: QNetworkReply) -> bool:
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        return status is not None and 300 <= int(status) < 400

    def _on_ready_read(self) -> None:
        self._pump(drain=False)

    def _pump_later(self) -> None:
        self._pump_scheduled = False
        self._pump(drain=False)

    def _pump(self, *, drain: bool) -> None:
        """Write what Qt has buffered, one slice per event-loop turn unless draining, so the
        GUI thread never spends more than a few ms here (benchmarks/bench_gui_heartbeat.py)."""
        reply = self._reply
        if reply is None:
            return
        if not self._decided:
            if reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute) is None:
                return  # no answer yet (a turn scheduled for an earlier reply): wait for it
            if self._is_redirect(reply):
                reply.readAll()  # the redirect's own body: not ours to keep
                return
            if not self._decide(reply):
                return
        while True:
            data = reply.read(SLICE_BYTES)
            if data.isEmpty():
                return
            self._write(data)
            if self._reply is not reply or reply.bytesAvailable() <= 0:
                return  # the write ended the download, or nothing more is buffered
            if not drain:
                # Qt says readyRead only when new bytes arrive; the rest is fetched next turn.
                if not self._pump_scheduled:
                    self._pump_scheduled = True
                    QTimer.singleShot(0, self, self._pump_later)
                return

    def _write(self, data: QByteArray) -> None:
        if not self._sniffed:
            # Hold the first bytes back until we know they are a zip, so a login page is never
            # written to disk as if it were the package.
            self._head += data.data()
            if not self._sniff_head(final=False):
                return
            self._write_head()
            return
        self._write_bytes(memoryview(data))  # type: ignore[arg-type]  # no copy

    def _write_head(self) -> None:
        head, self._head = self._head, bytearray()
        self._write_bytes(memoryview(head))

    def _write_bytes(self, data: memoryview) -> None:
        if not data.nbytes:
            return
        assert self._file is not None
        try:
            written = 0
            while written < data.nbytes:  # a raw write may take only part of the chunk
                count = self._file.write(data[written:])
                if not count:
                    raise OSError(errno.EIO, "nothing written")
                written += count
        except OSError as exc:
            self._fail_kind(_disk_failure(exc))
            return
        self._received += data.nbytes
        self._received_this_attempt += data.nbytes
        self._emit_progress()

    def _sniff_head(self, *, final: bool) -> bool:
        """True once the first bytes look like a zip; fails the download when they cannot."""
        head = bytes(self._head)
        if not self.zip_only or sniff_payload(head[:4]) is PayloadKind.ZIP:
            self._sniffed = True
            return True
        if len(head) < SNIFF_BYTES and not final:
            return False  # too early to tell a login page from a package
        kind = sniff_payload(head)
        self._fail(FailureKind.NOT_A_ZIP, payload_problem(kind, head))
        return False

    def _on_finished(self) -> None:
        reply = self._reply
        if reply is None:
            return
        if not self._decided and not self._is_redirect(reply):
            has_status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
            if has_status is not None and not self._decide(reply):
                return
        if self._decided:
            self._pump(drain=True)  # whatever arrived with the end of the reply
            if self._reply is None:
                return  # the write failed and the download already ended
        error = reply.error()
        if error != Error.NoError:
            location = _header(reply, "Location")
            if location is not None and self._is_redirect(reply):
                # Qt refuses some hops itself (file:, ftp:) without asking us: say why.
                hop = reply.url().resolved(QUrl(location)).toString()
                hop_verdict = redirect_verdict(self._current_url, hop)
                if hop_verdict is not RedirectVerdict.FOLLOW:
                    self._refuse_redirect(hop_verdict)
                    return
            self._interrupted(failure_kind(error))
            return
        if not self._decided:
            self._fail_kind(FailureKind.OTHER)
            return
        if not self._sniffed:
            if not self._sniff_head(final=True):
                return
            self._write_head()
            if self._reply is None:
                return
        verdict = check_final_size(self._received, self._total)
        if verdict is SizeVerdict.SHORT:
            self._interrupted(FailureKind.CONNECTION_DROPPED)
        elif verdict is SizeVerdict.TOO_LONG:
            self._fail_kind(FailureKind.SIZE_MISMATCH)
        else:
            self._complete()

    # --- progress -----------------------------------------------------------------------

    def _emit_progress(self, *, force: bool = False) -> None:
        now = self._clock()
        if not force and now - self._last_emit < PROGRESS_INTERVAL_S:
            return
        self._last_emit = now
        self._estimator.add(now, self._received)
        total = self._total if self._total is not None else -1
        rate = self._estimator.rate()
        left = self._estimator.seconds_left(self._received, total) if total >= 0 else None
        self.progress.emit(self._received, total, progress_line(self._received, total, rate, left))
