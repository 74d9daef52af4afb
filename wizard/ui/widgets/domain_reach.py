"""Do the servers answer? The domains page's optional check of each host's HTTPS connection
and certificate, one host after another, with Stop (never blocks Next)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from wizard.core.checks import State
from wizard.core.domains.reach import ReachObservation, judge_reach
from wizard.core.i18n import _
from wizard.net.domain_reach import DomainReachCheck
from wizard.ui.widgets.common import NOTICE_SYMBOLS, plain_label, wrapping_label


class ReachPanel(QGroupBox):
    """The check's box: what it does, Check / Stop, and one line per host."""

    def __init__(self, hosts: Callable[[], list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hosts = hosts
        self.reach = DomainReachCheck(self)
        self.reach.finished.connect(self._on_reach_finished)
        self._reach_queue: list[str] = []
        self._reach_lines: list[str] = []
        self._stopping = False
        self.reach_intro = wrapping_label()
        self.reach_button = QPushButton()
        self.stop_reach_button = QPushButton()
        self.reach_report = plain_label(selectable=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reach_intro)
        buttons = QHBoxLayout()
        for button in (self.reach_button, self.stop_reach_button):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.reach_report)
        self.reach_button.clicked.connect(self.start_reach)
        self.stop_reach_button.clicked.connect(self.stop_reach)
        self._set_reaching(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("3. Do the servers answer? (optional)"))
        self.reach_intro.setText(
            _(
                "Checks each domain's HTTPS connection and certificate from this computer. "
                "It does not change anything and you can go on without it."
            )
        )
        self.reach_button.setText(_("Check the servers"))
        self.stop_reach_button.setText(_("Stop"))

    def clear(self) -> None:
        self._reach_lines = []
        self.reach_report.clear()

    def start_reach(self) -> None:
        hosts = self._hosts()
        if not hosts or self.reach.running:
            return
        self._reach_queue = hosts
        self._reach_lines = []
        self._set_reaching(True)
        self._reach_next()

    def _reach_next(self) -> None:
        if not self._reach_queue:
            self._set_reaching(False)
            return
        host = self._reach_queue.pop(0)
        name, _colon, port = host.partition(":")
        self.reach_report.setText(
            "\n".join([*self._reach_lines, _("Checking {host}…").format(host=host)])
        )
        self.reach.start(name, int(port) if port.isdigit() else 443)

    def _on_reach_finished(self, observation: ReachObservation) -> None:
        verdict = judge_reach(observation)
        if verdict.check.state is State.ACCEPTABLE:
            kind = "warning" if verdict.check.message else "ok"
            text = verdict.check.message or verdict.summary
        else:
            kind, text = "error", verdict.check.message
        self._reach_lines.append(f"{NOTICE_SYMBOLS[kind]} {text}")
        self.reach_report.setText("\n".join(self._reach_lines))
        if self._stopping:
            self._stopping = False
            self._reach_queue = []
        self._reach_next()

    def stop_reach(self) -> None:
        self._stopping = True
        self._reach_queue = []
        self.reach.stop()

    def _set_reaching(self, reaching: bool) -> None:
        self._stopping = False
        self.reach_button.setEnabled(not reaching)
        self.stop_reach_button.setVisible(reaching)
