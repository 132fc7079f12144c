"""Languages through Qt's translation system: English source, Hindi from ``translations/*.qm``.

One choice for both catalogs: applying a language here also switches the core's
gettext sentences (``counter_app.i18n``), so a refusal under a Hindi form is Hindi.

The choice is remembered per data folder in ``ui.ini`` (QSettings), so that a
counter PC keeps its language across restarts without a journaled setting.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator

from counter_app import i18n as core_i18n

TRANSLATIONS = Path(__file__).with_name("translations")
LANGUAGES = {"en": "English", "hi": "हिन्दी"}
DEFAULT = "en"


def ui_settings(data_dir: Path) -> QSettings:
    return QSettings(str(data_dir / "ui.ini"), QSettings.Format.IniFormat)


class Languages:
    def __init__(self, settings: QSettings) -> None:
        self.settings = settings
        self.current = DEFAULT
        self._translator: QTranslator | None = None

    def remembered(self) -> str:
        code = str(self.settings.value("language", DEFAULT))
        return code if code in LANGUAGES else DEFAULT

    def chosen(self) -> str:
        """The language to start in: --lang / COUNTER_APP_LANG, else the remembered one, else the system's."""
        saved = self.settings.value("language", None)
        return core_i18n.choose(None, remembered=str(saved) if saved else None)

    def apply(self, code: str, *, remember: bool = True) -> bool:
        """Install ``code``'s translator; widgets retranslate on LanguageChange."""
        if code not in LANGUAGES:
            return False
        app = QCoreApplication.instance()
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if code != "en":
            translator = QTranslator(app)
            if not translator.load(str(TRANSLATIONS / f"counter_{code}.qm")):
                return False
            app.installTranslator(translator)
            self._translator = translator
        QLocale.setDefault(QLocale(QLocale.Language.Hindi if code == "hi" else QLocale.Language.English,
                                   QLocale.Country.India))
        core_i18n.set_language(code)   # the core's sentences follow the window's language
        self.current = code
        if remember:
            self.settings.setValue("language", code)
            self.settings.sync()
        return True


def _standard_button_words() -> tuple[str, ...]:
    """Never called: it lists Qt's own button words so that lupdate puts them in our catalog.

    Qt names the standard buttons of dialogs and message boxes (OK, Cancel,
    Yes...) through the "QPlatformTheme" context; the build leaves Qt's own
    translations out, so ours carries the few the window shows.
    """
    translate = QCoreApplication.translate
    return (translate("QPlatformTheme", "OK"), translate("QPlatformTheme", "Cancel"),
            translate("QPlatformTheme", "Save"), translate("QPlatformTheme", "Close"),
            translate("QPlatformTheme", "&Yes"), translate("QPlatformTheme", "&No"),
            translate("QPlatformTheme", "Apply"), translate("QPlatformTheme", "Help"))
