"""Start-up: display check, folders, log, single instance, language, crash dialog, window."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# The core modules the window needs, loaded before PySide6: once QtCore is imported, PySide6
# inspects every module imported after it, a measurable part of start-up.
from wizard import APP_ID, __version__
from wizard.core import journey, settings, state  # noqa: F401
from wizard.core.console import print_line
from wizard.core.files import storage  # noqa: F401
from wizard.core.i18n import _, language_from_environment
from wizard.core.logs import setup_logging
from wizard.core.paths import AppPaths, app_paths, resources_dir
from wizard.core.settings import saved_language

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from wizard.ui.context import AppContext

log = logging.getLogger(__name__)
# Set (to anything but EXIT_WHEN_READY): print SHOWN_MARKER and exit once the window's first
# paint has been delivered. EXIT_WHEN_READY: print READY_MARKER and exit once every page is
# built (the window is interactive everywhere).
EXIT_AFTER_SHOW_ENV = "MINIAPP_PUBLISHER_EXIT_AFTER_SHOW"
EXIT_WHEN_READY = "ready"
SHOWN_MARKER = "first-window-shown"
READY_MARKER = "pages-ready"
# After the first paint (the sweep imports what it needs and starts a thread).
SWEEP_AFTER_SHOW_MS = 300
HEADLESS_PLATFORMS = {"offscreen", "minimal", "vnc", "vkkhrdisplay", "eglfs", "linuxfb"}
X_TCP_BASE_PORT = 6000  # an X server with display number N listens on 6000 + N
X_CONNECT_TIMEOUT_S = 3.0
# What Qt's xcb platform plugin (libqxcb.so and libQt6XcbQpa.so.6 of PySide6 6.11) loads from
# the system, read once with ldd, with the Debian/Ubuntu package of each. Since Qt 6.5 the
# plugin needs libxcb-cursor0, and without any of them Qt aborts naming the wrong package.
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb.so.1", "libxcb1"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render.so.0", "libxcb-render0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-shm.so.0", "libxcb-shm0"),
    ("libxcb-sync.so.1", "libxcb-sync1"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libX11.so.6", "libx11-6"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libGL.so.1", "libgl1"),
    ("libEGL.so.1", "libegl1"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libfreetype.so.6", "libfreetype6"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
    ("libgthread-2.0.so.0", "libglib2.0-0"),
    ("libdbus-1.so.3", "libdbus-1-3"),
)


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
        host, _colon, rest = display.rpartition(":")
        number = rest.split(".")[0]
        if host not in ("", "unix") and number.isdigit():
            # host:N is an X server reached over TCP; Qt aborts when it does not answer.
            if not x_server_answers(host, int(number)):
                return _(
                    "The screen named in DISPLAY ({display}) does not answer, so the window "
                    "cannot be shown. Check that the X server there is running and accepts "
                    "connections, or start the app from your desktop."
                ).format(display=display)
            return missing_libraries_problem()
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            return missing_libraries_problem()
    return _(
        "No screen is available to show the window (no display found). Start the app from "
        "your desktop, or set QT_QPA_PLATFORM=offscreen for automated runs."
    )


def x_server_answers(host: str, number: int, timeout: float = X_CONNECT_TIMEOUT_S) -> bool:
    """Whether the X server host:number accepts a TCP connection (port 6000 + number)."""
    import socket

    try:
        with socket.create_connection((host, X_TCP_BASE_PORT + number), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


def missing_xcb_packages(
    libraries: Sequence[tuple[str, str]] = XCB_LIBRARIES,
) -> list[tuple[str, str]]:
    """The (soname, Debian/Ubuntu package) pairs whose library the dynamic loader cannot load."""
    import ctypes

    missing = []
    for soname, package in libraries:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append((soname, package))
    return missing


def missing_libraries_problem() -> str:
    """A sentence naming the packages to install when Qt's xcb platform could not load."""
    missing = missing_xcb_packages()
    if not missing:
        return ""
    packages = sorted({package for _soname, package in missing})
    return _(
        "The window cannot open because system libraries it needs are missing ({libraries}). "
        "Install them, then start the app again; on Debian or Ubuntu: sudo apt install "
        "{packages}"
    ).format(
        libraries=", ".join(soname for soname, _package in missing),
        packages=" ".join(packages),
    )


def initial_language_guess() -> None:
    """Messages before Qt starts: follow the environment's locale, Chinese when unknown."""
    language_from_environment()


def tell_before_window(text: str, argv: Sequence[str]) -> None:
    """A failure before the window: printed, and shown in a message box on a real screen
    (a desktop merchant never sees the console)."""
    print_line(text)
    if requested_platform(argv).split(":")[0] in HEADLESS_PLATFORMS:
        return
    from PySide6.QtWidgets import QApplication, QMessageBox

    from wizard.ui.widgets.common import tell

    # A bare application just for the box (or the one already running); referenced until
    # the box is closed.
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    title = _("ByteDance Mini-Program Publisher {version}").format(version=__version__)
    tell(None, QMessageBox.Icon.Critical, title, text)
    app.processEvents()


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
        tell_before_window(
            _("The app cannot create its folders ({reason}). Check the disk space.").format(
                reason=exc.strerror or exc
            ),
            argv,
        )
        return 1
    log_file = setup_logging(paths)
    log.info("starting %s %s", APP_ID, __version__)

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon

    from wizard.ui.qt_startup import skip_source_reads

    skip_source_reads()
    from wizard.core.running_copy import RunningCopy
    from wizard.ui.context import AppContext
    from wizard.ui.crash import CrashReporter
    from wizard.ui.qt_i18n import system_language
    from wizard.ui.single_instance import CloseRequests, SingleInstance
    from wizard.ui.wizard_window import PublisherWizard

    app = new_application(argv, saved_language(paths))
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
    start_sweep = sweep_leftovers(paths, context)
    context.set_language(context.settings.language or system_language(), remember=False)
    icon_file = app_icon_path()
    icon = QIcon(str(icon_file)) if icon_file.exists() else None
    if icon is not None:
        app.setWindowIcon(icon)
    window = PublisherWizard(context, icon)
    instance.activation_requested.connect(lambda: bring_forward(window))
    window.first_painted.connect(lambda: log.info("first paint delivered"))
    window.pages_ready.connect(lambda: log.info("every page built (%d)", len(window.pages)))
    window.pages_ready.connect(settle_memory)
    exit_after = os.environ.get(EXIT_AFTER_SHOW_ENV, "")
    if exit_after and exit_after != EXIT_WHEN_READY:
        # Benchmarks and outside checks: quit once the first paint has been delivered,
        # starting nothing that comes after it.
        window.build_after_paint = False
        window.first_painted.connect(lambda: (print_line(SHOWN_MARKER), app.quit()))
    else:
        window.first_painted.connect(settle_memory)
        # Answering later launches (QtNetwork, ~10 ms to load) and removing leftovers wait
        # for the first paint: a timer counted from show() can fire before it when busy.
        window.first_painted.connect(instance.listen)
        window.first_painted.connect(lambda: QTimer.singleShot(SWEEP_AFTER_SHOW_MS, start_sweep))
        if exit_after == EXIT_WHEN_READY:
            window.pages_ready.connect(lambda: (print_line(READY_MARKER), app.quit()))
    window.show()
    log.info("window shown")
    # An installer or uninstaller asks through a named event (another thread): the window
    # closes as if by the program (answers saved, no question), then the app ends.
    close_requests = CloseRequests()
    close_requests.requested.connect(lambda: (window.close(), app.quit()))
    running_copy = RunningCopy(close_requests.requested.emit)
    running_copy.hold()
    from wizard.ui.update_dialog import UpdateWatcher

    # The daily update check starts well after the first paint (never competes with it).
    updates = UpdateWatcher(context, window)
    window.first_painted.connect(updates.start_later)
    code = app.exec()
    window.builder.stop()
    running_copy.release()
    instance.release()
    log.info("exit %s", code)
    return int(code)


def settle_memory() -> None:
    """At the first paint and once every page is built: what start-up made lives as long as
    the window, so it leaves the collector's generations (a full collection then walks only
    what came later, instead of stopping the GUI for ~50 ms with every page built)."""
    import gc
    import linecache

    # PySide6 reads the source of every module imported after it (to look for its
    # __feature__ switches), and linecache keeps those lines: ~15 MB with every page built.
    # A traceback reads the lines it needs again.
    linecache.clearcache()
    # No gc.collect() first: a full collection of everything start-up made is the very pause
    # this avoids, and what start-up leaves as garbage is small.
    gc.freeze()


# The locale names Qt reads from the environment for each interface language.
POSIX_LOCALES = {"zh_CN": "zh_CN.UTF-8", "en": "en_US.UTF-8"}
MESSAGE_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES")


@contextlib.contextmanager
def messages_locale(language: str) -> Iterator[None]:
    """While Qt starts, make the environment's message language the merchant's choice.

    Qt's file dialog writes sizes with the system locale ("523 字节"), never the default
    locale the app sets. On Linux that locale is read from LANGUAGE, LC_ALL and LC_MESSAGES
    once, when the QApplication is created; the variables are restored right after, so
    programs the app starts see the merchant's own environment. Windows and macOS dialogs
    are the system's own, in the system's language.
    """
    name = POSIX_LOCALES.get(language, "")
    if not name or sys.platform in ("win32", "darwin"):
        yield
        return
    saved = {variable: os.environ.get(variable) for variable in MESSAGE_LOCALE_VARIABLES}
    os.environ["LC_MESSAGES"] = name
    for variable in ("LANGUAGE", "LC_ALL"):
        if saved[variable]:
            # Either would win over LC_MESSAGES; LC_ALL set at all means the merchant's
            # whole environment is one locale, so it follows the choice for this moment too.
            os.environ[variable] = name if variable == "LC_ALL" else name.split(".")[0]
    try:
        yield
    finally:
        for variable, value in saved.items():
            if value is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = value


def new_application(argv: Sequence[str], language: str) -> QApplication:
    """The QApplication, its system locale in the merchant's saved language (see above)."""
    from PySide6.QtWidgets import QApplication

    from wizard.ui.qt_messages import install_qt_message_handler

    install_qt_message_handler()
    with messages_locale(language):
        return QApplication([sys.argv[0], *argv])


def sweep_leftovers(paths: AppPaths, context: AppContext) -> Callable[[], None]:
    """Remove what a killed run left (half-written saves, half-unpacked package folders).

    Found now, while this copy holds the single-instance lock and before the merchant can
    start an unpack; removed on a worker thread, since a partial folder can be many MB.
    """
    import threading

    from wizard.core.files.housekeeping import find_leftovers

    answers = [a for p in context.programs.programs.values() for a in p.answers.values()]
    leftovers = find_leftovers(paths, answers)

    def sweep() -> None:
        from wizard.core.upload.cli_runner import sweep_stale_cli_homes

        leftovers.remove()
        # Private folders of the upload tool left by a killed upload (they may hold a token).
        sweep_stale_cli_homes(paths)

    def start() -> None:
        threading.Thread(target=sweep, name="sweep", daemon=True).start()

    return start


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
