"""Finding and registering the fonts a receipt is printed in.

Latin text uses the PDF base font Helvetica: pdfium (thermal raster, the
window) and every common viewer carry a metric-compatible face, and not
embedding a second TrueType font halves the render time and the file size
(measured: 14 ms and 36 KB against 29 ms and 63 KB). Devanagari needs a
TrueType font from the machine: the path in the ``receipt_font_path``
setting, else Noto Sans Devanagari (Linux), Nirmala UI (Windows) or a macOS
system font. A font is used only if it really holds
Devanagari; when none does the receipt is printed in English only and a
warning is logged, never with empty boxes where letters should be.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

log = logging.getLogger(__name__)

LATIN = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"

# (regular, bold) file names, searched in the font folders below, first found wins.
_CANDIDATES = (
    ("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    ("NotoSansDevanagariUI-Regular.ttf", "NotoSansDevanagariUI-Bold.ttf"),
    ("Nirmala.ttf", "NirmalaB.ttf"),
    ("Nirmala.ttc", None),
    ("NotoSerifDevanagari-Regular.ttf", "NotoSerifDevanagari-Bold.ttf"),
    ("Lohit-Devanagari.ttf", None),
    ("Kohinoor.ttc", None),
    ("DevanagariMT.ttc", None),
)
_KA = 0x0915  # क: a font without it holds no Devanagari


def font_dirs() -> list[Path]:
    """Where this platform keeps fonts, most specific first."""
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"
        return [windir / "Fonts", local]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"),
                Path("/Library/Fonts"), Path.home() / "Library" / "Fonts"]
    return [Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"),
            Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts"),
            Path("/usr/local/share/fonts"), Path.home() / ".local" / "share" / "fonts",
            Path.home() / ".fonts"]


@dataclass(frozen=True)
class Fonts:
    """Registered font names. ``deva`` is None when Hindi cannot be printed."""

    deva: str | None
    deva_bold: str | None
    deva_path: str | None = None
    latin: str = LATIN
    latin_bold: str = LATIN_BOLD

    @property
    def hindi(self) -> bool:
        return self.deva is not None

    def covers(self, text: str, *, bold: bool = False) -> bool:
        """True if the Devanagari font has a glyph for every character of ``text``:
        a run it does not cover is not drawn, rather than drawn as empty boxes."""
        name = self.deva_bold if bold else self.deva
        if name is None:
            return False
        glyphs = pdfmetrics.getFont(name).face.charToGlyph
        return all(ord(ch) in glyphs or ch in "\u200c\u200d" for ch in text)


ENGLISH_ONLY = Fonts(deva=None, deva_bold=None)


def _register(path: Path) -> str | None:
    """Register one font file; its name, or None if it is unusable or lacks Devanagari."""
    name = "RF-" + hashlib.sha1(str(path).encode()).hexdigest()[:10]
    try:
        pdfmetrics.getFont(name)
        return name
    except KeyError:
        pass
    try:
        font = TTFont(name, str(path), subfontIndex=0)
    except (TTFError, OSError, ValueError, KeyError) as exc:
        log.warning("font %s cannot be used: %s", path, exc)
        return None
    if _KA not in font.face.charToGlyph:
        log.warning("font %s has no Devanagari letters; not used for Hindi", path)
        return None
    pdfmetrics.registerFont(font)
    return name


def _find_files(configured: str | None) -> Iterator[tuple[Path, Path | None]]:
    """(regular, bold or None) font files, the configured one first; searched lazily."""
    if configured:
        path = Path(configured).expanduser()
        if path.is_file():
            yield path, None
        else:
            log.warning("receipt_font_path %s is not a file; searching the machine's fonts", path)
    for folder in font_dirs():
        for regular, bold in _CANDIDATES:
            hits = [folder / regular] if (folder / regular).is_file() else []
            if not hits and folder.is_dir() and folder.name == "fonts":
                hits = sorted(folder.glob(f"**/{regular}"))[:1]
            for hit in hits:
                bold_path = hit.with_name(bold) if bold else None
                yield hit, (bold_path if bold_path and bold_path.is_file() else None)


@functools.lru_cache(maxsize=8)
def load(configured: str | None = None) -> Fonts:
    """Find, check and register the fonts; cached per configured path."""
    for regular, bold in _find_files(configured):
        name = _register(regular)
        if name is None:
            continue
        bold_name = _register(bold) if bold else None
        log.info("Devanagari font for receipts: %s", regular)
        return Fonts(deva=name, deva_bold=bold_name or name, deva_path=str(regular))
    log.warning("No Devanagari font found (looked for %s in %s); receipts are printed in English only. "
                "Install Noto Sans Devanagari or set receipt_font_path.",
                ", ".join(r for r, _ in _CANDIDATES), ", ".join(map(str, font_dirs())))
    return ENGLISH_ONLY
