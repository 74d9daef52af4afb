"""The package step's result: whether the unpacked package can be uploaded, in words, with
its folder to open or copy."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from wizard.core.i18n import _
from wizard.core.package.describe import describe_lines, ready_sentence
from wizard.core.package.extract import PackageReport
from wizard.ui.widgets.common import Notice, open_folder, plain_label


class PackageResultBox(QGroupBox):
    """「3. Result」: the verdict, the report's sentences, Open folder and Copy path."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: PackageReport | None = None
        self.result_notice = Notice()
        self.report_label = plain_label(selectable=True)
        self.open_folder_button = QPushButton()
        self.copy_path_button = QPushButton()
        layout = QVBoxLayout(self)
        layout.addWidget(self.result_notice)
        layout.addWidget(self.report_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addWidget(self.copy_path_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.copy_path_button.clicked.connect(self.copy_path)

    def retranslate(self) -> None:
        self.setTitle(_("3. Result"))
        self.open_folder_button.setText(_("Open folder"))
        self.open_folder_button.setAccessibleName(_("Open the unpacked folder"))
        self.copy_path_button.setText(_("Copy path"))
        self.copy_path_button.setAccessibleName(_("Copy the unpacked folder's path"))

    def show_report(self, report: PackageReport | None, *, in_app_route: bool) -> None:
        """The report in words; hidden when there is none (no empty box before anything)."""
        self.report = report
        has_report = report is not None
        self.open_folder_button.setVisible(has_report)
        self.copy_path_button.setVisible(has_report)
        self.setVisible(has_report)
        if report is None:
            self.result_notice.clear()
            self.report_label.clear()
            return
        kind, sentence = ready_sentence(report, in_app_route=in_app_route)
        self.result_notice.show_message(kind, sentence)
        lines = [_("Folder: {path}").format(path=report.root), *describe_lines(report)]
        self.report_label.setText("\n".join(lines))

    def open_folder(self) -> None:
        if self.report is not None:
            open_folder(str(self.report.root))

    def copy_path(self) -> None:
        if self.report is not None:
            QGuiApplication.clipboard().setText(str(self.report.root))
