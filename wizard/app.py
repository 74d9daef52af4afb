"""Start-up: display check, folders, log, single instance, language, crash dialog, window."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# The core modules the window needs, loaded before PySide6: once QtCore is imported, PySide6
# inspects every module imported after it, a measurable part of start-up.
from wizard import APP_ID, __version__
from wizard.core import journey, settings, state, storage  # noqa: F401
from wizard.core.i18n import _, choose_language, set_language
from wizard.core.logs import setup_logging
from wizard.core.paths import AppPaths, app_paths, resources_dir

if TYPE_CHECKING:
    from wizard.ui.context import AppContext

log = logging.getLogger(__name__)
EXIT_AFTER_SHOW_ENV = "MINIAPP_PUBLISHER_EXIT_AFTER_SHOW"
HEADLESS_PLATFORMS = {"offscreen", "minimal", "vnc", "vkkhrdisplay", "eglfs", "linuxfb"}


def requested_platform(argv: Sequence[str]) -> str:
    """The Qt platform asked for with -platform NAME, else QT_QPA_PLATFORM."""
    args = list(argv)
    for flag in ("-platform", "--platform"):
        if flag in args and args.index(flag) + 1 < len(args):
            return args[args.index(flag) + 1]
    return os.environ.get("QT_QPA_PLATFORM", "")


def display_problem(argv: Sequence[str]) -> str:
    """A sentence when no screen can be used (Qt would abort instead of saying so)."""
    if not sys.platform.startswith("linux"):
        return ""
    platform = requested_platform(argv).split(":")[0]
    if platform in HEADLESS_PLATFORMS:
        return ""
    display = os.environ.get("DISPLAY", "")
    if os.environ.get("WAYLAND_DISPLAY") and platform in ("", "wayland"):
        return ""
    if platform in ("", "xcb") and display:
        number = display.rsplit(":", 1)[-1].split(".")[0]
        remote = not display.startswith(":")
        if remote or Path(f"/tmp/.X11-unix/X{number}").exists():
            return ""
    return _(
        "No screen is available to show the window (no display found). Start the app from "
        "your desktop, or set QT_QPA_PLATFORM=offscreen for automated runs."
    )


def initial_language_guess() -> None:
    """Messages before Qt starts: follow the environment's locale, Chinese when unknown."""
    names = [os.environ.get(v, "") for v in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")]
    set_language(choose_language(n.split(":")[0] for n in names))


def print_line(text: str) -> None:
    """Print without crashing on a console that cannot show Chinese (e.g. GBK, or none)."""
    stream = sys.stdout if sys.stdout is not None else sys.__stdout__
    if stream is None:
        return
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")
    stream.flush()


def app_icon_path() -> Path:
    return resources_dir() / "icons" / "miniapp-publisher-256.png"


def run_gui(argv: Sequence[str]) -> int:
    """Run the wizard window until the merchant closes it; returns the exit code."""
    initial_language_guess()
    problem = display_problem(argv)
    if problem:
        print_line(problem)
        return 3
    paths = app_paths()
    try:
        paths.ensure()
    except OSError as exc:
        print_line(
            _("The app cannot create its folders ({reason}). Check the disk space.").format(
                reason=exc.strerror or exc
            )
        )
        return 1
    log_file = setup_logging(paths)
    log.info("starting %s %s", APP_ID, __version__)

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from wizard.ui.context import AppContext
    from wizard.ui.crash import CrashReporter
    from wizard.ui.qt_i18n import system_language
    from wizard.ui.single_instance import SingleInstance
    from wizard.ui.wizard_window import AFTER_FIRST_PAINT_MS, PublisherWizard

    app = QApplication([sys.argv[0], *argv])
    app.setApplicationName(APP_ID)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    instance = SingleInstance(paths)
    if not instance.acquire():
        reached = instance.ask_running_copy_to_show()
        log.info("already running; asked it to come forward: %s", reached)
        if not reached:
            print_line(
                _(
                    "MiniApp Publisher seems to be open already, but it did not answer, so its "
                    "window could not be brought forward. Wait a moment and start it again; if "
                    "no window appears, restart the computer."
                )
            )
            return 1
        print_line(_("MiniApp Publisher is already open; its window was brought forward."))
        return 0
    reporter = CrashReporter(log_file)
    reporter.install()
    context = AppContext(paths)
    context.load()
    sweep_leftovers(paths, context)
    context.set_language(context.settings.language or system_language(), remember=False)
    icon_file = app_icon_path()
    icon = QIcon(str(icon_file)) if icon_file.exists() else None
    if icon is not None:
        app.setWindowIcon(icon)
    window = PublisherWizard(context, icon)
    instance.activation_requested.connect(lambda: bring_forward(window))
    window.show()
    log.info("window shown")
    QTimer.singleShot(AFTER_FIRST_PAINT_MS, instance.listen)
    if os.environ.get(EXIT_AFTER_SHOW_ENV):
        # For start-up benchmarks: quit on the event loop's first turn after show().
        QTimer.singleShot(0, lambda: (print_line("first-window-shown"), app.quit()))
    code = app.exec()
    instance.release()
    log.info("exit %s", code)
    return int(code)


def sweep_leftovers(paths: AppPaths, context: AppContext) -> None:
    """Remove what a killed run left (half-written saves, half-unpacked package folders).

    Found now, while this copy holds the single-instance lock and before the merchant can
    start an unpack; removed on a worker thread, since a partial folder can be many MB.
    """
    import threading

    from wizard.core.cli_runner import sweep_stale_cli_homes
    from wizard.core.housekeeping import find_leftovers

    answers = [a for p in context.programs.programs.values() for a in p.answers.values()]
    leftovers = find_leftovers(paths, answers)

    def sweep() -> None:
        leftovers.remove()
        # Private folders of the upload tool left by a killed upload (they may hold a token).
        sweep_stale_cli_homes(paths)

    threading.Thread(target=sweep, name="sweep", daemon=True).start()


def bring_forward(window: object) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    assert isinstance(window, QWidget)
    log.info("another launch asked for the window: brought forward")
    window.setWindowState(
        (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
    )
    window.show()
    window.raise_()
    window.activateWindow()
