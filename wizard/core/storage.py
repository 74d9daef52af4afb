"""JSON documents on disk: atomic writes, a schema version, and corrupt files moved aside."""

from __future__ import annotations

import errno
import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wizard.core import safe_json
from wizard.core.atomic import sweep_temporary_files, write_atomically
from wizard.core.i18n import N_, _

log = logging.getLogger(__name__)

Migration = Callable[[dict[str, Any]], dict[str, Any]]
# Far beyond any settings or state file; a bigger one is not ours (or not intact).
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024


class StorageError(Exception):
    """A document could not be written; `message` says so in a sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class LoadResult:
    """What was read, and a sentence for the merchant if the file had to be set aside."""

    data: dict[str, Any]
    # Renders the sentence in the language current when called: the problem is found before
    # the merchant's language is applied, and the page shows it again after each switch.
    problem_text: Callable[[], str] | None = None
    moved_to: Path | None = None

    @property
    def problem(self) -> str:
        """The sentence in the current language; empty when the file was fine."""
        return self.problem_text() if self.problem_text is not None else ""


class JsonDocument:
    """One JSON file with a schema version, read tolerantly and written atomically."""

    def __init__(
        self,
        path: Path,
        schema_version: int,
        migrations: Mapping[int, Migration] | None = None,
    ) -> None:
        self.path = path
        self.schema_version = schema_version
        # migrations[n] upgrades a version-n document to version n + 1.
        self.migrations = dict(migrations or {})
        # Set when the file exists but could be neither read nor moved aside (locked by a
        # backup tool or antivirus, say): then nothing may be written over it.
        self.protected_reason = ""

    def load(self) -> LoadResult:
        """Read the document; a missing file is empty, an unreadable one is moved aside."""
        self.protected_reason = ""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return LoadResult({})
        except OSError as exc:
            # Not damaged, just not readable now: keep it as it is and write nothing over it.
            log.warning("cannot read %s: %s", self.path, exc)
            self.protected_reason = exc.strerror or type(exc).__name__
            return LoadResult({}, self._protected_text())
        if len(raw) > MAX_DOCUMENT_BYTES:
            return self._set_aside(N_("it was damaged"))
        try:
            data = safe_json.loads(raw)
        except safe_json.UnusableJson as exc:
            log.warning("%s is unusable: %s", self.path, exc.reason)
            return self._set_aside(N_("it was damaged"))
        if not isinstance(data, dict):
            return self._set_aside(N_("it was damaged"))
        version = data.get("schema_version", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 0:
            return self._set_aside(N_("it was damaged"))
        if version > self.schema_version:
            # Written by a newer app: keep it for that app rather than misreading it.
            return self._set_aside(N_("it was written by a newer version of this app"))
        while version < self.schema_version:
            upgrade = self.migrations.get(version)
            if upgrade is not None:
                try:
                    data = upgrade(data)
                except (LookupError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
                    # Old data the upgrade did not expect: keep the file for support.
                    log.warning("cannot upgrade %s from %s: %r", self.path, version, exc)
                    return self._set_aside(N_("it was damaged"))
            version += 1
        data["schema_version"] = self.schema_version
        return LoadResult(data)

    def save(self, data: Mapping[str, Any]) -> None:
        """Write atomically (wizard/core/atomic.py: flushed, renamed over, folder flushed)."""
        if self.protected_reason:
            raise StorageError(self._protected_message())
        document = dict(data)
        document["schema_version"] = self.schema_version
        try:
            # Serialised before any file is touched: a value that cannot be written (a lone
            # surrogate is replaced; a non-finite number is refused) never leaves a temp file.
            payload = safe_json.dumps(
                document, ensure_ascii=False, indent=2, sort_keys=True
            ).encode("utf-8")
        except safe_json.UnusableJson as exc:
            log.error("cannot serialise %s: %s", self.path, exc.reason)
            raise StorageError(self._write_failure(OSError(errno.EINVAL, exc.reason))) from exc
        try:
            write_atomically(self.path, payload)
        except OSError as exc:
            raise StorageError(self._write_failure(exc)) from exc

    def remove_leftovers(self) -> list[Path]:
        """Delete temporary files of saves interrupted by a kill; call while no save runs."""
        removed = sweep_temporary_files(self.path.parent, (self.path.name,))
        for leftover in removed:
            log.info("removed an interrupted save's temporary file %s", leftover)
        return removed

    def _protected_message(self) -> str:
        return self._protected_text()()

    def _protected_text(self) -> Callable[[], str]:
        """The protected-file sentence for this moment's reason, rendered when shown."""
        path, reason = self.path, self.protected_reason
        return lambda: _(
            "Your saved file {path} could not be opened ({reason}), so the app leaves it "
            "untouched and saves nothing over it. Close programs that may be using it (backup "
            "or antivirus), then restart the app."
        ).format(path=path, reason=reason)

    def _write_failure(self, exc: OSError) -> str:
        log.error("cannot write %s: %s", self.path, exc)
        return _(
            "Your answers could not be saved to {path} ({reason}). They are kept while the app "
            "is open; free some disk space or check the folder's permissions, then try again."
        ).format(path=self.path, reason=exc.strerror or exc.__class__.__name__)

    def _set_aside(self, why: str) -> LoadResult:
        """Move the file aside; `why` is an N_() msgid, translated when the sentence is shown."""
        try:
            moved = move_aside(self.path)
        except OSError as exc:
            log.error("cannot move %s aside: %s", self.path, exc)
            self.protected_reason = exc.strerror or type(exc).__name__
            return LoadResult({}, self._protected_text())
        log.warning("set aside %s (%s) -> %s", self.path, why, moved)
        name = self.path.name

        def problem() -> str:
            return _(
                "Your saved file {name} could not be used because {why}; it was kept as {kept} "
                "for support and the app started fresh."
            ).format(name=name, why=_(why), kept=moved)

        return LoadResult({}, problem, moved)


def move_aside(path: Path) -> Path:
    """Rename path to <stem>.unreadable-<time>[-n]<suffix>, never replacing an existing file."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for number in range(1, 1000):
        extra = "" if number == 1 else f"-{number}"
        target = path.with_name(f"{path.stem}.unreadable-{stamp}{extra}{path.suffix}")
        try:
            rename_without_replacing(path, target)
        except FileExistsError:
            continue
        return target
    raise OSError(errno.EEXIST, "no free name to set the file aside", str(path))


def rename_without_replacing(source: Path, target: Path) -> None:
    """Rename; FileExistsError when target exists (os.replace would silently overwrite it)."""
    if os.name == "nt":
        os.rename(source, target)  # Windows refuses an existing target by itself
        return
    try:
        # A hard link is created only if the name is free: atomic, unlike exists() + rename.
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links (FAT on a USB stick): check, then rename.
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.rename(source, target)
        return
    os.unlink(source)
