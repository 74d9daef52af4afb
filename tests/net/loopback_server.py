"""A real HTTP/1.1 server on 127.0.0.1 for download tests: Range, drops, stalls, redirects."""

from __future__ import annotations

import re
import socket
import socketserver
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

# serve_forever() checks for shutdown() this often; its default (0.5 s) made every test using
# a server wait half a second at teardown.
POLL_INTERVAL_S = 0.02


def start_serving(httpd: socketserver.BaseServer) -> threading.Thread:
    """Serve on a daemon thread that notices shutdown() within POLL_INTERVAL_S."""
    if isinstance(httpd, socketserver.ThreadingMixIn):
        httpd.daemon_threads = True  # handlers never hold up the test's end
        httpd.block_on_close = False
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": POLL_INTERVAL_S}, daemon=True
    )
    thread.start()
    return thread


def stop_serving(httpd: socketserver.BaseServer, thread: threading.Thread) -> None:
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@dataclass
class Resource:
    """What the server answers for one path; the flags script misbehaviours."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/zip"
    headers: dict[str, str] = field(default_factory=dict)
    support_range: bool = True
    # Announce the full length but close the socket after this many body bytes...
    drop_after: int | None = None
    # ...on this many requests (the first ones), so a retry can succeed.
    drop_times: int = 1
    # Or per request: request n is cut after drop_schedule[n] body bytes (when listed).
    drop_schedule: tuple[int, ...] = ()
    # Send this many body bytes, then go silent (connection held open) for stall_seconds.
    stall_after: int | None = None
    stall_seconds: float = 10.0
    # Pause between chunks: a slow server, for cancelling mid-transfer.
    chunk_delay: float = 0.0
    chunk_size: int = 64 * 1024
    redirect_to: str | None = None
    requests: int = 0


@dataclass(frozen=True)
class SeenRequest:
    """One request as the server saw it."""

    path: str
    range: str | None
    if_range: str | None
    accept_encoding: str | None


class _Handler(BaseHTTPRequestHandler):
    """Serves LoopbackServer resources."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        owner = self.server.owner
        path = self.path.split("?", 1)[0]
        owner.seen.append(
            SeenRequest(
                self.path,
                self.headers.get("Range"),
                self.headers.get("If-Range"),
                self.headers.get("Accept-Encoding"),
            )
        )
        resource = owner.resources.get(path)
        if resource is None:
            self._simple(404, b"<html><body>Not found</body></html>", "text/html")
            return
        with owner.lock:
            number = resource.requests
            resource.requests += 1
        if resource.redirect_to is not None:
            self.send_response(resource.status if resource.status in (301, 302, 307, 308) else 302)
            self.send_header("Location", resource.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if resource.status != 200:
            self._simple(resource.status, resource.body, resource.content_type)
            return
        body = resource.body
        total = len(body)
        start = 0
        status = 200
        wanted = self.headers.get("Range")
        if wanted and resource.support_range:
            match = re.fullmatch(r"bytes=(\d+)-(\d*)", wanted.strip())
            if match:
                start = int(match.group(1))
                end = int(match.group(2)) if match.group(2) else total - 1
                if start >= total:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{total}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = body[start : min(end, total - 1) + 1]
                status = 206
        self.send_response(status)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(body)))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{start + len(body) - 1}/{total}")
        if resource.support_range:
            self.send_header("Accept-Ranges", "bytes")
        for name, value in resource.headers.items():
            self.send_header(name, value)
        self.end_headers()
        limit = len(body)
        dropping = resource.drop_after is not None and number < resource.drop_times
        if dropping:
            assert resource.drop_after is not None
            limit = min(limit, resource.drop_after)
        if number < len(resource.drop_schedule):
            dropping = True
            limit = min(limit, resource.drop_schedule[number])
        stalling = resource.stall_after is not None and number == 0
        if stalling:
            assert resource.stall_after is not None
            limit = min(limit, resource.stall_after)
        try:
            for offset in range(0, limit, resource.chunk_size):
                if owner.stopping.is_set():
                    break
                self.wfile.write(body[offset : min(limit, offset + resource.chunk_size)])
                if resource.chunk_delay:
                    time.sleep(resource.chunk_delay)
            self.wfile.flush()
            if stalling:
                owner.stopping.wait(resource.stall_seconds)
            if dropping or stalling:
                self._hang_up()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client went away (cancel, timeout)

    def _simple(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _hang_up(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its LoopbackServer."""

    daemon_threads = True
    owner: LoopbackServer


class LoopbackServer:
    """Start with `with LoopbackServer() as server:`; add resources; read `seen` afterwards."""

    def __init__(self) -> None:
        self.resources: dict[str, Resource] = {}
        self.seen: list[SeenRequest] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, resource: Resource) -> str:
        self.resources[path] = resource
        return self.url(path)

    def __enter__(self) -> LoopbackServer:
        self._thread = start_serving(self._httpd)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stopping.set()
        if self._thread is not None:
            stop_serving(self._httpd, self._thread)
