"""The merchant's code package: safe extraction into a folder, and a report on what is in it.

Contract: ``extract_package(zip_path, dest_dir, *, appid=None, progress=None, cancel=None)``
returns a ``PackageReport`` and raises ``PackageError`` (user-facing ``message``) for anything
it refuses. Extraction goes into a temporary sibling of the destination that is renamed into
place only when complete, so an error or a cancel never leaves half a package behind.
"""

from __future__ import annotations

import enum
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from wizard.core import platform_facts as facts
from wizard.core import safe_json
from wizard.core.atomic import write_text_atomically
from wizard.core.i18n import _
from wizard.core.package.provider_edits import find_provider_edits
from wizard.core.package.zipsafe import (
    FREE_SPACE_MARGIN,
    CancelCallback,
    Member,
    PackageCancelled,
    PackageError,
    ProgressCallback,
    extract_members,
    format_size,
    is_disk_full,
    open_archive,
    plan_members,
)
from wizard.core.sizes import Rounding

__all__ = [
    "PackageCancelled",
    "PackageError",
    "PackageReport",
    "Problem",
    "Severity",
    "SubpackageReport",
    "extract_package",
    "format_size",
    "inspect_folder",
]

# A project root is recognised by either of these files.
ROOT_MARKERS: Final = frozenset({facts.PROJECT_CONFIG, facts.APP_JSON})
# Tool settings beside the code; the developer tool does not upload them.
PROJECT_SETTINGS_FILES: Final = frozenset({facts.PROJECT_CONFIG, "project.private.config.json"})
PARTIAL_MARK: Final = ".partial-"
# About two seconds in all, then the last attempt's error is reported.
RENAME_RETRY_DELAYS: Final = (0.05, 0.1, 0.2, 0.4, 0.5, 0.75)


class Severity(enum.Enum):
    """How much a problem matters: BLOCKING stops the upload, WARNING only deserves a look."""

    BLOCKING = "blocking"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """Something wrong with the package: a stable code, its severity, and what to do."""

    code: str
    severity: Severity
    message: str

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.BLOCKING

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "severity": self.severity.value, "message": self.message}


@dataclass(frozen=True)
class SubpackageReport:
    """One subpackage declared in app.json, with its size against the platform limit."""

    root: str
    size: int
    exists: bool
    limit: int = facts.PACKAGE_SUBPACKAGE_LIMIT

    @property
    def within_limit(self) -> bool:
        return self.size <= self.limit

    def to_dict(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "size": self.size,
            "limit": self.limit,
            "exists": self.exists,
            "within_limit": self.within_limit,
        }


@dataclass
class PackageReport:
    """What an extracted code package holds and whether it can be uploaded as it is."""

    root: Path
    file_count: int = 0
    total_size: int = 0
    # Folder of the mini-program code inside root (project.config.json's miniprogramRoot).
    code_folder: str = ""
    main_size: int = 0
    subpackages: list[SubpackageReport] = field(default_factory=list)
    has_app_json: bool = False
    entry_script: str | None = None
    has_project_config: bool = False
    found_appid: str | None = None
    appid: str | None = None
    appid_is_placeholder: bool = False
    appid_differs: bool = False
    appid_written: bool = False
    # "ttappid" overrides "appid" for the developer tool and the CLI: what it held, and whether
    # it was overwritten with the merchant's AppID so both agree.
    found_ttappid: str | None = None
    ttappid_written: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def code_size(self) -> int:
        """What counts toward the platform's total limit: main package plus subpackages."""
        return self.main_size + sum(sub.size for sub in self.subpackages)

    @property
    def total_within_limit(self) -> bool:
        return self.code_size <= facts.PACKAGE_TOTAL_LIMIT

    @property
    def main_within_limit(self) -> bool:
        return self.main_size <= facts.PACKAGE_MAIN_LIMIT

    @property
    def missing_files(self) -> list[str]:
        missing = [] if self.has_app_json else [facts.APP_JSON]
        if self.entry_script is None:
            missing.append(facts.PACKAGE_ENTRY_SCRIPTS[0])
        if not self.has_project_config:
            missing.append(facts.PROJECT_CONFIG)
        return missing

    @property
    def can_upload(self) -> bool:
        return not any(problem.blocking for problem in self.problems)

    @property
    def blocking_problems(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.blocking]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.blocking]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (paths as strings, enums as their values)."""
        return {
            "root": str(self.root),
            "file_count": self.file_count,
            "total_size": self.total_size,
            "code_folder": self.code_folder,
            "code_size": self.code_size,
            "main_size": self.main_size,
            "subpackages": [sub.to_dict() for sub in self.subpackages],
            "limits": {
                "total": facts.PACKAGE_TOTAL_LIMIT,
                "main": facts.PACKAGE_MAIN_LIMIT,
                "subpackage": facts.PACKAGE_SUBPACKAGE_LIMIT,
            },
            "total_within_limit": self.total_within_limit,
            "main_within_limit": self.main_within_limit,
            "has_app_json": self.has_app_json,
            "entry_script": self.entry_script,
            "has_project_config": self.has_project_config,
            "missing_files": self.missing_files,
            "found_appid": self.found_appid,
            "appid": self.appid,
            "appid_is_placeholder": self.appid_is_placeholder,
            "appid_differs": self.appid_differs,
            "appid_written": self.appid_written,
            "found_ttappid": self.found_ttappid,
            "ttappid_written": self.ttappid_written,
            "problems": [problem.to_dict() for problem in self.problems],
            "can_upload": self.can_upload,
        }


# --- extraction -----------------------------------------------------------------------------


def extract_package(
    zip_path: str | os.PathLike[str],
    dest_dir: str | os.PathLike[str],
    *,
    appid: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> PackageReport:
    """Unzip the project root of a code package into dest_dir and report on it."""
    source = Path(zip_path)
    dest = Path(dest_dir).absolute()
    wanted = _checked_appid(appid)
    _check_destination(dest)
    with open_archive(source) as archive:
        members = plan_members(archive, source.stat().st_size)
        selected = select_project(members)
        _check_free_space(dest, sum(member.info.file_size for member, _parts in selected))
        partial = _make_partial(dest)
        try:
            extract_members(archive, selected, partial, progress, cancel)
            report = _inspect(partial, wanted)
            _move_into_place(partial, dest)
        except BaseException as exc:
            # Whatever went wrong (including Ctrl+C), no half-extracted folder stays behind.
            shutil.rmtree(partial, ignore_errors=True)
            if isinstance(exc, OSError):
                raise _write_error(exc, dest) from exc
            raise
    report.root = dest
    return report


def inspect_folder(path: str | os.PathLike[str], appid: str | None = None) -> PackageReport:
    """Report on an already unzipped package (its root, or a folder wrapping it)."""
    folder = Path(path)
    if not folder.is_dir():
        raise PackageError(
            _("{path} is not a folder. Choose the folder of the unzipped code package.").format(
                path=folder
            ),
            "not-folder",
        )
    wanted = _checked_appid(appid)
    root = _find_root_in_folder(folder)
    try:
        return _inspect(root, wanted)
    except OSError as exc:
        raise _write_error(exc, root) from exc


def select_project(members: list[Member]) -> list[tuple[Member, tuple[str, ...]]]:
    """The members of the project root (at the top or in one wrapper folder), re-rooted."""
    files = [member.parts for member in members if not member.is_dir]
    if any(len(parts) == 1 and parts[0] in ROOT_MARKERS for parts in files):
        prefix: tuple[str, ...] = ()
    else:
        wrappers = sorted({p[0] for p in files if len(p) == 2 and p[1] in ROOT_MARKERS})
        if not wrappers:
            raise _no_project()
        if len(wrappers) > 1:
            raise _several_projects(wrappers)
        prefix = (wrappers[0],)
    depth = len(prefix)
    return [
        (member, member.parts[depth:])
        for member in members
        if member.parts[:depth] == prefix and len(member.parts) > depth
    ]


def _find_root_in_folder(folder: Path) -> Path:
    if any((folder / marker).is_file() for marker in ROOT_MARKERS):
        return folder
    wrappers = sorted(
        child.name
        for child in folder.iterdir()
        if child.is_dir() and any((child / marker).is_file() for marker in ROOT_MARKERS)
    )
    if not wrappers:
        raise _no_project()
    if len(wrappers) > 1:
        raise _several_projects(wrappers)
    return folder / wrappers[0]


def _no_project() -> PackageError:
    return PackageError(
        _(
            "No mini-program project was found in the code package: there is no "
            "project.config.json or app.json at the top or in one folder. Check that you "
            "downloaded the code package with “一键打包” (one-click packaging)."
        ),
        "no-project",
    )


def _several_projects(names: list[str]) -> PackageError:
    return PackageError(
        _(
            "The code package holds more than one project ({names}). Ask your provider for "
            "the package of this mini-program only."
        ).format(names=", ".join(names)),
        "several-projects",
    )


def _checked_appid(appid: str | None) -> str | None:
    if appid is None:
        return None
    cleaned = appid.strip().lower()
    if not facts.APPID_PATTERN.match(cleaned):
        raise PackageError(
            _(
                "“{appid}” is not a valid AppID: it starts with tt, followed by 16 or 18 "
                "digits and letters a-f. Copy it again from the developer platform."
            ).format(appid=appid.strip()),
            "invalid-appid",
        )
    return cleaned


# --- destination ----------------------------------------------------------------------------


def _check_destination(dest: Path) -> None:
    """Refuse a destination that is a file or a non-empty folder; create missing parents."""
    if dest.is_dir():
        if any(dest.iterdir()):
            raise _dest_not_empty(dest)
        return
    if dest.exists() or dest.is_symlink():
        raise PackageError(
            _("{path} is a file, not a folder. Choose an empty or new folder.").format(path=dest),
            "dest-is-file",
        )
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(exc, dest) from exc


def _dest_not_empty(dest: Path) -> PackageError:
    return PackageError(
        _(
            "The folder {path} is not empty. Choose an empty or new folder for the code "
            "package, so nothing in it gets overwritten."
        ).format(path=dest),
        "dest-not-empty",
    )


def _check_free_space(dest: Path, needed: int) -> None:
    try:
        free = shutil.disk_usage(dest.parent).free
    except OSError:
        return  # Unknown free space: extraction itself will report a full disk.
    if free < needed + FREE_SPACE_MARGIN:
        raise PackageError(
            _(
                "There is not enough free space on the disk of {path} to unzip the code "
                "package ({size} needed). Free up some space or choose a folder on another disk."
            ).format(path=dest.parent, size=format_size(needed, Rounding.UP)),
            "no-space",
        )


def _make_partial(dest: Path) -> Path:
    """A hidden temporary sibling of dest: same disk, so the final rename is atomic."""
    try:
        return Path(tempfile.mkdtemp(prefix=f".{dest.name}{PARTIAL_MARK}", dir=dest.parent))
    except OSError as exc:
        raise _write_error(exc, dest) from exc


def _move_into_place(partial: Path, dest: Path) -> None:
    had_empty_folder = dest.is_dir()
    if had_empty_folder:
        try:
            # Windows cannot rename onto an existing folder, so the empty one goes first.
            dest.rmdir()
        except OSError:
            raise _dest_not_empty(dest) from None
    try:
        _rename_with_retry(partial, dest)
    except OSError:
        if had_empty_folder:
            dest.mkdir(exist_ok=True)  # leave the merchant's chosen folder as it was
        raise


def _rename_with_retry(source: Path, target: Path) -> None:
    """Rename, retrying briefly: Windows antivirus often holds freshly written files a moment."""
    for delay in RENAME_RETRY_DELAYS:
        try:
            os.rename(source, target)
            return
        except PermissionError:
            time.sleep(delay)
    os.rename(source, target)


def _write_error(exc: OSError, dest: Path) -> PackageError:
    if is_disk_full(exc):
        return PackageError(
            _(
                "The disk became full while unzipping into {path}. Free up some space or "
                "choose a folder on another disk, then try again."
            ).format(path=dest),
            "no-space",
        )
    return PackageError(
        _(
            "The code package could not be written into {path} ({reason}). Choose another "
            "folder, for example one in your Documents."
        ).format(path=dest, reason=exc.strerror or exc),
        "write-failed",
    )


# --- inspection -----------------------------------------------------------------------------


@dataclass
class _JsonFile:
    """A JSON file read from the package: whether it exists, and its object if it parsed."""

    exists: bool
    data: dict[str, Any] | None
    text: str = ""


def _read_json(path: Path) -> _JsonFile:
    try:
        # utf-8-sig: Windows Notepad saves JSON with a byte order mark.
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return _JsonFile(False, None)
    except (OSError, UnicodeDecodeError):
        return _JsonFile(True, None)
    try:
        # Bounded: a hostile package's JSON (nested 100,000 deep, huge numbers) is "damaged".
        data = safe_json.loads(text)
    except safe_json.UnusableJson:
        return _JsonFile(True, None, text)
    return _JsonFile(True, data if isinstance(data, dict) else None, text)


def _inspect(root: Path, appid: str | None) -> PackageReport:
    report = PackageReport(root=root)
    config = _read_json(root / facts.PROJECT_CONFIG)
    report.has_project_config = config.exists
    code_folder = _code_folder(config, report)
    code_root = root.joinpath(*code_folder.split("/")) if code_folder else root
    app_json = _read_json(code_root / facts.APP_JSON)
    report.has_app_json = app_json.exists
    report.entry_script = next(
        (name for name in facts.PACKAGE_ENTRY_SCRIPTS if (code_root / name).is_file()), None
    )
    _measure(report, root, code_folder, _subpackage_roots(app_json.data))
    _check_files(report, config, app_json)
    _check_appid(report, root, config, appid)
    _check_sizes(report)
    # What the provider may need to edit (siteinfo.js, the base library): said, never changed.
    for edit in find_provider_edits(root, code_root, config.data):
        report.problems.append(Problem(edit.code, Severity.WARNING, edit.message))
    return report


def _code_folder(config: _JsonFile, report: PackageReport) -> str:
    """project.config.json's miniprogramRoot as a safe relative folder ('' for the root)."""
    value = (config.data or {}).get("miniprogramRoot", "")
    if not isinstance(value, str):
        return ""
    folder = _clean_folder(value)
    if folder is None or (folder and not report.root.joinpath(*folder.split("/")).is_dir()):
        report.problems.append(
            Problem(
                "code-folder-missing",
                Severity.BLOCKING,
                _(
                    "project.config.json says the mini-program code is in the folder “{folder}”, "
                    "but the package has no such folder. Ask your provider for a complete package."
                ).format(folder=value),
            )
        )
        return ""
    report.code_folder = folder
    return folder


def _clean_folder(value: str) -> str | None:
    """A relative folder as 'a/b' ('' for the root), or None if it points outside."""
    parts = [p for p in value.replace("\\", "/").split("/") if p not in ("", ".")]
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or ".." in parts:
        return None
    return "/".join(parts)


def _subpackage_roots(app: dict[str, Any] | None) -> list[str]:
    declared = (app or {}).get("subpackages") or (app or {}).get("subPackages") or []
    roots: list[str] = []
    if not isinstance(declared, list):
        return roots
    for entry in declared:
        root = entry.get("root") if isinstance(entry, dict) else None
        cleaned = _clean_folder(root) if isinstance(root, str) else None
        if cleaned and cleaned not in roots:
            roots.append(cleaned)
    return roots


def _walk_files(folder: Path, prefix: str = "") -> Iterator[tuple[str, int]]:
    """(relative path, size) of every file below folder; links to folders are not followed."""
    with os.scandir(folder) as entries:
        for entry in entries:
            relative = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                yield from _walk_files(Path(entry.path), relative + "/")
            elif entry.is_file():
                yield relative, entry.stat().st_size


def _measure(report: PackageReport, root: Path, code_folder: str, sub_roots: list[str]) -> None:
    """Count files, and split the code's bytes between the main package and subpackages."""
    code_prefix = f"{code_folder}/" if code_folder else ""
    sub_sizes = dict.fromkeys(sub_roots, 0)
    for relative, size in _walk_files(root):
        report.file_count += 1
        report.total_size += size
        if not relative.startswith(code_prefix) or relative in PROJECT_SETTINGS_FILES:
            continue
        inside = relative[len(code_prefix) :]
        owner = next((sub for sub in sub_roots if inside.startswith(sub + "/")), None)
        if owner is None:
            report.main_size += size
        else:
            sub_sizes[owner] += size
    code_root = root.joinpath(*code_folder.split("/")) if code_folder else root
    report.subpackages = [
        SubpackageReport(sub, size, code_root.joinpath(*sub.split("/")).is_dir())
        for sub, size in sub_sizes.items()
    ]


def _check_files(report: PackageReport, config: _JsonFile, app_json: _JsonFile) -> None:
    for missing in report.missing_files:
        report.problems.append(
            Problem(
                "missing-file",
                Severity.BLOCKING,
                _(
                    "The code package has no {file}, so the developer tool cannot open it. "
                    "Download the complete code package with “一键打包” (one-click packaging), "
                    "or ask your provider."
                ).format(file=missing),
            )
        )
    for name, parsed in ((facts.PROJECT_CONFIG, config), (facts.APP_JSON, app_json)):
        if parsed.exists and parsed.data is None:
            report.problems.append(
                Problem(
                    "damaged-json",
                    Severity.BLOCKING,
                    _(
                        "{file} in the code package is damaged (it is not valid JSON), so the "
                        "developer tool cannot open it. Ask your provider for a new package."
                    ).format(file=name),
                )
            )
    for sub in report.subpackages:
        if not sub.exists:
            report.problems.append(
                Problem(
                    "subpackage-missing",
                    Severity.WARNING,
                    _(
                        "app.json declares the subpackage “{name}”, but its folder is missing. "
                        "The developer tool may refuse the package: ask your provider."
                    ).format(name=sub.root),
                )
            )


def _check_sizes(report: PackageReport) -> None:
    if not report.total_within_limit:
        report.problems.append(
            Problem(
                "total-too-large",
                Severity.BLOCKING,
                _(
                    "The code package is {size}, but a mini-program may be at most {limit} in "
                    "total. Ask your provider to make it smaller."
                ).format(
                    size=format_size(report.code_size, Rounding.UP),
                    limit=format_size(facts.PACKAGE_TOTAL_LIMIT, Rounding.UP),
                ),
            )
        )
    if not report.main_within_limit:
        report.problems.append(
            Problem(
                "main-too-large",
                Severity.BLOCKING,
                _(
                    "The main package is {size}, but it may be at most {limit}. Ask your "
                    "provider to make it smaller or to move pages into subpackages."
                ).format(
                    size=format_size(report.main_size, Rounding.UP),
                    limit=format_size(facts.PACKAGE_MAIN_LIMIT, Rounding.UP),
                ),
            )
        )
    for sub in report.subpackages:
        if not sub.within_limit:
            report.problems.append(
                Problem(
                    "subpackage-too-large",
                    Severity.BLOCKING,
                    _(
                        "The subpackage “{name}” is {size}, but each subpackage may be at most "
                        "{limit}. Ask your provider to make it smaller."
                    ).format(
                        name=sub.root,
                        size=format_size(sub.size, Rounding.UP),
                        limit=format_size(sub.limit, Rounding.UP),
                    ),
                )
            )


# --- AppID ----------------------------------------------------------------------------------


def _check_appid(report: PackageReport, root: Path, config: _JsonFile, wanted: str | None) -> None:
    """Record the package's AppID, write the merchant's in if given, flag what would fail."""
    data = config.data
    found = data.get("appid") if data is not None else None
    found_text = found.strip() if isinstance(found, str) else None
    override = data.get(facts.PROJECT_CONFIG_TTAPPID) if data is not None else None
    override_text = override.strip() if isinstance(override, str) else None
    report.found_ttappid = override_text
    # The developer tool and the CLI read "ttappid" instead of "appid" when it is set.
    effective = override_text or found_text
    report.found_appid = report.appid = found_text
    report.appid_is_placeholder = _is_placeholder(effective or "")
    if wanted is not None:
        report.appid_differs = (effective or "").lower() != wanted
    if data is None:
        return  # Missing or damaged project.config.json is reported already.
    if wanted is not None:
        stale_override = facts.PROJECT_CONFIG_TTAPPID in data and override != wanted
        if found != wanted or stale_override:
            _write_appid(root / facts.PROJECT_CONFIG, config, wanted)
            report.appid_written = True
            report.ttappid_written = stale_override
        report.appid = wanted
        return
    report.appid = effective
    problem = _appid_problem(effective)
    if problem is not None:
        report.problems.append(problem)
    elif override_text and found_text and override_text.lower() != found_text.lower():
        report.problems.append(
            Problem(
                "appid-ttappid-differs",
                Severity.WARNING,
                _(
                    "project.config.json holds two AppIDs: “{appid}” under appid and "
                    "“{ttappid}” under ttappid. The developer tool uses “{ttappid}”. Enter your "
                    "mini-program's AppID so both say the same."
                ).format(appid=found_text, ttappid=override_text),
            )
        )


def _is_placeholder(appid: str) -> bool:
    """testappId and friends, and the CLI's built-in test AppIDs they stand for (exact match)."""
    lowered = appid.strip().lower()
    return lowered in facts.PLACEHOLDER_APPIDS or lowered in facts.CLI_TEST_APPIDS


def _appid_problem(found: str | None) -> Problem | None:
    if not found:
        message = _(
            "project.config.json has no AppID. Enter your mini-program's AppID so it can be "
            "written in."
        )
        return Problem("appid-missing", Severity.BLOCKING, message)
    if _is_placeholder(found):
        message = _(
            "The code package still has the placeholder AppID “{appid}”, which can never be "
            "uploaded. Enter your mini-program's AppID so it can be written into "
            "project.config.json."
        ).format(appid=found)
        return Problem("appid-placeholder", Severity.BLOCKING, message)
    if facts.WECHAT_APPID_PATTERN.match(found):
        message = _(
            "The AppID “{appid}” in project.config.json belongs to a WeChat mini-program. "
            "Download the ByteDance (字节跳动) code package from your provider instead."
        ).format(appid=found)
        return Problem("appid-wechat", Severity.BLOCKING, message)
    if not facts.APPID_PATTERN.match(found):
        message = _(
            "The AppID “{appid}” in project.config.json is not a valid Douyin mini-program "
            "AppID (those start with tt). Enter your mini-program's AppID so it can be "
            "written in."
        ).format(appid=found)
        return Problem("appid-invalid", Severity.BLOCKING, message)
    return None


def _write_appid(path: Path, config: _JsonFile, appid: str) -> None:
    """Set "appid" (and "ttappid" when present, so both agree) keeping the other fields, their
    order and the indentation, atomically."""
    assert config.data is not None
    data = dict(config.data)
    data["appid"] = appid
    if facts.PROJECT_CONFIG_TTAPPID in data:
        data[facts.PROJECT_CONFIG_TTAPPID] = appid
    text = json.dumps(data, ensure_ascii=False, indent=_indent_of(config.text))
    if config.text.endswith("\n"):
        text += "\n"
    try:
        # The merchant's file keeps its permissions (their editor or tool may need them).
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0o644
    write_text_atomically(path, text, mode=mode)


def _indent_of(text: str) -> str | None:
    """The indentation of the first nested line, or None for a single-line file."""
    match = re.search(r"\{[ \t]*\r?\n([ \t]+)\S", text)
    if match:
        return match.group(1)
    return "  " if "\n" in text.strip() else None


def is_partial_folder(path: Path) -> bool:
    """True for a temporary extraction folder (a leftover if the app was killed mid-way)."""
    from wizard.core.housekeeping import PARTIAL_FOLDER  # the one rule for the name

    return PARTIAL_FOLDER.match(path.name) is not None
