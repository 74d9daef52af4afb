"""``check-upload-tool``: run the upload tool's ``--version`` (the bundled one in a frozen app).

Separate from ``--self-test`` so the Windows self-test under wine stays about the window. Under
wine a failure to run Node is reported with its reason and exits 0 (wine is not a merchant's
computer). Exit 0 fine, 1 missing or broken.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from wizard.commands.frame import run_command
from wizard.core import platform_facts as facts
from wizard.core.paths import app_paths
from wizard.core.upload.cli_runner import (
    CliStartError,
    cli_missing_message,
    find_cli,
    private_home,
    run_cli,
)


def running_under_wine() -> bool:
    """True in a Windows process that wine runs (its ntdll exports wine_get_version)."""
    if sys.platform != "win32":
        return False
    import ctypes

    try:
        ntdll = ctypes.WinDLL("ntdll")  # type: ignore[attr-defined,unused-ignore]
        return hasattr(ntdll, "wine_get_version")
    except OSError:
        return False


def main(argv: list[str]) -> int:
    """Run check-upload-tool with argv (the arguments after the sub-command's name)."""
    parser = argparse.ArgumentParser(
        prog="python -m wizard check-upload-tool",
        description="Run the official upload tool's --version with the bundled Node.",
    )
    return run_command(parser, _run, argv)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    location = find_cli()
    if location is None:
        print(cli_missing_message())
        return 1
    wine = running_under_wine()
    try:
        with private_home(app_paths()) as home:
            node = run_cli(location, ["--version"], home, timeout=120, with_script=False)
            cli = run_cli(location, ["--version"], home, timeout=120)
    except (CliStartError, OSError) as exc:
        reason = getattr(exc, "message", None) or str(exc)
        return _failed(f"could not start {location.node}: {reason}", wine)
    version = cli.stdout.strip()
    print(f"node: {location.node} ({location.source}) {node.stdout.strip() or node.stderr.strip()}")
    print(f"upload tool: {location.script} {version}")
    if cli.returncode != 0 or version != facts.CLI_VERSION:
        last = (cli.stderr.strip().splitlines() or ["no output"])[-1]
        return _failed(
            f"expected {facts.CLI_PACKAGE} {facts.CLI_VERSION}, got {version!r}: {last}", wine
        )
    print(f"upload tool OK: {facts.CLI_PACKAGE} {version}")
    return 0


def _failed(reason: str, wine: bool) -> int:
    if wine:
        print(f"upload tool check SKIPPED under wine: {reason}")
        return 0
    print(f"upload tool check FAILED: {reason}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
