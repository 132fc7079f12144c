"""Languages through Qt's translation system: English source, Hindi from ``translations/*.qm``.

The choice is remembered per data folder in ``ui.ini`` (QSettings), so that a
counter PC keeps its language across restarts without a journaled setting.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator

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
        self.current = code
        if remember:
            self.settings.setValue("language", code)
            self.settings.sync()
        return True
