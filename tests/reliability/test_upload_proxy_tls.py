# ruff: noqa: F811
"""The upload token behind a proxy: a proxy that presents a forged certificate for the platform
never receives it, on every path (the app's proxy setting, `upload --proxy`, and even the CLI's
own tunnel, which trusts any certificate); a proxy whose chain the app trusts still works.

The real official CLI under Node, the app's preload, and a real CONNECT proxy on loopback
(tests/fake_platform.py) that terminates TLS with a certificate from a CA nobody trusts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.test_upload_real_cli import (  # noqa: F401 (fixtures)
    APPID,
    TOKEN,
    cli,
    keychain,
    no_token_left_behind,
    project,
    template,
)
from tests.fake_platform import PLATFORM_HOSTS, FakePlatform, Scenario, make_certificates
from wizard.commands import upload as upload_cli
from wizard.core.paths import app_paths
from wizard.core.secrets import SecretKind, SecretStore
from wizard.core.upload import outcome as up
from wizard.core.upload.cli_runner import private_home, run_cli
from wizard.core.upload.uploader import upload_version

pytestmark = pytest.mark.slow


def forged(tmp_path: Path) -> FakePlatform:
    """A proxy answering for developer.toutiao.com with a certificate from its own CA."""
    return FakePlatform(tmp_path / "forged-certs")


def trusted_ca(tmp_path: Path) -> Path:
    """The CA the app trusts in this test: not the one that signed the proxy's certificate."""
    ca, _cert, _key = make_certificates(tmp_path / "trusted-ca")
    return ca


def assert_refused(outcome: up.UploadOutcome, proxy: FakePlatform) -> None:
    # No request got through the TLS handshake: the token was never sent.
    assert proxy.requests == [], [r.path for r in proxy.requests]
    assert proxy.proxy_lines, "the CLI did not even try the proxy"
    assert not outcome.ok and outcome.kind == up.KIND_SECURE_CONNECTION, outcome
    assert outcome.message.endswith(".") and "Traceback" not in outcome.message


def test_the_apps_proxy_setting_checks_the_certificate(project: Path, tmp_path: Path) -> None:
    with forged(tmp_path) as proxy:
        outcome = upload_version(
            project,
            appid=APPID,
            version="1.0.5",
            changelog="修复问题",
            token=TOKEN,
            proxy=proxy.proxy_url,
            ca_file=trusted_ca(tmp_path),
            location=cli(),
        )
        assert_refused(outcome, proxy)
    assert outcome.qrcode_path is None and outcome.version is None


def test_a_proxy_with_a_trusted_chain_still_works(project: Path, tmp_path: Path) -> None:
    with FakePlatform(tmp_path / "certs") as proxy:
        outcome = upload_version(
            project,
            appid=APPID,
            version="1.0.5",
            changelog="修复问题",
            token=TOKEN,
            proxy=proxy.proxy_url,
            ca_file=proxy.ca_file,
            location=cli(),
        )
        assert len(proxy.uploads()) == 1
    assert outcome.ok, outcome


def test_the_upload_command_with_proxy_gives_a_sentence(
    project: Path,
    tmp_path: Path,
    keychain: SecretStore,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keychain.set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
    monkeypatch.setenv("NODE_EXTRA_CA_CERTS", str(trusted_ca(tmp_path)))
    # Even a user who turned Node's checks off does not turn them off for the upload.
    monkeypatch.setenv("NODE_TLS_REJECT_UNAUTHORIZED", "0")
    with forged(tmp_path) as proxy:
        argv = [str(project), "--version", "1.0.5", "--changelog", "x", "--proxy", proxy.proxy_url]
        code = upload_cli.main(argv, store=keychain)
        assert proxy.requests == []
    out = capsys.readouterr()
    assert code == 1
    first = out.out.strip().splitlines()[0]
    assert first.startswith("A secure connection to the Douyin platform could not be made")
    assert "测试版本" not in out.out and TOKEN not in out.out + out.err


def test_even_the_clis_own_tunnel_checks_the_certificate(project: Path, tmp_path: Path) -> None:
    """The CLI's tunnel (`set-config --proxy`) asks for no check; the preload checks anyway."""
    location = cli()
    with forged(tmp_path) as proxy, private_home(app_paths()) as home:
        home.write_token(APPID, TOKEN)
        run_cli(location, ["set-config", "--proxy", proxy.proxy_url], home, timeout=60)
        run = run_cli(
            location,
            ["upload", "--app-version=1.0.5", "--app-changelog=x", str(project)],
            home,
            timeout=120,
            cwd=project,
            ca_file=trusted_ca(tmp_path),
        )
        assert any(line.startswith("CONNECT developer.toutiao.com") for line in proxy.proxy_lines)
        assert proxy.requests == []
    assert "Upload success" not in run.stdout
    outcome = up.interpret_cli_output(run.stdout, run.stderr, command="upload")
    assert outcome.kind == up.KIND_SECURE_CONNECTION, run.stderr[-2000:]


def test_without_the_preload_the_cli_would_send_the_token(project: Path, tmp_path: Path) -> None:
    """The hole itself, shown once: what the preload is for (if this starts failing, the CLI
    was fixed upstream and docs/platform-facts.md should say so)."""
    location = cli()
    bare = type(location)(location.node, location.script, location.source, preload=None)
    with forged(tmp_path) as proxy, private_home(app_paths()) as home:
        home.write_token(APPID, TOKEN)
        run_cli(bare, ["set-config", "--proxy", proxy.proxy_url], home, timeout=60)
        run_cli(
            bare,
            ["upload", "--app-version=1.0.5", "--app-changelog=x", str(project)],
            home,
            timeout=120,
            cwd=project,
            ca_file=trusted_ca(tmp_path),
        )
        assert any(r.headers.get("x-cli-token") == TOKEN for r in proxy.requests)


def test_a_certificate_for_another_host_is_refused(project: Path, tmp_path: Path) -> None:
    """A chain the app trusts, but for another name: the name is checked too."""
    with FakePlatform(tmp_path / "certs", certificate_hosts=("cdn.example.com",)) as proxy:
        outcome = upload_version(
            project,
            appid=APPID,
            version="1.0.5",
            changelog="修复问题",
            token=TOKEN,
            proxy=proxy.proxy_url,
            ca_file=proxy.ca_file,
            location=cli(),
        )
        assert_refused(outcome, proxy)


def test_a_redirect_never_takes_the_token_elsewhere(project: Path, tmp_path: Path) -> None:
    """The platform's place answered with a 302 to another host: the CLI's HTTP library would
    follow it with the `x-cli-token` header; the preload withholds it before connecting."""
    scenario = Scenario(upload_redirect="https://collector.example.com/steal")
    with FakePlatform(
        tmp_path / "certs",
        scenario,
        certificate_hosts=(*PLATFORM_HOSTS, "collector.example.com"),
        tunnel_hosts=(*PLATFORM_HOSTS, "collector.example.com"),
    ) as proxy:
        outcome = upload_version(
            project,
            appid=APPID,
            version="1.0.5",
            changelog="修复问题",
            token=TOKEN,
            proxy=proxy.proxy_url,
            ca_file=proxy.ca_file,
            location=cli(),
        )
        assert len(proxy.uploads()) == 1  # the platform's own host got it, then redirected
        assert not any("collector.example.com" in line for line in proxy.proxy_lines)
        assert all(r.host in PLATFORM_HOSTS for r in proxy.requests)
    assert not outcome.ok and outcome.kind == up.KIND_TOKEN_WITHHELD, outcome
    assert "collector.example.com" in outcome.message
