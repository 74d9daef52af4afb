"""Where a provider profile comes from: baked into the app, or opened by the merchant.

- Baked: ``resources/profile/provider.json`` inside the app (build_installer.py --profile).
  A broken one never stops the app: it starts generic and there is a sentence to show.
- Opened: the merchant picks a file (welcome page button, or a drop on the window); it is
  validated and its exact bytes copied into the app's home (``<config>/profiles/<hash>.json``)
  so it keeps working when the original file is moved or deleted.
- Chosen per mini-program: a ProfileChoice record (to_dict/from_dict) names the stored copy.
  No choice means the baked profile, if any.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from wizard.core.atomic import write_atomically
from wizard.core.i18n import _, current_language
from wizard.core.paths import AppPaths, app_paths, resources_dir
from wizard.core.profile.document import (
    MAX_FILE_BYTES,
    ProfileLoad,
    ProfileProblem,
    ProviderProfile,
    load_profile_bytes,
    read_capped,
)
from wizard.core.state import MiniProgram

log = logging.getLogger(__name__)

BAKED_FOLDER = "profile"
BAKED_NAME = "provider.json"
# The stored copy is named by the first 24 hex digits of its sha256 (96 bits): the state file
# drops runs of 32 or more hex digits from answers as secret-looking (wizard.core.logs).
SHORT_HASH = 24
_DIGEST = re.compile(r"[0-9a-f]{24}")
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")

# Where a mini-program's choice is kept until the lead gives it a step record of its own:
# program.answers["welcome"]["provider_profile"] = ProfileChoice.to_dict().
CHOICE_STEP = "welcome"
CHOICE_KEY = "provider_profile"

SOURCE_OPENED = "opened"
SOURCE_BAKED = "baked"
SOURCE_NONE = "none"


def baked_profile_path(resources: Path | None = None) -> Path:
    """Where a baked-in profile lives inside the app's resources."""
    return (resources or resources_dir()) / BAKED_FOLDER / BAKED_NAME


def profiles_dir(paths: AppPaths | None = None) -> Path:
    """The folder in the app's home holding the copies of profiles the merchant opened."""
    return (paths or app_paths()).config / "profiles"


@dataclass(frozen=True)
class ProfileChoice:
    """The profile a mini-program uses: a stored copy, named by the sha256 of its bytes."""

    digest: str  # the first SHORT_HASH hex digits of the sha256
    profile_id: str = ""
    # The provider's name when it was chosen: for lists and messages only, never trusted.
    name: str = ""

    def path(self, paths: AppPaths | None = None) -> Path:
        return profiles_dir(paths) / f"{self.digest}.json"

    def to_dict(self) -> dict[str, Any]:
        return {"digest": self.digest, "profile_id": self.profile_id, "name": self.name}

    @classmethod
    def from_dict(cls, data: object) -> Self | None:
        """The record, or None when it is damaged: the digest names a file, so it is strict."""
        if not isinstance(data, dict):
            return None
        digest = data.get("digest")
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
            return None
        profile_id = data.get("profile_id")
        name = data.get("name")
        return cls(
            digest=digest,
            profile_id=profile_id
            if isinstance(profile_id, str) and _ID.fullmatch(profile_id)
            else "",
            name=name[:60] if isinstance(name, str) else "",
        )


def choice_of(program: MiniProgram | None) -> ProfileChoice | None:
    """The profile choice remembered for a mini-program (None: none, or damaged)."""
    if program is None:
        return None
    return ProfileChoice.from_dict(program.answers.get(CHOICE_STEP, {}).get(CHOICE_KEY))


@dataclass(frozen=True)
class ActiveProfile:
    """The profile a page should use now, where it came from, and a sentence to show if any."""

    profile: ProviderProfile | None
    source: str = SOURCE_NONE
    notice: str = ""


@dataclass(frozen=True)
class ImportOutcome:
    """What opening a profile file gave: a choice to remember, or sentences why not."""

    choice: ProfileChoice | None
    profile: ProviderProfile | None
    load: ProfileLoad
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.choice is not None


def load_baked_profile(resources: Path | None = None) -> ActiveProfile:
    """The baked-in profile; a missing one is no profile, a broken one a profile-less start
    with a sentence."""
    path = baked_profile_path(resources)
    if not path.exists():
        return ActiveProfile(None)
    load = _load_cached(path)
    if load.profile is not None:
        return ActiveProfile(load.profile, SOURCE_BAKED)
    log.error("baked provider profile %s refused: %s", path, "; ".join(load.sentences()))
    return ActiveProfile(
        None,
        SOURCE_NONE,
        _(
            "The provider details built into this copy of the app could not be used ({reason}), "
            "so it shows general instructions. Ask your provider for a new installer."
        ).format(reason=_first_sentence(load)),
    )


def active_profile(
    choice: ProfileChoice | None,
    *,
    paths: AppPaths | None = None,
    resources: Path | None = None,
) -> ActiveProfile:
    """The profile for a mini-program: its chosen copy, else the baked one, else none."""
    baked = load_baked_profile(resources)
    if choice is None:
        return baked
    load = _load_cached(choice.path(paths))
    if load.profile is not None and load.profile.digest[:SHORT_HASH] == choice.digest:
        return ActiveProfile(load.profile, SOURCE_OPENED)
    name = choice.name or choice.profile_id or _("your provider")
    log.warning("stored profile %s unusable: %s", choice.path(paths), load.sentences())
    fallback = (
        _("the app uses the provider details it was installed with")
        if baked.profile is not None
        else _("the app shows general instructions")
    )
    return ActiveProfile(
        baked.profile,
        baked.source,
        _(
            "The saved details of {provider} could not be read, so {fallback}. "
            "Open the provider's profile file again."
        ).format(provider=name, fallback=fallback),
    )


def import_profile(source: Path, *, paths: AppPaths | None = None) -> ImportOutcome:
    """Validate a profile file and keep a copy of its exact bytes in the app's home."""
    data = read_capped(source, MAX_FILE_BYTES)
    if isinstance(data, str):
        load = ProfileLoad(None, unreadable=data)
        return ImportOutcome(None, None, load, data)
    load = load_profile_bytes(data, str(source))
    if load.profile is None:
        return ImportOutcome(None, None, load, refusal_message(load))
    profile = load.profile
    choice = ProfileChoice(profile.digest[:SHORT_HASH], profile.id, profile.display_name())
    target = choice.path(paths)
    try:
        write_atomically(target, data)
    except OSError as exc:
        log.error("cannot store profile %s: %s", target, exc)
        message = _(
            "The provider profile is fine but could not be saved to {path} ({reason}). "
            "Free some disk space or check the folder's permissions, then open it again."
        ).format(path=target.parent, reason=exc.strerror or type(exc).__name__)
        return ImportOutcome(None, profile, load, message)
    _cache.pop(target, None)
    return ImportOutcome(choice, profile, load)


def refusal_message(load: ProfileLoad) -> str:
    """One paragraph for the merchant: the profile is refused, each problem, what to do."""
    if load.unreadable:
        return load.unreadable
    lines = [_("This provider profile cannot be used:")]
    lines += [f"• {sentence}" for sentence in load.sentences()]
    lines.append(_("Ask your provider for a corrected file."))
    return "\n".join(lines)


def _first_sentence(load: ProfileLoad) -> str:
    sentences = load.sentences()
    first = sentences[0].rstrip("。.") if sentences else ""
    if len(sentences) > 1:
        return _("{problem}, and {count} more").format(problem=first, count=len(sentences) - 1)
    return first


# Pages ask for the active profile on every visit; a file is parsed again only when it changed.
# The key holds the language too: a load's sentences are in the language of the moment.
_cache: dict[Path, tuple[tuple[int, int, str], ProfileLoad]] = {}


def _load_cached(path: Path) -> ProfileLoad:
    try:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size, current_language())
    except OSError:
        key = (-1, -1, current_language())
    cached = _cache.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    data = read_capped(path, MAX_FILE_BYTES)
    load = (
        ProfileLoad(None, unreadable=data)
        if isinstance(data, str)
        else load_profile_bytes(data, str(path))
    )
    _cache[path] = (key, load)
    return load


__all__ = [
    "ActiveProfile",
    "ImportOutcome",
    "ProfileChoice",
    "ProfileProblem",
    "active_profile",
    "baked_profile_path",
    "choice_of",
    "import_profile",
    "load_baked_profile",
    "profiles_dir",
    "refusal_message",
]
