"""Version numbers for uploads: checked as typed, compared as numbers, the next one suggested.

Contract: `check_version(text, previous=None)` returns a `Check` (see checks.py). The app only
accepts `x.y.z` (three whole numbers, no leading zeros, at most four digits each) for a new
upload: the platform documents no format rule beyond the tool's hint "1.0.0", and the provider's
guide warns that a wrong format is refused, so the narrow rule is the app's deliberate caution.
`previous` is the highest version already uploaded (or live) for the mini-program; a version that
is not greater is refused before the developer tool refuses it with a misleading message.

The version the merchant reads off the console ("currently live") is read leniently by
`parse_lenient`: any dotted numbers, so `01.00.03` is 1.0.3.

INTERMEDIATE is only given to text that typing more characters at the end can still make
acceptable (with `previous` taken into account); everything else that is not acceptable is
INVALID with one sentence naming the problem and, where there is one, the fix.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from wizard.core import platform_facts as facts
from wizard.core.checks import Check, State
from wizard.core.credentials import ZERO_WIDTH, is_full_width
from wizard.core.echo import elide
from wizard.core.i18n import _, join_sentences

PARTS: int = facts.VERSION_PARTS
MAX_PART_DIGITS: int = facts.VERSION_MAX_PART_DIGITS
EXAMPLE = "1.0.0"
# The console and other tools never show more digits than this; longer runs are not versions
# (and int() of a huge digit string is slow or refused).
LENIENT_MAX_DIGITS = 9
# Dots a Chinese input method types in place of ".": full-width, ideographic, half-width
# ideographic, and the middle dot some IMEs give for "." in Chinese mode.
_FULL_WIDTH_DOTS = frozenset("．。｡·・")


@dataclass(frozen=True, order=True)
class Version:
    """A version as three whole numbers; ordered as the platform compares them."""

    major: int
    minor: int
    patch: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    def next_patch(self) -> Version:
        return Version(self.major, self.minor, self.patch + 1)

    def next_minor(self) -> Version:
        return Version(self.major, self.minor + 1, 0)

    def next_major(self) -> Version:
        return Version(self.major + 1, 0, 0)


FIRST_VERSION = Version(1, 0, 0)


def _clean(text: str) -> str:
    """Invisible characters dropped anywhere, then trimmed (incl. U+3000)."""
    return "".join(ch for ch in text if ch not in ZERO_WIDTH).strip()


def parse_version(text: str) -> Version | None:
    """The version in text when check_version's format rule accepts it (trimmed), else None."""
    cleaned = _clean(text)
    parts = cleaned.split(".")
    if len(parts) != PARTS:
        return None
    for part in parts:
        if not _is_plain_number(part) or len(part) > MAX_PART_DIGITS:
            return None
        if len(part) > 1 and part.startswith("0"):
            return None
    return Version(int(parts[0]), int(parts[1]), int(parts[2]))


def _is_plain_number(part: str) -> bool:
    # str.isdigit() accepts superscripts and other scripts' digits; only 0-9 are versions.
    return bool(part) and all("0" <= ch <= "9" for ch in part)


def _ascii_form(text: str) -> str:
    """Full-width digits and dots from a Chinese input method as plain ones."""
    cleaned = unicodedata.normalize("NFKC", _clean(text))
    return "".join("." if ch in _FULL_WIDTH_DOTS else ch for ch in cleaned)


def parse_lenient(text: str) -> Version | None:
    """Any dotted numbers as the console or an old tool shows them (`01.00.03`, `v1.2`, `２.０`).

    One to three parts, missing ones count as 0; full-width digits and dots are read as plain
    ones; a leading v is ignored. None when the text is not a version at all.
    """
    cleaned = _ascii_form(text)
    if cleaned[:1] in {"v", "V"}:
        cleaned = cleaned[1:].lstrip()
    parts = cleaned.split(".")
    if not cleaned or len(parts) > PARTS:
        return None
    numbers: list[int] = []
    for part in parts:
        if not _is_plain_number(part) or len(part.lstrip("0")) > LENIENT_MAX_DIGITS:
            return None
        # Leading zeros dropped first: int() refuses a string of thousands of digits.
        numbers.append(int(part.lstrip("0") or "0"))
    numbers += [0] * (PARTS - len(numbers))
    return Version(numbers[0], numbers[1], numbers[2])


def suggestions(highest: Version | None) -> tuple[Version, Version]:
    """(next patch, next minor) after the highest known version; 1.0.0 for a first upload."""
    if highest is None:
        return FIRST_VERSION, FIRST_VERSION
    return highest.next_patch(), highest.next_minor()


def _format_example(previous: Version | None) -> str:
    return str(previous.next_patch()) if previous else EXAMPLE


def _shape() -> str:
    return _("three whole numbers separated by dots")


def _character_message(ch: str, position: int, text: str, previous: Version | None) -> str:
    """The sentence for the first character that cannot be in a version number."""
    if is_full_width(ch):
        fixed = parse_version(_ascii_form(text))
        message = _(
            "The character '{char}' (position {position}) is a full-width character from a "
            "Chinese input method. Switch to English input and type the version again."
        ).format(char=ch, position=position)
        if fixed is not None:
            message = join_sentences(message, _("Did you mean {version}?").format(version=fixed))
        return message
    if ch.isspace():
        return _(
            "There is a space at position {position}. A version number has no spaces: "
            "type it like {example}."
        ).format(position=position, example=_format_example(previous))
    if not ch.isprintable():
        return _(
            "There is an invisible character (U+{code}) at position {position}. Delete it and "
            "type the version again."
        ).format(code=f"{ord(ch):04X}", position=position)
    after_version = parse_version(text[: position - 1]) is not None
    if (ch in "-+" and position > 1) or (ch.isalpha() and after_version):
        return _(
            "A suffix such as “{suffix}” is not accepted: a version number is only {shape}, "
            "like {example}."
        ).format(suffix=text[position - 1 :], shape=_shape(), example=_format_example(previous))
    if ch in ",，、_/":
        return _(
            "The character '{char}' (position {position}) cannot be in a version number: "
            "separate the numbers with dots, like {example}."
        ).format(char=ch, position=position, example=_format_example(previous))
    return _(
        "The character '{char}' (position {position}) cannot be in a version number: it has "
        "only digits and dots, like {example}."
    ).format(char=ch, position=position, example=_format_example(previous))


def _max_completion(parts: list[str]) -> Version:
    """The greatest version that typing more at the end of these parts can still give."""
    filled: list[int] = []
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if last and part != "0":
            # The part being typed can still grow to four digits (a lone 0 cannot).
            filled.append(int(part.ljust(MAX_PART_DIGITS, "9")))
        else:
            filled.append(int(part))
    filled += [10**MAX_PART_DIGITS - 1] * (PARTS - len(filled))
    return Version(filled[0], filled[1], filled[2])


def _not_greater(version: Version | None, previous: Version) -> Check:
    """INVALID: the sentence that names the previous version and the next one to use."""
    if version == previous:
        return Check.invalid(
            _(
                "Version {version} has already been uploaded for this mini-program (the platform "
                "would say 版本号已存在). Use {next_patch}, or {next_minor} for a bigger change."
            ).format(
                version=previous,
                next_patch=previous.next_patch(),
                next_minor=previous.next_minor(),
            )
        )
    return Check.invalid(
        _(
            "The version must be greater than {previous}, the last one uploaded for this "
            "mini-program. Use {next_patch}, or {next_minor} for a bigger change."
        ).format(
            previous=previous, next_patch=previous.next_patch(), next_minor=previous.next_minor()
        )
    )


def check_version(text: str, previous: str | None = None) -> Check:
    """Is this typed text a version the app lets the merchant upload? Never raises."""
    before = parse_lenient(previous) if previous else None
    raw = "".join(ch for ch in text if ch not in ZERO_WIDTH)
    shown = raw.strip()
    if not shown:
        if before is not None and _max_completion([""]) <= before:
            return _not_greater(None, before)  # nothing the app accepts is greater
        return Check.intermediate(_keep_typing(before))
    if shown[0] in {"v", "V"}:
        fixed = parse_version(shown[1:])
        message = _("Leave out the “{letter}”: a version number is only {shape}.").format(
            letter=shown[0], shape=_shape()
        )
        if fixed is not None:
            message = join_sentences(message, _("Type {version}.").format(version=fixed))
        return Check.invalid(message)
    for index, ch in enumerate(shown):
        if ch != "." and not ("0" <= ch <= "9"):
            return Check.invalid(_character_message(ch, index + 1, shown, before))
    parts = shown.split(".")
    if len(parts) > PARTS:
        return Check.invalid(
            _(
                "A version number has three parts, like {example}; this one has {count}. "
                "Remove the extra part."
            ).format(example=_format_example(before), count=len(parts))
        )
    for index, part in enumerate(parts):
        if not part and index < len(parts) - 1:
            return Check.invalid(
                _(
                    "A number is missing before dot {position}: a version number is {shape}, "
                    "like {example}."
                ).format(position=index + 1, shape=_shape(), example=_format_example(before))
            )
    for part in parts:
        if len(part) > MAX_PART_DIGITS:
            return Check.invalid(
                _(
                    "“{part}” is too long: each part of a version number has at most {limit} "
                    "digits."
                ).format(part=elide(part, 20), limit=MAX_PART_DIGITS)
            )
    if any(len(part) > 1 and part.startswith("0") for part in parts):
        fixed_parts = [str(int(part)) if part else "" for part in parts]
        return Check.invalid(
            _("Leave out the leading zeros: type {fixed} instead of {typed}.").format(
                fixed=".".join(fixed_parts), typed=shown
            )
        )
    version = parse_version(shown)
    if version is None:
        # Fewer than three parts, or the last one still empty: typing can complete it, unless
        # whitespace after it shows the merchant stopped, or nothing it can become is greater.
        if raw.rstrip() != raw and raw.strip():
            return Check.invalid(
                _("The version number is incomplete: it needs {shape}, like {example}.").format(
                    shape=_shape(), example=_format_example(before)
                )
            )
        best = _max_completion(parts)
        if before is not None and best <= before:
            return _not_greater(None, before)
        return Check.intermediate(_keep_typing(before))
    if before is not None and version <= before:
        return _not_greater(version, before)
    if before is not None and version.major > before.major + 1:
        return Check.acceptable(
            _(
                "{version} skips ahead from {previous}. That is allowed, but every later version "
                "must then be greater than {version}: check that this is the number you mean."
            ).format(version=version, previous=before)
        )
    return Check.acceptable()


def _keep_typing(previous: Version | None) -> str:
    if previous is None:
        return _("Enter the version number: {shape}, for example {example}.").format(
            shape=_shape(), example=EXAMPLE
        )
    return _(
        "Enter the version number: {shape}, greater than {previous}; for example {next_patch}."
    ).format(shape=_shape(), previous=previous, next_patch=previous.next_patch())


def check_live_version(text: str) -> Check:
    """The optional "version currently live" field: empty, or any dotted numbers. Never raises."""
    if not _clean(text):
        return Check.acceptable()
    typed = _ascii_form(text)
    if typed.endswith(".") and typed.count(".") < PARTS and parse_lenient(typed[:-1]) is not None:
        return Check.intermediate(_("Keep typing the version, for example 1.0.3."))
    if parse_lenient(text) is None:
        return Check.invalid(
            _(
                "Type the version exactly as the console shows it under 线上版本, for example "
                "1.0.3, or leave this empty if nothing is live yet."
            )
        )
    return Check.acceptable()


def verdict_sentence(check: Check, text: str) -> str:
    """What check-version prints: the check's reason, or that the version can be uploaded."""
    if check.state is State.ACCEPTABLE and not check.message:
        return _("{version} can be uploaded.").format(version=parse_version(text))
    return check.message
