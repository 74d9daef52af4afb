"""Command line: start the app, or run one of the sub-commands (contracts in architecture.md)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from wizard import __version__
from wizard.core.i18n import SUPPORTED_LANGUAGES

USAGE = (
    "python -m wizard [--version | --self-test | screenshots OUTDIR [--lang LANG] | "
    "check-package ZIP [--appid ID] [--json] | --forget-secrets] [Qt options]"
)


def use_offscreen_unless_asked(argv: Sequence[str]) -> None:
    """Sub-commands that render without a person watching default to the offscreen platform."""
    if "-platform" not in argv and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def main(argv: Sequence[str]) -> int:
    args = list(argv)
    if args and args[0] == "check-package":
        from wizard.app import initial_language_guess
        from wizard.core.package_cli import main as check_package_main

        initial_language_guess()
        return check_package_main(args[1:])
    if args and args[0] == "screenshots":
        import argparse

        parser = argparse.ArgumentParser(prog="python -m wizard screenshots")
        parser.add_argument("outdir")
        parser.add_argument("--lang", choices=SUPPORTED_LANGUAGES)
        options, qt_args = parser.parse_known_args(args[1:])
        use_offscreen_unless_asked(qt_args)
        from wizard.ui.screenshots import take_screenshots

        languages = [options.lang] if options.lang else list(SUPPORTED_LANGUAGES)
        written = take_screenshots(options.outdir, languages, qt_args)
        for path in written:
            print(path)
        return 0 if written else 1
    if "--forget-secrets" in args:
        # Called by the uninstaller before it removes the data folder, so no AppSecret is
        # left behind in the system keychain without the merchant knowing.
        from wizard.core.forget import forget_secrets
        from wizard.core.paths import app_paths

        forgotten = forget_secrets(app_paths())
        print(f"removed the saved AppSecret of {len(forgotten)} mini-program(s)")
        return 0
    if "--version" in args:
        print(__version__)
        return 0
    if "--self-test" in args:
        qt_args = [a for a in args if a != "--self-test"]
        use_offscreen_unless_asked(qt_args)
        from wizard.ui.self_test import run_self_test

        return run_self_test(qt_args)
    if "--help" in args or "-h" in args:
        print(USAGE)
        return 0
    from wizard.app import run_gui

    return run_gui(args)
