"""Command line: start the app, or run one of the sub-commands (contracts in docs/architecture.md).

Each sub-command is a module with ``main(argv: list[str]) -> int`` that parses its own
arguments with argparse (``prog="python -m wizard <name>"``); this module only lists them.
Modules are imported when their command runs, so starting the window stays quick.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from wizard import __version__

# name → (module with main(argv), one line of help). Adding a command is one line here.
COMMANDS: dict[str, tuple[str, str]] = {
    "screenshots": ("wizard.ui.screenshots", "render every page with demo data to PNG files"),
    "check-package": ("wizard.commands.package", "check a code package (.zip); exit 0/1/2"),
    "devtool": ("wizard.commands.devtool", "this computer, the developer tool build, installed?"),
    "status": ("wizard.commands.status", "where every mini-program stands; --json for support"),
    "check-domains": ("wizard.commands.domains", "domains a package uses vs your lists; 0/1/2"),
    "check-privacy": ("wizard.commands.privacy", "APIs the privacy agreement must declare; 0/1/2"),
    "check-profile": ("wizard.commands.profile", "check a provider profile (.json); exit 0/1/2"),
    "check-version": ("wizard.commands.version", "check a version number to upload; exit 0/1/2"),
    "upload": ("wizard.commands.upload", "upload a code folder as the test version; exit 0/1/2"),
    "submit-review": (
        "wizard.commands.review",
        "submit the newest upload for review (second and later releases); exit 0/1/2",
    ),
    "set-token": ("wizard.commands.upload_token", "save an upload token read from standard input"),
    "check-upload-tool": ("wizard.commands.upload_tool", "run the bundled upload tool's --version"),
    "check-update": ("wizard.commands.update", "a newer, verified version of the app? 0/1/2"),
}

# Options of the app itself; anything else starting with "-" is handed to Qt (-platform, …).
APP_OPTIONS: dict[str, str] = {
    "--version": "print the version and exit",
    "--self-test": "build the whole window offscreen and check the installation; exit 0/1",
    "--forget-secrets": "remove every saved AppSecret and upload token from the keychain",
    "--help": "show this help",
}
# Qt's own options also work with two dashes (Qt strips one): never refused as unknown.
QT_OPTIONS = frozenset(
    {
        "platform",
        "platformpluginpath",
        "platformtheme",
        "plugin",
        "style",
        "stylesheet",
        "reverse",
        "session",
        "qwindowgeometry",
        "qwindowtitle",
        "qwindowicon",
        "nograb",
        "dograb",
        "sync",
        "widgetcount",
        "qmljsdebugger",
    }
)


def _parser():  # type: ignore[no-untyped-def]  # argparse is imported only when needed
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m wizard",
        description="字节跳动小程序发布助手 / MiniApp Publisher. "
        "Without a command, the wizard window starts.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="options:\n"
        + "\n".join(f"  {name:<18} {text}" for name, text in APP_OPTIONS.items())
        + "\n\n'python -m wizard COMMAND --help' explains one command.",
        add_help=False,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name, (_module, help_text) in COMMANDS.items():
        sub = commands.add_parser(name, help=help_text, add_help=False)
        sub.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def print_help() -> None:
    _parser().print_help()


def tolerant_console() -> None:
    """A console that cannot show Chinese (cp1252, or GBK for an emoji) prints "?" instead of
    stopping a command with UnicodeEncodeError."""
    from wizard.core.console import tolerant

    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            tolerant(stream)


def run_escaped(command: Callable[[], int]) -> int:
    """Run a sub-command with control characters escaped in everything it prints: what it
    echoes (a profile key, a program name, a server's answer) never drives the terminal."""
    from wizard.core.console import EscapingStream

    saved = sys.stdout, sys.stderr
    if sys.stdout is not None:
        sys.stdout = EscapingStream(sys.stdout)  # type: ignore[assignment]
    if sys.stderr is not None:
        sys.stderr = EscapingStream(sys.stderr)  # type: ignore[assignment]
    try:
        return command()
    finally:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        sys.stdout, sys.stderr = saved


def main(argv: Sequence[str]) -> int:
    args = list(argv)
    if args:
        # Sub-commands and options print: from cmd.exe the windowed exe needs the console.
        from wizard.core.console import attach_parent_console

        attach_parent_console()
    tolerant_console()
    if args and not args[0].startswith("-"):
        # A sub-command: argparse names an unknown one and lists the commands (exit 2).
        try:
            options = _parser().parse_args(args[:1])
        except SystemExit as exc:
            return int(exc.code or 0)
        module_name = COMMANDS[options.command][0]
        # Not wizard.app's guess: importing the window's module loads the journey (~40 ms),
        # which a quick check such as check-domains does not need.
        from wizard.core.i18n import language_from_environment

        language_from_environment()
        command_main = import_module(module_name).main
        return run_escaped(lambda: int(command_main(args[1:])))
    if "--help" in args or "-h" in args:
        print_help()
        return 0
    if "--version" in args:
        print(__version__)
        return 0
    if "--forget-secrets" in args:
        # Called by the uninstaller before it removes the data folder, so no secret is
        # left behind in the system keychain without the merchant knowing.
        from wizard.core.forget import forget_secrets
        from wizard.core.paths import app_paths

        forgotten = forget_secrets(app_paths())
        print(f"removed the saved secrets of {len(forgotten)} mini-program(s)")
        return 0
    if "--self-test" in args:
        qt_args = [a for a in args if a != "--self-test"]
        from wizard.ui.offscreen import use_offscreen_unless_asked

        use_offscreen_unless_asked(qt_args)
        from wizard.ui.self_test import run_self_test

        return run_self_test(qt_args)
    unknown = [
        a
        for a in args
        if a.startswith("--") and a not in APP_OPTIONS and a[2:].split("=")[0] not in QT_OPTIONS
    ]
    if unknown:
        print(f"python -m wizard: unknown option {unknown[0]}", file=sys.stderr)
        print_help()
        return 2
    from wizard.app import run_gui

    return run_gui(args)
