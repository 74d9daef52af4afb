"""Opening the code package in the developer tool, with Qt: the link first, then the tool's
program, then (the caller shows them) the manual steps. Decisions live in wizard.core.devtool.

The open-url and start functions are parameters so tests can watch what happens through Qt's
own URL-handler mechanism and real child processes.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QProcess, QProcessEnvironment, QUrl
from PySide6.QtGui import QDesktopServices

from wizard.core.devtool import (
    Detection,
    LaunchPlan,
    System,
    launch_plan,
    open_project_url,
)


class Opened(enum.Enum):
    """How the package was handed to the tool (MANUAL: it was not; show the steps)."""

    LINK = "link"
    PROGRAM = "program"
    MANUAL = "manual"


@dataclass(frozen=True)
class OpenResult:
    """What was tried: the link, and the program start when it came to that."""

    opened: Opened
    url: str
    plan: LaunchPlan | None = None


def start_detached(plan: LaunchPlan) -> bool:
    """Start the program on its own (it outlives this app) with exactly the plan's environment."""
    process = QProcess()
    process.setProgram(plan.program)
    process.setArguments(list(plan.arguments))
    environment = QProcessEnvironment()
    for key, value in plan.environment.items():
        environment.insert(key, value)
    process.setProcessEnvironment(environment)
    # PySide6 documents (ok, pid) but 6.11 returns only ok: accept both.
    result = process.startDetached()
    return bool(result[0] if isinstance(result, tuple) else result)


def open_url(url: str) -> bool:
    """Hand a link to the system (its registered handler)."""
    return QDesktopServices.openUrl(QUrl(url, QUrl.ParsingMode.StrictMode))


def open_folder(folder: str) -> bool:
    """Show the folder in Explorer / Finder."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(folder))


def open_package_in_tool(
    folder: str,
    detection: Detection,
    system: System,
    environ: Mapping[str, str] | None = None,
    *,
    open_link: Callable[[str], bool] = open_url,
    start: Callable[[LaunchPlan], bool] = start_detached,
) -> OpenResult:
    """Open ``folder`` in the tool: the bytedanceide: link, else the program, else MANUAL."""
    url = open_project_url(folder)
    # On Windows an unregistered scheme makes the system offer to search the Store for an app:
    # only use the link when the tool registered it. macOS simply refuses unknown links.
    link_known = detection.url_handler is not None or system is System.MACOS
    if link_known and open_link(url):
        return OpenResult(Opened.LINK, url)
    install = detection.install
    if install is None:
        return OpenResult(Opened.MANUAL, url)
    plan = launch_plan(install, folder, system, os.environ if environ is None else environ)
    if start(plan):
        return OpenResult(Opened.PROGRAM, url, plan)
    return OpenResult(Opened.MANUAL, url, plan)
