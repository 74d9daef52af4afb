"""``status [--json]``: where every mini-program stands, for support staff (contract).

JSON: ``{"programs": [{"name", "appid", "resume_step", "steps": {step id: status}, "filing",
"privacy"}]}`` with status ``done``, ``todo`` or ``not_applicable``; ``filing`` is one of
``not_started``, ``submitted``, ``sms_check``, ``bureau``, ``filed``, ``returned``;
``privacy`` is ``configured``, ``not_configured`` or ``unknown`` (until the platform
answered). Never a secret: only the state file is read.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from wizard.commands.frame import EXIT_OK, run_command, say_error
from wizard.core import journey
from wizard.core.echo import shown
from wizard.core.i18n import _
from wizard.core.paths import app_paths
from wizard.core.platform_api.memory import privacy_status
from wizard.core.state import ProgramStore
from wizard.core.steps import filing as filing_step


def status_view(store: ProgramStore) -> dict[str, Any]:
    """The JSON shape of the ``status`` command."""
    return {
        "programs": [
            {
                "name": program.name,
                "appid": program.appid,
                "resume_step": journey.resume_step(program),
                "steps": journey.status_report(program),
                "filing": filing_step.status_value(program),
                "privacy": privacy_status(program),
            }
            for program in store.ordered()
        ]
    }


def describe(view: dict[str, Any]) -> list[str]:
    """The same, as lines for a person."""
    words = {"done": _("done"), "todo": _("to do"), "not_applicable": _("does not apply")}
    lines: list[str] = []
    for program in view["programs"]:
        lines.append(
            _("{name} (AppID: {appid}); continues at: {step}").format(
                name=shown(program["name"]),
                appid=shown(program["appid"]) or "—",
                step=program["resume_step"],
            )
        )
        for step_id, status in program["steps"].items():
            lines.append(f"  {step_id}: {words.get(status, status)}")
        lines.append("  " + filing_step.status_line(program["filing"]))
    if not lines:
        lines.append(_("No mini-program has been added yet."))
    return lines


def main(argv: list[str]) -> int:
    """Run status with argv (the arguments after the sub-command's name)."""
    return run_command(_parser(), _run, argv)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wizard status",
        description=_("Show where every mini-program stands (no secrets are shown)."),
    )
    parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    return parser


def _run(options: argparse.Namespace, out: TextIO) -> int:
    store = ProgramStore(app_paths())
    result = store.load()
    if result.problem:
        say_error(result.problem)
    view = status_view(store)
    if options.json:
        out.write(json.dumps(view, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write("\n".join(describe(view)) + "\n")
    return EXIT_OK
