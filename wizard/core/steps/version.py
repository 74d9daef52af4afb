"""Step ``version``: a version greater than the one before, uploaded and recorded.

The step keeps the mini-program's release history (`wizard.core.releases.ReleaseHistory`);
the preview, review and publish steps read and change that same history through the
functions here, so there is one record of every version. Two upload routes share the step:
the developer tool (the merchant uploads there and confirms here) and the app's own upload
(another module calls `record_upload(..., Route.APP)` when the official CLI succeeded).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wizard.core.i18n import N_
from wizard.core.state import MiniProgram
from wizard.core.steps import Step, flag, text

# The release rules (wizard.core.releases and the checks) load on first use, not while the
# journey is listed before the first window.
if TYPE_CHECKING:
    from wizard.core.checks import Check
    from wizard.core.releases import Release, ReleaseHistory, Route
    from wizard.core.upload.changelog import ChangelogReport

ID = "version"
# The other steps that open again when a new release starts (registration and credentials
# stay done). Steps other helpers own reset their own answers through `new_release_resets`.
RELEASE_STEPS: tuple[str, ...] = ("package", "domains", "version", "preview", "review", "publish")


@dataclass
class VersionAnswers:
    """The release history, the "has a login" tick, the route and what is being typed."""

    history: ReleaseHistory = field(default_factory=lambda: _new_history())
    has_login: bool = False
    route: Route = field(default_factory=lambda: _devtool_route())
    draft_version: str = ""
    draft_changelog: str = ""

    @classmethod
    def read(cls, program: MiniProgram | None) -> VersionAnswers:
        if program is None:
            return cls()
        from wizard.core.releases import ReleaseHistory, Route

        values = program.answers.get(ID, {})
        try:
            route = Route(text(values, "route", Route.DEVTOOL.value))
        except ValueError:
            route = Route.DEVTOOL
        return cls(
            history=ReleaseHistory.from_dict(values.get("history")),
            has_login=flag(values, "has_login"),
            route=route,
            draft_version=text(values, "draft_version"),
            draft_changelog=text(values, "draft_changelog"),
        )


def _new_history() -> ReleaseHistory:
    from wizard.core.releases import ReleaseHistory

    return ReleaseHistory()


def _devtool_route() -> Route:
    from wizard.core.releases import Route

    return Route.DEVTOOL


def history(program: MiniProgram | None) -> ReleaseHistory:
    return VersionAnswers.read(program).history


def saved(history_now: ReleaseHistory) -> dict[str, Any]:
    """The answers to store after the history changed."""
    return {"history": history_now.to_dict()}


def suggested_versions(program: MiniProgram | None) -> tuple[str, str]:
    """(next patch, next minor) after everything known for this mini-program."""
    from wizard.core.versions import suggestions

    patch, minor = suggestions(history(program).highest_known())
    return str(patch), str(minor)


def check_version_for(program: MiniProgram | None, typed: str) -> Check:
    return history(program).check_new_version(typed)


def check_changelog_for(
    program: MiniProgram | None, typed: str, known_secrets: list[str]
) -> ChangelogReport:
    from wizard.core.upload.changelog import check_changelog

    return check_changelog(
        typed, has_login=VersionAnswers.read(program).has_login, known_secrets=known_secrets
    )


def draft_changelog_to_keep(typed: str, known_secrets: list[str]) -> str:
    """What of a typed changelog may be saved while typing: nothing when it holds a secret."""
    from wizard.core.logs import looks_like_secret

    if looks_like_secret(typed) or any(len(s) >= 8 and s in typed for s in known_secrets):
        return ""
    return typed


def record_upload(
    program: MiniProgram,
    version: str,
    changelog: str,
    route: Route,
    when: float | None = None,
    *,
    qr_code: str = "",
    preview_link: str = "",
    preview_expires_at: float | None = None,
) -> tuple[Release, dict[str, Any]]:
    """An upload happened: the new release and the answers to store (ReleaseRuleError if not).

    The app's own upload passes `Route.APP` with the CLI's QR code file and short link.
    """
    current = history(program)
    release = current.record_upload(
        version,
        changelog,
        route,
        when,
        qr_code=qr_code,
        preview_link=preview_link,
        preview_expires_at=preview_expires_at,
    )
    return release, {**saved(current), "draft_version": "", "draft_changelog": ""}


def new_release_resets() -> dict[str, dict[str, Any]]:
    """Answers to change, per step, when a new release starts (besides the history itself).

    The package is unpacked again for the new package; the review's ticks start afresh.
    """
    return {
        "package": {"can_upload": False, "extracted_to": "", "zip_path": "", "url": ""},
        # The new package may call other hosts: the lists are checked and saved again.
        "domains": {"confirmed_saved": False},
        "review": {"checklist": {}, "agreements_read": False},
        "preview": {"checked": {}},
    }


def start_new_release(program: MiniProgram) -> dict[str, dict[str, Any]]:
    """Open the release steps again, keeping the history (ReleaseRuleError while in review)."""
    current = history(program)
    current.start_new_release()
    return {**new_release_resets(), ID: saved(current)}


def welcome_words(program: MiniProgram, now: float | None = None) -> str:
    """The welcome page's line for this mini-program ("" when no version was uploaded)."""
    from wizard.core.releases import status_words

    return status_words(history(program), time.time() if now is None else now)


def is_done(program: MiniProgram) -> bool:
    return history(program).version_done()


STEP = Step(
    ID,
    N_("Version and upload"),
    N_("A new version uploaded with a changelog the reviewers accept"),
    is_done,
)
