"""Journey step: 发布 after approval, the whole history, the report, and the next release."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
)

from wizard.core import journey
from wizard.core import platform_facts as facts
from wizard.core.i18n import _, join_sentences
from wizard.core.paths import documents_folder
from wizard.core.release_guide import console_path
from wizard.core.releases import ReleaseRuleError, ReviewState
from wizard.core.report import build_report, report_file_name, save_report
from wizard.core.secrets import SecretKind
from wizard.core.state import MiniProgram
from wizard.core.steps import filing as filing_step
from wizard.core.steps import publish as step
from wizard.core.steps import version as version_step
from wizard.core.steps.domains import DomainsAnswers
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext
from wizard.ui.widgets.common import Notice, UrlButton, ask_yes_no, wrapping_label
from wizard.ui.widgets.releases import HistoryTable, demo_history


def report_steps(context: AppContext, program: MiniProgram) -> dict[str, dict[str, str]]:
    """The journey's steps as the report shows them: title and done / todo / not applicable."""
    statuses = context.step_statuses(program)
    return {
        item.id: {"title": _(item.title), "status": statuses[item.id].value}
        for item in journey.JOURNEY
        if item.counts_as_progress and item.id in statuses
    }


def report_domains(program: MiniProgram) -> dict[str, list[str]]:
    """The domains entered in the domains step (kind → hosts), read as the step reads them."""
    return DomainsAnswers.read(program).lists


class PublishPage(BasePage):
    """发布 in the console, the live version, every version, a report, a new release."""

    step_id = step.ID

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.state_notice = Notice()
        # Publishing without a recorded filing is allowed, never silent (framed: read it first).
        self.filing_notice = Notice(framed=True)
        self.filing_button = QPushButton()
        self.filing_button.clicked.connect(lambda: self.request_step(filing_step.ID))
        self.publish_box = QGroupBox()
        self.publish_label = wrapping_label()
        self.console_button = UrlButton(facts.CONSOLE_URL)
        self.published_button = QPushButton()
        self.published_button.clicked.connect(self.record_published)
        publish_row = QHBoxLayout()
        publish_row.addWidget(self.console_button)
        publish_row.addWidget(self.published_button)
        publish_row.addStretch(1)
        publish_layout = QVBoxLayout(self.publish_box)
        publish_layout.addWidget(self.filing_notice)
        filing_row = QHBoxLayout()
        filing_row.addWidget(self.filing_button)
        filing_row.addStretch(1)
        publish_layout.addLayout(filing_row)
        publish_layout.addWidget(self.publish_label)
        publish_layout.addLayout(publish_row)

        self.history_box = QGroupBox()
        self.live_label = wrapping_label()
        self.history_table = HistoryTable()
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.live_label)
        history_layout.addWidget(self.history_table)

        self.next_box = QGroupBox()
        self.report_label = wrapping_label()
        self.report_button = QPushButton()
        self.report_button.clicked.connect(self.save_report_as)
        self.new_release_label = wrapping_label()
        self.new_release_button = QPushButton()
        self.new_release_button.clicked.connect(self.start_new_release)
        next_layout = QVBoxLayout(self.next_box)
        next_layout.addWidget(self.report_label)
        report_row = QHBoxLayout()
        report_row.addWidget(self.report_button)
        report_row.addStretch(1)
        next_layout.addLayout(report_row)
        next_layout.addWidget(self.new_release_label)
        release_row = QHBoxLayout()
        release_row.addWidget(self.new_release_button)
        release_row.addStretch(1)
        next_layout.addLayout(release_row)
        self.action_notice = Notice()

        self.set_scrolling_content(
            self.state_notice,
            self.publish_box,
            self.action_notice,
            self.history_box,
            self.next_box,
        )
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Publish"))
        self.setSubTitle(self.step_heading(_("Put the approved version online.")))
        self.publish_box.setTitle(_("Publish in the console"))
        self.publish_label.setText(
            _(
                "In the console: {path}. Click 「发布」 for the approved version; it is then the "
                "线上版本 that users see. Then record it here."
            ).format(path=console_path("publish"))
        )
        self.console_button.setText(_("Open the console"))
        self.console_button.setToolTip(facts.CONSOLE_URL)
        self.published_button.setText(_("I clicked 发布"))
        self.filing_button.setText(_("Show the filing step"))
        self.history_box.setTitle(_("Every version"))
        self.history_table.retranslate()
        self.next_box.setTitle(_("Report and next release"))
        self.report_label.setText(
            _(
                "A report of this mini-program's journey (steps, domains, versions and reviews) "
                "as a web page you can print or send to your provider. It contains no AppSecret "
                "and no upload token."
            )
        )
        self.report_button.setText(_("Save a report…"))
        self.new_release_label.setText(
            _(
                "When your provider sends a new code package, start a new release: registration "
                "and credentials stay done; the package, version, preview, review and publish "
                "steps open again, and this history is kept."
            )
        )
        self.new_release_button.setText(_("Start a new release"))
        self.refresh()

    def load_answers(self) -> None:
        self.action_notice.clear()
        self.refresh()

    def refresh(self) -> None:
        history = version_step.history(self.program)
        latest = history.latest()
        state = latest.state if latest is not None else None
        self.publish_box.setVisible(state is ReviewState.APPROVED)
        warning = filing_step.publish_warning(self.program)
        if warning:
            self.filing_notice.show_message("warning", warning)
        else:
            self.filing_notice.clear()
        self.filing_button.setVisible(bool(warning))
        self.published_button.setEnabled(state is ReviewState.APPROVED)
        if latest is None:
            self.state_notice.show_message(
                "wait", _("No version is uploaded for this release yet: upload one first.")
            )
        elif state is ReviewState.PUBLISHED:
            self.state_notice.show_message(
                "ok", _("Version {version} is published.").format(version=latest.version)
            )
        elif state is ReviewState.APPROVED:
            self.state_notice.show_message(
                "info",
                _("Version {version} passed the review and can be published.").format(
                    version=latest.version
                ),
            )
        else:
            self.state_notice.show_message(
                "wait",
                _(
                    "Version {version} has not passed the review yet: it can be published after "
                    "the review says 通过."
                ).format(version=latest.version),
            )
        live = history.live_version()
        self.live_label.setText(
            _("Live version: {version}").format(version=live) if live else _("Nothing live yet.")
        )
        self.history_table.show_history(history)
        self.history_table.setVisible(bool(history.releases))
        blocker = history.new_release_blocker()
        self.new_release_button.setEnabled(blocker is None)
        self.new_release_button.setToolTip(blocker or "")
        self.completeChanged.emit()

    def record_published(self) -> None:
        program = self.program
        if program is None:
            return
        try:
            values = step.record_published(program)
        except ReleaseRuleError as exc:
            self.action_notice.show_message("error", exc.message)
            self.reveal(self.action_notice)
            return
        if values:
            self.context.update_answers(program, version_step.ID, **values)
        self.refresh()

    def report_text(self) -> str:
        program = self.program
        assert program is not None
        secrets = self.context.secrets
        known = (
            [secrets.get(program.appid), secrets.get(program.appid, SecretKind.UPLOAD_TOKEN)]
            if program.appid
            else []
        )
        return build_report(
            program_name=program.name,
            appid=program.appid,
            steps=report_steps(self.context, program),
            domains=report_domains(program),
            history=version_step.history(program),
            known_secrets=[secret for secret in known if secret],
        )

    def save_report_as(self, path: str | None = None) -> Path | None:
        """Ask where to save (unless a path is given), write the report, say where it is."""
        program = self.program
        if program is None:
            return None
        if not path:
            suggested = documents_folder() / report_file_name(program.name)
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Save the report"), str(suggested), _("Web page (*.html)")
            )
            if not path:
                return None
        target = Path(path)
        try:
            save_report(self.report_text(), target)
        except OSError as exc:
            self.action_notice.show_message(
                "error",
                _(
                    "The report could not be saved in {folder} ({reason}). Choose another folder."
                ).format(folder=target.parent, reason=exc.strerror or exc.__class__.__name__),
            )
            self.reveal(self.action_notice)
            return None
        self.action_notice.show_message(
            "ok",
            _("Report saved: {path}. Open it in a browser to read or print it.").format(
                path=target
            ),
        )
        self.reveal(self.action_notice)
        return target

    def start_new_release(self, confirmed: bool = False) -> bool:
        program = self.program
        if program is None:
            return False
        if not confirmed:
            question = _(
                "Start a new release for {name}? The package, version, preview, review and "
                "publish steps open again; the history stays."
            ).format(name=program.name)
            warning = version_step.history(program).new_release_warning()
            if not ask_yes_no(self, _("Start a new release"), join_sentences(question, warning)):
                return False
        try:
            changes = version_step.start_new_release(program)
        except ReleaseRuleError as exc:
            self.action_notice.show_message("error", exc.message)
            self.reveal(self.action_notice)
            return False
        for step_id, values in changes.items():
            self.context.update_answers(program, step_id, **values)
        self.context.flush()
        first = next(
            (s for s in version_step.RELEASE_STEPS if journey.step_by_id(s) is not None), None
        )
        if first is not None:
            self.request_step(first)
        return True

    def page_complete(self) -> bool:
        return True  # the summary says what is left; nothing here must wait

    def demo_fill(self) -> None:
        program = self.program
        if program is not None:
            history = demo_history(ReviewState.APPROVED, time.time())
            self.context.update_answers(program, version_step.ID, **version_step.saved(history))
        self.refresh()
