"""The code-package step as a merchant uses it: real zips, a real loopback download."""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from pytestqt.qtbot import QtBot

from tests.net.loopback_server import LoopbackServer, Resource
from tests.ui.conftest import OpenWizard, next_until
from wizard.core import journey
from wizard.ui.pages.package_page import PackagePage

APPID = "tt411d37a0de37d565"


def make_package(path: Path, *, appid: str = "testappId", extra_files: int = 0) -> Path:
    """A zip as a provider's 一键打包 makes it: one wrapper folder with the project inside."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("dist/app.json", json.dumps({"pages": ["pages/index/index"]}))
        archive.writestr("dist/app.js", "App({});")
        archive.writestr("dist/pages/index/index.js", "Page({});")
        archive.writestr("dist/pages/首页/说明.txt", "中文名字")
        archive.writestr(
            "dist/project.config.json",
            json.dumps({"appid": appid, "projectname": "花店", "setting": {"urlCheck": True}}),
        )
        for number in range(extra_files):
            archive.writestr(f"dist/assets/{number:05d}.js", os.urandom(2048).hex())
    return path


def open_package_page(open_wizard: OpenWizard, appid: str = APPID):  # type: ignore[no-untyped-def]
    window = open_wizard()
    welcome = window.page_for(journey.WELCOME)
    welcome.name_edit.insert("小明的花店")
    welcome.create_from_field()
    program = window.context.program
    program.appid = appid
    program.current_step = journey.PACKAGE
    next_until(window, journey.PACKAGE)
    page = window.page_for(journey.PACKAGE)
    assert isinstance(page, PackagePage) and window.currentPage() is page
    return window, page


def unpack(qtbot: QtBot, page: PackagePage) -> None:
    with qtbot.waitSignal(page.job.finished, timeout=30_000):
        qtbot.mouseClick(page.unpack_button, Qt.MouseButton.LeftButton)


def test_unpack_a_good_package_fixes_the_appid_and_marks_the_step_done(
    open_wizard: OpenWizard, qtbot: QtBot, app_home: Path, tmp_path: Path
) -> None:
    window, page = open_package_page(open_wizard)
    assert page.target_edit.text() == str(app_home / "Documents" / "小明的花店")
    page.zip_edit.setText(str(make_package(tmp_path / "pkg.zip")))
    unpack(qtbot, page)
    target = app_home / "Documents" / "小明的花店"
    config = json.loads((target / "project.config.json").read_text(encoding="utf-8"))
    assert config["appid"] == APPID and config["setting"] == {"urlCheck": True}
    assert (target / "pages" / "首页" / "说明.txt").read_text(encoding="utf-8") == "中文名字"
    assert page.result_notice.kind == "ok"
    assert "written into project.config.json" in page.report_label.text()
    assert journey.step_by_id(journey.PACKAGE).is_done(window.context.program)  # type: ignore[union-attr]
    qtbot.mouseClick(page.copy_path_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == str(target)


def test_a_login_page_saved_as_zip_gets_a_sentence_and_leaves_nothing(
    open_wizard: OpenWizard, qtbot: QtBot, app_home: Path, tmp_path: Path
) -> None:
    _window, page = open_package_page(open_wizard)
    fake = tmp_path / "代码包.zip"
    fake.write_text("<!DOCTYPE html><html><body>请登录</body></html>", encoding="utf-8")
    page.zip_edit.setText(str(fake))
    unpack(qtbot, page)
    assert page.result_notice.kind == "error"
    assert "logged out" in page.result_notice.text()
    assert not (app_home / "Documents" / "小明的花店").exists()


def test_cancel_leaves_nothing_half_unpacked(
    open_wizard: OpenWizard, qtbot: QtBot, app_home: Path, tmp_path: Path
) -> None:
    _window, page = open_package_page(open_wizard)
    page.zip_edit.setText(str(make_package(tmp_path / "big.zip", extra_files=3000)))
    with qtbot.waitSignal(page.job.finished, timeout=30_000):
        qtbot.mouseClick(page.unpack_button, Qt.MouseButton.LeftButton)
        assert page.cancel_unpack_button.isVisible()
        qtbot.mouseClick(page.cancel_unpack_button, Qt.MouseButton.LeftButton)
    documents = app_home / "Documents"
    assert not (documents / "小明的花店").exists()
    assert not documents.exists() or list(documents.iterdir()) == []
    assert page.result_notice.kind == "info" and page.result_notice.text()


def test_an_existing_non_empty_folder_is_never_overwritten(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    _window, page = open_package_page(open_wizard)
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "mine.txt").write_text("keep me", encoding="utf-8")
    page.target_edit.setText(str(occupied))
    page.zip_edit.setText(str(make_package(tmp_path / "pkg.zip")))
    unpack(qtbot, page)
    assert page.result_notice.kind == "error"
    assert sorted(p.name for p in occupied.iterdir()) == ["mine.txt"]


def test_newest_zip_in_downloads_is_offered_first(
    open_wizard: OpenWizard, qtbot: QtBot, app_home: Path
) -> None:
    older = make_package(app_home / "Downloads" / "old.zip")
    newest = make_package(app_home / "Downloads" / "新的代码包.zip")
    os.utime(older, (time.time() - 3600, time.time() - 3600))
    _window, page = open_package_page(open_wizard)
    assert page.use_recent_button.isVisible()
    assert "新的代码包.zip" in page.recent_label.text()
    qtbot.mouseClick(page.use_recent_button, Qt.MouseButton.LeftButton)
    assert page.zip_edit.text() == str(newest)


def test_drop_a_zip_onto_the_page(open_wizard: OpenWizard, tmp_path: Path) -> None:
    _window, page = open_package_page(open_wizard)
    dropped = make_package(tmp_path / "dropped.zip")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # Qt delivers Drop only during a real drag, which offscreen tests cannot start: the
    # page's handlers get the event as Qt would hand it to them.
    page.dropEvent(event)
    assert event.isAccepted()
    assert page.zip_edit.text() == str(dropped)
    text_only = QMimeData()
    text_only.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        text_only,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter.ignore()
    page.dragEnterEvent(enter)
    assert not enter.isAccepted(), "only zip files are taken"


def test_download_from_the_providers_link_then_unpack(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    body = make_package(tmp_path / "served.zip").read_bytes()
    with LoopbackServer() as server:
        url = server.add("/pack/latest.zip", Resource(body=body))
        _window, page = open_package_page(open_wizard)
        page.url_edit.setText(url)
        assert page.download_button.isEnabled()
        with qtbot.waitSignal(page.download_job.finished, timeout=30_000):
            qtbot.mouseClick(page.download_button, Qt.MouseButton.LeftButton)
    assert page.download_notice.kind == "ok", page.download_notice.text()
    assert Path(page.zip_edit.text()).read_bytes() == body
    # Kept in the merchant's Downloads under the link's name, not package-<hash> in a cache.
    from wizard.core.paths import downloads_folder

    assert Path(page.zip_edit.text()) == downloads_folder() / "latest.zip"
    unpack(qtbot, page)
    assert page.result_notice.kind == "ok"


def test_download_of_a_login_page_is_refused_before_unpacking(
    open_wizard: OpenWizard, qtbot: QtBot
) -> None:
    with LoopbackServer() as server:
        url = server.add(
            "/pack/expired",
            Resource(body=b"<html><body>login</body></html>", content_type="text/html"),
        )
        _window, page = open_package_page(open_wizard)
        page.url_edit.setText(url)
        with qtbot.waitSignal(page.download_job.finished, timeout=30_000):
            qtbot.mouseClick(page.download_button, Qt.MouseButton.LeftButton)
    assert page.download_notice.kind == "error"
    assert "logged out" in page.download_notice.text()
    assert page.zip_edit.text() == ""


def test_answers_and_report_come_back_after_a_restart(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    window, page = open_package_page(open_wizard)
    page.zip_edit.setText(str(make_package(tmp_path / "pkg.zip")))
    unpack(qtbot, page)
    window.close()
    again = open_wizard()
    next_until(again, journey.PACKAGE)
    page2 = again.page_for(journey.PACKAGE)
    assert again.currentPage() is page2
    assert page2.zip_edit.text() == str(tmp_path / "pkg.zip")
    assert page2.result_notice.kind == "ok" and page2.open_folder_button.isVisible()
    assert io.StringIO(page2.report_label.text()).read().startswith("Folder:")


def test_result_lands_with_the_program_it_was_started_for(
    open_wizard: OpenWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    window, page = open_package_page(open_wizard)
    first = window.context.program
    page.zip_edit.setText(str(make_package(tmp_path / "big.zip", extra_files=1500)))
    with qtbot.waitSignal(page.job.finished, timeout=30_000):
        qtbot.mouseClick(page.unpack_button, Qt.MouseButton.LeftButton)
        # Meanwhile the merchant goes back and starts another mini-program.
        window.back()
        welcome = window.page_for(journey.WELCOME)
        welcome.name_edit.insert("Bakery")
        welcome.create_from_field()
    second = window.context.program
    assert second is not first
    assert first.answers[journey.PACKAGE].get("extracted_to")
    assert not second.answers.get(journey.PACKAGE, {}).get("extracted_to")


def test_closing_the_window_during_unpacking_leaves_nothing_half_done(
    open_wizard: OpenWizard, qtbot: QtBot, app_home: Path, tmp_path: Path
) -> None:
    window, page = open_package_page(open_wizard)
    page.zip_edit.setText(str(make_package(tmp_path / "big.zip", extra_files=3000)))
    qtbot.mouseClick(page.unpack_button, Qt.MouseButton.LeftButton)
    window.close()
    assert not page.job.is_running()
    documents = app_home / "Documents"
    leftovers = [p.name for p in documents.iterdir()] if documents.exists() else []
    assert all(not name.startswith(".") for name in leftovers), leftovers


def test_the_offered_zip_moved_away_is_no_crash(
    open_wizard: OpenWizard, app_home: Path, tmp_path: Path
) -> None:
    offered = make_package(app_home / "Downloads" / "offered.zip")
    _window, page = open_package_page(open_wizard)
    assert page.use_recent_button.isVisible()
    offered.rename(tmp_path / "moved.zip")
    page.zip_edit.setText("x")  # any edit refreshes the offer
    assert not page.use_recent_button.isVisible()
    assert page.unpack_button.isEnabled()


def test_a_bare_folder_name_means_a_folder_in_documents(
    open_wizard: OpenWizard, qtbot: QtBot, app_home: Path, tmp_path: Path
) -> None:
    _window, page = open_package_page(open_wizard)
    page.zip_edit.setText(str(make_package(tmp_path / "pkg.zip")))
    page.target_edit.setText("花店代码")
    unpack(qtbot, page)
    assert (app_home / "Documents" / "花店代码" / "app.json").is_file()
