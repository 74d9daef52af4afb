"""JSON documents on disk: atomic writes, a schema version, and corrupt files moved aside."""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wizard.core.i18n import _

log = logging.getLogger(__name__)

Migration = Callable[[dict[str, Any]], dict[str, Any]]


class StorageError(Exception):
    """A document could not be written; `message` says so in a sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class LoadResult:
    """What was read, and a sentence for the merchant if the file had to be set aside."""

    data: dict[str, Any]
    problem: str = ""
    moved_to: Path | None = None


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
            return LoadResult({}, self._protected_message())
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return self._set_aside(_("it was damaged"))
        if not isinstance(data, dict):
            return self._set_aside(_("it was damaged"))
        version = data.get("schema_version", 1)
        if not isinstance(version, int) or version > self.schema_version:
            # Written by a newer app: keep it for that app rather than misreading it.
            return self._set_aside(_("it was written by a newer version of this app"))
        while version < self.schema_version:
            upgrade = self.migrations.get(version)
            if upgrade is not None:
                data = upgrade(data)
            version += 1
        data["schema_version"] = self.schema_version
        return LoadResult(data)

    def save(self, data: Mapping[str, Any]) -> None:
        """Write atomically: a temporary file in the same folder, flushed, then renamed over."""
        if self.protected_reason:
            raise StorageError(self._protected_message())
        document = dict(data)
        document["schema_version"] = self.schema_version
        payload = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # A unique sibling created exclusively (tempfile's import costs start-up time).
            temp_name = str(self.path.with_name(f".{self.path.name}.{os.urandom(6).hex()}.tmp"))
            handle = os.open(temp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise StorageError(self._write_failure(exc)) from exc
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(payload)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temp_name, self.path)
        except OSError as exc:
            try:
                os.unlink(temp_name)
            except OSError:
                pass
            raise StorageError(self._write_failure(exc)) from exc

    def _protected_message(self) -> str:
        return _(
            "Your saved file {path} could not be opened ({reason}), so the app leaves it "
            "untouched and saves nothing over it. Close programs that may be using it (backup "
            "or antivirus), then restart the app."
        ).format(path=self.path, reason=self.protected_reason)

    def _write_failure(self, exc: OSError) -> str:
        log.error("cannot write %s: %s", self.path, exc)
        return _(
            "Your answers could not be saved to {path} ({reason}). They are kept while the app "
            "is open; free some disk space or check the folder's permissions, then try again."
        ).format(path=self.path, reason=exc.strerror or exc.__class__.__name__)

    def _set_aside(self, why: str) -> LoadResult:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}{self.path.suffix}")
        try:
            os.replace(self.path, target)
            moved = target
        except OSError as exc:
            log.error("cannot move %s aside: %s", self.path, exc)
            self.protected_reason = exc.strerror or type(exc).__name__
            return LoadResult({}, self._protected_message())
        log.warning("set aside %s (%s) -> %s", self.path, why, moved)
        problem = _(
            "Your saved file {name} could not be used because {why}; it was kept as {kept} "
            "for support and the app started fresh."
        ).format(name=self.path.name, why=why, kept=moved)
        return LoadResult({}, problem, moved)
