"""A package report in sentences: what check-package prints and the package page shows."""

from __future__ import annotations

from wizard.core import platform_facts as facts
from wizard.core.i18n import _
from wizard.core.package.extract import PackageReport
from wizard.core.sizes import Rounding, format_size


def describe(report: PackageReport) -> list[str]:
    """The report as plain sentences in the current language, ending with the verdict."""
    verdict = (
        _("The code package can be imported and uploaded.")
        if report.can_upload
        else _("The code package cannot be uploaded as it is.")
    )
    return [*describe_lines(report), verdict]


def describe_lines(report: PackageReport) -> list[str]:
    """What was found, one sentence a line: the page and check-package both show these."""
    lines = [
        _("{count} files, {size} of mini-program code (at most {limit} allowed).").format(
            count=report.file_count,
            size=format_size(report.code_size, Rounding.UP),
            limit=format_size(facts.PACKAGE_TOTAL_LIMIT, Rounding.UP),
        ),
        _("Main package: {size} (at most {limit}).").format(
            size=format_size(report.main_size, Rounding.UP),
            limit=format_size(facts.PACKAGE_MAIN_LIMIT, Rounding.UP),
        ),
    ]
    for sub in report.subpackages:
        lines.append(
            _("Subpackage “{name}”: {size} (at most {limit}).").format(
                name=sub.root,
                size=format_size(sub.size, Rounding.UP),
                limit=format_size(sub.limit, Rounding.UP),
            )
        )
    lines.append(_appid_line(report))
    if report.ttappid_written:
        lines.append(
            _(
                "project.config.json also had “{old}” under ttappid, which the developer tool "
                "reads instead of appid: it now says {appid} there too."
            ).format(old=report.found_ttappid or "", appid=report.appid)
        )
    for problem in report.problems:
        label = _("Must fix:") if problem.blocking else _("Warning:")
        lines.append(f"{label} {problem.message}")
    return lines


def _appid_line(report: PackageReport) -> str:
    if report.appid_written:
        return _("AppID: {appid} (written into project.config.json; it was “{old}”).").format(
            appid=report.appid, old=report.found_appid or ""
        )
    if report.appid:
        return _("AppID: {appid}.").format(appid=report.appid)
    return _("AppID: none found.")
