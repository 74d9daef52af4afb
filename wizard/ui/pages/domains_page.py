"""Journey step: the server domain lists, checked as typed and against the unpacked package."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from wizard.core import platform_facts as facts
from wizard.core.domains.report import code_problem_lines, host_lines, scan_verdict
from wizard.core.domains.rules import KINDS, check_domain_list
from wizard.core.domains.scan import (
    DomainScan,
    DomainScanError,
    compare_domains,
    scan_package,
)
from wizard.core.i18n import _, join_sentences
from wizard.core.steps import domains as step
from wizard.core.steps.domains import DomainsAnswers
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext
from wizard.ui.jobs import JobFailure, ThreadJob, throttled
from wizard.ui.widgets.common import (
    NOTICE_SYMBOLS,
    Notice,
    UrlButton,
    WrappingCheckBox,
    plain_label,
    wrapping_label,
)
from wizard.ui.widgets.domain_lists import ListEditor
from wizard.ui.widgets.domain_reach import ReachPanel
from wizard.ui.widgets.privacy_panel import PrivacyPanel


class DomainsPage(BasePage):
    """Scan the package, type or paste the lists, copy each to the console, confirm."""

    step_id = step.ID

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.scan_job = ThreadJob(_unexpected_scan_problem, self)
        self.scan_job.progress.connect(self._on_scan_progress)
        self.scan_job.finished.connect(self._on_scan_finished)
        self.scan: DomainScan | None = None

        self.intro = wrapping_label()
        # Where in the console, with a button that opens it.
        self.console_box = QGroupBox()
        self.console_path = plain_label(selectable=True)
        self.console_button = UrlButton(facts.DOMAIN_CONSOLE_URL)
        self.webview_note = wrapping_label()
        console = QVBoxLayout(self.console_box)
        console_row = QHBoxLayout()
        console_row.addWidget(self.console_path, 1)
        console_row.addWidget(self.console_button)
        console.addLayout(console_row)
        console.addWidget(self.webview_note)
        # 1. What the package calls.
        self.scan_box = QGroupBox()
        self.folder_label = plain_label(selectable=True)
        self.scan_button = QPushButton()
        self.stop_scan_button = QPushButton()
        self.scan_progress = QProgressBar()
        self.scan_notice = Notice()
        self.scan_report = plain_label(selectable=True)
        self.add_missing_button = QPushButton()
        scan = QVBoxLayout(self.scan_box)
        scan.addWidget(self.folder_label)
        scan_buttons = QHBoxLayout()
        for button in (self.scan_button, self.stop_scan_button, self.add_missing_button):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            scan_buttons.addWidget(button)
        scan_buttons.addStretch(1)
        scan.addLayout(scan_buttons)
        scan.addWidget(self.scan_progress)
        scan.addWidget(self.scan_notice)
        scan.addWidget(self.scan_report)
        # 2. The lists, in the console's order.
        self.lists_box = QGroupBox()
        self.lists_intro = wrapping_label()
        lists = QVBoxLayout(self.lists_box)
        lists.addWidget(self.lists_intro)
        self.editors: dict[str, ListEditor] = {}
        for kind in KINDS:
            editor = ListEditor(kind)
            editor.edit.textChanged.connect(lambda k=kind: self._on_list_changed(k))
            self.editors[kind] = editor
            lists.addWidget(editor)
        # 3. Optional: do the servers answer?
        self.reach_box = ReachPanel(self._hosts_entered, self)
        self.reach = self.reach_box.reach
        self.reach_button = self.reach_box.reach_button
        self.reach_report = self.reach_box.reach_report
        self.stop_reach = self.reach_box.stop_reach
        # 4. Saved in the console?
        self.confirm_box = QGroupBox()
        self.confirm = WrappingCheckBox()
        self.done_notice = Notice()
        confirm = QVBoxLayout(self.confirm_box)
        confirm.addWidget(self.confirm)
        confirm.addWidget(self.done_notice)

        # The privacy agreement is checked on the same package here: both are settings the
        # code needs in the console before the first test on a phone (issue 22).
        self.privacy = PrivacyPanel(context)
        self.set_scrolling_content(
            self.intro,
            self.console_box,
            self.scan_box,
            self.lists_box,
            self.reach_box,
            self.confirm_box,
            self.privacy,
        )
        self.scan_button.clicked.connect(self.start_scan)
        self.stop_scan_button.clicked.connect(self.scan_job.cancel)
        self.add_missing_button.clicked.connect(self.add_missing)
        self.confirm.toggled.connect(self._on_confirm_toggled)
        context.answers_changed.connect(self._refresh_if_shown)
        self._set_scanning(False)
        self.retranslate()

    # Text ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setTitle(_("Server domains"))
        self.setSubTitle(
            self.step_heading(_("Enter the domains your mini-program talks to in the console."))
        )
        self.intro.setText(
            _(
                "A released mini-program can only reach the domains entered in the console. "
                "A missing or wrong entry is the classic failure: everything works in the "
                "developer tool, and the live mini-program shows a blank page. The app reads "
                "your code package to find every domain it uses, and checks each list as you "
                "type."
            )
        )
        self.console_box.setTitle(_("Where to enter them"))
        self.console_path.setText(
            _("On the Douyin developer platform: your mini-program → {path}.").format(
                path=step.console_path()
            )
        )
        self.console_button.setText(_("Open the developer platform"))
        self.webview_note.setText(
            _(
                "业务域名 (web-view) also needs a 校验文件 served at the domain's root, can only "
                "be set by an administrator, and is not available to personal mini-programs."
            )
        )
        self.scan_box.setTitle(_("1. Domains the code package uses"))
        self.scan_button.setText(_("Check the code package"))
        self.stop_scan_button.setText(_("Stop"))
        self.scan_progress.setAccessibleName(_("Progress of the package check"))
        self.add_missing_button.setText(_("Add the missing domains to the lists"))
        self.lists_box.setTitle(_("2. Your lists"))
        self.lists_intro.setText(
            _(
                "Type or paste each list (a pasted URL is fine: only its domain is kept). "
                "Then click “Copy list” and paste it into the console's list of the same name. "
                "At most {limit} domains per list."
            ).format(limit=facts.DOMAINS_PER_LIST)
        )
        for editor in self.editors.values():
            editor.retranslate()
        self.reach_box.retranslate()
        self.confirm_box.setTitle(_("4. Saved in the console"))
        self.confirm.setText(_("I pasted these lists in the console and clicked 「保存」 (Save)."))
        self.privacy.retranslate()
        self._show_folder()
        self._refresh()

    # Answers ⇄ widgets -----------------------------------------------------------------
    def load_answers(self) -> None:
        program = self.context.program
        answers = DomainsAnswers.read(program) if program else DomainsAnswers()
        for kind, editor in self.editors.items():
            editor.set_entries(answers.lists.get(kind, []))
            editor.copied.clear()
        self.confirm.setChecked(answers.confirmed_saved)
        self.scan = None
        self.scan_notice.clear()
        self.scan_report.clear()
        self.reach_box.clear()
        self._show_folder()
        self._refresh()
        self._prefill_from_provider(answers)
        # A package that was never checked (or was unpacked again) is checked at once: it
        # takes a moment and saves the merchant a click.
        if program is not None and step.folder_to_scan(program) is not None:
            if step.current_scan(program) is None and not self.context.jobs.busy():
                self.start_scan()
        self.privacy.set_folder(step.folder_to_scan(program) if program else None)

    def _on_list_changed(self, kind: str) -> None:
        program = self.context.program
        if program is not None and not self._loading:
            text = self.editors[kind].edit.toPlainText()
            values = step.list_typed(kind, text, program)
            self.save(**values)
            if not values["confirmed_saved"] and self.confirm.isChecked():
                self.confirm.setChecked(False)
        self._refresh()

    def _on_confirm_toggled(self, checked: bool) -> None:
        self.save(**step.confirmed(checked))
        self._refresh()

    def _refresh_if_shown(self) -> None:
        if self.isVisible() and not self._loading:
            self._refresh()

    def _prefill_from_provider(self, answers: DomainsAnswers) -> None:
        """Lists still empty: fill in the provider's own lists from its profile, once."""
        from wizard.core.profile.texts import prefill_domains
        from wizard.ui.provider import current_profile

        if any(answers.lists.get(kind) for kind in self.editors):
            return
        lists = prefill_domains(current_profile(self.context).profile)
        if lists:
            self.prefill(lists)

    def prefill(self, provider_lists: Mapping[str, Sequence[str]]) -> bool:
        """Add a provider's hosts (a plain list per kind) to the lists; True if any was new."""
        program = self.context.program
        if program is None:
            return False
        values = step.merged(program, provider_lists)
        if values is None:
            return False
        self.context.update_answers(program, self.step_id, **values)
        self._fill_from_answers()
        return True

    def add_missing(self) -> None:
        program = self.context.program
        if program is None:
            return
        values = step.merged(program, step.missing_hosts(program))
        if values is not None:
            self.context.update_answers(program, self.step_id, **values)
            self._fill_from_answers()

    def _fill_from_answers(self) -> None:
        program = self.context.program
        if program is None:
            return
        answers = DomainsAnswers.read(program)
        self._loading = True
        try:
            for kind, editor in self.editors.items():
                editor.set_entries(answers.lists.get(kind, []))
            self.confirm.setChecked(answers.confirmed_saved)
        finally:
            self._loading = False
        self._refresh()

    def _refresh(self) -> None:
        """Verdicts per list, what is missing, and whether the step is done."""
        program = self.context.program
        missing = step.missing_hosts(program) if program else {}
        for kind, editor in self.editors.items():
            current = check_domain_list(editor.edit.toPlainText(), kind)
            editor.show_verdicts(current, missing.get(kind, []))
        self.add_missing_button.setVisible(bool(missing))
        self.webview_note.setVisible(step.web_view_note_applies(program))
        if program is None:
            self.done_notice.clear()
            return
        verdict = step.verdict(program)
        if verdict.done:
            self.done_notice.show_message(
                "ok", _("Done: every domain the code package uses is in its list.")
            )
        else:
            self.done_notice.show_message("info", join_sentences(*verdict.reasons))

    def _show_folder(self) -> None:
        program = self.context.program
        folder = step.folder_to_scan(program) if program else None
        if folder is None:
            self.folder_label.setText(
                _(
                    "Unpack the code package in the previous step first; then the app can "
                    "check which domains it uses."
                )
            )
        else:
            self.folder_label.setText(_("Code package: {path}").format(path=folder))
        self.scan_button.setEnabled(folder is not None and not self.scan_job.is_running())

    # Scan ------------------------------------------------------------------------------
    def start_scan(self) -> None:
        program = self.context.program
        folder = step.folder_to_scan(program) if program else None
        if program is None or folder is None or self.scan_job.is_running():
            return
        self.scan_notice.show_message("wait", _("Checking the code package…"))
        self.scan_report.clear()
        self.scan_progress.setRange(0, 1000)
        self.scan_progress.setValue(0)
        self._set_scanning(True)
        self.scan_job.set_work(lambda progress, cancel: _scan(folder, progress, cancel))
        self.context.jobs.start(self.scan_job, program.id)

    def _on_scan_progress(self, done: int, total: int, _line: str) -> None:
        if total > 0:
            self.scan_progress.setValue(int(done * 1000 / total))

    def _on_scan_finished(self, program_id: str, outcome: object) -> None:
        self._set_scanning(False)
        program = self.context.programs.get(program_id)
        if isinstance(outcome, DomainScan) and not outcome.cancelled:
            self.context.update_answers(program, self.step_id, **step.scanned(outcome))
        if program is not self.context.program:
            return
        if isinstance(outcome, DomainScan):
            if outcome.cancelled:
                self.scan_notice.show_message(
                    "info", _("The check was stopped. Click “Check the code package” to run it.")
                )
            else:
                self.scan = outcome
                self._show_scan()
        elif isinstance(outcome, DomainScanError):
            self.scan_notice.show_message("error", outcome.message)
        elif isinstance(outcome, JobFailure):
            self.scan_notice.show_message("error", outcome.message)
        self._show_folder()
        self._refresh()
        self.reveal(self.scan_box)

    def _show_scan(self) -> None:
        scan = self.scan
        if scan is None:
            return
        program = self.context.program
        answers = DomainsAnswers.read(program) if program else DomainsAnswers()
        comparison = compare_domains(scan, answers.lists)
        lines = host_lines(scan)
        lines += code_problem_lines(comparison, NOTICE_SYMBOLS["error"], NOTICE_SYMBOLS["info"])
        self.scan_notice.show_message(*scan_verdict(scan, comparison))
        self.scan_report.setText("\n".join(lines))

    def _set_scanning(self, scanning: bool) -> None:
        self.scan_progress.setVisible(scanning)
        self.stop_scan_button.setVisible(scanning)
        self.scan_button.setEnabled(not scanning)

    def _hosts_entered(self) -> list[str]:
        """Every host of the lists as typed now, each once (the reachability check's list)."""
        hosts: list[str] = []
        for editor in self.editors.values():
            for host in editor.current.hosts:
                if host not in hosts:
                    hosts.append(host)
        return hosts

    # Window ------------------------------------------------------------------------------
    def stop_work(self) -> None:
        self.scan_job.stop(timeout=10)
        self.privacy.stop_work()
        self.stop_reach()

    def demo_fill(self) -> None:
        """A real package folder with a few calls, scanned here, and lists with one mistake."""
        program = self.context.program
        if program is None:
            return
        folder = step.folder_to_scan(program)
        if folder is None:
            return
        (folder / "utils").mkdir(exist_ok=True)
        (folder / "utils" / "api.js").write_text(
            'tt.request({ url: "https://api.xiaoming-flowers.cn/v1/goods" });\n'
            'tt.uploadFile({ url: "https://upload.xiaoming-flowers.cn/img", filePath: f });\n'
            'tt.connectSocket({ url: "wss://chat.xiaoming-flowers.cn/room" });\n'
            'tt.downloadFile({ url: "http://cdn.xiaoming-flowers.cn/menu.pdf" });\n',
            encoding="utf-8",
        )
        outcome = _scan(folder, lambda _d, _t: None, lambda: False)
        self._on_scan_finished(program.id, outcome)
        self.editors["request"].edit.setPlainText(
            "https://api.xiaoming-flowers.cn/v1\napi。xiaoming-flowers.cn"
        )
        self.editors["socket"].edit.setPlainText("chat.xiaoming-flowers.cn")
        # The screenshot shows the lists with their verdicts.
        self.reveal(self.editors["socket"])


def _scan(
    folder: Path, progress: Callable[[int, int], None], cancel: Callable[[], bool]
) -> DomainScan | DomainScanError:
    """The scan job's work: the result, or the sentence saying why the folder cannot be read."""
    try:
        return scan_package(folder, progress=throttled(progress), cancel=cancel)
    except DomainScanError as error:
        return error


def _unexpected_scan_problem() -> str:
    return _(
        "The check of the code package stopped because of an unexpected problem. Try again; "
        "if it happens again, send the log file to support."
    )
