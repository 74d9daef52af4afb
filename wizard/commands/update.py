"""``check-update [--feed URL] [--json]``: is a newer, verified version of the app available?

Exit 0 when up to date or when a verified update is found (printed), 1 when the feed is
unreachable or refused (one sentence saying which; also when this build has no update
channel), 2 bad usage (contract in docs/architecture.md). Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from wizard import __version__
from wizard.commands.frame import EXIT_OK, EXIT_PROBLEMS, run_command
from wizard.core.i18n import _, current_language
from wizard.core.updates.channel import (
    baked_profile_feed_url,
    feed_url_for,
    load_channel,
    this_platform,
)
from wizard.core.updates.check import UpdateCheck, check_for_update, report_lines
from wizard.core.updates.feed import FeedError
from wizard.core.updates.fetch import FeedUnreachable

EXIT_UNREACHABLE_OR_REFUSED = EXIT_PROBLEMS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wizard check-update",
        description=_("Look for a newer version of MiniApp Publisher (nothing is downloaded)."),
    )
    parser.add_argument(
        "--feed", metavar="URL", default="", help=_("read this update feed instead of the app's")
    )
    parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    return parser


def _profile_feed() -> str:
    return baked_profile_feed_url()


def result_json(check: UpdateCheck | None, status: str, message: str) -> dict[str, Any]:
    release = check.release if check is not None else None
    installer = check.installer if check is not None else None
    return {
        "status": status,
        "current": __version__,
        "latest": release.version if release is not None else None,
        "published": release.published if release is not None else None,
        "notes": {"zh": release.notes_zh, "en": release.notes_en} if release else None,
        "installer": (
            {
                "platform": check.platform,
                "url": installer.url,
                "size": installer.size,
                "sha256": installer.sha256,
            }
            if check is not None and installer is not None
            else None
        ),
        "message": message,
    }


def main(argv: list[str]) -> int:
    """Run check-update with argv (the arguments after the sub-command's name)."""
    return run_command(_parser(), _run, argv)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    language = current_language()
    check: UpdateCheck | None = None
    try:
        channel = load_channel()
        url = feed_url_for(channel, _profile_feed(), args.feed)
        check = check_for_update(url, channel.public_key, __version__, this_platform())
        status, message, code = check.status, check.sentence(language), EXIT_OK
    except FeedUnreachable as exc:
        status, message, code = "unreachable", str(exc), EXIT_UNREACHABLE_OR_REFUSED
    except FeedError as exc:
        status, message, code = "refused", str(exc), EXIT_UNREACHABLE_OR_REFUSED
    if args.json:
        document = result_json(check, status, message)
        print(json.dumps(document, ensure_ascii=False, indent=2), file=out)
        return code
    for line in report_lines(check, language) if check is not None else [message]:
        print(line, file=out)
    return code
