"""`--self-test`: build the whole window offscreen and check what a frozen app can lose."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from PySide6.QtNetwork import QSslSocket
from PySide6.QtWidgets import QApplication

from wizard import __version__
from wizard.core import i18n, journey
from wizard.core.paths import resources_dir
from wizard.ui.demo import demo_window, ensure_app, go_to, throwaway_home
from wizard.ui.qt_i18n import load_qtbase, qt_translations_dir

Result = tuple[bool, str]


def check_translations() -> Result:
    catalog = i18n.load_catalog(i18n.CHINESE)
    if len(catalog.entries) < 20:
        return False, f"zh_CN catalog has only {len(catalog.entries)} entries"
    if catalog.lookup("Welcome") is None:
        return False, "zh_CN catalog lacks 'Welcome'"
    if load_qtbase(i18n.CHINESE) is None:
        return False, f"qtbase_zh_CN.qm not found in {qt_translations_dir()}"
    return True, f"{len(catalog.entries)} zh_CN messages; qtbase_zh_CN.qm loads"


def check_resources() -> Result:
    folder = resources_dir()
    needed = [folder / "i18n" / i18n.CHINESE, folder / "icons" / "miniapp-publisher-256.png"]
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        return False, f"missing: {', '.join(missing)}"
    return True, f"resources in {folder}"


def check_chinese_font() -> Result:
    """Chinese drawn as empty boxes is a broken app, even when every page builds."""
    from wizard.ui.fonts import SAMPLE, chinese_font_family

    family = chinese_font_family()
    # No exception under wine either: CI's test prefix registers a Chinese font, and a
    # prefix that lost it would otherwise pass while the window draws boxes.
    if not family:
        return False, f"no installed font draws Chinese ({SAMPLE}); pages would show boxes"
    return True, f"Chinese drawn with {family}"


def check_profile() -> Result:
    """The provider profile baked in by build_installer.py --profile, if any, must load."""
    from wizard.core.profile.store import baked_profile_path, load_baked_profile

    if not baked_profile_path().exists():
        return True, "no provider profile baked in (generic app)"
    baked = load_baked_profile()
    if baked.profile is None:
        return False, f"baked provider profile refused: {baked.notice}"
    profile = baked.profile
    name = " / ".join(part for part in (profile.name.zh, profile.name.en) if part)
    return True, f"provider profile {profile.id or '-'} ({name}), sha256 {profile.digest[:12]}"


class Caution(str):
    """A check's detail that is worth a look but is not a broken install (printed WARN)."""


def check_keyring() -> Result:
    from wizard.core.secrets import SecretStore

    store = SecretStore()
    name = store.backend_name
    if store.is_persistent:
        return True, f"secure backend {name}"
    if sys.platform in ("win32", "darwin"):
        return False, f"no secure keyring backend ({name})"
    # A Linux desktop without a Secret Service is legitimate: secrets are kept per run.
    return True, Caution(
        f"no secure keyring backend on this system ({name}): answers are saved, but the "
        "AppSecret and the upload token are kept only until the app closes"
    )


def check_tls() -> Result:
    if not QSslSocket.supportsSsl():
        return False, "Qt has no TLS backend (HTTPS would fail)"
    return True, f"{QSslSocket.activeBackend()} ({QSslSocket.sslLibraryVersionString()})"


def check_updates() -> Result:
    """The feed's Ed25519 check works frozen (cryptography's native part is bundled), and the
    baked update channel, if any, is readable."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from wizard.core.updates.channel import channel_path, load_channel
    from wizard.core.updates.feed import FeedError

    key = Ed25519PrivateKey.generate()
    key.public_key().verify(key.sign(b"self-test"), b"self-test")  # raises when broken
    if not channel_path().exists():
        return True, "Ed25519 works; no update channel baked in (no update checks)"
    try:
        channel = load_channel()
    except FeedError as exc:
        return False, f"update channel unusable: {exc}"
    return True, f"Ed25519 works; update feed {channel.feed_url or '(from the profile)'}"


def check_window() -> Result:
    visited = 0
    with throwaway_home():
        for language in i18n.SUPPORTED_LANGUAGES:
            window = demo_window(language)
            window.show()
            for step in journey.JOURNEY:
                if not go_to(window, step.id):
                    return False, f"cannot reach page {step.id} ({language})"
                window.page_for(step.id).demo_fill()
                visited += 1
            window.close()
            window.deleteLater()
            QApplication.processEvents()
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    return True, f"{visited} pages built and shown in {len(i18n.SUPPORTED_LANGUAGES)} languages"


CHECKS: tuple[tuple[str, Callable[[], Result]], ...] = (
    ("translations", check_translations),
    ("resources", check_resources),
    ("chinese-font", check_chinese_font),
    ("profile", check_profile),
    ("keyring", check_keyring),
    ("tls", check_tls),
    ("updates", check_updates),
    ("window", check_window),
)


def run_self_test(qt_args: Sequence[str]) -> int:
    # A console that cannot show Chinese (cp1252 on an English Windows) gets "?" instead:
    # the self-test reports, it never fails on its own output.
    from wizard.core.console import print_line as print_safely

    app = ensure_app(qt_args)
    print_safely(
        f"MiniApp Publisher {__version__} self-test on {sys.platform}, Qt platform "
        f"{app.platformName()}"
    )
    failures = 0
    for name, check in CHECKS:
        try:
            ok, detail = check()
        except Exception as exc:  # a self-test reports every failure, it does not stop
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        failures += not ok
        label = ("WARN" if isinstance(detail, Caution) else "OK  ") if ok else "FAIL"
        print_safely(f"{label} {name}: {detail}")
    print_safely("self-test passed" if failures == 0 else f"self-test FAILED ({failures})")
    return 0 if failures == 0 else 1
