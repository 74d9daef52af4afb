"""Journey step 3: get the provider's code package, unpack it safely, say if it can be uploaded."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from wizard.core.i18n import _, join_sentences
from wizard.core.package.describe import unexpected_unpack_problem
from wizard.core.package.download.links import check_download_url
from wizard.core.package.download.recent import find_recent_zips, recent_zip_line
from wizard.core.package.extract import (
    PackageError,
    PackageReport,
    extract_or_refusal,
    extract_package,
    inspect_folder,
)
from wizard.core.package.target import default_target
from wizard.core.paths import downloads_folder
from wizard.core.steps import package as step
from wizard.core.steps import route as route_step
from wizard.core.steps.package import PackageAnswers
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext
from wizard.ui.jobs import JobFailure, ThreadJob
from wizard.ui.provider import ProviderDownloadRow
from wizard.ui.widgets.common import (
    Notice,
    check_kind,
    set_plain_tooltip,
    wrapping_label,
)
from wizard.ui.widgets.package_download import DownloadControl, zip_paths_dropped
from wizard.ui.widgets.package_result import PackageResultBox

log = logging.getLogger(__name__)


class PackagePage(BasePage):
    """Choose or download the zip, unpack it off the GUI thread, show the report in words."""

    step_id = step.ID

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.setAcceptDrops(True)
        # Jobs finish with the id of the mini-program they were started for: the merchant may
        # switch to another one meanwhile, and the result still lands in the right answers.
        self.job = ThreadJob(unexpected_unpack_problem, self)
        self.job.progress.connect(self._on_extract_progress)
        self.job.finished.connect(self._on_extract_finished)
        self._busy = False
        self.report: PackageReport | None = None

        self.intro = wrapping_label()
        # The provider's own download (from its profile), opened in the merchant's browser.
        self.provider_download = ProviderDownloadRow(context)
        # 1. The zip
        self.source_box = QGroupBox()
        source = QGridLayout(self.source_box)
        self.zip_label = QLabel()
        self.zip_edit = QLineEdit()
        self.zip_label.setBuddy(self.zip_edit)
        self.choose_zip_button = QPushButton()
        self.recent_label = wrapping_label()
        self.use_recent_button = QPushButton()
        self.url_label = QLabel()
        self.url_edit = QLineEdit()
        self.url_label.setBuddy(self.url_edit)
        self.download_button = QPushButton()
        self.cancel_download_button = QPushButton()
        self.download_progress = QProgressBar()
        self.download_line = QLabel()
        self.download_notice = Notice()
        self.download = DownloadControl(
            context, self.download_progress, self.download_line, self.download_notice, self
        )
        self.download_job = self.download.job
        self.download.busy_changed.connect(
            lambda busy: self._set_busy(downloading=busy, unpacking=False)
        )
        self.download.downloaded.connect(self._on_downloaded)
        source.addWidget(self.zip_label, 0, 0)
        source.addWidget(self.zip_edit, 0, 1)
        source.addWidget(self.choose_zip_button, 0, 2)
        source.addWidget(self.recent_label, 1, 1)
        source.addWidget(self.use_recent_button, 1, 2)
        source.addWidget(self.url_label, 2, 0)
        source.addWidget(self.url_edit, 2, 1)
        download_buttons = QHBoxLayout()
        download_buttons.addWidget(self.download_button)
        download_buttons.addWidget(self.cancel_download_button)
        source.addLayout(download_buttons, 2, 2)
        source.addWidget(self.download_progress, 3, 1, 1, 2)
        source.addWidget(self.download_line, 4, 1, 1, 2)
        source.addWidget(self.download_notice, 5, 0, 1, 3)
        source.setColumnStretch(1, 1)
        # 2. Unpack
        self.unpack_box = QGroupBox()
        unpack = QGridLayout(self.unpack_box)
        self.target_label = QLabel()
        self.target_edit = QLineEdit()
        self.target_label.setBuddy(self.target_edit)
        self.choose_target_button = QPushButton()
        self.unpack_button = QPushButton()
        self.cancel_unpack_button = QPushButton()
        self.unpack_progress = QProgressBar()
        unpack.addWidget(self.target_label, 0, 0)
        unpack.addWidget(self.target_edit, 0, 1)
        unpack.addWidget(self.choose_target_button, 0, 2)
        unpack_buttons = QHBoxLayout()
        unpack_buttons.addWidget(self.unpack_button)
        unpack_buttons.addWidget(self.cancel_unpack_button)
        unpack_buttons.addStretch(1)
        unpack.addLayout(unpack_buttons, 1, 1, 1, 2)
        unpack.addWidget(self.unpack_progress, 2, 1, 1, 2)
        unpack.setColumnStretch(1, 1)
        # 3. The result
        self.result_box = PackageResultBox()
        self.result_notice = self.result_box.result_notice
        self.report_label = self.result_box.report_label
        self.open_folder_button = self.result_box.open_folder_button
        self.copy_path_button = self.result_box.copy_path_button

        for button in (
            self.choose_zip_button,
            self.use_recent_button,
            self.download_button,
            self.cancel_download_button,
            self.choose_target_button,
        ):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

        self.set_scrolling_content(
            self.intro, self.provider_download, self.source_box, self.unpack_box, self.result_box
        )
        # Enter in a field does what that field is for; it never leaves the step.
        self.on_enter(self.zip_edit, self._enter_unpack)
        self.on_enter(self.target_edit, self._enter_unpack)
        self.on_enter(self.url_edit, self._enter_download)

        self.choose_zip_button.clicked.connect(self.choose_zip)
        self.use_recent_button.clicked.connect(self.use_recent_zip)
        self.zip_edit.textChanged.connect(self._on_zip_changed)
        # A long path shows its tail in the field: the whole path is in the tooltip.
        self.zip_edit.textChanged.connect(lambda text: set_plain_tooltip(self.zip_edit, text))
        self.target_edit.textChanged.connect(lambda text: set_plain_tooltip(self.target_edit, text))
        self.url_edit.textChanged.connect(self._on_url_changed)
        self.download_button.clicked.connect(self.start_download)
        self.cancel_download_button.clicked.connect(self.download_job.cancel)
        self.target_edit.textChanged.connect(self._on_target_changed)
        self.choose_target_button.clicked.connect(self.choose_target)
        self.unpack_button.clicked.connect(self.start_unpack)
        self.cancel_unpack_button.clicked.connect(self.job.cancel)
        self.recent_zip: Path | None = None
        self.result_box.hide()
        self._set_busy(downloading=False, unpacking=False)
        self.retranslate()

    # Text ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setTitle(_("Code package"))
        self.setSubTitle(
            self.step_heading(_("Get your provider's code package and unpack it safely."))
        )
        self.intro.setText(
            _(
                "In your provider's admin, download the mini-program's code package (a zip file; "
                "ask your provider where, if you cannot find it). Then choose the downloaded zip "
                "here (or drag it onto this page), or paste the download link. The app unpacks "
                "it into a new folder and checks that it can be uploaded."
            )
        )
        self.source_box.setTitle(_("1. The code package (zip)"))
        self.zip_label.setText(_("&Zip file:"))
        self.zip_edit.setAccessibleName(_("Code package zip file"))
        self.zip_edit.setPlaceholderText(_("Choose a file, or drag it here"))
        self.choose_zip_button.setText(_("Choose…"))
        self.choose_zip_button.setAccessibleName(_("Choose the zip file"))
        self.use_recent_button.setText(_("Use this file"))
        self.use_recent_button.setAccessibleName(_("Use the newest zip in Downloads"))
        self.url_label.setText(_("Or download lin&k:"))
        self.url_edit.setAccessibleName(_("Download link of the code package"))
        self.url_edit.setPlaceholderText("https://")
        self.download_button.setText(_("Download"))
        self.download_button.setAccessibleName(_("Download the code package"))
        self.cancel_download_button.setText(_("Stop download"))
        self.download_progress.setAccessibleName(_("Download progress"))
        self.unpack_box.setTitle(_("2. Unpack"))
        self.target_label.setText(_("Into &folder:"))
        self.target_edit.setAccessibleName(_("Folder to unpack into"))
        self.choose_target_button.setText(_("Choose…"))
        self.choose_target_button.setAccessibleName(_("Choose the folder to unpack into"))
        self.unpack_button.setText(_("Unpack and check"))
        self.cancel_unpack_button.setText(_("Stop unpacking"))
        self.unpack_progress.setAccessibleName(_("Unpacking progress"))
        self.result_box.retranslate()
        self._show_recent()
        if self.report is not None:  # an error shown stays as it is
            self._show_report()

    # Answers ⇄ widgets -----------------------------------------------------------------
    def load_answers(self) -> None:
        program = self.context.program
        answers = PackageAnswers.read(program) if program else PackageAnswers()
        self.zip_edit.setText(answers.zip_path)
        self.url_edit.setText(answers.url)
        self.target_edit.setText(step.target_to_show(program) if program else "")
        self.report = None
        folder = step.package_folder(program) if program else None
        if folder is not None:
            try:
                self.report = inspect_folder(folder, appid=self._merchant_appid())
            except PackageError as error:
                log.info("previous package folder no longer usable: %s", error.code)
        self.recent_zip = self._find_recent()
        self._show_recent()
        self._show_report()
        self._update_buttons()

    def _merchant_appid(self) -> str | None:
        program = self.context.program
        return step.merchant_appid(program) if program else None

    def _find_recent(self) -> Path | None:
        try:
            recent = find_recent_zips(downloads_folder(), limit=1)
        except OSError:
            return None
        return recent[0] if recent else None

    def _show_recent(self) -> None:
        recent = self.recent_zip
        show = recent is not None and str(recent) != self.zip_edit.text()
        self.recent_label.setVisible(show)
        self.use_recent_button.setVisible(show)
        if recent is not None and show:
            line = recent_zip_line(recent)
            if line is None:  # moved or deleted since it was found
                self.recent_zip = None
                self.recent_label.hide()
                self.use_recent_button.hide()
                return
            self.recent_label.setText(line)

    def first_focus(self) -> QWidget | None:
        if not self.zip_edit.text():
            return self.use_recent_button if self.recent_zip is not None else self.zip_edit
        return self.unpack_button

    def _enter_unpack(self) -> None:
        if self.unpack_button.isEnabled():
            self.start_unpack()

    def _enter_download(self) -> None:
        if self.download_button.isEnabled():
            self.start_download()

    def use_recent_zip(self) -> None:
        if self.recent_zip is not None:
            self.zip_edit.setText(str(self.recent_zip))

    def choose_zip(self) -> None:
        start = self.zip_edit.text() or str(downloads_folder())
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the code package"), start, _("Zip files (*.zip)")
        )
        if path:
            self.zip_edit.setText(path)

    def choose_target(self) -> None:
        start = str(Path(self.target_edit.text()).parent) if self.target_edit.text() else ""
        path = QFileDialog.getExistingDirectory(self, _("Choose an empty folder"), start)
        if path:
            self.target_edit.setText(path)

    def _on_zip_changed(self, text: str) -> None:
        self.save(zip_path=text.strip())
        self._show_recent()
        self._update_buttons()

    def _on_url_changed(self, text: str) -> None:
        self.save(url=text.strip())
        check = check_download_url(text)
        if text.strip() and (not check.ok or check.message):
            self.download_notice.show_message(check_kind(check), check.message)
        else:
            self.download_notice.clear()
        self._update_buttons()

    def _on_target_changed(self, text: str) -> None:
        self.save(target=text.strip())
        self._update_buttons()

    # Drag and drop ------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # Qt override
        if zip_paths_dropped(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # Qt override
        paths = zip_paths_dropped(event)
        if paths:
            self.zip_edit.setText(str(paths[0]))
            event.acceptProposedAction()

    # Download ------------------------------------------------------------------------------
    def start_download(self) -> None:
        program = self.context.program
        if program is not None:
            self.download.start(self.url_edit.text().strip(), program.id)

    def _on_downloaded(self, program_id: str, path: str) -> None:
        program = self.context.programs.get(program_id)
        if program is self.context.program:
            self.zip_edit.setText(path)
        else:
            self.context.update_answers(program, self.step_id, zip_path=path)

    # Unpack --------------------------------------------------------------------------------
    def start_unpack(self) -> None:
        program = self.context.program
        if program is None:
            return
        zip_path = Path(self.zip_edit.text().strip())
        target = step.resolve_target(self.target_edit.text())
        self.target_edit.setText(str(target))
        self.result_box.show()
        self.result_notice.show_message("wait", _("Unpacking…"))
        self.report_label.clear()
        self.unpack_progress.setRange(0, 1000)
        self.unpack_progress.setValue(0)
        self._set_busy(downloading=False, unpacking=True)
        appid = self._merchant_appid()
        self.job.set_work(
            lambda progress, cancel: extract_or_refusal(zip_path, target, appid, progress, cancel)
        )
        self.context.jobs.start(self.job, program.id)

    def _on_extract_progress(self, done: int, total: int, _line: str) -> None:
        if total > 0:
            self.unpack_progress.setValue(int(done * 1000 / total))

    def _on_extract_finished(self, program_id: str, result: object) -> None:
        self._set_busy(downloading=False, unpacking=False)
        program = self.context.programs.get(program_id)
        if isinstance(result, PackageReport):
            self.context.update_answers(
                program, self.step_id, **step.unpacked(result.root, result.can_upload)
            )
        if program is not self.context.program:
            return
        if isinstance(result, PackageReport):
            self.report = result
            self._show_report()
            # Unpacking again goes to a fresh folder, never over this one.
            self.target_edit.setText(str(default_target(program.name if program else "")))
            self._update_buttons()
            self.open_folder_button.setFocus()
        else:
            # What is shown is this attempt's outcome: no earlier report comes back later.
            self.report = None
            self._show_report()
            message = result.message if isinstance(result, PackageError | JobFailure) else ""
            kind = (
                "info"
                if isinstance(result, PackageError) and result.code == "cancelled"
                else ("error")
            )
            if isinstance(result, PackageError) and result.code == "dest-not-empty" and program:
                fresh = default_target(program.name)
                self.target_edit.setText(str(fresh))
                message = join_sentences(
                    message,
                    _("A new folder is filled in: {path}. Press Unpack again.").format(path=fresh),
                )
            self.result_box.show()
            self.result_notice.show_message(kind, message)
            self._update_buttons()
            self.unpack_button.setFocus()
        self.reveal(self.result_box)

    def stop_work(self) -> None:
        """The window is closing: stop unpacking cleanly (a download keeps its .part)."""
        self.job.stop(timeout=10)

    def _show_report(self) -> None:
        program = self.context.program
        in_app = program is not None and route_step.uses_app_upload(program)
        self.result_box.show_report(self.report, in_app_route=in_app)

    def open_result_folder(self) -> None:
        self.result_box.open_folder()

    def copy_result_path(self) -> None:
        self.result_box.copy_path()

    # State ----------------------------------------------------------------------------------
    def _set_busy(self, *, downloading: bool, unpacking: bool) -> None:
        self.download_progress.setVisible(downloading)
        self.download_line.setVisible(downloading)
        self.cancel_download_button.setVisible(downloading)
        self.unpack_progress.setVisible(unpacking)
        self.cancel_unpack_button.setVisible(unpacking)
        self._busy = downloading or unpacking
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._busy
        zip_text = self.zip_edit.text().strip()
        self.unpack_button.setEnabled(
            not busy and bool(zip_text) and bool(self.target_edit.text().strip())
        )
        self.download_button.setEnabled(not busy and check_download_url(self.url_edit.text()).ok)
        self.choose_zip_button.setEnabled(not busy)
        self.choose_target_button.setEnabled(not busy)

    def demo_fill(self) -> None:
        """A small real package, made and unpacked in the demo home, for the screenshots."""
        from wizard.core.package.demo import write_demo_package

        zip_path = write_demo_package(downloads_folder() / "小明的花店-代码包.zip")
        self.url_edit.setText("https://provider.example/pack/download?id=1234")
        self.zip_edit.setText(str(zip_path))
        target = Path(self.target_edit.text() or default_target("demo"))
        if not target.exists():
            program = self.context.program
            self._on_extract_finished(
                program.id if program else "",
                extract_package(zip_path, target, appid=self._merchant_appid()),
            )
