"""A domain scan in sentences: what check-domains prints and the domains page shows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from wizard.core.domains.rules import KINDS
from wizard.core.domains.scan import (
    DomainComparison,
    DomainScan,
    UrlUse,
    insecure_sentence,
    kind_label,
    unreadable_sentence,
)
from wizard.core.i18n import _

# Places named for each host; the rest are counted.
WHERE_SHOWN = 3


def where_line(uses: Sequence[UrlUse]) -> str:
    """The first places a host is used (file:line), and how many more."""
    where = ", ".join(use.where for use in uses[:WHERE_SHOWN])
    if len(uses) > WHERE_SHOWN:
        where += " " + _("(and {count} more)").format(count=len(uses) - WHERE_SHOWN)
    return where


def _list_lines(kind: str, called: Mapping[str, Sequence[UrlUse]]) -> list[str]:
    lines = [_("{list}:").format(list=kind_label(kind))]
    lines += [f"  {host}  ({where_line(uses)})" for host, uses in called.items()]
    return lines


def host_lines(scan: DomainScan) -> list[str]:
    """Each console list the package uses, with its hosts and where they are called."""
    lines: list[str] = []
    for kind in KINDS:
        called = scan.called_hosts(kind)
        if called:
            lines += _list_lines(kind, called)
    return lines


def code_problem_lines(comparison: DomainComparison, mark_error: str, mark_info: str) -> list[str]:
    """What the code itself gets wrong (http://, addresses no list holds), then notes."""
    lines = [f"{mark_error} {insecure_sentence(use)}" for use in comparison.insecure]
    lines += [f"{mark_error} {sentence}" for sentence in comparison.unusable_problems()]
    lines += [f"{mark_info} {sentence}" for sentence in comparison.dynamic_information()]
    return lines


def scan_verdict(scan: DomainScan, comparison: DomainComparison) -> tuple[str, str]:
    """The scan's headline as (notice kind, sentence): ok, or error for http:// calls."""
    if not any(scan.called_hosts(kind) for kind in KINDS):
        return "ok", _("Checked {count} files: the code package uses no server domain.").format(
            count=scan.files_scanned
        )
    if comparison.insecure:
        return "error", _(
            "Checked {count} files. Some addresses use http:// or ws://: they work in "
            "preview and fail after release. Ask your provider to fix them."
        ).format(count=scan.files_scanned)
    return "ok", _("Checked {count} files. The domains it uses, per list:").format(
        count=scan.files_scanned
    )


def describe(scan: DomainScan, comparison: DomainComparison, compared: bool) -> list[str]:
    """The report as plain lines in the current language."""
    lines = [
        _("Checked {count} files of the code package in {root}.").format(
            count=scan.files_scanned, root=scan.root
        )
    ]
    lines += [unreadable_sentence(name) for name in scan.unreadable]
    if scan.omitted:
        lines.append(
            _("{count} more places with addresses were counted but are not listed.").format(
                count=scan.omitted
            )
        )
    for kind in KINDS:
        called = scan.called_hosts(kind)
        if not called:
            lines.append(_("{list}: the code uses no domain.").format(list=kind_label(kind)))
            continue
        lines += _list_lines(kind, called)
    if compared:
        problems = comparison.problems()
        information = comparison.information()
    else:
        problems = comparison.code_problems()
        information = comparison.dynamic_information()
    for sentence in problems:
        lines.append(_labelled(_("Must fix:"), sentence))
    for sentence in information:
        lines.append(_labelled(_("Note:"), sentence))
    if compared:
        for kind in KINDS:
            paste = comparison.lists[kind].suggested
            if paste:
                lines.append(
                    _("To paste into the {list}: {hosts}").format(
                        list=kind_label(kind), hosts=" ".join(paste)
                    )
                )
    if compared and not comparison.blocking:
        lines.append(_("Every domain the code package uses is in its list."))
    return lines


def _labelled(label: str, sentence: str) -> str:
    # Chinese puts no space after a full-width colon.
    return label + sentence if label.endswith("：") else f"{label} {sentence}"
