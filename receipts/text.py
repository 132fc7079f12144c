"""Drawing mixed Hindi and English text: script runs, HarfBuzz shaping, wrapping.

Shaping: reportlab shapes TrueType text through uharfbuzz, but not by default,
and ``canvas.drawString(..., shaping=True)`` only shapes when the optional
``rlbidi`` package is present: without it the flag is silently ignored and
conjuncts (क्ष, श्र, ट्र) come out broken. So each Devanagari run is shaped
here with ``reportlab.pdfbase.ttfonts.shapeStr`` (uharfbuzz underneath) and the
resulting ``ShapedStr`` is drawn; reportlab then writes the glyph positions
HarfBuzz gave.

Shaped glyphs such as conjuncts have no single Unicode character, so a PDF
reader would extract them wrongly; each Devanagari run is wrapped in a marked
content span with ``/ActualText`` holding the original text, so copying,
searching the archive and ``pdftotext`` give the real Hindi back.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr
from reportlab.pdfgen.canvas import Canvas

from receipts.fonts import Fonts

MISSING_HINDI = "[Hindi: no font]"
# Devanagari letters look smaller than Latin ones of the same point size (the
# headline sits about where Latin x-height ends), so Hindi runs are set larger.
DEVA_SCALE = 1.1
_DEVA = "\u0900-\u097F\uA8E0-\uA8FF\u1CD0-\u1CFF\u200C\u200D"
_DEVA_SPAN = re.compile(f"[{_DEVA}]+(?:[\\s.,:;()/-]+[{_DEVA}]+)*")


def is_devanagari(ch: str) -> bool:
    code = ord(ch)
    return 0x0900 <= code <= 0x097F or 0xA8E0 <= code <= 0xA8FF or 0x1CD0 <= code <= 0x1CFF \
        or code in (0x200C, 0x200D)


def has_devanagari(text: str) -> bool:
    return any(is_devanagari(ch) for ch in text)


@dataclass(frozen=True)
class Run:
    text: str
    font: str
    deva: bool


def runs(text: str, fonts: Fonts, *, bold: bool = False) -> list[Run]:
    """Split text into runs of one font: Devanagari letters in the Devanagari font,
    everything else in the Latin one; spaces, digits and punctuation stay with the
    run they are in when that font has them."""
    latin = fonts.latin_bold if bold else fonts.latin
    deva = fonts.deva_bold if bold else fonts.deva
    if deva is None or not has_devanagari(text):
        # No Devanagari font: say so in English rather than print empty boxes.
        text = _DEVA_SPAN.sub(MISSING_HINDI, text)
        return [Run(text, latin, False)] if text else []
    glyphs = pdfmetrics.getFont(deva).face.charToGlyph
    result: list[list] = []
    for ch in text:
        if is_devanagari(ch):
            in_deva = True
        elif ch.isalpha() or ord(ch) not in glyphs:
            in_deva = False
        else:  # neutral: join the current run
            in_deva = result[-1][1] if result else False
        if result and result[-1][1] == in_deva:
            result[-1][0] += ch
        else:
            result.append([ch, in_deva])
    # Neutral characters that opened the text belong with what follows them.
    if len(result) > 1 and not result[0][1] and not any(c.isalpha() for c in result[0][0]) \
            and all(ord(c) in glyphs for c in result[0][0]):
        result[1][0] = result[0][0] + result[1][0]
        result.pop(0)
    return [Run(t, deva if d else latin, d) if not d or fonts.covers(t, bold=bold) else _missing(t, latin)
            for t, d in result]


def _missing(run_text: str, latin: str) -> Run:
    """A Devanagari run the font cannot draw, said in words; its surrounding spaces kept."""
    head = run_text[:len(run_text) - len(run_text.lstrip())]
    tail = run_text[len(run_text.rstrip()):]
    return Run(f"{head}{MISSING_HINDI}{tail}", latin, False)


@functools.lru_cache(maxsize=4096)
def shaped(text: str, font: str, size: float) -> tuple[str, float]:
    """The text as reportlab should draw it (shaped for Devanagari) and its width."""
    out = shapeStr(text, font, size)
    if isinstance(out, ShapedStr):
        width = sum(d.x_advance for d in out.__shapeData__) * size / 1000
    else:
        width = pdfmetrics.stringWidth(text, font, size)
    return out, width


def run_width(run: Run, size: float) -> float:
    if run.deva:
        return shaped(run.text, run.font, size * DEVA_SCALE)[1]
    return pdfmetrics.stringWidth(run.text, run.font, size)


@functools.lru_cache(maxsize=8192)
def width(text: str, fonts: Fonts, size: float, *, bold: bool = False) -> float:
    return sum(run_width(r, size) for r in runs(text, fonts, bold=bold))


def _actual_text(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def draw(canvas: Canvas, x: float, y: float, text: str, fonts: Fonts, size: float, *,
         bold: bool = False, align: str = "left") -> float:
    """Draw one line at baseline ``y``; ``x`` is the left, centre or right edge. Returns the width."""
    parts = runs(text, fonts, bold=bold)
    widths = [run_width(r, size) for r in parts]
    total = sum(widths)
    if align == "center":
        x -= total / 2
    elif align == "right":
        x -= total
    for run, w in zip(parts, widths, strict=True):
        if run.deva:
            canvas.setFont(run.font, size * DEVA_SCALE)
            canvas._code.append(f"/Span <</ActualText {_actual_text(run.text)}>> BDC")
            canvas.drawString(x, y, shaped(run.text, run.font, size * DEVA_SCALE)[0])
            canvas._code.append("EMC")
        else:
            canvas.setFont(run.font, size)
            canvas.drawString(x, y, run.text)
        x += w
    return total


def wrap(text: str, fonts: Fonts, size: float, max_width: float, *, bold: bool = False) -> list[str]:
    """Greedy word wrap; a word longer than the line is cut at characters.

    Words are measured once each and a line's width is their sum plus its
    spaces: neither Latin metrics nor HarfBuzz shapes across a space.
    """
    if width(text, fonts, size, bold=bold) <= max_width:
        return [text] if text.strip() else []
    space = width(" ", fonts, size, bold=bold)
    lines: list[str] = []
    current, current_w = "", 0.0
    for word in text.split():
        word_w = width(word, fonts, size, bold=bold)
        if current and current_w + space + word_w <= max_width:
            current, current_w = f"{current} {word}", current_w + space + word_w
            continue
        if current:
            lines.append(current)
        current, current_w = word, word_w
        while current_w > max_width and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and width(current[:cut], fonts, size, bold=bold) > max_width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
            current_w = width(current, fonts, size, bold=bold)
    if current:
        lines.append(current)
    return lines
