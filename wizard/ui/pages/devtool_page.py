"""Journey step: the developer tool. The right download for this computer, the tool found when
installed, the package opened in it with one click, and what the tool shows first."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from wizard.core import platform_facts as facts
from wizard.core.devtool import (
    Computer,
    Detection,
    DevtoolAnswers,
    after_open_guidance,
    detect_devtool,
    manual_import_steps,
    this_computer,
)
from wizard.core.i18n import _
from wizard.core.steps import devtool as step
from wizard.core.steps.devtool import DevtoolStepAnswers
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext
from wizard.ui.devtool_opener import Opened, OpenResult, open_package_in_tool, open_url
from wizard.ui.jobs import JobFailure, ThreadJob
from wizard.ui.widgets.common import (
    Notice,
    UrlButton,
    WrappingCheckBox,
    open_folder,
    plain_label,
    wrapping_label,
)

Probe = Callable[[Callable[[], bool]], tuple[Computer, Detection]]


def probe_this_computer(cancel: Callable[[], bool]) -> tuple[Computer, Detection]:
    """This computer and the tool on it (reads the registry and the disk: run as a job)."""
    return this_computer(), detect_devtool(cancel=cancel)


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"{number}. {line}" for number, line in enumerate(lines, start=1))


class DevtoolPage(BasePage):
    """Download, detect, open the package in the tool, then confirm what the tool needs."""

    step_id = step.ID

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        # Replaceable so tests can describe another computer with real temporary folders.
        self.probe: Probe = probe_this_computer
        self.open_link: Callable[[str], bool] = open_url
        self.environ: dict[str, str] | None = None
        self.computer: Computer | None = None
        self.detection: Detection | None = None
        self.last_open: OpenResult | None = None
        self.detect_job = ThreadJob(_unexpected_detection_problem, self)
        self.detect_job.finished.connect(self._on_detected)

        self.intro = wrapping_label()
        # 1. This computer and the download
        self.computer_box = QGroupBox()
        self.computer_label = plain_label(selectable=True)
        self.advice_notice = Notice()
        self.download_button = UrlButton(facts.DEVTOOL_DOWNLOAD_URL)
        computer = QVBoxLayout(self.computer_box)
        computer.addWidget(self.computer_label)
        computer.addWidget(self.advice_notice)
        computer.addWidget(self.download_button)
        # 2. Installed?
        self.installed_box = QGroupBox()
        self.detect_notice = Notice()
        # A long path does not wrap in a label: a read-only field shows and copies it whole.
        self.program_edit = QLineEdit()
        self.program_edit.setReadOnly(True)
        self.check_again_button = QPushButton()
        installed = QVBoxLayout(self.installed_box)
        installed.addWidget(self.detect_notice)
        installed.addWidget(self.program_edit)
        installed.addWidget(self.check_again_button)
        # 3. Open the package in the tool
        self.open_box = QGroupBox()
        self.folder_edit = QLineEdit()
        self.folder_edit.setReadOnly(True)
        self.copy_folder_button = QPushButton()
        self.open_folder_button = QPushButton()
        self.open_tool_button = QPushButton()
        self.open_notice = Notice()
        self.manual_title = wrapping_label()
        self.manual_label = plain_label(selectable=True)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.copy_folder_button)
        folder_row.addWidget(self.open_folder_button)
        opening = QVBoxLayout(self.open_box)
        opening.addLayout(folder_row)
        opening.addWidget(self.open_tool_button)
        opening.addWidget(self.open_notice)
        opening.addWidget(self.manual_title)
        opening.addWidget(self.manual_label)
        # 4. What the tool shows first
        self.first_box = QGroupBox()
        self.guidance_label = plain_label(selectable=True)
        self.console_button = UrlButton(facts.CONSOLE_URL)
        first = QVBoxLayout(self.first_box)
        first.addWidget(self.guidance_label)
        first.addWidget(self.console_button)
        # 5. Confirm
        self.confirm_box = QGroupBox()
        self.package_open_box = WrappingCheckBox()
        self.member_box = WrappingCheckBox()
        self.confirm_notice = Notice()
        confirm = QVBoxLayout(self.confirm_box)
        confirm.addWidget(self.package_open_box)
        confirm.addWidget(self.member_box)
        confirm.addWidget(self.confirm_notice)

        for button in (
            self.check_again_button,
            self.open_tool_button,
            self.copy_folder_button,
            self.open_folder_button,
        ):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.set_scrolling_content(
            self.intro,
            self.computer_box,
            self.installed_box,
            self.open_box,
            self.first_box,
            self.confirm_box,
        )
        self.check_again_button.clicked.connect(self.check_again)
        self.open_tool_button.clicked.connect(self.open_in_tool)
        self.copy_folder_button.clicked.connect(self.copy_folder)
        self.open_folder_button.clicked.connect(self.show_folder)
        self.package_open_box.toggled.connect(self._on_confirmed)
        self.member_box.toggled.connect(self._on_confirmed)
        self.retranslate()

    # Text ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setTitle(_("Developer tool"))
        self.setSubTitle(
            self.step_heading(_("Install the developer tool and open your package in it."))
        )
        self.intro.setText(
            _(
                "You upload the package with the official 抖音开发者工具 (Douyin developer "
                "tool). This step finds the right download for this computer, checks whether "
                "the tool is installed, and opens your unpacked package in it."
            )
        )
        self.computer_box.setTitle(_("1. The right download for this computer"))
        self.download_button.setText(_("Open the download page"))
        self.download_button.setAccessibleName(_("Open the developer tool's download page"))
        self.installed_box.setTitle(_("2. Is the tool installed?"))
        self.program_edit.setAccessibleName(_("Where the developer tool is installed"))
        self.check_again_button.setText(_("Check again"))
        self.check_again_button.setAccessibleName(
            _("Look for the developer tool again (after installing it)")
        )
        self.open_box.setTitle(_("3. Open your package in the tool"))
        self.folder_edit.setAccessibleName(_("Folder of the unpacked code package"))
        self.copy_folder_button.setText(_("Copy path"))
        self.copy_folder_button.setAccessibleName(_("Copy the package folder's path"))
        self.open_folder_button.setText(_("Open folder"))
        self.open_folder_button.setAccessibleName(_("Show the package folder"))
        self.open_tool_button.setText(_("Open in the developer tool"))
        self.manual_title.setText(_("If the package does not open by itself:"))
        self.first_box.setTitle(_("4. What the tool shows first"))
        self.guidance_label.setText(_bullets(after_open_guidance()))
        self.console_button.setText(_("Open the developer console"))
        self.console_button.setAccessibleName(
            _("Open the Douyin developer console to add a member")
        )
        self.confirm_box.setTitle(_("5. Confirm"))
        self.package_open_box.setText(
            _("The package is open in the developer tool (I clicked 「信任并运行」).")
        )
        self.member_box.setText(
            _(
                "I am logged in to the tool with an account that is a member of this "
                "mini-program with developer rights."
            )
        )
        self._show_computer()
        self._show_detection()
        self._show_folder()
        self._show_open_result()
        self._show_confirmation()

    # Answers ⇄ widgets -----------------------------------------------------------------
    def load_answers(self) -> None:
        program = self.context.program
        answers = DevtoolStepAnswers.read(program) if program else DevtoolAnswers()
        self.package_open_box.setChecked(step.package_open_holds(program) if program else False)
        self.member_box.setChecked(answers.logged_in_as_member)
        self.last_open = None
        self._show_folder()
        self._show_open_result()
        self._show_confirmation()
        if self.detection is None and not self.detect_job.is_running():
            self.check_again()

    def _folder(self) -> str:
        program = self.context.program
        return step.package_folder_text(program) if program else ""

    def _folder_exists(self) -> bool:
        folder = self._folder()
        return bool(folder) and Path(folder).is_dir()

    # Detection (a job: the registry and the disk may be slow) ---------------------------
    def check_again(self) -> None:
        program = self.context.program
        if program is None or self.detect_job.is_running():
            return
        probe = self.probe
        self.detect_job.set_work(lambda _progress, cancel: probe(cancel))
        self.detect_notice.show_message("wait", _("Looking for the developer tool…"))
        self.check_again_button.setEnabled(False)
        # Started outside the window's JobCenter on purpose: looking only reads, so Back and
        # Next stay usable even when a stale network drive makes it slow. stop_work() ends it.
        self.detect_job.start(program.id)

    def _on_detected(self, _program_id: str, outcome: object) -> None:
        # What is on this computer does not depend on the mini-program: shown whichever is open.
        self.check_again_button.setEnabled(True)
        if isinstance(outcome, tuple) and len(outcome) == 2:
            computer, detection = outcome
            if isinstance(computer, Computer) and isinstance(detection, Detection):
                self.computer, self.detection = computer, detection
        elif isinstance(outcome, JobFailure):
            self.detection = None
            self.detect_notice.show_message("error", outcome.message)
            return
        self._show_computer()
        self._show_detection()
        self._update_buttons()

    def stop_work(self) -> None:
        self.detect_job.stop(timeout=5)

    def _show_computer(self) -> None:
        computer = self.computer
        if computer is None:
            self.computer_label.setText(_("Looking at this computer…"))
            self.advice_notice.clear()
            return
        self.computer_label.setText(
            _("This computer: {computer}.").format(computer=computer.describe())
        )
        kind = "info" if computer.can_run_tool and not computer.is_old_windows else "warning"
        self.advice_notice.show_message(kind, computer.advice())

    def _show_detection(self) -> None:
        if self.detect_job.is_running():
            return
        detection, computer = self.detection, self.computer
        if detection is None or computer is None:
            self.detect_notice.clear()
            self.program_edit.hide()
            return
        install = detection.install
        self.program_edit.setVisible(install is not None)
        if install is not None:
            self.program_edit.setText(str(install.program))
            self.program_edit.setCursorPosition(0)
            self.detect_notice.show_message("ok", detection.headline())
        elif computer.can_run_tool:
            self.detect_notice.show_message(
                "info",
                detection.describe()
                + " "
                + _(
                    "Install it from the download page above, then click “Check again”. If you "
                    "installed it in another folder, open the package by hand (below)."
                ),
            )
        else:
            self.detect_notice.show_message("info", detection.describe())

    # Opening the package ------------------------------------------------------------------
    def _show_folder(self) -> None:
        folder = self._folder()
        self.folder_edit.setText(folder)
        self.manual_label.setText(_bullets(manual_import_steps(folder or "…")))
        self._update_buttons()

    def open_in_tool(self) -> None:
        computer, detection = self.computer, self.detection
        folder = self._folder()
        if computer is None or detection is None or not folder:
            return
        self.last_open = open_package_in_tool(
            folder,
            detection,
            computer.system,
            os.environ if self.environ is None else self.environ,
            open_link=self.open_link,
        )
        self._show_open_result()
        self.reveal(self.open_notice)

    def _show_open_result(self) -> None:
        folder_known = bool(self._folder())
        if not folder_known:
            self.open_notice.show_message(
                "warning",
                _(
                    "Unpack the code package first (the “Code package” step): its folder is "
                    "opened here."
                ),
            )
            return
        if not self._folder_exists():
            self.open_notice.show_message(
                "warning",
                _(
                    "The package folder is no longer there: it was moved or deleted. Unpack the "
                    "code package again in the “Code package” step."
                ),
            )
            return
        result = self.last_open
        if result is None:
            self.open_notice.clear()
        elif result.opened is Opened.LINK:
            self.open_notice.show_message(
                "ok",
                _(
                    "The developer tool is opening your package. If nothing happens within a "
                    "minute, follow the steps below."
                ),
            )
        elif result.opened is Opened.PROGRAM:
            self.open_notice.show_message(
                "ok",
                _(
                    "The developer tool is starting with your package. If it shows its start "
                    "page instead, follow the steps below."
                ),
            )
        elif self.detection is not None and self.detection.installed:
            self.open_notice.show_message(
                "warning",
                _(
                    "The developer tool could not be started from here. Open it yourself and "
                    "follow the steps below."
                ),
            )
        else:
            self.open_notice.show_message(
                "warning",
                _(
                    "The developer tool was not found. Install it from the download page, or if "
                    "it is installed somewhere else, open it yourself and follow the steps below."
                ),
            )

    def copy_folder(self) -> None:
        folder = self._folder()
        if folder:
            QGuiApplication.clipboard().setText(folder)

    def show_folder(self) -> None:
        if self._folder_exists():
            open_folder(self._folder())

    # Confirmations ---------------------------------------------------------------------------
    def _on_confirmed(self, _checked: bool) -> None:
        if self._loading:
            return
        install = self.detection.install if self.detection is not None else None
        self.save(
            **step.confirm(
                package_open=self.package_open_box.isChecked(),
                logged_in_as_member=self.member_box.isChecked(),
                folder=self._folder(),
                tool_version=install.version if install is not None else None,
                now=datetime.datetime.now(datetime.UTC),
            )
        )
        self._show_confirmation()

    def _show_confirmation(self) -> None:
        if self.package_open_box.isChecked() and self.member_box.isChecked():
            self.confirm_notice.show_message(
                "ok", _("Done: the package is open in the tool and you can upload it next.")
            )
        else:
            self.confirm_notice.clear()

    # State ------------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        computer = self.computer
        runs_here = computer is not None and computer.can_run_tool
        self.open_tool_button.setEnabled(
            runs_here and self.detection is not None and self._folder_exists()
        )
        self.copy_folder_button.setEnabled(bool(self._folder()))
        self.open_folder_button.setEnabled(self._folder_exists())
        self.download_button.setEnabled(computer is None or runs_here)

    def demo_fill(self) -> None:
        """A Windows 11 computer with the tool installed, for the screenshots."""
        from wizard.core.devtool import FoundBy, ToolInstall, computer_from

        program = Path(
            r"C:\Users\店主\AppData\Local\Programs\@bytedminiprogram-ide\抖音开发者工具.exe"
        )
        install = ToolInstall(
            program, facts.DEVTOOL_NAMES[0], "4.5.1", FoundBy.INSTALL_LOCATION, ""
        )
        # A real look at this computer may still be under way: let it land first, then show
        # the demo computer over it.
        self.detect_job.stop(timeout=5)
        QCoreApplication.processEvents()
        self._on_detected(
            "",
            (
                computer_from("Windows", "10.0.22631", "AMD64"),
                Detection(install, url_handler=f'"{program}" "%1"'),
            ),
        )


def _unexpected_detection_problem() -> str:
    return _(
        "Looking for the developer tool stopped because of an unexpected problem. Click "
        "“Check again”; if it happens again, send the log file to support."
    )
