"""Installer checks under wine that go beyond install/uninstall (called by build_under_wine.py).

- signatures: the installer, the installed exe and the installed uninstaller carry a valid
  Authenticode signature (osslsigncode verify against the CI test CA);
- the interactive installer over an installed version says "更新" (a screenshot of its first
  page under Xvfb, saved for a person to look at, plus the registry value it reads);
- an update while the app is open: the installer asks the running copy to close, waits, and
  ends with every file of the new version in place (compared file by file with the frozen
  folder) and no staging folder left;
- a copy that does not close (a process holding the app's mutex and ignoring the request):
  the silent installer exits 3 and the installed files are exactly as before;
- shortcuts: a desktop shortcut the merchant deleted is not re-created by an update, and a
  Start-menu shortcut of the other language does not survive next to the new one;
- the uninstaller closes a running copy and removes everything.
"""

from __future__ import annotations

import contextlib
import shutil
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from buildlib import BuildError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import signing

RUNNING_MUTEX = "Local\\MiniAppPublisher-Running"  # wizard/core/running_copy.py
EXIT_APP_RUNNING = 3  # installer.nsi
SHORTCUT_ZH, SHORTCUT_EN = "小程序发布助手", "MiniApp Publisher"
APP_START_TIMEOUT_S = 120
APP_CLOSE_TIMEOUT_S = 30


class WineRunner(Protocol):
    """The part of build_under_wine.Wine used here."""

    env: dict[str, str]

    def run(
        self,
        args: list[str],
        *,
        what: str,
        timeout: float = ...,
        extra_env: dict[str, str] | None = ...,
        quiet: bool = ...,
    ) -> str: ...

    def wait(self, timeout: float = ...) -> None: ...

    def kill(self) -> None: ...


def win_path(path: Path) -> str:
    return "Z:" + str(path.resolve()).replace("/", "\\")


# ------------------------------------------------------------------ signatures
def check_signatures(signer: signing.Signer, files: list[Path]) -> None:
    for path in files:
        try:
            signing.verify(path, signer)
        except signing.SigningError as exc:
            raise BuildError(str(exc)) from exc
    print("    signature ok (osslsigncode verify): " + ", ".join(p.name for p in files))


# ------------------------------------------------------------------ a running app
class Background:
    """A wine process started in the background, its output drained into a log file."""

    def __init__(self, wine: WineRunner, args: list[str], env: dict[str, str], log: Path):
        full_env = dict(wine.env)
        full_env.update(env)
        log.parent.mkdir(parents=True, exist_ok=True)
        self.log = log
        # A pipe, not a file: Windows Python under wine dies when stdout is a plain file.
        self.proc = subprocess.Popen(
            ["wine", *args],
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self._drain = threading.Thread(target=self._copy_output, daemon=True)
        self._drain.start()

    def _copy_output(self) -> None:
        assert self.proc.stdout is not None
        with self.log.open("wb") as out:
            # Flushed as it comes: the checks read this log while the process runs.
            for chunk in iter(lambda: self.proc.stdout.read1(4096), b""):  # type: ignore[union-attr]
                out.write(chunk)
                out.flush()

    def ended_within(self, seconds: float) -> bool:
        try:
            self.proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return False
        return True

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=10)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self._drain.join(timeout=10)


@contextlib.contextmanager
def running_app(
    wine: WineRunner, exe: Path, env: dict[str, str], data_dir: Path, log: Path
) -> Iterator[Background]:
    """The installed app with its window shown (its log says so), stopped at the end."""
    app_log = data_dir / "Logs" / "miniapp-publisher.log"
    before = app_log.read_text(encoding="utf-8", errors="replace") if app_log.is_file() else ""
    app = Background(wine, [win_path(exe)], env, log)
    try:
        deadline = time.monotonic() + APP_START_TIMEOUT_S
        while True:
            text = (
                app_log.read_text(encoding="utf-8", errors="replace") if app_log.is_file() else ""
            )
            if "window shown" in text[len(before) :]:
                break
            if app.proc.poll() is not None:
                raise BuildError(f"the installed app ended at start-up; see {log}.")
            if time.monotonic() > deadline:
                raise BuildError(f"the installed app showed no window in time; see {app_log}.")
            time.sleep(0.5)
        time.sleep(2)  # the mutex is created just after the window shows
        yield app
    finally:
        app.stop()


def mutex_holder(wine: WineRunner, python_exe: Path, log: Path, lock_file: str = "") -> Background:
    """A stand-in for a hung copy: holds the app's mutex and ignores every close request;
    with ``lock_file`` (a Windows path) it holds the single-instance lock file open instead,
    as a version from before the mutex does (QLockFile: write access, others may only read)."""
    if lock_file:
        hold = (
            "k = ctypes.windll.kernel32\n"
            "k.CreateFileW.restype = ctypes.c_void_p\n"
            # GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, OPEN_ALWAYS
            f"h = k.CreateFileW({lock_file!r}, 0xC0000000, 1, None, 4, 0, None)\n"
            "h = h not in (None, ctypes.c_void_p(-1).value)\n"
        )
    else:
        hold = f"h = ctypes.windll.kernel32.CreateMutexW(None, False, {RUNNING_MUTEX!r})\n"
    code = (
        "import ctypes, sys, time\n" + hold + "print('holding' if h else 'not held', flush=True)\n"
        "time.sleep(600)\n"
    )
    holder = Background(wine, [win_path(python_exe), "-c", code], {}, log)
    deadline = time.monotonic() + 60
    while not (log.is_file() and "holding" in log.read_text(errors="replace")):
        if holder.proc.poll() is not None or time.monotonic() > deadline:
            holder.stop()
            raise BuildError(f"the mutex holder did not start; see {log}.")
        time.sleep(0.2)
    return holder


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time."""
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in folder.rglob("*")
        if path.is_file()
    }


def check_same_files(onedir: Path, target: Path) -> None:
    """Every file of the frozen folder is in the install folder with the same bytes' size,
    and nothing else of the program is (an old file left beside new ones is a mixed install)."""
    wanted = {k: v[0] for k, v in snapshot(onedir).items()}
    got = {k: v[0] for k, v in snapshot(target).items() if k != "uninstall.exe"}
    missing = sorted(set(wanted) - set(got))
    extra = sorted(set(got) - set(wanted))
    differ = sorted(k for k in set(wanted) & set(got) if wanted[k] != got[k])
    if missing or extra or differ:
        raise BuildError(
            f"mixed install in {target}: {len(missing)} missing, {len(extra)} extra, "
            f"{len(differ)} different (e.g. {(missing + extra + differ)[:3]})."
        )
    left = [p.name for p in target.iterdir() if p.name.startswith(".update-")]
    if left:
        raise BuildError(f"the installer left its staging folders in {target}: {left}.")
    print(f"    all {len(wanted)} files of the new version in place, nothing else")


def run_installer(
    wine: WineRunner, installer: Path, *args: str, timeout: float = 300, wait: bool = True
) -> int:
    """The installer's exit code (a refusal is an expected outcome here, so no raise).
    ``wait`` also waits for every other process of the prefix (not with a holder running)."""
    # No pipes: a wine helper started meanwhile (services, explorer) would inherit them and
    # hold them open, so reading to their end would wait for that helper, not the installer.
    proc = subprocess.run(
        ["wine", win_path(installer), *args],
        env=wine.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )
    if wait:
        wine.wait()
    return proc.returncode


def update_while_running(
    wine: WineRunner,
    installer: Path,
    onedir: Path,
    target: Path,
    exe_name: str,
    env: dict[str, str],
    data_dir: Path,
    desktop: Path,
    start_menu: Path,
    logs: Path,
) -> None:
    """The merchant deleted the desktop shortcut and has an English Start-menu shortcut from
    an earlier install; the app is open. A silent update closes it and switches cleanly."""
    for lnk in desktop.glob("*.lnk"):
        lnk.unlink()
    current = sorted(start_menu.glob("*.lnk"))
    if not current:
        raise BuildError("no Start-menu shortcut to start from.")
    other = SHORTCUT_EN if current[0].stem == SHORTCUT_ZH else SHORTCUT_ZH
    shutil.copy2(current[0], start_menu / f"{other}.lnk")
    with running_app(wine, target / exe_name, env, data_dir, logs / "app-during-update.log") as app:
        code = run_installer(wine, installer, "/S")
        if code != 0:
            raise BuildError(f"the update over a running app failed with exit code {code}.")
        if not app.ended_within(APP_CLOSE_TIMEOUT_S):
            raise BuildError("the installer updated while the app was still running.")
    print("    the running app was asked to close and closed; the update then succeeded")
    check_same_files(onedir, target)
    left_desktop = sorted(p.name for p in desktop.glob("*.lnk"))
    if left_desktop:
        raise BuildError(f"the update re-created the deleted desktop shortcut: {left_desktop}.")
    menu = sorted(p.name for p in start_menu.glob("*.lnk"))
    if len(menu) != 1:
        raise BuildError(f"Start-menu shortcuts after the update: {menu} (one expected).")
    print(f"    deleted desktop shortcut stays deleted; Start menu has only {menu[0]}")


def refuses_when_copy_stays(
    wine: WineRunner,
    installer: Path,
    target: Path,
    python_exe: Path,
    logs: Path,
    lock_file: Path,
) -> None:
    """A hung copy (holding the mutex), then an older version's copy (holding only its lock
    file): each time the silent installer exits 3 and changes nothing."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    for label, lock in (("holding the mutex", ""), ("of an older version", win_path(lock_file))):
        before = snapshot(target)
        holder = mutex_holder(wine, python_exe, logs / f"holder-{bool(lock)}.log", lock)
        try:
            code = run_installer(wine, installer, "/S", "/CLOSEWAIT=3", wait=False)
        finally:
            holder.stop()
            wine.wait()
            if lock:
                # An older version removes its lock file when it ends (QLockFile.unlock).
                lock_file.unlink(missing_ok=True)
        if code != EXIT_APP_RUNNING:
            raise BuildError(
                f"with a copy {label} that does not close, the silent installer exited {code} "
                f"(expected {EXIT_APP_RUNNING}: still running, nothing changed)."
            )
        if snapshot(target) != before:
            raise BuildError(f"the installer changed files while a copy {label} was running.")
        print(f"    a copy {label} that does not close: exit {code}, installed files untouched")


# ------------------------------------------------------------------ "更新" on screen
def installer_screenshot(
    wine: WineRunner, installer: Path, display: str, fbdir: Path, out: Path, locale: str = ""
) -> Path:
    """Start the interactive installer under Xvfb (fbdir), save its first page as PNG.
    ``locale`` (e.g. zh_CN.UTF-8) is the language wine reports to the installer."""
    env = {"DISPLAY": display}
    if locale:
        env.update({"LANG": locale, "LC_ALL": locale})
    proc = Background(wine, [win_path(installer)], env, out.with_suffix(".log"))
    try:
        time.sleep(8)  # unpacking the plug-ins and drawing the first page
        frame = fbdir / "Xvfb_screen0"
        write_png(xwd_pixels(frame.read_bytes()), out)
    finally:
        proc.stop()
        wine.kill()
    print(f"    the interactive installer's first page: {out}")
    return out


def xwd_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and RGB bytes of a 24/32-bit ZPixmap XWD image (Xvfb's -fbdir file)."""
    fields = struct.unpack(">25I", data[:100])
    header_size, width, height = fields[0], fields[4], fields[5]
    bits_per_pixel, bytes_per_line, ncolors = fields[11], fields[12], fields[19]
    if bits_per_pixel != 32:
        raise BuildError(f"unexpected XWD depth {bits_per_pixel} (Xvfb -screen ...x24).")
    start = header_size + 12 * ncolors
    rgb = bytearray()
    for row in range(height):
        line = data[start + row * bytes_per_line : start + row * bytes_per_line + width * 4]
        for x in range(0, len(line), 4):
            blue, green, red = line[x], line[x + 1], line[x + 2]
            rgb += bytes((red, green, blue))
    return width, height, bytes(rgb)


def write_png(image: tuple[int, int, bytes], out: Path) -> None:
    import zlib

    width, height, rgb = image
    raw = b"".join(b"\0" + rgb[y * width * 3 : (y + 1) * width * 3] for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )
