"""The review page's parts that talk to the platform: the known problems (each with a button to
its step), the platform's own word (live version, host apps, asked when), and the submission
from the app (host apps ticked, auto-publish explained, the self-test confirmed once).

Rules live in wizard/core/review/; the platform calls run as jobs (wizard/ui/jobs.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from wizard.core import journey
from wizard.core.i18n import _
from wizard.core.review import platform, submission
from wizard.core.review.platform import CallOptions, PlatformAnswer
from wizard.core.review.platform_word import (
    PlatformWord,
    follow_live_version,
    remembered,
    worth_asking,
)
from wizard.core.review.readiness import Problem
from wizard.core.secrets import SecretKind
from wizard.core.state import MiniProgram
from wizard.core.steps import version as version_step
from wizard.core.upload.cli_runner import CliLocation
from wizard.ui.context import AppContext
from wizard.ui.jobs import JobFailure, ThreadJob
from wizard.ui.widgets.common import Notice, WrappingCheckBox, plain_label, wrapping_label

REVIEW_STEP = "review"
# The host apps offered before the platform was asked (the ones most mini-programs use).
DEFAULT_HOSTS = ("douyin", "toutiao", "douyin_lite", "tt_lite")


class ProblemList(QWidget):
    """Every known problem once, blocking first, each with a button to its step."""

    step_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.rows: list[tuple[QLabel, QPushButton]] = []

    def show_problems(self, problems: Iterable[Problem]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            layout = item.layout() if item is not None else None
            while layout is not None and layout.count():
                child = layout.takeAt(0)
                widget = child.widget() if child is not None else None
                if widget is not None:
                    # Hidden at once: until it is deleted, it would still take Tab.
                    widget.hide()
                    widget.deleteLater()
        self.rows = []
        ordered = sorted(problems, key=lambda p: not p.blocking)
        for problem in ordered:
            mark = "✖ " if problem.blocking else "⚠ "
            label = plain_label(mark + problem.message)
            label.setWordWrap(True)
            step = journey.step_by_id(problem.step)
            button = QPushButton(
                _("Go to “{title}”").format(title=_(step.title) if step else problem.step)
            )
            button.clicked.connect(lambda _c=False, s=problem.step: self.step_requested.emit(s))
            row = QHBoxLayout()
            row.addWidget(label, 1)
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self._layout.addLayout(row)
            self.rows.append((label, button))
        self.setVisible(bool(ordered))


def asked_words(moment: float) -> str:
    """ "asked today at 14:05" for the time the platform was asked ("" when never)."""
    if not moment:
        return ""
    try:
        when = datetime.fromtimestamp(moment)
    except (OverflowError, OSError, ValueError):
        return ""
    return _("asked {date} at {time}").format(
        date=when.strftime("%Y-%m-%d"), time=when.strftime("%H:%M")
    )


class PlatformSubmitPanel(QGroupBox):
    """Ask the platform (live version, host apps) and submit from the app."""

    submitted = Signal()  # an outcome entered the history (the page refreshes)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.program: MiniProgram | None = None
        # Where the CLI's traffic goes; tests aim these at the loopback fake.
        self.proxy_for_run: Callable[[], str | None] = system_proxy
        self.ca_file: Path | None = None
        self.location: CliLocation | None = None
        self.job = ThreadJob(_unexpected, self)
        self.job.finished.connect(self._on_finished)
        self.word_label = wrapping_label()
        self.ask_button = QPushButton()
        self.ask_button.clicked.connect(self.ask_platform)
        self.hosts_label = wrapping_label()
        self.hosts_box = QWidget()
        self.hosts_layout = QVBoxLayout(self.hosts_box)
        self.hosts_layout.setContentsMargins(0, 0, 0, 0)
        self.host_ticks: dict[str, WrappingCheckBox] = {}
        self.auto_publish = WrappingCheckBox()
        self.self_test_label = wrapping_label()
        self.self_test_confirmed = WrappingCheckBox()
        self.self_test_confirmed.toggled.connect(self._on_self_test)
        self.submit_button = QPushButton()
        self.submit_button.clicked.connect(self.submit)
        self.notice = Notice()
        self.blocked_label = plain_label()
        self.blocked_label.setWordWrap(True)
        ask_row = QHBoxLayout()
        ask_row.addWidget(self.word_label, 1)
        ask_row.addWidget(self.ask_button, 0, Qt.AlignmentFlag.AlignTop)
        submit_row = QHBoxLayout()
        submit_row.addWidget(self.submit_button)
        submit_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(ask_row)
        layout.addWidget(self.hosts_label)
        layout.addWidget(self.hosts_box)
        layout.addWidget(self.auto_publish)
        layout.addWidget(self.self_test_label)
        layout.addWidget(self.self_test_confirmed)
        layout.addLayout(submit_row)
        layout.addWidget(self.blocked_label)
        layout.addWidget(self.notice)
        self.blocked_reason = ""
        # The platform did not take the token for the submission: the console is the way.
        self.console_path = False
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Submit from MiniApp Publisher"))
        self.ask_button.setText(_("Ask the platform"))
        self.hosts_label.setText(_("Host apps (宿主) the version is submitted to:"))
        self.auto_publish.setText(_(submission.AUTO_PUBLISH_EXPLANATION))
        self.self_test_label.setText(submission.self_test_words())
        self.self_test_confirmed.setText(_("I checked them: submit with the self-test ticked"))
        self.submit_button.setText(_("Submit for review"))
        self._build_hosts()
        self.refresh()

    def _on_self_test(self, checked: bool) -> None:
        self.refresh()
        if checked and self.submit_button.isEnabled():
            self.submit_button.setFocus()  # confirmed: Space or Enter submits, no hunting

    def has_token(self) -> bool:
        program = self.program
        return bool(
            program
            and program.appid
            and self.context.secrets.get(program.appid, SecretKind.UPLOAD_TOKEN)
        )

    def load(self, program: MiniProgram | None) -> None:
        self.program = program
        self.auto_publish.setChecked(False)
        self.self_test_confirmed.setChecked(False)
        self.notice.clear()
        self._build_hosts()
        self.refresh()
        if self._worth_asking():
            self.ask_platform()

    def _worth_asking(self) -> bool:
        if self.program is None or self.job.is_running() or not self.has_token():
            return False
        return worth_asking(self.program)

    def _build_hosts(self) -> None:
        word = PlatformWord.read(self.program)
        keys = [k for k in word.hosts if k in submission.HOST_KEYS] or list(DEFAULT_HOSTS)
        if list(self.host_ticks) == keys:
            for key, tick in self.host_ticks.items():
                tick.setText(submission.host_explanation(key))
            return
        for tick in self.host_ticks.values():
            tick.setParent(None)
        self.host_ticks = {}
        for key in keys:
            tick = WrappingCheckBox()
            tick.setText(submission.host_explanation(key))
            tick.setChecked(True)  # all ticked by default
            tick.toggled.connect(lambda _c: self.refresh())
            self.hosts_layout.addWidget(tick)
            self.host_ticks[key] = tick

    def chosen_hosts(self) -> tuple[str, ...]:
        return tuple(key for key, tick in self.host_ticks.items() if tick.isChecked())

    def refresh(self) -> None:
        word = PlatformWord.read(self.program)
        parts = []
        if word.live_asked_at:
            live = word.live_version or _("none yet")
            parts.append(
                _("Live version: {version} ({asked}).").format(
                    version=live, asked=asked_words(word.live_asked_at)
                )
            )
        if word.hosts_asked_at:
            parts.append(
                _("Host apps from the platform ({asked}).").format(
                    asked=asked_words(word.hosts_asked_at)
                )
            )
        self.word_label.setText(
            " ".join(parts)
            or _("MiniApp Publisher can ask the platform for the live version and the host apps.")
        )
        busy = self.job.is_running()
        self.ask_button.setEnabled(self.has_token() and not busy)
        self.blocked_label.setText(
            _("Not yet: {reason}").format(reason=self.blocked_reason) if self.blocked_reason else ""
        )
        self.blocked_label.setVisible(bool(self.blocked_reason))
        self.submit_button.setEnabled(
            not busy
            and not self.blocked_reason
            and self.has_token()
            and bool(self.chosen_hosts())
            and self.self_test_confirmed.isChecked()
        )

    def _options(self, cancel: Callable[[], bool]) -> CallOptions:
        return CallOptions(
            proxy=self.proxy_for_run(), cancel=cancel, ca_file=self.ca_file, location=self.location
        )

    def ask_platform(self) -> None:
        """get-meta, then hosts, as one job (never required: a refusal only says so)."""
        program = self.program
        if program is None or self.job.is_running() or not self.has_token():
            return
        appid = program.appid
        token = self.context.secrets.get(appid, SecretKind.UPLOAD_TOKEN) or ""

        def work(_progress: object, cancel: Callable[[], bool]) -> list[PlatformAnswer]:
            options = self._options(cancel)
            meta = platform.live_version(appid, token, options)
            if meta.kind in (platform.CANCELLED, platform.TIMEOUT, platform.NETWORK):
                return [meta]
            return [meta, platform.host_apps(appid, token, options)]

        self.job.set_work(work)  # type: ignore[arg-type]
        self.notice.show_message("wait", _("Asking the platform…"))
        self.context.jobs.start(self.job, program.id)
        self.refresh()

    def submit(self) -> None:
        program = self.program
        hosts = self.chosen_hosts()
        if program is None or self.job.is_running() or not hosts:
            return
        token = self.context.secrets.get(program.appid, SecretKind.UPLOAD_TOKEN) or ""
        auto = self.auto_publish.isChecked()
        live = PlatformWord.read(program).live_version

        def work(_progress: object, cancel: Callable[[], bool]) -> submission.SubmissionResult:
            return submission.submit_newest(
                program, token, hosts, auto, self._options(cancel), platform_live=live
            )

        self.job.set_work(work)  # type: ignore[arg-type]
        self.notice.show_message("wait", _("Submitting for review…"))
        self.context.jobs.start(self.job, program.id)
        self.refresh()

    def _on_finished(self, program_id: str, outcome: object) -> None:
        program = self.context.programs.get(program_id)
        if program is None:
            return
        if isinstance(outcome, JobFailure):
            self.notice.show_message("error", outcome.message)
        elif isinstance(outcome, submission.SubmissionResult):
            if outcome.values:
                self.context.update_answers(program, version_step.ID, **outcome.values)
            answer = outcome.answer
            self.console_path = answer.console_path
            self.notice.show_message("ok" if answer.ok else "error", _sentence(answer))
            self.submitted.emit()
        elif isinstance(outcome, list):
            self._apply_word(program, outcome)
        self._build_hosts()
        self.refresh()

    def _apply_word(self, program: MiniProgram, answers: list[PlatformAnswer]) -> None:
        words, failed = apply_answers(self.context, program, answers)
        self.notice.show_message("warning" if failed else "ok", words)
        self.submitted.emit()

    def stop_work(self) -> None:
        self.job.stop()


def apply_answers(
    context: AppContext, program: MiniProgram, answers: list[PlatformAnswer]
) -> tuple[str, bool]:
    """Keep what the platform said and follow the live version: (what to say, any failed)."""
    said: list[str] = []
    for answer in answers:
        values = remembered(program, answer)
        if values:
            context.update_answers(program, REVIEW_STEP, **values)
        if answer.ok and answer.command == platform.GET_META:
            history_values, sentence = follow_live_version(
                program, answer.live_version, answer.asked_at or time.time()
            )
            if history_values:
                context.update_answers(program, version_step.ID, **history_values)
            if sentence and program.current_step in (REVIEW_STEP, "preview"):
                # Published: where the merchant goes on is the publish step (a new release).
                program.current_step = "publish"
            said.append(sentence or answer.message)
        elif not answer.ok:
            said.append(_sentence(answer))
    return " ".join(said), any(not a.ok for a in answers)


def _sentence(answer: PlatformAnswer) -> str:
    if answer.detail and answer.detail not in answer.message:
        return answer.message + "\n" + _("Details: {text}").format(text=answer.detail)
    return answer.message


def system_proxy() -> str | None:
    from wizard.net.proxy import system_proxy_url

    return system_proxy_url()


def _unexpected() -> str:
    return _("Asking the platform stopped on an unexpected problem. Try again, or use the console.")
