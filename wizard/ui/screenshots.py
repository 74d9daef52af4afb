"""`python -m wizard screenshots OUTDIR`: every page, with demo data, as PNG files."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from wizard.core import journey
from wizard.ui.demo import demo_window, ensure_app, go_to, throwaway_home


def take_screenshots(
    outdir: str,
    languages: Sequence[str],
    qt_args: Sequence[str],
    profile: Path | None = None,
) -> list[Path]:
    """Render each page in each language (with a provider profile if given); returns the
    files written."""
    ensure_app(qt_args)
    from wizard.ui.fonts import chinese_font_family, no_chinese_font_message

    if not chinese_font_family():
        # The pictures would show boxes for every Chinese character: say so, still take them.
        print(no_chinese_font_message(), file=sys.stderr, flush=True)
    target = Path(outdir)
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for language in languages:
        with throwaway_home():
            window = demo_window(language, profile)
            window.show()
            for number, step in enumerate(journey.JOURNEY, start=1):
                if not go_to(window, step.id):
                    continue
                window.page_for(step.id).demo_fill()
                QApplication.processEvents()
                path = target / f"{number:02d}-{step.id}-{language}.png"
                if window.grab().save(str(path)):
                    written.append(path)
            window.close()
            window.deleteLater()
            QApplication.processEvents()
    return written


def laptop_screen_platform(width: int = 1366, height: int = 768) -> str:
    """Qt's offscreen platform with one screen of a common laptop's size (a config file)."""
    import json
    import tempfile

    config = {
        "screens": [
            {
                "name": "laptop",
                "x": 0,
                "y": 0,
                "width": width,
                "height": height,
                "logicalDpi": 96,
                "logicalBaseDpi": 96,
                "dpr": 1,
            }
        ]
    }
    handle, name = tempfile.mkstemp(prefix="miniapp-publisher-screen-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump(config, file)
    return f"offscreen:configfile={name}"


def main(argv: Sequence[str]) -> int:
    """``screenshots OUTDIR [--lang LANG]``: every page with demo data, to PNG files."""
    import argparse

    from wizard.core.i18n import SUPPORTED_LANGUAGES
    from wizard.ui.offscreen import use_offscreen_unless_asked

    parser = argparse.ArgumentParser(
        prog="python -m wizard screenshots",
        description="Render every page of the wizard, with demo data, to PNG files.",
    )
    parser.add_argument("outdir", help="folder for the PNG files (created when missing)")
    parser.add_argument("--lang", choices=SUPPORTED_LANGUAGES, help="one language only")
    parser.add_argument(
        "--profile", type=Path, help="show the pages with this provider profile (.json)"
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="display scaling, as a merchant's setting (2 = 200%%); the offscreen screen is "
        "a 1366x768 laptop",
    )
    try:
        options, qt_args = parser.parse_known_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    if options.profile is not None:
        # Refused before any window: the sentences check-profile would print.
        from wizard.core.profile.document import load_profile_file

        load = load_profile_file(options.profile)
        if load.profile is None:
            print("\n".join(load.sentences()), file=sys.stderr)
            return 2
    if not 0.5 <= options.scale <= 4:
        print("--scale must be between 0.5 and 4 (2 means 200%).", file=sys.stderr)
        return 2
    os.environ["QT_SCALE_FACTOR"] = f"{options.scale:g}"
    if "-platform" not in qt_args and os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
        qt_args = [*qt_args, "-platform", laptop_screen_platform()]
    use_offscreen_unless_asked(qt_args)
    languages = [options.lang] if options.lang else list(SUPPORTED_LANGUAGES)
    written = take_screenshots(options.outdir, languages, qt_args, options.profile)
    for path in written:
        print(path)
    return 0 if written else 1
