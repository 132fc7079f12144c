"""Look: large type, high-contrast status colours, a Devanagari font from the system."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

BASE_POINT_SIZE = 13
# A Devanagari font first, named explicitly: its line metrics leave room for the marks above the
# headline, and Qt does not go looking through Latin fonts for Devanagari glyphs (which logs
# "OpenType support missing for ..., script 11"). These fonts carry Latin too; the rest are fallbacks.
FAMILIES = ["Noto Sans Devanagari", "Nirmala UI", "Mangal", "Noto Sans", "DejaVu Sans", "Arial"]

# Sizes that leave a 1366x768 (and 1024x768) screen room for every line at Devanagari's line height,
# error lines and the last receipt included: nothing is squeezed until its tops are cut.
STYLESHEET = """
QWidget { font-size: 13pt; }
QLineEdit, QComboBox, QDateEdit { padding: 4px; min-height: 28px; }
QLineEdit[count="true"] { font-size: 16pt; font-weight: bold; }
QLabel#denomination { font-size: 15pt; font-weight: bold; }
QLabel#countTotal { font-size: 22pt; font-weight: bold; }
QLabel#figure { font-weight: bold; }
QLabel#closeResult { font-size: 14pt; padding: 6px; border: 2px solid #1b5e20; background: #e8f5e9; }
QLineEdit[invalid="true"] { border: 3px solid #b00020; }
QLabel#fieldError { color: #b00020; font-weight: bold; }
QLabel#pageTitle { font-size: 18pt; font-weight: bold; }
QLineEdit#consumer, QLineEdit#amount, QLineEdit#tendered { font-size: 18pt; font-weight: bold; }
QLabel#changeDue { font-size: 32pt; font-weight: bold; color: #000000; }
QLabel#changeCaption { font-size: 16pt; }
QLabel#consumerInfo { font-size: 14pt; padding: 4px; border: 2px solid #555; background: #f7f7f7; }
QLabel#consumerInfo[found="false"] { border: 2px dashed #8a5a00; background: #fff8e1; }
QLabel#lastReceipt { font-size: 13pt; padding: 4px; border: 2px solid #1b5e20; background: #e8f5e9; }
QLabel#lastReceipt[problem="true"] { border: 3px solid #b00020; background: #ffebee; }
QPushButton { padding: 6px 12px; }
QPushButton#takeButton { font-size: 16pt; font-weight: bold; padding: 10px 18px; }
QLabel[level="ok"] { background: #1b5e20; color: #ffffff; padding: 4px 8px; font-weight: bold; }
QLabel[level="warn"] { background: #ffd54f; color: #000000; padding: 4px 8px; font-weight: bold;
                       border: 2px solid #000000; }
QLabel[level="bad"] { background: #b00020; color: #ffffff; padding: 4px 8px; font-weight: bold; }
QLabel#demoBanner { background: #0d47a1; color: #ffffff; padding: 4px 8px; font-weight: bold; }
QTableView { font-size: 13pt; }
"""


def app_font() -> QFont:
    # Families missing on this PC are skipped by Qt; asking the font database
    # which exist would load all of it before the first window (~10 ms).
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setPointSize(BASE_POINT_SIZE)
    return font


def apply(app: QApplication) -> None:
    app.setFont(app_font())
    app.setStyleSheet(STYLESHEET)
