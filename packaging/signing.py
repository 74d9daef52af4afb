"""Authenticode signing of the Windows exe, installer and uninstaller with osslsigncode.

    python packaging/signing.py sign FILE      (what installer.nsi's !finalize runs)
    python packaging/signing.py verify FILE

Which certificate (read from the environment, so the build scripts and makensis's
!finalize / !uninstfinalize commands agree):

- ``WINDOWS_SIGN_PFX``: a real code-signing certificate with its key (.pfx / .p12);
- ``WINDOWS_SIGN_PFX_PASSWORD``: its password (handed to osslsigncode through a private
  temporary file, ``-readpass``, never on a command line);
- ``WINDOWS_SIGN_TIMESTAMP_URL``: an RFC 3161 timestamp server (e.g.
  ``http://timestamp.digicert.com``); without it nothing is timestamped, and the signature
  stops being valid when the certificate expires;
- ``WINDOWS_SIGN_CA``: for ``verify``, the CA file the certificate chains to.

Without ``WINDOWS_SIGN_PFX`` nothing is signed ("signing SKIPPED" in the log) unless the
build asks for the throw-away test certificate (``test_certificate``), as CI does: then the
signature is real but only trusted by ``verify`` with that test CA.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PFX_ENV = "WINDOWS_SIGN_PFX"
PASSWORD_ENV = "WINDOWS_SIGN_PFX_PASSWORD"
TIMESTAMP_ENV = "WINDOWS_SIGN_TIMESTAMP_URL"
CA_ENV = "WINDOWS_SIGN_CA"
PRODUCT = "小程序发布助手 MiniApp Publisher"
PRODUCT_URL = "https://github.com/miniapp-publisher/miniapp-publisher"
TIMEOUT_S = 300


class SigningError(Exception):
    """Signing or verifying failed; the message says which file and why."""


@dataclass(frozen=True)
class Signer:
    """A certificate to sign with (and, for verify, the CA it chains to)."""

    pfx: Path
    password: str
    timestamp_url: str = ""
    ca_file: Path | None = None

    @classmethod
    def from_env(cls) -> Signer | None:
        pfx = os.environ.get(PFX_ENV, "")
        if not pfx:
            return None
        if not Path(pfx).is_file():
            raise SigningError(f"{PFX_ENV} names {pfx}, which is not a file.")
        ca = os.environ.get(CA_ENV, "")
        return cls(
            Path(pfx),
            os.environ.get(PASSWORD_ENV, ""),
            os.environ.get(TIMESTAMP_ENV, ""),
            Path(ca) if ca else None,
        )

    def env(self) -> dict[str, str]:
        """The variables that make a child process (makensis's !finalize) sign the same way."""
        env = {PFX_ENV: str(self.pfx), PASSWORD_ENV: self.password}
        if self.timestamp_url:
            env[TIMESTAMP_ENV] = self.timestamp_url
        if self.ca_file is not None:
            env[CA_ENV] = str(self.ca_file)
        return env


def osslsigncode() -> str:
    tool = shutil.which("osslsigncode")
    if tool is None:
        raise SigningError("osslsigncode is not installed (apt-get install osslsigncode).")
    return tool


def _run(args: list[str], what: str) -> str:
    try:
        done = subprocess.run(
            args,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SigningError(f"{what}: no answer within {TIMEOUT_S} s.") from exc
    output = (done.stdout or "") + (done.stderr or "")
    if done.returncode != 0:
        raise SigningError(f"{what} failed (exit {done.returncode}):\n{output.strip()}")
    return output


def sign(path: Path, signer: Signer) -> None:
    """Sign ``path`` in place (SHA-256, product name and URL, timestamp when configured)."""
    with tempfile.TemporaryDirectory(prefix="sign-") as tmp:
        pass_file = Path(tmp) / "pass"
        pass_file.touch(mode=0o600)
        pass_file.write_text(signer.password, encoding="utf-8")
        signed = Path(tmp) / path.name
        args = [osslsigncode(), "sign", "-pkcs12", str(signer.pfx), "-readpass", str(pass_file)]
        args += ["-h", "sha256", "-n", PRODUCT, "-i", PRODUCT_URL]
        if signer.timestamp_url:
            args += ["-ts", signer.timestamp_url]
        args += ["-in", str(path), "-out", str(signed)]
        _run(args, f"signing {path.name}")
        shutil.copyfile(signed, path)


def verify(path: Path, signer: Signer | None = None) -> str:
    """``osslsigncode verify``; raises unless the signature is intact and chains to the CA."""
    args = [osslsigncode(), "verify", "-in", str(path)]
    if signer is not None and signer.ca_file is not None:
        args += ["-CAfile", str(signer.ca_file)]
    output = _run(args, f"verifying the signature of {path.name}")
    if "Signature verification: ok" not in output:
        raise SigningError(f"{path.name}: osslsigncode did not say the signature is ok.")
    return output


def test_certificate(folder: Path) -> Signer:
    """A throw-away self-signed code-signing certificate for CI, made in ``folder`` (build/)
    and reused there while it is valid, so a re-run finds its own earlier signatures valid.
    Its password is kept beside it: the certificate is trusted by nothing but ``verify``."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise SigningError("openssl is not installed (apt-get install openssl).")
    folder.mkdir(parents=True, exist_ok=True)
    key, cert, pfx = folder / "test-sign.key", folder / "test-sign.crt", folder / "test-sign.pfx"
    pass_file = folder / "test-sign.pass"
    timestamp = os.environ.get(TIMESTAMP_ENV, "")
    if pfx.is_file() and pass_file.is_file() and cert.is_file():
        still_valid = subprocess.run(
            [openssl, "x509", "-checkend", "86400", "-noout", "-in", str(cert)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=60,
            check=False,
        )
        if still_valid.returncode == 0:
            return Signer(pfx, pass_file.read_text(encoding="utf-8"), timestamp, cert)
    password = secrets.token_urlsafe(16)
    pass_file.touch(mode=0o600)
    pass_file.write_text(password, encoding="utf-8")
    _run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:3072",
            "-nodes",
            "-days",
            "7",
            "-subj",
            "/CN=MiniApp Publisher CI test signing (not trusted)",
            "-addext",
            "extendedKeyUsage=codeSigning",
            "-addext",
            "keyUsage=digitalSignature",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        "making the test certificate",
    )
    _run(
        [
            openssl,
            "pkcs12",
            "-export",
            "-inkey",
            str(key),
            "-in",
            str(cert),
            "-out",
            str(pfx),
            "-passout",
            f"file:{pass_file}",
        ],
        "packing the test certificate",
    )
    key.unlink()
    return Signer(pfx, password, timestamp, cert)


def is_signed_by(path: Path, signer: Signer) -> bool:
    """True when ``path`` already carries a valid signature that chains to signer's CA."""
    try:
        verify(path, signer)
    except SigningError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in ("sign", "verify"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        signer = Signer.from_env()
        target = Path(args[1])
        if args[0] == "sign":
            if signer is None:
                print(f"signing SKIPPED for {target.name}: {PFX_ENV} is not set")
                return 0
            sign(target, signer)
            print(f"signed {target.name}")
        else:
            verify(target, signer)
            print(f"signature of {target.name}: ok")
    except SigningError as exc:
        print(f"SIGNING FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
