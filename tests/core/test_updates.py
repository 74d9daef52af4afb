"""The update channel against a real loopback feed: every refusal, and the check-update contract."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.net.loopback_server import LoopbackServer, Resource
from wizard import __version__
from wizard.commands import update as update_cli
from wizard.core.i18n import set_language
from wizard.core.updates import channel as channel_module
from wizard.core.updates.channel import feed_url_for, is_due, load_channel
from wizard.core.updates.check import UP_TO_DATE, UPDATE, check_for_update
from wizard.core.updates.feed import MAX_FEED_BYTES, FeedError, Installer, version_tuple
from wizard.core.updates.fetch import FeedUnreachable
from wizard.core.updates.installer import installer_problem

INSTALLER_BYTES = b"MZ" + b"installer body " * 1000


def public_text(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def payload(version: str, **changes: object) -> dict[str, object]:
    document: dict[str, object] = {
        "schema": 1,
        "version": version,
        "published": "2026-12-01",
        "notes": {"zh": "新的上传工具", "en": "A new upload tool"},
        "installers": {
            name: {
                "url": "https://releases.example.com/setup-" + name,
                "size": len(INSTALLER_BYTES),
                "sha256": hashlib.sha256(INSTALLER_BYTES).hexdigest(),
            }
            for name in ("windows-x64", "macos-universal2")
        },
    }
    document.update(changes)
    return document


def signed_feed(key: Ed25519PrivateKey, document: dict[str, object]) -> bytes:
    body = json.dumps(document, ensure_ascii=False).encode()
    return json.dumps(
        {
            "payload": base64.b64encode(body).decode(),
            "signature": base64.b64encode(key.sign(body)).decode(),
        }
    ).encode()


def newer() -> str:
    major, minor, patch = version_tuple(__version__) or (0, 0, 0)
    return f"{major}.{minor}.{patch + 1}"


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def server() -> LoopbackServer:
    with LoopbackServer() as running:
        yield running


@pytest.fixture
def baked(tmp_path: Path, key: Ed25519PrivateKey, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The build's channel file, with this test's key and no default feed address."""
    path = tmp_path / "resources" / "updates" / "channel.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"feed_url": "", "public_key": public_text(key)}))
    monkeypatch.setattr(channel_module, "channel_path", lambda resources=None: path)
    monkeypatch.setattr(update_cli, "_profile_feed", lambda: "")
    set_language("en")
    return path


def serve(server: LoopbackServer, body: bytes, path: str = "/feed.json") -> str:
    return server.add(path, Resource(body=body, content_type="application/json"))


def test_verified_update_found(
    server: LoopbackServer, key: Ed25519PrivateKey, baked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = serve(server, signed_feed(key, payload(newer())))
    assert update_cli.main(["--feed", url, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "update"
    assert result["current"] == __version__
    assert result["latest"] == newer()
    assert result["notes"] == {"zh": "新的上传工具", "en": "A new upload tool"}
    assert set(result) == {
        "status",
        "current",
        "latest",
        "published",
        "notes",
        "installer",
        "message",
    }


def test_verified_update_printed(
    server: LoopbackServer, key: Ed25519PrivateKey, baked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = serve(server, signed_feed(key, payload(newer())))
    check = check_for_update(url, public_text(key), __version__, "windows-x64")
    assert check.status == UPDATE
    assert check.installer is not None and check.installer.size == len(INSTALLER_BYTES)
    # A Mac takes the universal2 image when the feed has no per-architecture one.
    mac = check_for_update(url, public_text(key), __version__, "macos-arm64")
    assert mac.platform == "macos-universal2"


def test_up_to_date(
    server: LoopbackServer, key: Ed25519PrivateKey, baked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = serve(server, signed_feed(key, payload(__version__)))
    assert update_cli.main(["--feed", url]) == 0
    assert "newest version" in capsys.readouterr().out
    assert check_for_update(url, public_text(key), __version__, "").status == UP_TO_DATE


def refused(url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert update_cli.main(["--feed", url, "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "refused"
    assert result["latest"] is None
    return str(result["message"])


def test_bad_signature_refused(
    server: LoopbackServer, key: Ed25519PrivateKey, baked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = Ed25519PrivateKey.generate()
    url = serve(server, signed_feed(other, payload(newer())))
    assert "not signed by the publisher's key" in refused(url, capsys)


def test_tampered_payload_refused(
    server: LoopbackServer, key: Ed25519PrivateKey, baked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = json.loads(signed_feed(key, payload(newer())))
    body = base64.b64decode(feed["payload"]).replace(b"setup-windows", b"evil!-windows")
    feed["payload"] = base64.b64encode(body).decode()
    url = serve(server, json.dumps(feed).encode())
    assert "not signed by the publisher's key" in refused(url, capsys)


def test_downgrade_refused(
    server: LoopbackServer, key: Ed25519PrivateKey, baked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = serve(server, signed_feed(key, payload("0.0.0")))
    message = refused(url, capsys)
    assert "older than the installed" in message and "0.0.0" in message


def test_too_large_feed_refused(
    server: LoopbackServer, key: Ed25519PrivateKey, baked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    padding = {"padding": "x" * MAX_FEED_BYTES}
    url = serve(server, signed_feed(key, payload(newer(), **padding)))
    assert "far larger" in refused(url, capsys)


def test_redirect_to_another_scheme_refused(
    server: LoopbackServer, key: Ed25519PrivateKey, baked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(server, signed_feed(key, payload(newer())))
    https_url = server.url("/feed.json").replace("http:", "https:")
    to_https = server.add("/moved", Resource(status=302, redirect_to=https_url))
    assert "https address, which is not followed" in refused(to_https, capsys)
    to_file = server.add("/to-file", Resource(status=302, redirect_to="file:///etc/passwd"))
    assert "file address, which is not followed" in refused(to_file, capsys)
    # The same scheme is followed.
    same = server.add("/same", Resource(status=302, redirect_to=server.url("/feed.json")))
    assert update_cli.main(["--feed", same]) == 0


def test_incomplete_release_refused(
    server: LoopbackServer, key: Ed25519PrivateKey, baked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_hash = payload(newer())
    entry = {"url": "https://x.example/s", "size": 5, "sha256": "z"}
    bad_hash["installers"] = {"windows-x64": entry}
    url = serve(server, signed_feed(key, bad_hash))
    assert "incomplete (installers.windows-x64)" in refused(url, capsys)


def test_unreachable(baked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with LoopbackServer() as gone:
        url = gone.url("/feed.json")
    assert update_cli.main(["--feed", url, "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "unreachable"
    assert "could not be reached" in result["message"]


def test_server_error_is_unreachable(
    server: LoopbackServer, baked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.add("/feed.json", Resource(status=503, body=b"busy"))
    assert update_cli.main(["--feed", url]) == 1
    assert "HTTP 503" in capsys.readouterr().out


def test_bad_usage(baked: Path) -> None:
    assert update_cli.main(["--no-such-option"]) == 2


def test_build_without_channel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(channel_module, "channel_path", lambda resources=None: tmp_path / "none")
    set_language("en")
    assert update_cli.main(["--feed", "https://127.0.0.1:9/feed.json"]) == 1
    assert "no update channel" in capsys.readouterr().out
    with pytest.raises(FeedError):
        load_channel()


def test_feed_address_precedence_and_schedule() -> None:
    baked = channel_module.Channel("https://app.example/feed.json", "key")
    assert feed_url_for(baked) == "https://app.example/feed.json"
    assert (
        feed_url_for(baked, "https://provider.example/f.json") == "https://provider.example/f.json"
    )
    assert feed_url_for(baked, "https://provider.example/f.json", "http://x/f") == "http://x/f"
    day = channel_module.CHECK_INTERVAL_S
    assert is_due(True, 0.0, 1_000_000.0)
    assert not is_due(True, 1_000_000.0, 1_000_000.0 + day - 1)
    assert is_due(True, 1_000_000.0, 1_000_000.0 + day)
    assert is_due(True, 1_000_000.0, 10.0)  # the clock went back: not "never again"
    assert not is_due(False, 0.0, 1_000_000.0)


def test_installer_hash_and_size(tmp_path: Path) -> None:
    set_language("en")
    digest = hashlib.sha256(INSTALLER_BYTES).hexdigest()
    good = Installer("https://x/s", len(INSTALLER_BYTES), digest)
    path = tmp_path / "setup.exe"
    path.write_bytes(INSTALLER_BYTES)
    assert installer_problem(path, good) == ""
    path.write_bytes(INSTALLER_BYTES[:-1] + b"!")
    assert "SHA-256 differs" in installer_problem(path, good)
    assert not path.exists()  # a file that is not ours is not left to be started by hand
    path.write_bytes(INSTALLER_BYTES + b"extra")
    assert "instead of the announced" in installer_problem(path, good)
    assert not path.exists()


def test_unreachable_error_is_its_own_kind() -> None:
    assert not issubclass(FeedUnreachable, FeedError)
