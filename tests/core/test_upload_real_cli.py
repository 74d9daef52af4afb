"""The real official CLI (tt-ide-cli 0.1.33 under Node) against a loopback fake of the platform.

The CLI reaches tests/fake_platform.py through its proxy setting (a CONNECT proxy on 127.0.0.1
that terminates TLS with a test CA, trusted through NODE_EXTRA_CA_CERTS). After every test no
file under the test's folders (the app's home, the temporary folder, the CLI's private homes)
contains the token, and no private folder is left. Needs node and `npm ci --prefix .ci`:
skipped locally when missing, a failure on CI (env CI set).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fake_platform import FakePlatform, Scenario
from wizard.commands import upload as upload_cli
from wizard.core.paths import app_paths
from wizard.core.secrets import SecretKind, SecretStore
from wizard.core.upload import cli_runner
from wizard.core.upload import outcome as up
from wizard.core.upload.cli_runner import CliLocation, find_cli, private_home, run_cli, runs_folder
from wizard.core.upload.uploader import make_preview, upload_version

# The real official CLI (Node): the slow tier (`-m "not slow"` skips it).
pytestmark = pytest.mark.slow


APPID = "tt411d37a0de37d565"
TOKEN = "fake-upload-token-0123456789abcdef"


def cli() -> CliLocation:
    # MINIAPP_PUBLISHER_TEST_CLI_BUNDLE=<folder made by packaging/upload_cli_bundle.py> runs
    # these tests against the trimmed bundle instead of .ci/node_modules.
    bundle = os.environ.get("MINIAPP_PUBLISHER_TEST_CLI_BUNDLE", "").strip()
    if bundle:
        root = Path(bundle)
        node = root / "node" / ("node.exe" if os.name == "nt" else "bin/node")
        return CliLocation(node, root / "node_modules" / "tt-ide-cli" / "bin" / "tma.js", "test")
    found = find_cli()
    if found is None:
        message = "node or tt-ide-cli (.ci/node_modules) not found"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must install them)")
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project made by the CLI itself (`tma create`), inside a private home of its own (the
    bundle has no templates: it is made with the development CLI when there is one)."""
    location = find_cli() or cli()
    work = tmp_path_factory.mktemp("template")
    paths = app_paths().__class__(work / "c", work / "s", work / "l", work / "cache")
    with private_home(paths) as home:
        run_cli(location, ["create", "demo", "--template", "empty"], home, timeout=120, cwd=work)
    created = work / "demo"
    assert (created / "project.config.json").is_file()
    return created


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    # A merchant's folder: Chinese name with a space (the CLI gets it as an argument).
    folder = tmp_path / "小明的 花店"
    shutil.copytree(template, folder)
    config_path = folder / "project.config.json"
    config = json.loads(config_path.read_text("utf-8"))
    config["appid"] = APPID
    config_path.write_text(json.dumps(config), "utf-8")
    return folder


@pytest.fixture(autouse=True)
def no_token_left_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Python's temporary folder inside the test's; after the test, grep everything."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    yield
    holders = [
        path
        for path in tmp_path.rglob("*")
        if path.is_file() and TOKEN.encode() in path.read_bytes()
    ]
    assert holders == []
    runs = runs_folder()
    assert not runs.exists() or list(runs.iterdir()) == []


@pytest.fixture
def argv_seen(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every command line the runner starts (the token must never be on one)."""
    seen: list[list[str]] = []
    real = subprocess.Popen

    def recording(args: list[str], *a: object, **k: object) -> subprocess.Popen[bytes]:
        seen.append([str(x) for x in args])
        return real(args, *a, **k)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(cli_runner.subprocess, "Popen", recording)
    return seen


def upload(project: Path, fake: FakePlatform, **kwargs: object) -> up.UploadOutcome:
    options: dict[str, object] = {
        "appid": APPID,
        "version": "1.0.5",
        "changelog": "修复问题；新增商品页",
        "token": TOKEN,
        "proxy": fake.proxy_url,
        "ca_file": fake.ca_file,
        "location": cli(),
    }
    options.update(kwargs)
    return upload_version(project, **options)  # type: ignore[arg-type]


def test_success_with_a_qr_code(project: Path, tmp_path: Path, argv_seen: list[list[str]]) -> None:
    statuses: list[str] = []
    with FakePlatform(tmp_path / "certs") as fake:
        outcome = upload(project, fake, on_status=statuses.append)
    assert outcome.ok and outcome.kind == up.KIND_SUCCESS, outcome
    assert outcome.version == "1.0.5"
    assert outcome.short_link == "https://z.douyin.com/fakeQr1"
    assert outcome.expires_at == 1_900_000_000
    assert outcome.qrcode_path is not None and outcome.qrcode_path.is_file()
    assert outcome.qrcode_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert outcome.qrcode_path.is_relative_to(app_paths().cache)
    sent = fake.uploads()
    assert len(sent) == 1
    assert (
        sent[0].fields["version"] == "1.0.5" and sent[0].fields["intro"] == "修复问题；新增商品页"
    )
    assert sent[0].headers["x-cli-token"] == TOKEN and sent[0].headers["x-cli-appid"] == APPID
    assert statuses[0] == "Starting the upload tool…" and "Uploaded." in statuses
    assert argv_seen and all(TOKEN not in " ".join(args) for args in argv_seen)
    # One Node start per upload (no `tma set-config`), always with the app's preload.
    assert len(argv_seen) == 1 and argv_seen[0][1] == "--require"
    assert argv_seen[0][2].endswith("preload.js")
    # Telemetry stays off: the proxy saw tunnels to the platform's hosts only.
    assert fake.proxy_lines and all("snssdk" not in line for line in fake.proxy_lines)


def test_version_too_low(project: Path, tmp_path: Path) -> None:
    with FakePlatform(tmp_path / "certs", Scenario(audit_version="1.2.0")) as fake:
        outcome = upload(project, fake)
        assert fake.uploads() == []
    assert outcome.kind == up.KIND_VERSION_TOO_LOW and not outcome.ok
    assert (outcome.version, outcome.previous_version) == ("1.0.5", "1.2.0")


def test_compile_error(project: Path, tmp_path: Path) -> None:
    scenario = Scenario(
        compile_replies=[{"error": 0, "status": 1}, {"error": 1, "message": "app.json 第 2 行有误"}]
    )
    with FakePlatform(tmp_path / "certs", scenario) as fake:
        outcome = upload(project, fake)
    assert outcome.kind == up.KIND_COMPILE_ERROR and "app.json 第 2 行有误" in outcome.message


def test_token_refused(project: Path, tmp_path: Path) -> None:
    with FakePlatform(tmp_path / "certs", Scenario(token="the-platform-knows-another")) as fake:
        outcome = upload(project, fake)
        assert fake.uploads() == []
    assert outcome.kind == up.KIND_TOKEN_REFUSED and "「立即启用」" in outcome.message


def test_package_too_large(project: Path, tmp_path: Path) -> None:
    (project / "big.png").write_bytes(os.urandom(17 * 1024 * 1024))
    with FakePlatform(tmp_path / "certs") as fake:
        outcome = upload(project, fake)
        assert fake.uploads() == []
    assert outcome.kind == up.KIND_PACKAGE_TOO_LARGE and "17.00MB" in outcome.message


def test_network_refused(project: Path, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with FakePlatform(tmp_path / "certs") as fake:
        outcome = upload(project, fake, proxy=f"http://127.0.0.1:{closed_port}")
    assert outcome.kind == up.KIND_NETWORK and "ECONNREFUSED" in outcome.message


def test_upload_error_carries_the_platform_message(project: Path, tmp_path: Path) -> None:
    scenario = Scenario(upload_reply={"error": 7, "message": "版本号 1.0.5 已存在"})
    with FakePlatform(tmp_path / "certs", scenario) as fake:
        outcome = upload(project, fake)
    assert outcome.kind == up.KIND_UPLOAD_REFUSED and "版本号 1.0.5 已存在" in outcome.message


def test_preview_makes_a_qr_code_and_short_link(project: Path, tmp_path: Path) -> None:
    with FakePlatform(tmp_path / "certs", Scenario(short_url="https://z.douyin.com/p2")) as fake:
        outcome = make_preview(
            project,
            appid=APPID,
            token=TOKEN,
            proxy=fake.proxy_url,
            ca_file=fake.ca_file,
            location=cli(),
        )
        assert [r.path for r in fake.requests if r.method == "PUT"] == [
            f"/api/v2/app/{APPID}/preview"
        ]
    assert outcome.ok and outcome.short_link == "https://z.douyin.com/p2"
    assert outcome.qrcode_path is not None and outcome.qrcode_path.is_file()


@pytest.mark.skipif(sys.platform != "linux", reason="looks for the process in /proc")
def test_cancel_during_the_upload_ends_node(project: Path, tmp_path: Path) -> None:
    with FakePlatform(tmp_path / "certs", Scenario(upload_delay=30)) as fake:
        started = time.monotonic()
        outcome = upload(project, fake, cancel=lambda: bool(fake.uploads()))
        elapsed = time.monotonic() - started
    assert outcome.kind == up.KIND_CANCELLED and elapsed < 20
    marker = str(project).encode()
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            assert marker not in cmdline.read_bytes()
        except OSError:
            pass


def test_time_limit(project: Path, tmp_path: Path) -> None:
    with FakePlatform(tmp_path / "certs", Scenario(upload_delay=30)) as fake:
        outcome = upload(project, fake, timeout=6)
    assert outcome.kind == up.KIND_TIMEOUT


def test_wrong_folder_appid_is_refused_before_running(project: Path, tmp_path: Path) -> None:
    with FakePlatform(tmp_path / "certs") as fake:
        outcome = upload(project, fake, appid="tt02d6746b9cb2fc0e10")
        assert fake.requests == []
    assert outcome.kind == up.KIND_APPID_INVALID and APPID in outcome.message


# --- python -m wizard upload ---------------------------------------------------------------


@pytest.fixture
def keychain(tmp_path: Path) -> SecretStore:
    file_backend = pytest.importorskip("keyrings.alt.file")
    backend = file_backend.PlaintextKeyring()
    # Outside tmp_path: a keyring file holding the token is the test's keychain, not a leak.
    backend.file_path = str(tmp_path.parent / f"{tmp_path.name}-keychain.cfg")
    return SecretStore(backend=backend, trusted=True)


def test_upload_command(
    project: Path,
    tmp_path: Path,
    keychain: SecretStore,
    capsys: pytest.CaptureFixture[str],
) -> None:
    keychain.set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
    with FakePlatform(tmp_path / "certs") as fake:
        os.environ["NODE_EXTRA_CA_CERTS"] = str(fake.ca_file)
        try:
            code = upload_cli.main(
                [
                    str(project),
                    "--version",
                    "1.0.5",
                    "--changelog=-首发",
                    "--proxy",
                    fake.proxy_url,
                ],
                store=keychain,
            )
        finally:
            del os.environ["NODE_EXTRA_CA_CERTS"]
        assert fake.uploads()[0].fields["intro"] == "-首发"
    out = capsys.readouterr()
    assert code == 0, out
    assert "测试版本" in out.out and "https://z.douyin.com/fakeQr1" in out.out
    assert "Starting the upload tool" in out.err and TOKEN not in out.out + out.err


def test_upload_command_for_another_appid_uploads_a_copy(
    project: Path, tmp_path: Path, keychain: SecretStore, capsys: pytest.CaptureFixture[str]
) -> None:
    other = "tt02d6746b9cb2fc0e10"
    keychain.set(other, TOKEN, SecretKind.UPLOAD_TOKEN)
    before = (project / "project.config.json").read_bytes()
    with FakePlatform(tmp_path / "certs") as fake:
        os.environ["NODE_EXTRA_CA_CERTS"] = str(fake.ca_file)
        try:
            code = upload_cli.main(
                [
                    str(project),
                    "--version",
                    "2.0.0",
                    "--changelog",
                    "x",
                    "--appid",
                    other.upper(),
                    "--proxy",
                    fake.proxy_url,
                ],
                store=keychain,
            )
        finally:
            del os.environ["NODE_EXTRA_CA_CERTS"]
        assert fake.uploads()[0].path == f"/api/v2/app/{other}/testing"
    assert code == 0, capsys.readouterr()
    assert (project / "project.config.json").read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["{project}", "--version", "1.0", "--changelog", "x"], 2),
        (["{project}", "--version", "1.0.0", "--changelog", " "], 2),
        (["{project}", "--changelog", "x"], 2),
        (["{tmp}", "--version", "1.0.0", "--changelog", "x"], 2),
        (["{project}", "--version", "1.0.0", "--changelog", "x", "--appid", "testappid"], 2),
        (["{project}", "--version", "1.0.0", "--changelog", "x"], 1),  # no token saved
    ],
)
def test_upload_command_refusals(
    project: Path,
    tmp_path: Path,
    keychain: SecretStore,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    expected: int,
) -> None:
    args = [a.format(project=project, tmp=tmp_path / "tmp") for a in argv]
    assert upload_cli.main(args, store=keychain) == expected
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err and (out.out + out.err).strip()
