"""The version page's developer-tool route: what to copy into the tool, its steps, the upload
to record, and what the tool's error messages mean."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wizard.core.i18n import _
from wizard.core.release_guide import UPLOAD_FAILURES, explain_upload_failure
from wizard.ui.widgets.common import Notice, open_folder, wrapping_label
from wizard.ui.widgets.releases import CopyRow


class DevtoolUploadTab(QWidget):
    """「Upload in the developer tool」: copy rows, steps, the record button, error meanings."""

    def __init__(self, reveal: Callable[[QWidget], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reveal = reveal
        self._folder: Path | None = None
        devtool_layout = QVBoxLayout(self)
        self.copy_box = QGroupBox()
        copy_grid = QGridLayout(self.copy_box)
        self.folder_label = QLabel()
        self.folder_row = CopyRow()
        self.open_folder_button = QPushButton()
        self.open_folder_button.clicked.connect(self.open_package_folder)
        self.version_copy_label = QLabel()
        self.version_copy = CopyRow()
        self.changelog_copy_label = QLabel()
        self.changelog_copy = CopyRow()
        copy_grid.addWidget(self.folder_label, 0, 0)
        copy_grid.addWidget(self.folder_row, 0, 1)
        copy_grid.addWidget(self.open_folder_button, 0, 2)
        copy_grid.addWidget(self.version_copy_label, 1, 0)
        copy_grid.addWidget(self.version_copy, 1, 1, 1, 2)
        copy_grid.addWidget(self.changelog_copy_label, 2, 0)
        copy_grid.addWidget(self.changelog_copy, 2, 1, 1, 2)
        copy_grid.setColumnStretch(1, 1)
        self.steps_label = wrapping_label()
        self.failures_box = QGroupBox()
        self.failures_box.setCheckable(True)
        self.failures_box.setChecked(False)
        self.failures_label = wrapping_label(selectable=True)
        self.message_label = QLabel()
        self.message_edit = QLineEdit()
        self.message_label.setBuddy(self.message_edit)
        self.message_notice = Notice()
        failures_layout = QVBoxLayout(self.failures_box)
        failures_layout.addWidget(self.message_label)
        failures_layout.addWidget(self.message_edit)
        failures_layout.addWidget(self.message_notice)
        failures_layout.addWidget(self.failures_label)
        self.failures_box.toggled.connect(self.failures_label.setVisible)
        self.failures_label.setVisible(False)
        self.message_edit.textChanged.connect(self._on_tool_message)
        self.confirm_button = QPushButton()
        self.upload_notice = Notice()
        devtool_layout.addWidget(self.copy_box)
        devtool_layout.addWidget(self.steps_label)
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.confirm_button)
        confirm_row.addStretch(1)
        devtool_layout.addLayout(confirm_row)
        devtool_layout.addWidget(self.upload_notice)
        devtool_layout.addWidget(self.failures_box)
        devtool_layout.addStretch(1)

    def retranslate(self) -> None:
        self.copy_box.setTitle(_("Copy these into the developer tool"))
        self.folder_label.setText(_("Project folder:"))
        self.folder_row.retranslate(_("the project folder"))
        self.folder_row.field.setPlaceholderText(_("Unpack the code package in its step first"))
        self.open_folder_button.setText(_("Open folder"))
        self.version_copy_label.setText(_("Version:"))
        self.version_copy.retranslate(_("the version"))
        self.changelog_copy_label.setText(_("Changelog:"))
        self.changelog_copy.retranslate(_("the changelog"))
        self.steps_label.setText(
            _(
                "1. In 抖音开发者工具, open the project folder (the first time, click "
                "「信任并运行」).\n"
                "2. Click 「上传」 at the top right.\n"
                "3. Paste the version and the changelog, then click 「确定」 (sometimes "
                "「继续上传」).\n"
                "4. Wait for 上传成功. Then click the button below."
            )
        )
        self.confirm_button.setText(_("The tool said 上传成功: record the upload"))
        self.failures_box.setTitle(_("The tool showed an error"))
        self.message_label.setText(_("Paste or type the tool's &message:"))
        self.message_edit.setAccessibleName(_("The developer tool's error message"))
        self.failures_label.setText(
            "\n\n".join(
                f"{failure.shown}\n{_(failure.meaning)}\n→ {_(failure.todo)}"
                for failure in UPLOAD_FAILURES
            )
        )

    def show_values(self, folder: Path | None, version: str, changelog: str) -> None:
        """The project folder and what to paste (empty while the version or changelog is not
        acceptable yet)."""
        self._folder = folder
        self.folder_row.set_value(str(folder) if folder else "")
        self.open_folder_button.setEnabled(folder is not None)
        self.version_copy.set_value(version)
        self.changelog_copy.set_value(changelog)

    def _on_tool_message(self, typed: str) -> None:
        failure = explain_upload_failure(typed) if typed.strip() else None
        if failure is None:
            if typed.strip():
                self.message_notice.show_message(
                    "info",
                    _(
                        "MiniApp Publisher does not know this message. Read it to the end; if it "
                        "does not "
                        "say what to do, send it to your provider."
                    ),
                )
            else:
                self.message_notice.clear()
            return
        self.message_notice.show_message(
            "error",
            _("“{shown}”: {meaning} {todo}").format(
                shown=failure.shown, meaning=_(failure.meaning), todo=_(failure.todo)
            ),
        )
        self._reveal(self.message_notice)

    def open_package_folder(self) -> None:
        if self._folder is not None:
            open_folder(str(self._folder))
