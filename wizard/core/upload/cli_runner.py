"""Running the official CLI (tt-ide-cli, `tma`) safely: private home, no telemetry, killable.

The CLI keeps the upload token in plain text (`<TMA_CLI_HOME>/.tma-cli/appConfig.json`, mode
0644) and posts usage data by default (docs/platform-facts.md, "The official CLI"). So each run
gets a folder of its own under the app's cache (owner-only), with HOME and the temporary folder
pointed inside it too; we write `appConfig.json` ourselves (the token never appears on a
command line, where other processes can read it), turn telemetry off in the environment and on
every `set-config` call, and delete the folder when the run ends, whatever the ending. Folders
left by an app that was killed are removed by `sweep_stale_cli_homes()` at the next start.

Cancel and the time limit end the whole process tree (a process group on POSIX, `taskkill /T`
on Windows). Status lines reach the caller through `on_line` as they are printed.
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
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from wizard.core import platform_facts as facts
from wizard.core.i18n import _
from wizard.core.paths import AppPaths, app_paths

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
)


@dataclass(frozen=True)
class CliLocation:
    """Where Node and the CLI's entry script are, and where they were found."""

    node: Path
    script: Path
    # "bundled" (inside the frozen app), "development" (.ci/node_modules) or "path".
    source: str

    def command(self, args: Sequence[str], *, with_script: bool = True) -> list[str]:
        # Always node + the script, never the .cmd shim npm makes on Windows: cmd.exe would
        # re-parse the changelog and folder arguments. Absolute: the CLI runs in another folder.
        script = [os.path.abspath(self.script)] if with_script else []
        return [os.path.abspath(self.node), *script, *args]


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


def cli_environment(home: PrivateHome, ca_file: Path | None = None) -> dict[str, str]:
    """The CLI's environment: private folders, telemetry off, no inherited proxies or Electron."""
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
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
) -> CliRun:
    """Run `tma <args>` (or `node <args>` without the script) inside the private home; returns
    when it ends, is cancelled or times out."""
    creationflags = 0
    if IS_WINDOWS:
        creationflags = getattr(subprocess, "CREATE_NO_WINDOW", 0) | getattr(
            subprocess, "CREATE_NEW_PROCESS_GROUP", 0
        )
    try:
        process = subprocess.Popen(
            location.command(args, with_script=with_script),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=cli_environment(home, ca_file),
            cwd=str(cwd or home.root),
            start_new_session=not IS_WINDOWS,
            creationflags=creationflags,
        )
    except OSError as exc:
        raise CliStartError(
            _("The upload tool could not be started ({reason}). Install 发布助手 again.").format(
                reason=exc.strerror or type(exc).__name__
            )
        ) from exc
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


def configure_cli(
    location: CliLocation,
    home: PrivateHome,
    *,
    proxy: str | None,
    timeout: float = 60,
    cancel: CancelCallback | None = None,
    ca_file: Path | None = None,
) -> CliRun:
    """`tma set-config`: the proxy (or none) and telemetry off, inside the private home."""
    args = ["set-config"]
    if proxy:
        args += ["--proxy", proxy]
    # Without this flag set-config turns telemetry back on (its default is "yes").
    args += ["--allow-report-event", "no"]
    return run_cli(location, args, home, timeout=timeout, cancel=cancel, ca_file=ca_file)


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
