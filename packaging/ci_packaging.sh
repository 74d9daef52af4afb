#!/usr/bin/env bash
# Packaging checks for CI, called by .ci/run after the unit tests:
#
#     PYTHON=/path/to/venv/bin/python packaging/ci_packaging.sh     (or: ci_packaging.sh PYTHON)
#
# 1. installs what it needs: Debian packages (apt-get update must have run already) and
#    PyInstaller into $PYTHON's environment;
# 2. builds the Linux frozen app and runs its --self-test offscreen;
# 3. builds the real Windows x64 app under wine, self-tests it offscreen and with Qt's windows
#    platform under Xvfb, renders screenshots, builds the NSIS installer, installs it silently,
#    self-tests the installed app, uninstalls (data kept), reinstalls and uninstalls with
#    /REMOVEDATA (data removed).
# Everything it writes stays in the clone's build/ and dist/ folders. Exits non-zero when
# anything fails; the last line says which.
#
# CI_PACKAGING_FAST_INSTALLER=1 compresses the installer with zlib instead of solid lzma
# (about 25 s faster, same installer logic; the shipped installer is always lzma).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${1:-${PYTHON:-python3}}"
PYINSTALLER_VERSION="6.22.3"
APT_PACKAGES=(wine wine64 nsis xvfb xauth gcc-mingw-w64-x86-64-win32 fonts-dejavu-core
              fonts-wqy-microhei binutils osslsigncode openssl)
started=$(date +%s)
stage="start"

finish() {
    local code=$?
    local took=$(( $(date +%s) - started ))
    if [[ $code -eq 0 ]]; then
        echo "PACKAGING CI PASSED in ${took} s: Linux frozen app self-tested; Windows build" \
             "frozen, self-tested, installed and uninstalled under wine."
    else
        echo "PACKAGING CI FAILED in ${took} s at stage '${stage}' (exit ${code}); see above."
    fi
}
trap finish EXIT

stage="install tools"
echo "==> [packaging] $stage"
# PyInstaller needs the shared libpython; Debian ships it apart from its python3.
python_exe="$(readlink -f "$(command -v "$PYTHON")")"
if dpkg-query -S "$python_exe" >/dev/null 2>&1; then
    APT_PACKAGES+=("libpython$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')")
fi
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if (( ${#missing[@]} )); then
    echo "    apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
        --no-install-recommends "${missing[@]}" \
        >/dev/null
fi
if ! "$PYTHON" -c "import PyInstaller, sys; sys.exit(PyInstaller.__version__ != '$PYINSTALLER_VERSION')" \
        2>/dev/null; then
    "$PYTHON" -m pip install -q "pyinstaller==$PYINSTALLER_VERSION"
fi

stage="Linux frozen app + self-test"
echo "==> [packaging] $stage"
"$PYTHON" build_installer.py --no-installer

stage="Windows build under wine"
echo "==> [packaging] $stage"
wine_args=(--windows-under-wine --screenshots)
# The project's update channel (feed address and public key), once the maintainer made it.
if [[ -f packaging/update-channel.json ]]; then
    wine_args+=(--update-channel packaging/update-channel.json)
fi
if [[ "${CI_PACKAGING_FAST_INSTALLER:-0}" == "1" ]]; then
    wine_args+=(--fast-installer)
fi
"$PYTHON" build_installer.py "${wine_args[@]}"
stage="done"
