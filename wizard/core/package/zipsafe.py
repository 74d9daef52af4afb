"""Reading untrusted zip files safely: sniffing, name decoding, limits, member-by-member writing.

Nothing here calls ``extractall``: every member is checked up front (names, links, encryption,
declared sizes) and then streamed into a target folder while the real bytes are counted, so a
hostile or broken archive is refused before it can write outside the target or fill the disk.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final

from wizard.core.filenames import (  # noqa: F401 (re-exported: the package's name rules)
    MAX_NAME_LENGTH,
    WINDOWS_BAD_CHARS,
    WINDOWS_RESERVED,
    windows_name_problem,
)
from wizard.core.i18n import _, join_sentences
from wizard.core.payload import PayloadKind, json_detail, sniff_payload
from wizard.core.sizes import Rounding
from wizard.core.sizes import format_size as format_size

# Limits sized for a mini-program (at most 16 MB packed by the platform) with a wide margin,
# yet small enough that a hostile archive is refused long before it hurts the disk.
MAX_ENTRIES: Final = 20_000
MAX_TOTAL_SIZE: Final = 512 * 1024 * 1024
MAX_RATIO: Final = 200
# Small text (a file of spaces, a JSON table) legitimately compresses far better than 200:1,
# so ratios only count once something would unpack to more than this.
RATIO_FLOOR: Final = 1024 * 1024
CHUNK_SIZE: Final = 1024 * 1024
# Keep a little room on the disk beyond what the package itself needs.
FREE_SPACE_MARGIN: Final = 8 * 1024 * 1024
SNIFF_SIZE: Final = 4096

FLAG_ENCRYPTED: Final = 0x1
FLAG_UTF8: Final = 0x800
SUPPORTED_METHODS: Final = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)
# Info-ZIP's "Unicode Path" extra field: a UTF-8 copy of a legacy-encoded name.
UNICODE_PATH_EXTRA: Final = 0x7075

# Files that archivers and file managers add and that no mini-program needs.
JUNK_FOLDERS: Final = frozenset({"__macosx"})
JUNK_FILES: Final = frozenset({".ds_store", "thumbs.db", "desktop.ini", "icon\r"})
_JUNK_NAMES: Final = JUNK_FOLDERS | JUNK_FILES

ProgressCallback = Callable[[int, int], None]
CancelCallback = Callable[[], bool]


class PackageError(Exception):
    """A code package (or its destination) the app refuses, with a user-facing message."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        # A stable, untranslated reason for the UI and tests to branch on.
        self.code = code


class PackageCancelled(PackageError):
    """Extraction stopped because the user cancelled it."""

    def __init__(self) -> None:
        super().__init__(_("Unzipping was cancelled; nothing was kept."), "cancelled")


@dataclass(frozen=True, slots=True)
class Member:
    """One archive entry that passed the checks, with its safe relative path."""

    info: zipfile.ZipInfo
    parts: tuple[str, ...]
    is_dir: bool


# --- opening and sniffing -------------------------------------------------------------------


def open_archive(path: Path) -> zipfile.ZipFile:
    """Open a zip file for reading, or explain in a sentence why this file is not one."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise PackageError(
            _("The file {path} does not exist. Choose the code package you downloaded.").format(
                path=path
            ),
            "not-found",
        ) from None
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if stat.S_ISDIR(info.st_mode):
        raise PackageError(
            _("{path} is a folder, not a zip file. Choose the .zip file you downloaded.").format(
                path=path
            ),
            "is-folder",
        )
    if not stat.S_ISREG(info.st_mode):
        # A named pipe or a device has no size: never "empty", and never opened (a pipe
        # would block the reader, /dev/zero never ends).
        raise PackageError(
            _(
                "{path} is not an ordinary file (it is a device, a pipe or a socket). "
                "Choose the .zip file you downloaded."
            ).format(path=path),
            "not-a-file",
        )
    if info.st_size == 0:
        raise PackageError(
            _(
                "The file {path} is empty. The download probably failed: "
                "download the code package again."
            ).format(path=path),
            "empty",
        )
    try:
        with open(path, "rb") as fp:
            head = fp.read(SNIFF_SIZE)
            entries = declared_entry_count(fp, info.st_size)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if entries is None:
        raise not_a_zip(head)
    # Checked before zipfile reads the directory: a million-entry archive would take it
    # seconds and hundreds of MB just to list.
    if entries > MAX_ENTRIES:
        raise _too_many_entries(entries)
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError):
        raise PackageError(_damaged_text(), "damaged") from None
    except OSError as exc:
        raise _unreadable(path, exc) from exc


def declared_entry_count(fp: BinaryIO, size: int) -> int | None:
    """The entry count from the end-of-archive record, or None when there is no such record."""
    tail_length = min(size, 22 + 0xFFFF)
    fp.seek(size - tail_length)
    tail = fp.read(tail_length)
    position = tail.rfind(b"PK\x05\x06")
    # The record's comment must end exactly at the end of the file; a match that does not is
    # those four bytes inside a comment, so look further back.
    while position >= 0 and (
        len(tail) - position < 22
        or position + 22 + struct.unpack_from("<H", tail, position + 20)[0] != len(tail)
    ):
        position = tail.rfind(b"PK\x05\x06", 0, position)
    if position < 0:
        return None
    (entries,) = struct.unpack_from("<H", tail, position + 10)
    locator = position - 20
    if entries == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        # Zip64: the real count lives in the zip64 end record the locator points at.
        (record_offset,) = struct.unpack_from("<Q", tail, locator + 8)
        fp.seek(record_offset)
        record = fp.read(40)
        if len(record) == 40 and record[:4] == b"PK\x06\x06":
            (entries,) = struct.unpack_from("<Q", record, 32)
    return int(entries)


def not_a_zip(head: bytes) -> PackageError:
    """Explain what a file that is not a readable zip most likely is, from its first bytes."""
    payload = sniff_payload(head)
    if payload is PayloadKind.HTML:
        return PackageError(_logged_out_text(), "html")
    if payload is PayloadKind.JSON:
        message = _logged_out_text()
        detail = json_detail(head)
        if detail:
            message = join_sentences(message, _("The admin said: {detail}").format(detail=detail))
        return PackageError(message, "json")
    if head.startswith(b"PK\x03\x04"):
        return PackageError(
            _(
                "The download is incomplete: the zip file is cut off. "
                "Download the code package again."
            ),
            "truncated",
        )
    for magic, kind in ((b"Rar!", "RAR"), (b"7z\xbc\xaf\x27\x1c", "7z"), (b"\x1f\x8b", "gzip")):
        if head.startswith(magic):
            return PackageError(
                _(
                    "This file is a {kind} archive, not a zip file. "
                    "Download the code package again with “一键打包” (one-click packaging)."
                ).format(kind=kind),
                "other-archive",
            )
    return PackageError(
        _(
            "This file is not a zip file. Choose the code package you downloaded "
            "with “一键打包” (one-click packaging)."
        ),
        "not-zip",
    )


def _logged_out_text() -> str:
    return _(
        "This file is a page from your provider's admin, not a code package: you were "
        "probably logged out. Log in to the admin again and click “一键打包” "
        "(one-click packaging) again."
    )


def _unreadable(path: Path, exc: OSError) -> PackageError:
    return PackageError(
        _(
            "The file {path} cannot be read ({reason}). Check that no other program is "
            "using it and try again."
        ).format(path=path, reason=exc.strerror or exc),
        "unreadable",
    )


def _damaged_text(name: str = "") -> str:
    if name:
        return _(
            "The file “{name}” in the code package is damaged. Download the code package "
            "again; if this happens again, ask your provider for a new package."
        ).format(name=name)
    return _(
        "The code package is damaged and cannot be unzipped. Download it again; if this "
        "happens again, ask your provider for a new package."
    )


def _too_many_entries(count: int) -> PackageError:
    return PackageError(
        _(
            "The code package holds {count} files, more than the {limit} this app accepts. "
            "This is not a normal mini-program package: ask your provider for a new one."
        ).format(count=count, limit=MAX_ENTRIES),
        "too-many-entries",
    )


# --- names ----------------------------------------------------------------------------------


def decode_name(info: zipfile.ZipInfo) -> str:
    """The entry's name decoded per entry: UTF-8 flag, else UTF-8, GB18030, then CP437."""
    if info.flag_bits & FLAG_UTF8:
        return info.orig_filename
    unicode_path = _unicode_path_extra(info)
    if unicode_path is not None:
        return unicode_path
    # zipfile decoded the raw bytes as CP437, which maps every byte: encoding gives them back.
    raw = info.orig_filename.encode("cp437")
    # Order matters: macOS writes UTF-8 without the flag, Chinese Windows writes GBK (a subset
    # of GB18030); strict UTF-8 rarely accepts GBK bytes by accident, the reverse is common.
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.orig_filename


def _unicode_path_extra(info: zipfile.ZipInfo) -> str | None:
    """The UTF-8 name from an Info-ZIP Unicode Path field, if present and still matching."""
    extra = info.extra
    offset = 0
    while offset + 4 <= len(extra):
        kind, length = struct.unpack_from("<HH", extra, offset)
        body = extra[offset + 4 : offset + 4 + length]
        offset += 4 + length
        if kind != UNICODE_PATH_EXTRA or len(body) < 5 or body[0] != 1:
            continue
        (name_crc,) = struct.unpack_from("<I", body, 1)
        # The field is only valid for the exact legacy name it was written with.
        if name_crc != zlib.crc32(info.orig_filename.encode("cp437")):
            return None
        try:
            return body[5:].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def split_name(name: str) -> tuple[str, ...]:
    """Split an entry name into safe path parts, refusing anything that could leave the target."""
    # Some Windows tools write backslashes as separators; treating them as separators keeps
    # the result the same on every system and lets the ".." check see through them.
    unified = name.replace("\\", "/")
    if "\x00" in unified or unified.startswith("/") or re.match(r"^[A-Za-z]:", unified):
        raise _unsafe_path(name)
    parts = tuple(part for part in unified.split("/") if part not in ("", "."))
    if not parts or ".." in parts:
        raise _unsafe_path(name)
    return parts


def _unsafe_path(name: str) -> PackageError:
    return PackageError(
        _(
            "The code package contains a file with an unsafe path (“{name}”), so nothing was "
            "unzipped. Ask your provider for a new package."
        ).format(name=name),
        "unsafe-path",
    )


def is_junk(parts: tuple[str, ...]) -> bool:
    """True for macOS/Windows clutter (__MACOSX/, ._*, .DS_Store, Thumbs.db, desktop.ini)."""
    if any(part.lower() in JUNK_FOLDERS for part in parts[:-1]):
        return True
    last = parts[-1]
    return last.lower() in _JUNK_NAMES or last.startswith("._")


def _entry_type(info: zipfile.ZipInfo) -> int:
    """The unix file type bits of an entry (0 when the archiver recorded none)."""
    return stat.S_IFMT(info.external_attr >> 16)


# --- planning -------------------------------------------------------------------------------


def plan_members(archive: zipfile.ZipFile, archive_size: int) -> list[Member]:
    """Check every entry up front and return the ones to extract (junk skipped)."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _too_many_entries(len(infos))
    _check_declared_sizes(infos, archive_size)
    members: list[Member] = []
    for info in infos:
        name = decode_name(info)
        parts = split_name(name)
        if is_junk(parts):
            continue
        members.append(_checked_member(info, name, parts))
    _check_collisions(members)
    return members


def _checked_member(info: zipfile.ZipInfo, name: str, parts: tuple[str, ...]) -> Member:
    kind = _entry_type(info)
    if kind == stat.S_IFLNK or kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise PackageError(
            _(
                "The code package contains a link or special file (“{name}”) instead of a "
                "normal file, so nothing was unzipped. Ask your provider for a new package."
            ).format(name=name),
            "link",
        )
    if any(windows_name_problem(part) for part in parts):
        raise PackageError(
            _(
                "The code package contains a name that Windows cannot use (“{name}”), so "
                "nothing was unzipped. Ask your provider for a new package."
            ).format(name=name),
            "reserved-name",
        )
    is_dir = info.is_dir() or kind == stat.S_IFDIR or name.endswith("\\")
    if not is_dir and info.flag_bits & FLAG_ENCRYPTED:
        raise PackageError(
            _(
                "The code package is protected by a password (“{name}” is encrypted), so it "
                "cannot be unzipped. Download it again with “一键打包” (one-click packaging), "
                "or ask your provider for a package without a password."
            ).format(name=name),
            "encrypted",
        )
    if not is_dir and info.compress_type not in SUPPORTED_METHODS:
        raise PackageError(
            _(
                "The code package uses a compression method this app cannot read "
                "(“{name}”). Ask your provider for a standard zip file."
            ).format(name=name),
            "unsupported-method",
        )
    return Member(info, parts, is_dir)


def _check_declared_sizes(infos: Iterable[zipfile.ZipInfo], archive_size: int) -> None:
    """Refuse archives whose headers announce a bomb (the real bytes are counted later too)."""
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * info.compress_size:
            raise _bomb(decode_name(info))
    if total > MAX_TOTAL_SIZE:
        raise _too_large(total)
    if total > RATIO_FLOOR and total > MAX_RATIO * archive_size:
        raise _bomb("")


def _too_large(total: int) -> PackageError:
    return PackageError(
        _(
            "The code package would unzip to {size} or more, more than the {limit} this app "
            "accepts. This is not a normal mini-program package: ask your provider for a new one."
        ).format(
            size=format_size(total, Rounding.UP), limit=format_size(MAX_TOTAL_SIZE, Rounding.UP)
        ),
        "too-large",
    )


def _bomb(name: str) -> PackageError:
    if name:
        message = _(
            "The code package is compressed suspiciously well (“{name}” would grow more than "
            "{ratio} times), so it was not unzipped. Ask your provider for a new package."
        ).format(name=name, ratio=MAX_RATIO)
    else:
        message = _(
            "The code package is compressed suspiciously well (it would grow more than "
            "{ratio} times), so it was not unzipped. Ask your provider for a new package."
        ).format(ratio=MAX_RATIO)
    return PackageError(message, "zip-bomb")


def _check_collisions(members: list[Member]) -> None:
    """Refuse names that would overwrite each other (on Windows and macOS case does not count)."""
    files: set[tuple[str, ...]] = set()
    folders: set[tuple[str, ...]] = set()
    for member in members:
        key = tuple(part.casefold() for part in member.parts)
        if member.is_dir:
            folders.add(key)
            continue
        if key in files:
            raise _duplicate("/".join(member.parts))
        files.add(key)
        folders.update(key[:depth] for depth in range(1, len(key)))
    clash = files & folders
    if clash:
        raise _duplicate("/".join(sorted(clash)[0]))


def _duplicate(name: str) -> PackageError:
    return PackageError(
        _(
            "The code package contains “{name}” more than once (names that differ only in "
            "upper and lower case count as the same). Ask your provider for a new package."
        ).format(name=name),
        "duplicate",
    )


# --- writing --------------------------------------------------------------------------------


class _Progress:
    """Counts written bytes, throttles progress calls and polls for cancellation."""

    def __init__(
        self, total: int, progress: ProgressCallback | None, cancel: CancelCallback | None
    ) -> None:
        self.total = total
        self.done = 0
        self._progress = progress
        self._cancel = cancel
        # About 200 updates for the whole package: smooth for a progress bar, cheap to emit.
        self._step = max(total // 200, 64 * 1024)
        self._next = 0

    def check_cancel(self) -> None:
        if self._cancel is not None and self._cancel():
            raise PackageCancelled()

    def add(self, count: int) -> None:
        self.done += count
        if self.done > MAX_TOTAL_SIZE:
            raise _too_large(self.done)
        if self._progress is not None and self.done >= self._next:
            self._next = self.done + self._step
            self._progress(min(self.done, self.total), self.total)

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(self.total, self.total)


def extract_members(
    archive: zipfile.ZipFile,
    members: list[tuple[Member, tuple[str, ...]]],
    target: Path,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> None:
    """Write each (member, relative parts) under target, counting real bytes as they stream."""
    meter = _Progress(sum(m.info.file_size for m, _parts in members), progress, cancel)
    if progress is not None:
        progress(0, meter.total)
    made: set[str] = {str(target)}
    for member, parts in members:
        meter.check_cancel()
        path = os.path.join(target, *parts)
        if member.is_dir:
            _make_folder(path, made)
            continue
        _make_folder(os.path.dirname(path), made)
        _write_member(archive, member, path, meter)
    meter.finish()


def _make_folder(path: str, made: set[str]) -> None:
    if path not in made:
        os.makedirs(path, exist_ok=True)
        made.add(path)


def _write_member(archive: zipfile.ZipFile, member: Member, path: str, meter: _Progress) -> None:
    declared = member.info.file_size
    written = 0
    name = "/".join(member.parts)
    try:
        with archive.open(member.info) as source, open(path, "xb") as target:
            while True:
                chunk = source.read(CHUNK_SIZE)
                if not chunk:
                    break
                written += len(chunk)
                # Headers can lie: never write more than the entry announced.
                if written > declared:
                    raise PackageError(_damaged_text(name), "damaged")
                target.write(chunk)
                meter.add(len(chunk))
                if written >= CHUNK_SIZE:
                    meter.check_cancel()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        raise PackageError(_damaged_text(name), "damaged") from None
    if written != declared:
        raise PackageError(_damaged_text(name), "damaged")


def is_disk_full(exc: OSError) -> bool:
    """True for 'no space left' and 'quota exceeded' errors."""
    return exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def whole_archive_problem(path: Path) -> PackageError | None:
    """None when the file reads as one whole zip; else why not, in a sentence.

    The end record, the central directory and every entry's local header must agree, which a
    file spliced from two different downloads (the head of one, the tail of another) does
    not. Reads only the directory and the headers, not the data: cheap enough for the end
    of a download. Entry data is checked (CRC) when the package is unpacked.
    """
    try:
        archive = open_archive(path)
    except PackageError as error:
        return error
    damaged = PackageError(_damaged_text(), "damaged")
    try:
        with archive, open(path, "rb") as fp:
            for info in archive.infolist():
                fp.seek(info.header_offset)
                header = fp.read(30)
                if len(header) < 30 or header[:4] != b"PK\x03\x04":
                    return damaged
                name_length, extra_length = struct.unpack_from("<HH", header, 26)
                raw_name = fp.read(name_length)
                encoding = "utf-8" if info.flag_bits & FLAG_UTF8 else "cp437"
                if raw_name.decode(encoding, "replace") != info.orig_filename:
                    return damaged
                end = info.header_offset + 30 + name_length + extra_length + info.compress_size
                if end > archive.start_dir:
                    return damaged
    except (OSError, ValueError, struct.error):
        return damaged
    return None


# The end record: signature, then disk numbers, entry counts, directory size and offset, and
# the comment's length (which the record may be followed by, up to 65,535 bytes).
END_RECORD = b"PK\x05\x06"
END_RECORD_SIZE = 22
DIRECTORY_ENTRY = b"PK\x01\x02"


def ends_as_one_zip(path: Path) -> bool:
    """True when the end record is there, the central directory it names ends right at it
    and starts with a directory entry: a file received whole in one answer (nothing spliced)
    needs no more at the end of a download. False means "look closer" (whole_archive_problem),
    not "damaged": zip64, a prefix before the zip, an odd tail all take the full check. A few
    reads whatever the number of entries, where the full check takes ~0.2 s for 20,000."""
    try:
        with open(path, "rb") as fp:
            size = fp.seek(0, os.SEEK_END)
            tail_size = min(size, END_RECORD_SIZE + 0xFFFF)
            fp.seek(size - tail_size)
            tail = fp.read(tail_size)
            # The record must be the last signature, its comment reaching exactly to the end
            # (a comment holding the signature's bytes is left to the full check).
            at = tail.rfind(END_RECORD, 0, len(tail) - END_RECORD_SIZE + 4)
            if at == -1:
                return False
            comment = struct.unpack_from("<H", tail, at + 20)[0]
            if at + END_RECORD_SIZE + comment != len(tail) or END_RECORD in tail[at + 4 :]:
                return False
            disk, first_disk, _here, _total, dir_size, dir_offset = struct.unpack_from(
                "<HHHHII", tail, at + 4
            )
            record_at = size - tail_size + at
            if disk or first_disk:
                return False
            if dir_offset + dir_size != record_at or dir_size == 0:
                return False
            fp.seek(dir_offset)
            return fp.read(4) == DIRECTORY_ENTRY
    except (OSError, struct.error):
        return False
