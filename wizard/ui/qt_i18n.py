"""Switching the interface language live: our catalogs plus Qt's own qtbase translations."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from wizard.core import i18n

log = logging.getLogger(__name__)

_qt_translator: QTranslator | None = None


def system_language() -> str:
    """The language to start in when the merchant has not chosen one."""
    return i18n.choose_language(QLocale.system().uiLanguages() or [QLocale.system().name()])


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def load_qtbase(language: str) -> QTranslator | None:
    """Qt's own strings (Back/Next/Cancel, dialogs); qtbase, not the meta qt_*.qm catalog."""
    translator = QTranslator()
    if translator.load(f"qtbase_{language}", qt_translations_dir()):
        return translator
    log.warning("qtbase_%s.qm not found in %s", language, qt_translations_dir())
    return None


def apply_language(language: str) -> None:
    """Switch our catalogs and Qt's; widgets then receive QEvent.LanguageChange."""
    global _qt_translator
    app = QCoreApplication.instance()
    i18n.set_language(language)
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if language != i18n.SOURCE_LANGUAGE:
        _qt_translator = load_qtbase(language)
        if _qt_translator is not None:
            app.installTranslator(_qt_translator)
    # A layout direction or locale change is not needed for zh_CN/en; repaint happens via
    # LanguageChange, which Qt posts on install/remove of a translator.
    QLocale.setDefault(QLocale(language))


def qt_text(context: str, text: str) -> str:
    """A string from Qt's own catalog (already translated into the current language)."""
    return QCoreApplication.translate(context, text)
