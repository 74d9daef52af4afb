"""The merchant's report: one mini-program's journey as a standalone, printable HTML file.

`build_report(...)` takes plain data (the lead's step table as a mapping, the domains entered,
the release history) and returns the HTML text; `save_report(html, path)` writes it atomically.
Every value is HTML-escaped, and every value passes through the log's redaction (known secrets,
secret-looking key/value pairs, long hex runs) and the caller's own known secrets, so no
AppSecret or upload token can reach the file even if one was pasted into a field. The file has
no scripts, no external resources and prints on A4.
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from wizard.core.atomic import write_text_atomically
from wizard.core.filenames import safe_file_name
from wizard.core.i18n import N_, _, current_language
from wizard.core.logs import REDACTED, redact
from wizard.core.releases import (
    EventKind,
    ReleaseHistory,
    ReviewState,
    local_day,
    status_words,
)

_STATUS_WORDS = {
    "done": N_("Done"),
    "todo": N_("Still to do"),
    "not_applicable": N_("Does not apply"),
    "current": N_("In progress"),
}

_CSS = """
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
       color: #1f2329; margin: 2em auto; max-width: 60em; line-height: 1.5; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; border-bottom: 1px solid #d0d3d6; padding-bottom: 0.2em; margin-top: 1.6em; }
.meta { color: #646a73; }
.status { font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin-top: 0.5em; }
th, td { border: 1px solid #d0d3d6; padding: 0.35em 0.6em; text-align: left; vertical-align: top; }
th { background: #f2f3f5; }
td.done { color: #1a7f37; }
td.todo { color: #b26a00; }
ul { margin: 0.3em 0; padding-left: 1.4em; }
.empty { color: #646a73; font-style: italic; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { page-break-after: avoid; }
  tr { page-break-inside: avoid; }
  @page { size: A4; margin: 15mm; }
}
"""


class _Cleaner:
    """Escapes text for HTML after removing anything that looks like a secret."""

    def __init__(self, known_secrets: Iterable[str]) -> None:
        self.secrets = sorted(
            {secret.strip() for secret in known_secrets if len(secret.strip()) >= 4},
            key=len,
            reverse=True,
        )

    def __call__(self, value: object) -> str:
        text = value if isinstance(value, str) else str(value)
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return html.escape(redact(text), quote=True)


def _outcome(state: ReviewState) -> str:
    return {
        ReviewState.UPLOADED: _("Uploaded, not submitted"),
        ReviewState.SUBMITTED: _("In review"),
        ReviewState.APPROVED: _("Approved"),
        ReviewState.PUBLISHED: _("Published"),
        ReviewState.REJECTED: _("Rejected"),
    }[state]


def _route(value: str) -> str:
    return _("From this app") if value == "app" else _("Developer tool")


def _steps_section(steps: Mapping[str, Mapping[str, str]], clean: _Cleaner) -> list[str]:
    out = [f"<h2>{clean(_('Steps'))}</h2>"]
    if not steps:
        return [*out, f'<p class="empty">{clean(_("No steps recorded."))}</p>']
    out.append(f"<table><tr><th>{clean(_('Step'))}</th><th>{clean(_('Status'))}</th></tr>")
    for step_id, info in steps.items():
        title = info.get("title") if isinstance(info, Mapping) else None
        status = info.get("status") if isinstance(info, Mapping) else None
        status_key = status if isinstance(status, str) else ""
        words = _(_STATUS_WORDS[status_key]) if status_key in _STATUS_WORDS else status_key
        css = "done" if status_key == "done" else "todo" if status_key == "todo" else ""
        out.append(
            f'<tr><td>{clean(title or step_id)}</td><td class="{css}">{clean(words)}</td></tr>'
        )
    out.append("</table>")
    return out


def _domains_section(domains: Mapping[str, Sequence[str]], clean: _Cleaner) -> list[str]:
    out = [f"<h2>{clean(_('Server domains entered'))}</h2>"]
    filled = {kind: list(hosts) for kind, hosts in domains.items() if hosts}
    if not filled:
        return [*out, f'<p class="empty">{clean(_("No domains recorded."))}</p>']
    out.append(f"<table><tr><th>{clean(_('List'))}</th><th>{clean(_('Domains'))}</th></tr>")
    for kind, hosts in filled.items():
        items = "".join(f"<li>{clean(host)}</li>" for host in hosts)
        out.append(f"<tr><td>{clean(kind)}</td><td><ul>{items}</ul></td></tr>")
    out.append("</table>")
    return out


def _versions_section(history: ReleaseHistory, clean: _Cleaner) -> list[str]:
    out = [f"<h2>{clean(_('Versions and reviews'))}</h2>"]
    live = history.live_version()
    if live:
        out.append(f"<p>{clean(_('Live version: {version}').format(version=live))}</p>")
    if not history.releases:
        return [*out, f'<p class="empty">{clean(_("No version uploaded yet."))}</p>']
    headers = (_("Version"), _("Uploaded"), _("How"), _("Submitted"), _("Outcome"), _("Date"))
    out.append("<table><tr>" + "".join(f"<th>{clean(h)}</th>" for h in headers) + "</tr>")
    for release in reversed(history.releases):
        outcome = _outcome(release.state)
        if release.state is ReviewState.REJECTED and release.rejection_reason:
            outcome = _("Rejected: {reason}").format(reason=release.rejection_reason)
        decided = (
            release.last(EventKind.PUBLISHED)
            or release.last(EventKind.REJECTED)
            or release.last(EventKind.APPROVED)
        )
        withdrawn = release.last(EventKind.WITHDRAWN)
        if release.state is ReviewState.UPLOADED and withdrawn is not None:
            outcome = _("Withdrawn from review")
            decided = withdrawn
        cells = (
            release.version,
            local_day(release.uploaded_at),
            _route(release.route.value),
            local_day(release.submitted_at),
            outcome,
            local_day(decided),
        )
        out.append("<tr>" + "".join(f"<td>{clean(cell)}</td>" for cell in cells) + "</tr>")
    out.append("</table>")
    return out


def build_report(
    *,
    program_name: str,
    appid: str,
    steps: Mapping[str, Mapping[str, str]],
    domains: Mapping[str, Sequence[str]],
    history: ReleaseHistory,
    known_secrets: Iterable[str] = (),
    now: float | None = None,
) -> str:
    """The report as a complete HTML document in the current language."""
    clean = _Cleaner(known_secrets)
    moment = time.time() if now is None else now
    language = "zh-CN" if current_language().startswith("zh") else "en"
    title = _("Publishing report: {name}").format(name=program_name)
    state = status_words(history, moment)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{clean(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{clean(title)}</h1>",
        '<p class="meta">'
        + clean(
            _("AppID: {appid} · made on {date} by 发布助手").format(
                appid=appid or "-", date=local_day(moment)
            )
        )
        + "</p>",
    ]
    if state:
        parts.append(f'<p class="status">{clean(state)}</p>')
    parts += _steps_section(steps, clean)
    parts += _domains_section(domains, clean)
    parts += _versions_section(history, clean)
    parts.append(
        '<p class="meta">'
        + clean(_("This report contains no AppSecret and no upload token."))
        + "</p></body></html>"
    )
    return "\n".join(parts) + "\n"


def report_file_name(program_name: str) -> str:
    """The file name a save dialog suggests: the program's name made a safe single name."""
    return safe_file_name(
        _("{name} publishing report.html").format(name=program_name),
        fallback=_("publishing report.html"),
    )


def save_report(text: str, path: Path) -> None:
    """Write the report next to its final name, then rename: never a half-written file.

    Raises OSError; the page turns it into a sentence (the folder is the merchant's choice).
    """
    write_text_atomically(path, text)
