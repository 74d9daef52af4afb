"""Journey step 3: get the provider's code package, unpack it safely, say if it can be uploaded."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
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
    QVBoxLayout,
    QWidget,
)

from wizard.core.i18n import _, join_sentences
from wizard.core.package.describe import describe_lines
from wizard.core.package.download.failures import DownloadOutcome
from wizard.core.package.download.links import check_download_url, target_for_url
from wizard.core.package.download.recent import find_recent_zips
from wizard.core.package.extract import (
    PackageError,
    PackageReport,
    extract_package,
    format_size,
    inspect_folder,
)
from wizard.core.package.target import default_target
from wizard.core.paths import app_paths, downloads_folder
from wizard.core.steps import package as step
from wizard.core.steps.package import PackageAnswers
from wizard.ui.base_page import BasePage
from wizard.ui.context import AppContext
from wizard.ui.jobs import JobFailure, ThreadJob
from wizard.ui.network_jobs import DownloadJob
from wizard.ui.provider import ProviderDownloadRow
from wizard.ui.widgets.common import (
    Notice,
    check_kind,
    open_folder,
    plain_label,
    set_plain_tooltip,
    wrapping_label,
)

log = logging.getLogger(__name__)


def _zip_paths_from(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [
        Path(url.toLocalFile())
        for url in mime.urls()
        if url.isLocalFile() and url.toLocalFile().lower().endswith(".zip")
    ]


class PackagePage(BasePage):
    """Choose or download the zip, unpack it off the GUI thread, show the report in words."""

    step_id = step.ID

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.setAcceptDrops(True)
        # Jobs finish with the id of the mini-program they were started for: the merchant may
        # switch to another one meanwhile, and the result still lands in the right answers.
        self.job = ThreadJob(_unexpected_unpack_problem, self)
        self.job.progress.connect(self._on_extract_progress)
        self.job.finished.connect(self._on_extract_finished)
        self.download_job = DownloadJob(self)
        self.download_job.progress.connect(self._on_download_progress)
        self.download_job.finished.connect(self._on_download_finished)
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
        self.result_box = QGroupBox()
        self.result_notice = Notice()
        self.report_label = plain_label(selectable=True)
        self.open_folder_button = QPushButton()
        self.copy_path_button = QPushButton()
        result = QVBoxLayout(self.result_box)
        result.addWidget(self.result_notice)
        result.addWidget(self.report_label)
        result_buttons = QHBoxLayout()
        result_buttons.addWidget(self.open_folder_button)
        result_buttons.addWidget(self.copy_path_button)
        result_buttons.addStretch(1)
        result.addLayout(result_buttons)

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
        self.open_folder_button.clicked.connect(self.open_result_folder)
        self.copy_path_button.clicked.connect(self.copy_result_path)
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
                "In your provider's admin, open the 打包代码 page and click 【一键打包】. Then "
                "choose the downloaded zip here (or drag it onto this page), or paste the "
                "download link. The app unpacks it into a new folder and checks that the "
                "developer tool will accept it."
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
        self.result_box.setTitle(_("3. Result"))
        self.open_folder_button.setText(_("Open folder"))
        self.open_folder_button.setAccessibleName(_("Open the unpacked folder"))
        self.copy_path_button.setText(_("Copy path"))
        self.copy_path_button.setAccessibleName(_("Copy the unpacked folder's path"))
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
            try:
                modified = recent.stat().st_mtime
            except OSError:  # moved or deleted since it was found
                self.recent_zip = None
                self.recent_label.hide()
                self.use_recent_button.hide()
                return
            minutes = max(0, int((time.time() - modified) // 60))
            self.recent_label.setText(
                _("Newest zip in your Downloads: {name} ({minutes} min ago)").format(
                    name=recent.name, minutes=minutes
                )
            )

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
        if _zip_paths_from(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # Qt override
        paths = _zip_paths_from(event)
        if paths:
            self.zip_edit.setText(str(paths[0]))
            event.acceptProposedAction()

    # Download ------------------------------------------------------------------------------
    def start_download(self) -> None:
        url = self.url_edit.text().strip()
        program = self.context.program
        if not check_download_url(url).ok or program is None:
            return
        folder = app_paths().downloads
        folder.mkdir(parents=True, exist_ok=True)
        self.download_notice.show_message("wait", _("Downloading…"))
        self.download_progress.setRange(0, 0)
        self._set_busy(downloading=True, unpacking=False)
        self.download_job.configure(url, target_for_url(url, folder))
        self.context.jobs.start(self.download_job, program.id)

    def cancel_download(self) -> None:
        self.download_job.cancel()

    def _on_download_progress(self, received: int, total: int, line: str) -> None:
        if total > 0:
            self.download_progress.setRange(0, 1000)
            self.download_progress.setValue(int(received * 1000 / total))
        self.download_line.setText(line)

    def _on_download_finished(self, program_id: str, outcome: DownloadOutcome) -> None:
        self._set_busy(downloading=False, unpacking=False)
        self.download_line.clear()
        program = self.context.programs.get(program_id)
        if program is not self.context.program:
            if outcome.ok and outcome.path is not None:
                self.context.update_answers(program, self.step_id, zip_path=str(outcome.path))
            return
        if outcome.ok and outcome.path is not None:
            self.download_notice.show_message(
                "ok", _("Downloaded ({size}).").format(size=format_size(outcome.size))
            )
            self.zip_edit.setText(str(outcome.path))
        else:
            self.download_notice.show_message("error", outcome.message)

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
            lambda progress, cancel: _unpack(zip_path, target, appid, progress, cancel)
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
        report = self.report
        has_report = report is not None
        self.open_folder_button.setVisible(has_report)
        self.copy_path_button.setVisible(has_report)
        # No empty "3. Result" box before anything happened.
        self.result_box.setVisible(has_report)
        if report is None:
            self.result_notice.clear()
            self.report_label.clear()
            return
        if report.can_upload:
            self.result_notice.show_message(
                "ok",
                _(
                    "The package is unpacked and the developer tool can import it: choose this "
                    "folder in the tool."
                ),
            )
        else:
            self.result_notice.show_message(
                "error",
                _("The package cannot be uploaded as it is. What to do:"),
            )
        lines = [_("Folder: {path}").format(path=report.root), *describe_lines(report)]
        self.report_label.setText("\n".join(lines))

    def open_result_folder(self) -> None:
        if self.report is not None:
            open_folder(str(self.report.root))

    def copy_result_path(self) -> None:
        if self.report is not None:
            QGuiApplication.clipboard().setText(str(self.report.root))

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
        import json
        import zipfile

        from wizard.core.package.extract import extract_package

        zip_path = downloads_folder() / "小明的花店-代码包.zip"
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(zip_path, "w") as archive:
            archive.writestr("dist/app.json", json.dumps({"pages": ["pages/index/index"]}))
            archive.writestr("dist/app.js", "App({});")
            archive.writestr("dist/pages/index/index.js", "Page({});")
            archive.writestr(
                "dist/project.config.json", json.dumps({"appid": "testappId", "projectname": "x"})
            )
        self.url_edit.setText("https://provider.example/pack/download?id=1234")
        self.zip_edit.setText(str(zip_path))
        target = Path(self.target_edit.text() or default_target("demo"))
        if not target.exists():
            program = self.context.program
            self._on_extract_finished(
                program.id if program else "",
                extract_package(zip_path, target, appid=self._merchant_appid()),
            )


def _unpack(
    zip_path: Path,
    target: Path,
    appid: str | None,
    progress: Callable[[int, int], None],
    cancel: Callable[[], bool],
) -> PackageReport | PackageError:
    """The unpacking job's work: a report, or the sentence of what was refused."""
    try:
        return extract_package(zip_path, target, appid=appid, progress=progress, cancel=cancel)
    except PackageError as error:
        return error


def _unexpected_unpack_problem() -> str:
    return _(
        "Unpacking stopped because of an unexpected problem. Nothing was left half-unpacked. "
        "Try again; if it happens again, send the log file to support."
    )
