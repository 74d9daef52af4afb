"""One contract for long work: start, progress, cancel, an outcome for the program it began for.

A :class:`Job` is started for one mini-program (its id is captured at start) and finishes
with ``finished(program_id, outcome)`` on the GUI thread, whatever the merchant chose in the
meantime, so the result lands with the right mini-program. The :class:`JobCenter` keeps the
running jobs: the window disables Back/Next while any runs and stops them all on close.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

# progress(done, total) or progress(done, total, line): a line of words for a status line.
ProgressFn = Callable[..., None]
CancelFn = Callable[[], bool]


# A worker's progress reaches the GUI thread at most this often (each report is a queued signal).
PROGRESS_INTERVAL_S = 0.05


def throttled(progress: Callable[[int, int], None]) -> Callable[[int, int], None]:
    """progress(done, total) passed on at most every PROGRESS_INTERVAL_S, and always at the end."""
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - last[0] >= PROGRESS_INTERVAL_S:
            last[0] = now
            progress(done, total)

    return report


@dataclass(frozen=True)
class JobFailure:
    """The outcome of a job that stopped on an unexpected problem: one sentence to show."""

    message: str


class Job(QObject):
    """Long work for one mini-program; subclasses implement ``_begin``, ``_cancel``, ``_wait``."""

    progress = Signal(object, object, str)  # done, total, a line of words (may be empty)
    finished = Signal(str, object)  # program id captured at start, the outcome

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.program_id = ""
        self._running = False
        self.watched = False  # the JobCenter listens to this job's end

    def start(self, program_id: str) -> None:
        self.program_id = program_id
        self._running = True
        self._begin()

    def is_running(self) -> bool:
        return self._running

    def cancel(self) -> None:
        if self.is_running():
            self._cancel()

    def stop(self, timeout: float = 10.0) -> None:
        """The window is closing: cancel and wait, so nothing is left half done."""
        if self.is_running():
            self._cancel()
            self._wait(timeout)

    def _finish(self, outcome: object) -> None:
        """Subclasses call this once, on the GUI thread, with the outcome."""
        self._running = False
        self.finished.emit(self.program_id, outcome)

    def _begin(self) -> None:
        raise NotImplementedError

    def _cancel(self) -> None:
        raise NotImplementedError

    def _wait(self, timeout: float) -> None:
        """Block until the work has stopped (default: nothing to wait for)."""


class ThreadJob(Job):
    """Runs ``work(progress, cancel)`` on a worker thread; its return value is the outcome."""

    _done = Signal(object)  # crosses from the worker to the GUI thread (queued)

    def __init__(
        self,
        failure_message: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._work: Callable[[ProgressFn, CancelFn], object] | None = None
        self._failure_message = failure_message
        self._cancel_event = threading.Event()
        self._thread: threading.Thread | None = None
        self._outcome: object = None
        self._done.connect(self._deliver)

    def set_work(self, work: Callable[[ProgressFn, CancelFn], object]) -> None:
        """What the next start runs: work(progress, cancel) -> outcome."""
        self._work = work

    def _begin(self) -> None:
        self._cancel_event.clear()
        self._thread = threading.Thread(target=self._run, name="job", daemon=True)
        self._thread.start()

    def _cancel(self) -> None:
        self._cancel_event.set()

    def _wait(self, timeout: float) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
        if self._thread is not None and not self._thread.is_alive():
            # Stopped (the window is closing): deliver the outcome now, not on a later turn of
            # the event loop that may never come.
            self._deliver(self._outcome)

    def _deliver(self, outcome: object) -> None:
        """The outcome, once: from the worker's queued signal or from a stop, whichever first.

        Running ends here, not when the thread ends: the worker's last act is to send its
        outcome, so "thread alive" would still read true while the GUI thread handles it.
        """
        if not self._running:
            return
        if self._thread is not None:
            self._thread.join()  # at most the worker's last statement: it has sent the outcome
        self._finish(outcome)

    def _run(self) -> None:
        def report(done: int, total: int, line: str = "") -> None:
            self.progress.emit(done, total, line)

        try:
            assert self._work is not None, "set_work before start"
            outcome = self._work(report, self._cancel_event.is_set)
        except Exception:
            # A bug must not leave the page waiting forever: log it, say so in a sentence.
            log.exception("background work failed unexpectedly")
            outcome = JobFailure(self._failure_message())
        self._outcome = outcome
        self._done.emit(outcome)


class JobCenter(QObject):
    """The running jobs of the whole window: one busy state, one place that stops them."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: list[Job] = []

    def start(self, job: Job, program_id: str) -> None:
        was_busy = self.busy()
        if job not in self._running:
            self._running.append(job)
        if not job.watched:
            job.finished.connect(self._on_finished)
            job.watched = True
        job.start(program_id)
        if not was_busy:
            self.busy_changed.emit(True)

    def busy(self) -> bool:
        return any(job.is_running() for job in self._running)

    def stop_all(self, timeout: float = 10.0) -> None:
        for job in list(self._running):
            job.stop(timeout)

    def _on_finished(self, _program_id: str, _outcome: object) -> None:
        self._running = [job for job in self._running if job.is_running()]
        if not self.busy():
            self.busy_changed.emit(False)
