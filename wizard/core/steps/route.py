"""Step ``route``: how the code gets uploaded, from this app (recommended) or the developer tool.

Uploading from the app uses the platform's official CLI with the mini-program's upload token
(「开发」→「开发配置」, 「立即启用」), kept in the keychain beside the AppSecret; the developer
tool route is the guide the provider gives (install the tool, log in as a member, import,
upload). When the app uploads, the ``devtool`` step does not apply (``uses_app_upload``) and
the ``version`` step uploads with one button.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wizard.core.checks import State
from wizard.core.credentials import check_upload_token
from wizard.core.i18n import N_

# Who uploads the code: one enum for the route step and the release history.
from wizard.core.releases import Route as Route
from wizard.core.state import MiniProgram
from wizard.core.steps import Step, flag, text

ID = "route"


@dataclass
class RouteAnswers:
    """The chosen route and whether an upload token is saved (the token is only in the keychain)."""

    route: Route | None = None
    token_saved: bool = False

    @classmethod
    def read(cls, program: MiniProgram) -> RouteAnswers:
        values = program.answers.get(ID, {})
        chosen = text(values, "route")
        route = next((r for r in Route if r.value == chosen), None)
        return cls(route=route, token_saved=flag(values, "token_saved"))


def choose(route: Route) -> dict[str, Any]:
    """The answers to store when the merchant picks a route."""
    return {"route": route.value}


def token_entered(typed: str) -> dict[str, Any] | None:
    """What to store once a typed token is acceptable (it then goes to the keychain), else None."""
    if check_upload_token(typed).state is not State.ACCEPTABLE:
        return None
    return {"token_saved": True}


def uses_app_upload(program: MiniProgram) -> bool:
    """The app uploads for this mini-program (then the devtool step does not apply)."""
    return RouteAnswers.read(program).route is Route.APP


def is_done(program: MiniProgram) -> bool:
    answers = RouteAnswers.read(program)
    if answers.route is Route.DEVTOOL:
        return True
    return answers.route is Route.APP and answers.token_saved and bool(program.appid)


STEP = Step(
    ID,
    N_("How to upload"),
    N_("Upload route chosen (this app with the upload token, or the developer tool)"),
    is_done,
)
