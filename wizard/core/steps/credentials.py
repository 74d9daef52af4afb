"""Step ``credentials``: the AppID and AppSecret, the secret in the keychain, pasted in the admin.

The mini-program's AppID lives in one place, ``MiniProgram.appid``, once it is complete;
``appid_text`` only keeps an unfinished one that the merchant is still typing.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wizard.core.checks import State
from wizard.core.credentials import check_appid, normalize_appid
from wizard.core.i18n import N_
from wizard.core.state import MiniProgram
from wizard.core.steps import Step, StepChange, flag, text

if TYPE_CHECKING:
    # Only a type here: importing keyring takes ~40 ms, which the journey (loaded before the
    # first window) must not pay.
    from wizard.core.secrets import SecretStore

ID = "credentials"


@dataclass
class CredentialsAnswers:
    """What the merchant did on the step (the secret itself is only ever in the keychain)."""

    appid_text: str = ""
    secret_saved: bool = False
    pasted_in_admin: bool = False
    online_check_understood: bool = False

    @classmethod
    def read(cls, program: MiniProgram) -> CredentialsAnswers:
        values = program.answers.get(ID, {})
        return cls(
            appid_text=text(values, "appid_text"),
            secret_saved=flag(values, "secret_saved"),
            pasted_in_admin=flag(values, "pasted_in_admin"),
            online_check_understood=flag(values, "online_check_understood"),
        )


def appid_to_show(program: MiniProgram) -> str:
    """The AppID field's text: the mini-program's AppID, or what was being typed."""
    return CredentialsAnswers.read(program).appid_text or program.appid


def typed_appid(text_typed: str) -> dict[str, Any] | None:
    """What to keep of AppID text while it is typed: only text that may become an AppID.

    A wrong paste (an AppSecret in this field, say) never reaches the state file.
    """
    if check_appid(text_typed).state is State.INVALID:
        return None
    return {"appid_text": text_typed.strip()}


class SecretMove(enum.Enum):
    """What happens to a saved AppSecret when the mini-program's AppID changes."""

    NOTHING = "nothing"  # no secret saved for the old AppID
    COPY = "copy"  # another mini-program shares the old AppID: copy, never move or delete
    ASK = "ask"  # ask the merchant: move it to the new AppID, or delete it


def secret_move(old_appid: str, old_secret_saved: bool, old_appid_shared: bool) -> SecretMove:
    """The rule for a saved secret when the AppID changes from old_appid."""
    if not old_appid or not old_secret_saved:
        return SecretMove.NOTHING
    return SecretMove.COPY if old_appid_shared else SecretMove.ASK


def new_appid(program: MiniProgram, text_typed: str) -> str | None:
    """The AppID the mini-program takes when typing ends, or None when nothing changes."""
    if not check_appid(text_typed).ok:
        return None
    appid = normalize_appid(text_typed)
    return None if appid == program.appid else appid


def appid_for_secret(program: MiniProgram, text_typed: str) -> str | None:
    """Which AppID a complete AppSecret is stored under (None: keep it until the AppID is whole)."""
    appid = program.appid or normalize_appid(text_typed)
    return appid if check_appid(appid).ok else None


class SecretChoice(enum.Enum):
    """The merchant's answer when a saved AppSecret's AppID changes (SecretMove.ASK)."""

    MOVE = "move"
    DELETE = "delete"


def change_appid(
    program: MiniProgram,
    text_typed: str,
    secrets: SecretStore,
    *,
    old_appid_shared: bool,
    ask: Callable[[str, str], SecretChoice],
) -> StepChange | None:
    """Typing ended on a complete AppID: the mini-program takes it and its saved AppSecret
    follows (copied when another mini-program shares the old AppID, else moved or deleted as
    the merchant answers `ask(old, new)`). None when nothing changes."""
    appid = new_appid(program, text_typed)
    if appid is None:
        return None
    old = program.appid
    old_secret = secrets.get(old) if old else None
    answers: dict[str, Any] = {"appid_text": ""}  # the AppID now lives in the program itself
    move = secret_move(old, old_secret is not None, old_appid_shared)
    if move is SecretMove.COPY and old_secret is not None:
        secrets.set(appid, old_secret)
    elif move is SecretMove.ASK:
        if ask(old, appid) is SecretChoice.DELETE:
            secrets.delete(old)
            answers["secret_saved"] = False
        else:
            secrets.move(old, appid)
    return StepChange(answers, appid=appid)


def store_secret(
    program: MiniProgram, text_typed: str, secret: str, secrets: SecretStore
) -> StepChange | None:
    """A complete AppSecret goes into the keychain under the mini-program's AppID (or the one
    being typed, which the program then takes). None: kept in the field until the AppID is
    whole. Raises SecretTooLongError past the keychain's limit."""
    appid = appid_for_secret(program, text_typed)
    if appid is None:
        return None
    secrets.set(appid, secret)
    return StepChange({"secret_saved": True}, appid=None if program.appid else appid)


def is_done(program: MiniProgram) -> bool:
    answers = CredentialsAnswers.read(program)
    return check_appid(program.appid).ok and answers.secret_saved and answers.pasted_in_admin


STEP = Step(
    ID,
    N_("AppID and AppSecret"),
    N_("AppID and AppSecret kept safely and entered in your provider's admin"),
    is_done,
)
