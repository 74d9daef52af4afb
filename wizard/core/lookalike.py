"""Host names that only look like a Latin address: a letter of another script inside a Latin
name ("аpple.com" with a Cyrillic "а"), or a name written wholly in letters that pass for
Latin ones (Cyrillic, Greek). A Chinese name (中文.com) is no look-alike."""

from __future__ import annotations

import unicodedata

from wizard.core.i18n import _

# Scripts whose letters are drawn like Latin ones.
_LOOKALIKE_SCRIPTS = frozenset({"CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC"})


def _script(ch: str) -> str:
    if ch.isascii():
        return "LATIN" if ch.isalpha() else ""
    if not ch.isalpha():
        return ""
    name = unicodedata.name(ch, "")
    # "LATIN SMALL LETTER A WITH ...", "CYRILLIC SMALL LETTER A", "FULLWIDTH LATIN ..."
    for word in name.split():
        if word in {"LATIN", *_LOOKALIKE_SCRIPTS}:
            return word
    return name.split(" ", 1)[0] if name else "OTHER"


def is_lookalike(host: str) -> bool:
    """True when a label of host mixes Latin letters with another script, or is written in a
    script whose letters pass for Latin ones."""
    if host.isascii():
        return False
    for label in host.lower().rstrip(".").split("."):
        scripts = {_script(ch) for ch in label} - {""}
        if len(scripts) > 1 and "LATIN" in scripts:
            return True
        if scripts & _LOOKALIKE_SCRIPTS:
            return True
    return False


def punycode(host: str) -> str:
    """The host as the network sees it (xn--…), or the host itself when it cannot be encoded."""
    try:
        return host.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        return host


def lookalike_problem(host: str) -> str:
    """A sentence when host is a look-alike (naming its real xn--… form), else ""."""
    if not is_lookalike(host):
        return ""
    return _(
        "{host} only looks like a Latin address: it has letters of another script and is "
        "really {punycode}. Write the address in plain letters."
    ).format(host=host, punycode=punycode(host))
