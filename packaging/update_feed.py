"""The maintainer's side of the update channel: make the key, the channel file, a signed feed.

    python packaging/update_feed.py keygen --private feed-key.pem
        writes a new Ed25519 private key (keep it secret: a password manager or the CI secret
        UPDATE_FEED_PRIVATE_KEY) and prints the public key to bake into builds;
    python packaging/update_feed.py channel --feed-url URL --public-key B64 --out channel.json
        the file build_installer.py --update-channel bakes in;
    python packaging/update_feed.py sign --version 0.2.0 --notes-zh "…" --notes-en "…" \\
        --installer windows-x64=https://…/setup.exe=dist/…-setup.exe [--installer …] \\
        --out feed.json
        signs a feed with the private key from UPDATE_FEED_PRIVATE_KEY (PEM text) or
        --private FILE; sizes and SHA-256 are taken from the local installer files, and the
        result is checked with the app's own verify_feed before it is written.

Formats: docs/architecture.md, "Update channel".
"""

from __future__ import annotations

import argparse
import base64
import datetime
import hashlib
import json
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from wizard.core.updates.feed import FEED_SCHEMA, PLATFORMS, verify_feed  # noqa: E402

KEY_ENV = "UPDATE_FEED_PRIVATE_KEY"


def public_text(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def load_private(path: Path | None) -> Ed25519PrivateKey:
    pem = path.read_bytes() if path is not None else os.environ.get(KEY_ENV, "").encode()
    if not pem:
        raise SystemExit(f"no private key: pass --private FILE or set {KEY_ENV}.")
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SystemExit("the private key is not an Ed25519 key.")
    return key


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def signed_feed(key: Ed25519PrivateKey, payload: dict[str, object]) -> bytes:
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    envelope = {
        "payload": base64.b64encode(body).decode("ascii"),
        "signature": base64.b64encode(key.sign(body)).decode("ascii"),
    }
    return (json.dumps(envelope, indent=1) + "\n").encode("ascii")


def build_payload(args: argparse.Namespace) -> dict[str, object]:
    installers: dict[str, object] = {}
    for spec in args.installer:
        platform, sep, rest = spec.partition("=")
        url, sep2, file = rest.rpartition("=")
        if not sep or not sep2 or platform not in PLATFORMS:
            raise SystemExit(
                f"--installer {spec!r}: write PLATFORM=URL=FILE ({', '.join(PLATFORMS)})."
            )
        path = Path(file)
        installers[platform] = {"url": url, "size": path.stat().st_size, "sha256": sha256_of(path)}
    return {
        "schema": FEED_SCHEMA,
        "version": args.version,
        "published": args.published or datetime.date.today().isoformat(),
        "notes": {"zh": args.notes_zh, "en": args.notes_en},
        "installers": installers,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    keygen = commands.add_parser("keygen")
    keygen.add_argument("--private", type=Path, required=True)
    channel = commands.add_parser("channel")
    channel.add_argument("--feed-url", required=True)
    channel.add_argument("--public-key", required=True)
    channel.add_argument("--out", type=Path, required=True)
    sign = commands.add_parser("sign")
    sign.add_argument("--private", type=Path)
    sign.add_argument("--version", required=True)
    sign.add_argument("--published", default="")
    sign.add_argument("--notes-zh", default="")
    sign.add_argument("--notes-en", default="")
    sign.add_argument("--installer", action="append", default=[], metavar="PLATFORM=URL=FILE")
    sign.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "keygen":
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        with open(os.open(args.private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            out.write(pem)
        print(f"private key written to {args.private} (keep it secret)")
        print(f"public key (for the channel file): {public_text(key)}")
        return 0
    if args.command == "channel":
        document = {"feed_url": args.feed_url, "public_key": args.public_key}
        args.out.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
        return 0
    key = load_private(args.private)
    feed = signed_feed(key, build_payload(args))
    release = verify_feed(feed, key.public_key())  # what the app will accept, or it raises
    args.out.write_bytes(feed)
    print(f"wrote {args.out}: version {release.version}, {', '.join(release.installers)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
