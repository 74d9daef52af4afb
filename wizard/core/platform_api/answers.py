"""What the platform's answers mean: plain functions over the HTTP status, the body and the
adapter's network problem (wizard.core.network_errors words). Nothing here blocks the journey:
an answer that cannot be had is a sentence ("could not ask"), never a stop.

Documented answers (docs/platform-facts.md "Asking the platform"): JSON `{err_no, err_msg,
log_id, data}` with HTTP 200 even for errors; err_no 0 is success.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wizard.core import platform_facts as facts
from wizard.core import safe_json
from wizard.core.i18n import _
from wizard.core.network_errors import NetworkProblem
from wizard.core.payload import PayloadKind, sniff_payload
from wizard.core.token_check import EndpointKind, interpret_token_response

# Documented err_no values of these APIs, by what the merchant can do about them.
TOKEN_REJECTED = frozenset({28001003, 28001008, 11016})
PLATFORM_TROUBLE = frozenset({28001005, 28001006, 40000, 20020000, -1})
REQUEST_REFUSED = frozenset({28001007, 40001, 11009, 11001})
NOT_GRANTED = frozenset({28001014, 28001018, 40036})
APP_BANNED = 28001016
CAPABILITY_BANNED = 28001019
QUOTA_USED = 28003017
ADDRESS_REFUSED = frozenset({28005079, 40006})
DOCUMENTED_CODES = (
    TOKEN_REJECTED
    | PLATFORM_TROUBLE
    | REQUEST_REFUSED
    | NOT_GRANTED
    | ADDRESS_REFUSED
    | {APP_BANNED, CAPABILITY_BANNED, QUOTA_USED}
)
MAX_CATEGORIES = 50
MAX_CAPACITIES = 100
MAX_TEXT = 200


@dataclass(frozen=True)
class Problem:
    """Why an answer could not be had, as one sentence (what happened, what to do)."""

    message: str
    code: int | None = None
    http_status: int | None = None


def _try_later() -> str:
    return _("You can go on without this answer and ask again later.")


def _sentence(text: str) -> str:
    return text + " " + _try_later()


def network_problem(problem: str) -> Problem:
    if problem == NetworkProblem.CANCELLED.value:
        return Problem(_("Asking the platform was cancelled."))
    if problem == NetworkProblem.TIMED_OUT.value:
        return Problem(_sentence(_("The platform did not answer in time.")))
    if problem == NetworkProblem.TLS.value:
        return Problem(
            _sentence(
                _(
                    "A secure connection to the platform could not be made. Check the "
                    "computer's date and time and that no proxy or security software is in "
                    "the way."
                )
            )
        )
    if problem == NetworkProblem.PROXY.value:
        return Problem(_sentence(_("The proxy server did not let the question through.")))
    return Problem(
        _sentence(_("The platform could not be reached. Check the internet connection."))
    )


def redirect_problem(http_status: int | None) -> Problem:
    return Problem(
        _sentence(
            _(
                "The question was sent on to another address, so the app stopped it there: "
                "your AppSecret and the platform's token only ever go to the platform itself."
            )
        ),
        None,
        http_status,
    )


def code_problem(code: int, http_status: int | None, message: str = "") -> Problem:
    """The sentence for a documented (or unknown) err_no."""
    if code in TOKEN_REJECTED:
        text = _(
            "The platform did not accept the app's access token (error {code}). Ask again; if "
            "it keeps happening, check the AppSecret in the AppSecret step."
        )
    elif code in PLATFORM_TROUBLE:
        text = _("The platform had a problem answering (error {code}).")
    elif code in REQUEST_REFUSED:
        text = _(
            "The platform refused the app's question (error {code}). This is a problem in "
            "this app, not in your settings."
        )
    elif code in NOT_GRANTED:
        text = _(
            "The platform does not let this mini-program ask this with its own AppSecret "
            "(error {code}). Look it up in the console instead."
        )
    elif code == APP_BANNED:
        text = _(
            "The platform says this mini-program is banned or offline (error {code}). Read "
            "the messages in the console."
        )
    elif code == CAPABILITY_BANNED:
        text = _("The platform has blocked this question for this mini-program (error {code}).")
    elif code == QUOTA_USED:
        text = _("This mini-program has used up its questions for now (error {code}).")
    elif code in ADDRESS_REFUSED:
        text = _(
            "The platform refused questions from this computer's internet address (error "
            "{code}): an IP allow-list is set for this mini-program."
        )
    else:
        text = _("The platform answered with error {code}, which this app does not know.")
    return Problem(_sentence(text.format(code=code)), code, http_status)


def token_problem(
    http_status: int | None, body: bytes, network_error: str | None
) -> Problem | None:
    """None when the stable_client_token answer holds a token, else why not (the credential
    check's own verdict and sentence)."""
    outcome = interpret_token_response(EndpointKind.STABLE, http_status, body, network_error)
    if outcome.ok:
        return None
    return Problem(
        _("The platform gave the app no access token: {reason}").format(reason=outcome.message),
        outcome.code,
        outcome.http_status,
    )


def no_credentials_sentence() -> str:
    """Why the app cannot ask: nothing in the keychain for this mini-program yet."""
    return _(
        "To ask the platform, the app needs this mini-program's AppID and AppSecret: save them "
        "in the AppSecret step first. You can go on without this answer."
    )


def missing_token_problem() -> Problem:
    return Problem(_sentence(_("The platform's answer held no access token.")))


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def _text(value: object) -> str:
    return " ".join(value.split())[:MAX_TEXT] if isinstance(value, str) else ""


def read_reply(
    http_status: int | None, body: bytes, network_error: str | None
) -> dict[str, Any] | Problem:
    """The answer's `data` (an empty dict when it has none) on success, else the Problem."""
    if network_error:
        return network_problem(network_error)
    if http_status is not None and 300 <= http_status < 400:
        return redirect_problem(http_status)
    try:
        answer = safe_json.loads(body)
    except safe_json.UnusableJson:
        answer = None
    if not isinstance(answer, dict):
        if http_status is not None and (http_status >= 500 or http_status == 429):
            return Problem(
                _sentence(_("The platform had a problem answering (HTTP {status}).")).format(
                    status=http_status
                ),
                None,
                http_status,
            )
        if sniff_payload(body) is PayloadKind.HTML:
            return Problem(
                _sentence(
                    _(
                        "A web page came back instead of the platform's answer: the network "
                        "may need a login first (hotel or office Wi-Fi), or a proxy is in the "
                        "way."
                    )
                ),
                None,
                http_status,
            )
        return _not_understood(http_status)
    code = _int(answer.get("err_no", answer.get("errno")))
    if code is not None and code != 0:
        return code_problem(code, http_status, _text(answer.get("err_msg")))
    if http_status is not None and http_status >= 400:
        if http_status >= 500 or http_status == 429:
            return Problem(
                _sentence(_("The platform had a problem answering (HTTP {status}).")).format(
                    status=http_status
                ),
                None,
                http_status,
            )
        return _not_understood(http_status)
    if code is None:
        return _not_understood(http_status)
    data = answer.get("data")
    return data if isinstance(data, dict) else {}


def _not_understood(http_status: int | None) -> Problem:
    return Problem(
        _sentence(_("The platform's answer could not be understood (HTTP {status}).")).format(
            status=http_status if http_status is not None else "-"
        ),
        None,
        http_status,
    )


# --- the privacy agreement ---------------------------------------------------------------


@dataclass(frozen=True)
class PrivacyAnswer:
    """Is the privacy agreement configured, as the platform said at `asked_at`."""

    configured: bool | None
    asked_at: float
    problem: Problem | None = None

    @property
    def status(self) -> str:
        """The `status --json` word: configured, not_configured or unknown."""
        if self.configured is None:
            return "unknown"
        return "configured" if self.configured else "not_configured"

    def sentence(self) -> str:
        if self.problem is not None:
            return _("Could not ask whether the privacy agreement is set: {reason}").format(
                reason=self.problem.message
            )
        if self.configured:
            return _("The platform says the privacy agreement is set ({asked}).").format(
                asked=asked_words(self.asked_at)
            )
        return _(
            "The platform says the privacy agreement is not set yet ({asked}). Set it at {path}."
        ).format(
            asked=asked_words(self.asked_at),
            path="→".join(f"「{name}」" for name in facts.PRIVACY_CONSOLE_PATH),
        )


def interpret_privacy(
    http_status: int | None, body: bytes, network_error: str | None, asked_at: float
) -> PrivacyAnswer:
    reply = read_reply(http_status, body, network_error)
    if isinstance(reply, Problem):
        return PrivacyAnswer(None, asked_at, reply)
    value = reply.get("is_configure")
    if not isinstance(value, bool):
        return PrivacyAnswer(None, asked_at, _not_understood(http_status))
    return PrivacyAnswer(value, asked_at)


# --- service categories ------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    """One service category and its review state (approved, in_review, rejected, unknown)."""

    name: str
    state: str
    reason: str = ""


@dataclass(frozen=True)
class CategoriesAnswer:
    """The categories as the platform listed them at `asked_at`, and the edits left."""

    categories: tuple[Category, ...]
    asked_at: float
    remaining_times: int | None = None
    change_limit: int | None = None
    category_limit: int | None = None
    problem: Problem | None = None

    @property
    def approved(self) -> tuple[Category, ...]:
        return tuple(c for c in self.categories if c.state == "approved")

    def lines(self) -> list[str]:
        """Plain lines for the registration and review pages."""
        if self.problem is not None:
            return [
                _("Could not ask for the service categories: {reason}").format(
                    reason=self.problem.message
                )
            ]
        words = {
            "approved": _("approved"),
            "in_review": _("in review"),
            "rejected": _("rejected"),
            "unknown": _("state unknown"),
        }
        lines = [
            _("Service categories, as the platform listed them ({asked}):").format(
                asked=asked_words(self.asked_at)
            )
        ]
        if not self.categories:
            lines.append(_("No service category is set yet."))
        for category in self.categories:
            line = f"- {category.name}: {words.get(category.state, category.state)}"
            if category.reason:
                line += " — " + category.reason
            lines.append(line)
        if self.remaining_times is not None:
            lines.append(
                _("Category changes left this month: {left}.").format(left=self.remaining_times)
            )
        return lines


def interpret_categories(
    http_status: int | None, body: bytes, network_error: str | None, asked_at: float
) -> CategoriesAnswer:
    reply = read_reply(http_status, body, network_error)
    if isinstance(reply, Problem):
        return CategoriesAnswer((), asked_at, problem=reply)
    raw = reply.get("app_category_audit_info", reply.get("appCategoryAuditInfo"))
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        return CategoriesAnswer((), asked_at, problem=_not_understood(http_status))
    categories: list[Category] = []
    for item in raw[:MAX_CATEGORIES]:
        if not isinstance(item, Mapping):
            continue
        name = _text(item.get("category_name", item.get("categoryName"))) or _text(
            item.get("category")
        )
        state_code = _int(item.get("category_audit_state", item.get("categoryAuditState")))
        state = facts.CATEGORY_STATES.get(state_code, "unknown") if state_code else "unknown"
        categories.append(Category(name or "?", state, _text(item.get("reason"))))
    return CategoriesAnswer(
        tuple(categories),
        asked_at,
        remaining_times=_int(reply.get("remaining_times", reply.get("remainingTimes"))),
        change_limit=_int(reply.get("category_change_limit")),
        category_limit=_int(reply.get("category_limit")),
    )


# --- capability applications -------------------------------------------------------------


@dataclass(frozen=True)
class Capacity:
    """One capability (能力) and where its application stands (see CAPACITY_STATES)."""

    key: str
    name: str
    can_apply: bool | None = None
    status: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class CapacitiesAnswer:
    """The capabilities as the platform listed them at `asked_at`."""

    capacities: tuple[Capacity, ...]
    asked_at: float
    problem: Problem | None = None

    def lines(self) -> list[str]:
        if self.problem is not None:
            return [
                _("Could not ask for the capability applications: {reason}").format(
                    reason=self.problem.message
                )
            ]
        words = {
            "applying": _("application in review"),
            "approved": _("granted"),
            "rejected": _("application rejected"),
            "closed": _("closed"),
            "banned": _("blocked"),
            "can_apply": _("can be applied for"),
            "cannot_apply": _("cannot be applied for yet"),
        }
        lines = [
            _("Capabilities, as the platform listed them ({asked}):").format(
                asked=asked_words(self.asked_at)
            )
        ]
        for capacity in self.capacities:
            if capacity.status is not None:
                state = words.get(capacity.status, capacity.status)
            elif capacity.can_apply is not None:
                state = words["can_apply" if capacity.can_apply else "cannot_apply"]
            else:
                state = _("state unknown")
            line = f"- {capacity.name}: {state}"
            if capacity.reason:
                line += " — " + capacity.reason
            lines.append(line)
        return lines


def interpret_capacity_list(
    http_status: int | None, body: bytes, network_error: str | None
) -> list[Capacity] | Problem:
    reply = read_reply(http_status, body, network_error)
    if isinstance(reply, Problem):
        return reply
    raw = reply.get("app_capacity_info_list", reply.get("AppCapacityInfoList"))
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        return _not_understood(http_status)
    found: list[Capacity] = []
    for item in raw[:MAX_CAPACITIES]:
        if not isinstance(item, Mapping):
            continue
        key = _text(item.get("capacity_key"))
        if not key:
            continue
        can = item.get("is_can_apply")
        found.append(
            Capacity(
                key,
                _text(item.get("capacity_name")) or key,
                can if isinstance(can, bool) else None,
            )
        )
    return found


def interpret_capacity_status(
    capacity: Capacity, http_status: int | None, body: bytes, network_error: str | None
) -> Capacity:
    """The capability with its application status; unchanged when the status cannot be had."""
    reply = read_reply(http_status, body, network_error)
    if isinstance(reply, Problem):
        return capacity
    code = _int(reply.get("status"))
    status = facts.CAPACITY_STATES.get(code) if code is not None else None
    return Capacity(
        capacity.key, capacity.name, capacity.can_apply, status, _text(reply.get("reason"))
    )


def asked_words(asked_at: float) -> str:
    """When an answer was asked, in the computer's local time."""
    return _("asked {when}").format(when=time.strftime("%Y-%m-%d %H:%M", time.localtime(asked_at)))
