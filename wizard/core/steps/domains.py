"""Step ``domains``: the server domain lists (and 业务域名) to paste into the console, checked
as typed and against what the unpacked code package really calls.

Answers: ``lists`` (per list, the entries as the merchant wrote them), ``confirmed_saved``,
and ``scan`` (a ScanSummary of the last package scan, with the folder it scanned). The step is
done when the last scan is of the current package folder, every host it calls is in its list,
no entry is invalid, and the merchant confirmed saving the lists in the console.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.core.i18n import N_, _
from wizard.core.state import MiniProgram
from wizard.core.steps import Step
from wizard.core.steps import package as package_step

if TYPE_CHECKING:
    from wizard.core.domains.rules import EnteredDomains
    from wizard.core.domains.scan import DomainScan, DoneVerdict, ScanSummary

# The domain modules (validation, the scanner) are imported when first needed, not when the
# journey is: the side panel asks every step whether it is done before the window paints.

ID = "domains"


@dataclass
class DomainsAnswers:
    """The lists as entered, whether they were saved in the console, and the last scan."""

    entered: EnteredDomains = field(default_factory=lambda: _entered_class()())
    scan: ScanSummary | None = None

    @property
    def lists(self) -> dict[str, list[str]]:
        return self.entered.lists

    @property
    def confirmed_saved(self) -> bool:
        return self.entered.confirmed_saved

    @classmethod
    def read(cls, program: MiniProgram) -> DomainsAnswers:
        from wizard.core.domains.scan import ScanSummary

        values = program.answers.get(ID, {})
        if not isinstance(values, dict):
            return cls()
        entered = _entered_class().from_dict(values)
        return cls(entered, ScanSummary.from_dict(values.get("scan")))


def _entered_class() -> type[EnteredDomains]:
    from wizard.core.domains.rules import EnteredDomains

    return EnteredDomains


def folder_to_scan(program: MiniProgram) -> Path | None:
    """The unpacked package of the package step, while it exists."""
    return package_step.package_folder(program)


def current_scan(program: MiniProgram) -> ScanSummary | None:
    """The last scan, if it is of the package folder the package step has now."""
    answers = DomainsAnswers.read(program)
    folder = folder_to_scan(program)
    if answers.scan is None or folder is None:
        return None
    return answers.scan if _same_folder(answers.scan.root, folder) else None


def _same_folder(scanned_root: str, folder: Path) -> bool:
    # The scan may have gone into the code folder (miniprogramRoot) below the package folder.
    try:
        scanned = Path(scanned_root).resolve()
        base = folder.resolve()
    except OSError:
        return False
    return scanned == base or base in scanned.parents


def verdict(program: MiniProgram) -> DoneVerdict:
    from wizard.core.domains.scan import domains_done

    answers = DomainsAnswers.read(program)
    return domains_done(current_scan(program), answers.lists, answers.confirmed_saved)


def is_done(program: MiniProgram) -> bool:
    values = program.answers.get(ID)
    # Never done without the merchant's confirmation: answer that without loading the checks.
    if not isinstance(values, dict) or values.get("confirmed_saved") is not True:
        return False
    return verdict(program).done


# --- rules: what to store when the merchant does something ---------------------------------


def list_typed(kind: str, text: str, program: MiniProgram) -> dict[str, Any]:
    """The merchant edited one list (text as typed in its box): store its entries."""
    from wizard.core.domains.rules import EnteredDomains, split_domain_list

    answers = DomainsAnswers.read(program)
    lists = {k: list(v) for k, v in answers.lists.items()}
    lists[kind] = split_domain_list(text)
    # Changing a list after confirming means the console must be updated again.
    changed = lists.get(kind, []) != answers.lists.get(kind, [])
    confirmed = answers.confirmed_saved and not changed
    return EnteredDomains(lists, confirmed).to_dict()


def confirmed(value: bool) -> dict[str, Any]:
    return {"confirmed_saved": bool(value)}


def scanned(scan: DomainScan) -> dict[str, Any]:
    """The answers to keep after a scan finished (a stopped scan is kept as stopped)."""
    return {"scan": scan.summary().to_dict()}


def merged(program: MiniProgram, additions: Mapping[str, Sequence[str]]) -> dict[str, Any] | None:
    """Add hosts (a provider's list, or what the package calls) to the entered lists: each
    host once, after what is there; None when nothing is new. Entries are never removed."""
    from wizard.core.domains.rules import KINDS, EnteredDomains, check_domain_list

    answers = DomainsAnswers.read(program)
    lists = {k: list(v) for k, v in answers.lists.items()}
    added = False
    for kind in KINDS:
        new = [h.strip() for h in additions.get(kind, ()) if isinstance(h, str) and h.strip()]
        if not new:
            continue
        current = lists.setdefault(kind, [])
        known = set(check_domain_list(current, kind).hosts) | {e.strip() for e in current}
        for host in new:
            normal = check_domain_list([host], kind).hosts
            if host in known or (normal and normal[0] in known):
                continue
            current.append(host)
            known.add(host)
            known.update(normal)
            added = True
    if not added:
        return None
    return EnteredDomains(lists, False).to_dict()


def missing_hosts(program: MiniProgram) -> dict[str, list[str]]:
    """Per list, the hosts the package calls that are not entered yet."""
    from wizard.core.domains.rules import KINDS, check_domain_list

    scan = current_scan(program)
    if scan is None:
        return {}
    answers = DomainsAnswers.read(program)
    missing: dict[str, list[str]] = {}
    for kind in KINDS:
        entered = check_domain_list(answers.lists.get(kind, []), kind).hosts
        hosts = [host for host in scan.hosts(kind) if host not in entered]
        if hosts:
            missing[kind] = hosts
    return missing


def console_path() -> str:
    """Where the lists are entered, as the console names it."""
    return _("「开发」→「开发配置」→「服务器域名」 (web-view: 「业务域名」)")


STEP = Step(
    ID,
    N_("Server domains"),
    N_("Server domains entered in the console and checked against the code package"),
    is_done,
)
