"""The maintainer's feed tool makes what the app accepts: key, channel file, signed feed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import update_feed  # noqa: E402

from wizard.core.updates.channel import load_channel  # noqa: E402
from wizard.core.updates.feed import public_key_from_text, verify_feed  # noqa: E402


def test_keygen_channel_sign_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key_file = tmp_path / "feed-key.pem"
    assert update_feed.main(["keygen", "--private", str(key_file)]) == 0
    assert key_file.stat().st_mode & 0o077 == 0  # private to its owner
    public = capsys.readouterr().out.rsplit(": ", 1)[1].strip()
    channel = tmp_path / "res" / "updates" / "channel.json"
    channel.parent.mkdir(parents=True)
    args = ["channel", "--feed-url", "https://x.example/feed.json", "--public-key", public]
    assert update_feed.main([*args, "--out", str(channel)]) == 0
    assert load_channel(tmp_path / "res").public_key == public
    installer = tmp_path / "setup.exe"
    installer.write_bytes(b"MZ" * 500)
    feed = tmp_path / "feed.json"
    spec = f"windows-x64=https://x.example/setup.exe={installer}"
    signed = ["sign", "--private", str(key_file), "--version", "9.0.0", "--notes-zh", "新"]
    assert update_feed.main([*signed, "--installer", spec, "--out", str(feed)]) == 0
    release = verify_feed(feed.read_bytes(), public_key_from_text(public))
    assert release.installers["windows-x64"].size == 1000
    assert json.loads(feed.read_text())["signature"]
