"""Running the official CLI (tt-ide-cli, `tma`) safely: private home, no telemetry, killable.

The CLI keeps the upload token in plain text (`<TMA_CLI_HOME>/.tma-cli/appConfig.json`, mode
0644) and posts usage data by default (docs/platform-facts.md, "The official CLI"). So each run
gets a folder of its own under the app's cache (owner-only), with HOME and the temporary folder
pointed inside it too; we write `appConfig.json` ourselves (the token never appears on a
command line, where other processes can read it), turn telemetry off in the environment
(`ALLOW_REPORT_EVENT=no`), and delete the folder when the run ends, whatever the ending. Folders
left by an app that was killed are removed by `sweep_stale_cli_homes()` at the next start.

Cancel and the time limit end the whole process tree (a process group on POSIX, `taskkill /T`
on Windows). Status lines reach the caller through `on_line` as they are printed.

Node always starts with the app's preload (`resources/upload-cli/preload.js`, `--require`):
it makes every TLS connection check the certificate (the CLI's own proxy tunnel does not), it
applies the proxy itself (so no `tma set-config` run is needed), and it ends Node when the app
ends, even by kill -9: on POSIX it watches a pipe whose write end only the app holds; on
Windows the process is put in a job object that kills it when the app's handle closes. Linux's
PR_SET_PDEATHSIG is not used: it needs preexec_fn (unsafe with the window's threads) and fires
when the starting *thread* ends, not the app.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets as random_names
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from wizard.core import platform_facts as facts
from wizard.core.i18n import _
from wizard.core.paths import AppPaths, app_paths, resources_dir

log = logging.getLogger(__name__)

LineCallback = Callable[[str], None]
CancelCallback = Callable[[], bool]

RUNS_FOLDER = "upload-cli-runs"
RUN_PREFIX = "run-"
# Seconds a cancelled CLI gets to stop by itself before it is killed.
KILL_GRACE_SECONDS = 2.0
POLL_SECONDS = 0.1
IS_WINDOWS = sys.platform == "win32"
# Environment variables the CLI must not inherit: an Electron app's setting (it turns node into
# plain node inside the developer tool), proxies and npm settings that would override ours.
DROPPED_ENV = (
    "ELECTRON_RUN_AS_NODE",
    "NODE_OPTIONS",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
    "TMA_CLI_HOME",
    # Would turn certificate checks off in Node (the preload removes it too).
    "NODE_TLS_REJECT_UNAUTHORIZED",
)
# Read by the preload (resources/upload-cli/preload.js) and removed from its environment.
PROXY_VARIABLE = "MINIAPP_PUBLISHER_PROXY"
PARENT_FD_VARIABLE = "MINIAPP_PUBLISHER_PARENT_FD"
TOKEN_HOSTS_VARIABLE = "MINIAPP_PUBLISHER_TOKEN_HOSTS"
PRELOAD_NAME = "preload.js"


def preload_script() -> Path:
    """The app's preload for the CLI's Node (shipped in resources/, also in the frozen app)."""
    return resources_dir() / "upload-cli" / PRELOAD_NAME


@dataclass(frozen=True)
class CliLocation:
    """Where Node and the CLI's entry script are, and where they were found."""

    node: Path
    script: Path
    # "bundled" (inside the frozen app), "development" (.ci/node_modules) or "path".
    source: str
    # Always the app's preload for Node; None only for test stand-ins that are not Node.
    preload: Path | None = field(default_factory=preload_script)

    def command(self, args: Sequence[str], *, with_script: bool = True) -> list[str]:
        # Always node + the script, never the .cmd shim npm makes on Windows: cmd.exe would
        # re-parse the changelog and folder arguments. Absolute: the CLI runs in another folder.
        script = [os.path.abspath(self.script)] if with_script else []
        preload = ["--require", os.path.abspath(self.preload)] if self.preload else []
        return [os.path.abspath(self.node), *preload, *script, *args]


@dataclass(frozen=True)
class CliRun:
    """What one run of the CLI printed and how it ended."""

    stdout: str
    stderr: str
    returncode: int | None
    cancelled: bool = False
    timed_out: bool = False
    # From the CLI's preview.json, which it rewrites in its temporary folder on every run.
    short_link: str | None = None
    expires_at: int | None = None


class CliStartError(Exception):
    """The CLI could not be started; `message` is a sentence for the merchant."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- finding Node and the CLI -------------------------------------------------------------


def _node_name() -> str:
    return "node.exe" if IS_WINDOWS else "node"


def bundled_cli_root() -> Path | None:
    """The folder build_installer.py puts Node and the CLI in, inside a frozen app."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if not frozen_root:
        return None
    return Path(frozen_root) / facts.CLI_BUNDLE_FOLDER


def _script_in(node_modules: Path) -> Path:
    return node_modules / "tt-ide-cli" / "bin" / "tma.js"


def _bundled() -> CliLocation | None:
    root = bundled_cli_root()
    if root is None:
        return None
    node = root / "node" / ("node.exe" if IS_WINDOWS else "bin/node")
    script = _script_in(root / "node_modules")
    if node.is_file() and script.is_file():
        return CliLocation(node, script, "bundled")
    return None


def _development() -> CliLocation | None:
    repo = Path(__file__).resolve().parents[3]  # wizard/core/upload/ → the checkout
    script = _script_in(repo / ".ci" / "node_modules")
    node = shutil.which(_node_name()) or shutil.which("node")
    if script.is_file() and node:
        return CliLocation(Path(node), script, "development")
    return None


def _on_path() -> CliLocation | None:
    tma = shutil.which("tma")
    node = shutil.which(_node_name()) or shutil.which("node")
    if not tma or not node:
        return None
    shim = Path(tma).resolve()
    candidates = [
        shim if shim.name == "tma.js" else None,
        # npm's global layout: <prefix>/bin/tma → ../lib/node_modules/…; Windows: <prefix>\tma.cmd.
        _script_in(shim.parent.parent / "lib" / "node_modules"),
        _script_in(shim.parent / "node_modules"),
    ]
    for script in candidates:
        if script is not None and script.is_file():
            return CliLocation(Path(node), script, "path")
    return None


def find_cli() -> CliLocation | None:
    """Node and the CLI: bundled in the frozen app, else .ci/node_modules, else on PATH."""
    for finder in (_bundled, _development, _on_path):
        found = finder()
        if found is not None:
            return found
    return None


def cli_missing_message() -> str:
    """The sentence shown when find_cli() found nothing."""
    if getattr(sys, "frozen", False):
        return _(
            "The upload tool that comes with 发布助手 is missing from this installation. "
            "Install 发布助手 again, or upload with the developer tool instead."
        )
    return _(
        "The official upload tool (tt-ide-cli) and Node.js were not found. Run "
        "“npm ci --prefix .ci” in the project folder, or upload with the developer tool."
    )


# --- the private home ---------------------------------------------------------------------


def runs_folder(paths: AppPaths | None = None) -> Path:
    return (paths or app_paths()).cache / RUNS_FOLDER


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if IS_WINDOWS:
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        process_query_limited_information = 0x1000
        still_active = 259
        handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return bool(code.value == still_active)
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _remove_tree(folder: Path) -> bool:
    """Delete a folder, retrying briefly: a just-killed process may still hold files on Windows."""
    for attempt in range(10):
        try:
            shutil.rmtree(folder)
            return True
        except FileNotFoundError:
            return True
        except OSError:
            time.sleep(0.05 * (attempt + 1))
    shutil.rmtree(folder, ignore_errors=True)
    return not folder.exists()


def sweep_stale_cli_homes(paths: AppPaths | None = None) -> int:
    """Delete private CLI folders whose app is no longer running; call once at start-up."""
    folder = runs_folder(paths)
    if not folder.is_dir():
        return 0
    removed = 0
    for entry in folder.iterdir():
        if not entry.name.startswith(RUN_PREFIX):
            continue
        try:
            pid = int(entry.name[len(RUN_PREFIX) :].split("-", 1)[0])
        except ValueError:
            pid = -1
        if pid == os.getpid() or _pid_alive(pid):
            continue
        if _remove_tree(entry):
            removed += 1
    if removed:
        log.info("Removed %d private upload-tool folder(s) left by an earlier run", removed)
    return removed


class Terminated(BaseException):
    """The command was asked to stop (SIGTERM, SIGHUP) while it ran; `signum` says by what."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP (a provider's script, a closing terminal) end a command as Ctrl+C
    does: `Terminated` is raised, so the CLI's process tree is ended and its private folder
    (the token in plain text) deleted on the way out. A second signal during that is ignored.
    Only in the main thread (where Python runs signal handlers); elsewhere it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received = False

    def handler(signum: int, _frame: object) -> None:
        nonlocal received
        if received:
            return
        received = True
        raise Terminated(signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


@dataclass(frozen=True)
class PrivateHome:
    """One run's folder: TMA_CLI_HOME, HOME and the temporary folder all live inside it."""

    root: Path

    @property
    def cli_storage(self) -> Path:
        return self.root / ".tma-cli"

    @property
    def temp(self) -> Path:
        return self.root / "tmp"

    def write_token(self, appid: str, token: str) -> None:
        """The CLI's appConfig.json, written owner-only without the token touching argv."""
        self.cli_storage.mkdir(mode=0o700, exist_ok=True)
        target = self.cli_storage / "appConfig.json"
        data = json.dumps({appid: {"token": token}}).encode()
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)


@contextlib.contextmanager
def private_home(paths: AppPaths | None = None) -> Iterator[PrivateHome]:
    """A fresh owner-only folder for one run, deleted on leaving (also on errors and cancel)."""
    parent = runs_folder(paths)
    parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(parent, 0o700)
    root = parent / f"{RUN_PREFIX}{os.getpid()}-{random_names.token_hex(6)}"
    root.mkdir(mode=0o700)
    home = PrivateHome(root)
    try:
        home.temp.mkdir(mode=0o700)
        home.cli_storage.mkdir(mode=0o700)
        yield home
    finally:
        if not _remove_tree(root):
            log.warning("A private upload-tool folder could not be deleted; it is swept later")


def cli_environment(
    home: PrivateHome, ca_file: Path | None = None, proxy: str | None = None
) -> dict[str, str]:
    """The CLI's environment: private folders, telemetry off, no inherited proxies or Electron;
    `proxy` (http://host:port, from proxy_for_cli) goes to the preload, which applies it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in DROPPED_ENV
        and k not in (PROXY_VARIABLE, PARENT_FD_VARIABLE, TOKEN_HOSTS_VARIABLE)
    }
    env.update(
        TMA_CLI_HOME=str(home.root),
        ALLOW_REPORT_EVENT="no",
        # Node's os.homedir() and os.tmpdir(): anything the CLI writes lands in our folder.
        HOME=str(home.root),
        TMPDIR=str(home.temp),
        TMP=str(home.temp),
        TEMP=str(home.temp),
        NO_COLOR="1",
        FORCE_COLOR="0",
        NO_UPDATE_NOTIFIER="1",
    )
    if IS_WINDOWS:
        env["USERPROFILE"] = str(home.root)
    if ca_file is not None:
        env["NODE_EXTRA_CA_CERTS"] = str(ca_file)
    if proxy:
        env[PROXY_VARIABLE] = proxy
    env[TOKEN_HOSTS_VARIABLE] = ",".join(facts.CLI_TOKEN_HOSTS)
    return env


# --- running ------------------------------------------------------------------------------


def _reader(stream: IO[bytes], sink: list[str], on_line: LineCallback | None) -> None:
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", errors="replace")
        sink.append(line)
        if on_line is not None:
            try:
                on_line(line.rstrip("\r\n"))
            except Exception:  # a broken callback must not stop reading (the pipe would fill)
                log.exception("status callback failed")
    stream.close()


def _end_tree(process: subprocess.Popen[bytes]) -> None:
    """End the CLI and everything it started: politely first, then for certain."""
    if process.poll() is not None:
        return
    if IS_WINDOWS:
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(
                ["taskkill", "/T", "/F", "/PID", str(process.pid)],
                capture_output=True,
                timeout=10,
                creationflags=flags,
            )
        with contextlib.suppress(OSError):
            process.kill()
        return
    with contextlib.suppress(OSError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(KILL_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        pass
    # The group may hold children even after the leader has gone.
    with contextlib.suppress(OSError):
        os.killpg(process.pid, signal.SIGKILL)


class _WindowsJob:
    """A job object that kills its processes when the app's last handle to it closes."""

    handle: int | None = None

    @classmethod
    def adopt(cls, process: subprocess.Popen[bytes]) -> None:
        """Put the CLI in the app's job; the system kills it when the app ends, however."""
        if sys.platform != "win32":
            return
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        # Handles are pointer-sized: without these, ctypes would cut them to a C int.
        kernel32.CreateJobObjectW.restype = wintypes.HANDLE
        kernel32.CreateJobObjectW.argtypes = [ctypes.c_void_p, wintypes.LPCWSTR]
        kernel32.SetInformationJobObject.argtypes = [
            wintypes.HANDLE,
            ctypes.c_int,
            ctypes.c_void_p,
            wintypes.DWORD,
        ]
        kernel32.AssignProcessToJobObject.argtypes = [wintypes.HANDLE, wintypes.HANDLE]
        kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
        if cls.handle is None:
            job = kernel32.CreateJobObjectW(None, None)
            if not job:
                log.warning("No job object for the upload tool (error %d)", ctypes.get_last_error())
                return

            class BasicLimits(ctypes.Structure):
                _fields_ = [
                    ("PerProcessUserTimeLimit", ctypes.c_int64),
                    ("PerJobUserTimeLimit", ctypes.c_int64),
                    ("LimitFlags", wintypes.DWORD),
                    ("MinimumWorkingSetSize", ctypes.c_size_t),
                    ("MaximumWorkingSetSize", ctypes.c_size_t),
                    ("ActiveProcessLimit", wintypes.DWORD),
                    ("Affinity", ctypes.c_size_t),
                    ("PriorityClass", wintypes.DWORD),
                    ("SchedulingClass", wintypes.DWORD),
                ]

            class IoCounters(ctypes.Structure):
                _fields_ = [(name, ctypes.c_uint64) for name in ("r", "w", "o", "rb", "wb", "ob")]

            class ExtendedLimits(ctypes.Structure):
                _fields_ = [
                    ("BasicLimitInformation", BasicLimits),
                    ("IoInfo", IoCounters),
                    ("ProcessMemoryLimit", ctypes.c_size_t),
                    ("JobMemoryLimit", ctypes.c_size_t),
                    ("PeakProcessMemoryUsed", ctypes.c_size_t),
                    ("PeakJobMemoryUsed", ctypes.c_size_t),
                ]

            limits = ExtendedLimits()
            limits.BasicLimitInformation.LimitFlags = JOB_KILL_ON_CLOSE
            if not kernel32.SetInformationJobObject(
                job, JOB_EXTENDED_LIMIT_CLASS, ctypes.byref(limits), ctypes.sizeof(limits)
            ):
                log.warning("No job object limits (error %d)", ctypes.get_last_error())
                kernel32.CloseHandle(job)
                return
            # Never closed: it closes when the app ends, which is what kills the CLI.
            cls.handle = job
        handle = int(process._handle)  # type: ignore[attr-defined,unused-ignore]
        if not kernel32.AssignProcessToJobObject(cls.handle, handle):
            log.warning("The upload tool is not in the job (error %d)", ctypes.get_last_error())


# JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE and JobObjectExtendedLimitInformation (Windows SDK).
JOB_KILL_ON_CLOSE = 0x2000
JOB_EXTENDED_LIMIT_CLASS = 9


def run_cli(
    location: CliLocation,
    args: Sequence[str],
    home: PrivateHome,
    *,
    timeout: float,
    on_line: LineCallback | None = None,
    cancel: CancelCallback | None = None,
    ca_file: Path | None = None,
    cwd: Path | None = None,
    with_script: bool = True,
    proxy: str | None = None,
) -> CliRun:
    """Run `tma <args>` (or `node <args>` without the script) inside the private home; returns
    when it ends, is cancelled or times out. `proxy` is http://host:port or None (direct)."""
    if location.preload is not None and not location.preload.is_file():
        # Never run the CLI without the guard: its proxy tunnel trusts any certificate.
        raise CliStartError(cli_missing_message())
    creationflags = 0
    if IS_WINDOWS:
        creationflags = getattr(subprocess, "CREATE_NO_WINDOW", 0) | getattr(
            subprocess, "CREATE_NEW_PROCESS_GROUP", 0
        )
    env = cli_environment(home, ca_file, proxy)
    # The app's end is the end of file on this pipe for the preload (POSIX); the write end is
    # not inheritable, so only this process holds it.
    watch_read, watch_write = os.pipe() if not IS_WINDOWS else (-1, -1)
    if watch_read >= 0:
        env[PARENT_FD_VARIABLE] = str(watch_read)
    try:
        process = subprocess.Popen(
            location.command(args, with_script=with_script),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=str(cwd or home.root),
            start_new_session=not IS_WINDOWS,
            creationflags=creationflags,
            pass_fds=(watch_read,) if watch_read >= 0 else (),
        )
    except OSError as exc:
        _close(watch_write)
        raise CliStartError(
            _("The upload tool could not be started ({reason}). Install 发布助手 again.").format(
                reason=exc.strerror or type(exc).__name__
            )
        ) from exc
    finally:
        _close(watch_read)
    _WindowsJob.adopt(process)
    try:
        return _follow(process, home, timeout=timeout, on_line=on_line, cancel=cancel)
    finally:
        _close(watch_write)


def _close(fd: int) -> None:
    if fd >= 0:
        with contextlib.suppress(OSError):
            os.close(fd)


def _follow(
    process: subprocess.Popen[bytes],
    home: PrivateHome,
    *,
    timeout: float,
    on_line: LineCallback | None,
    cancel: CancelCallback | None,
) -> CliRun:
    out: list[str] = []
    err: list[str] = []
    assert process.stdout is not None and process.stderr is not None
    readers = [
        threading.Thread(target=_reader, args=(process.stdout, out, on_line), daemon=True),
        threading.Thread(target=_reader, args=(process.stderr, err, on_line), daemon=True),
    ]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + timeout
    cancelled = timed_out = False
    try:
        while True:
            try:
                process.wait(POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                pass
            if cancel is not None and cancel():
                cancelled = True
                break
            if time.monotonic() > deadline:
                timed_out = True
                break
    finally:
        # Also on KeyboardInterrupt or any error here: never leave the CLI running.
        _end_tree(process)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(5)
    for reader in readers:
        reader.join(5)
    link, expires = _cached_preview(home)
    return CliRun(
        stdout="".join(out),
        stderr="".join(err),
        returncode=process.returncode,
        cancelled=cancelled,
        timed_out=timed_out,
        short_link=link,
        expires_at=expires,
    )


def _cached_preview(home: PrivateHome) -> tuple[str | None, int | None]:
    """The short link the CLI noted in <tmp>/preview.json (upload does not print it)."""
    try:
        data = json.loads((home.temp / "preview.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None, None
    if not isinstance(data, dict):
        return None, None
    link = data.get("shortUrl")
    expires = data.get("expireTime")
    if not isinstance(link, str) or not link.startswith("https://"):
        return None, None
    if not isinstance(expires, int) or isinstance(expires, bool) or expires <= 0:
        expires = None
    return link, expires


def proxy_for_cli(url: str | None) -> str | None:
    """The proxy as the CLI can use it (http://host:port), or None for a direct connection.

    The CLI tunnels HTTPS through an HTTP proxy with CONNECT and uses only its host and port:
    no SOCKS, no user name or password (observed: tt-ide-cli 0.1.33).
    """
    from urllib.parse import urlsplit

    text = (url or "").strip()
    if not text:
        return None
    if "://" not in text:
        text = "http://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        log.info("Proxy %s is not an HTTP proxy; the upload tool connects directly", parts.scheme)
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"http://{host}:{port or 80}"
