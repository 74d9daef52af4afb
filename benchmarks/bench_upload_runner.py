"""What running the official CLI safely costs: the app's whole upload against one bare `tma
upload` in a home that is already configured (issue 25, target 5).

Both upload the same `tma create` project to the loopback fake platform (tests/fake_platform.py)
through its proxy. "bare" is one `tma upload` process asked for the same work (version,
changelog, the QR code file); its home got `set-app-config` (the token) and `set-config
--proxy` once, before timing: the one command a script runs per upload. "safe" is
wizard.core.upload.uploader.upload_version as the window and `python -m wizard upload` call it:
a private owner-only home made and deleted per run, appConfig.json written by the app, one Node
start with the app's preload (which applies the proxy and checks the certificate), the output
read by interpret_cli_output, the QR code kept.

Run: python benchmarks/bench_upload_runner.py [--repeat 7]   (needs node and npm ci --prefix .ci)
Rounds alternate which runs first; medians. Target: safe <= 1.1x bare.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fake_platform import FakePlatform, Scenario
from wizard.core.paths import AppPaths
from wizard.core.upload.cli_runner import find_cli
from wizard.core.upload.uploader import upload_version

TARGET_RATIO = 1.1
APPID = "tt411d37a0de37d565"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    location = find_cli()
    if location is None:
        print("node or tt-ide-cli missing: npm ci --prefix .ci")
        return 1
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as scratch:
        work = Path(scratch)
        env = {**os.environ, "ALLOW_REPORT_EVENT": "no", "HOME": str(work / "bare-home")}
        env.pop("ELECTRON_RUN_AS_NODE", None)
        subprocess.run(
            location.command(["create", "demo", "--template", "empty"]),
            cwd=work,
            env={**env, "TMA_CLI_HOME": str(work / "create-home")},
            capture_output=True,
            check=True,
        )
        project = work / "demo"
        config = json.loads((project / "project.config.json").read_text("utf-8"))
        config["appid"] = APPID
        (project / "project.config.json").write_text(json.dumps(config), "utf-8")
        paths = AppPaths(work / "c", work / "s", work / "l", work / "cache")
        scenario = Scenario()
        with FakePlatform(work / "certs", scenario) as fake:
            env["NODE_EXTRA_CA_CERTS"] = str(fake.ca_file)
            env["TMA_CLI_HOME"] = str(work / "bare-home")

            # The bare CLI as it is installed: no preload of the app's.
            bare_cli = type(location)(location.node, location.script, location.source, None)
            for command in (
                ["set-app-config", APPID, "--token", scenario.token],
                ["set-config", "--proxy", fake.proxy_url, "--allow-report-event", "no"],
            ):
                subprocess.run(bare_cli.command(command), env=env, capture_output=True, check=True)

            def bare() -> None:
                # The same work as the app asks for: version, changelog and the QR code file.
                qrcode = f"--qrcode-output={work / 'bare-qr.png'}"
                done = subprocess.run(
                    bare_cli.command(
                        ["upload", "-v", "1.0.5", "-c", "bench", qrcode, str(project)]
                    ),
                    env=env,
                    capture_output=True,
                    text=True,
                )
                assert "Upload success" in done.stdout, done.stderr

            def safe() -> None:
                outcome = upload_version(
                    project,
                    appid=APPID,
                    version="1.0.5",
                    changelog="bench",
                    token=scenario.token,
                    proxy=fake.proxy_url,
                    ca_file=fake.ca_file,
                    paths=paths,
                    location=location,
                )
                assert outcome.ok, outcome.message

            timings: dict[str, list[float]] = {"bare": [], "safe": []}
            safe()  # warm the file cache for both before timing
            bare()
            for round_number in range(args.repeat):
                # Interleaved, in alternating order, so a busy machine slows both alike.
                order = [("bare", bare), ("safe", safe)]
                for name, run in order if round_number % 2 == 0 else order[::-1]:
                    started = time.perf_counter()
                    run()
                    timings[name].append(time.perf_counter() - started)
        shutil.rmtree(work / "bare-home", ignore_errors=True)
    bare_s, safe_s = (statistics.median(timings[k]) for k in ("bare", "safe"))
    ratio = safe_s / bare_s
    print(f"bare upload (median of {args.repeat}): {bare_s:.2f} s")
    print(f"safe upload (median of {args.repeat}): {safe_s:.2f} s")
    verdict = "OK" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(f"ratio safe/bare: {ratio:.2f} (target <= {TARGET_RATIO}) {verdict}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
