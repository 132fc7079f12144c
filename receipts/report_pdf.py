"""Building blocks of the A4 X and Z reports: shaped bilingual text in reportlab flowables.

reportlab's Paragraph cannot shape Devanagari (see receipts.text), so every
piece of report text is a :class:`Shaped` flowable drawn the way receipts draw
their lines: script runs, HarfBuzz shaping, /ActualText for copying. Table
cells hold Shaped flowables too, so a header wraps inside its column instead of
running into the next one ("RefundsReprints").
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

from receipts import labels, text
from receipts.fonts import Fonts
from receipts.layout import metrics

WARN_COLOUR = colors.HexColor("#8a1c00")


class Shaped(Flowable):
    """One or more lines ("\\n" separated) of mixed Hindi and English, wrapped to the width given."""

    def __init__(self, value: str, fonts: Fonts, size: float = 8.5, *, bold: bool = False, align: str = "left",
                 colour: colors.Color | None = None, space_before: float = 0.0, space_after: float = 0.0) -> None:
        super().__init__()
        self.value, self.fonts, self.size, self.bold, self.align = value, fonts, size, bold, align
        self.colour = colour
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self._lines: list[tuple[str, float, float]] = []   # (line, ascent, lead)
        self._width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        self._lines = []
        for paragraph in self.value.split("\n"):
            for line in text.wrap(paragraph, self.fonts, self.size, max(avail_width, 1.0), bold=self.bold) or [""]:
                ascent, lead = metrics(line or "A", self.size)
                self._lines.append((line, ascent, lead))
        self.height = sum(lead for _l, _a, lead in self._lines)
        return avail_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if self.colour is not None:
            canvas.setFillColor(self.colour)
        x = {"left": 0.0, "center": self._width / 2, "right": self._width}[self.align]
        top = self.height
        for line, ascent, lead in self._lines:
            text.draw(canvas, x, top - ascent, line, self.fonts, self.size, bold=self.bold, align=self.align)
            top -= lead


def bi(item: labels.Bi, fonts: Fonts, *, sep: str = "\n") -> str:
    """Hindi over English (or English alone when no Devanagari font is found)."""
    return f"{item.hi}{sep}{item.en}" if fonts.hindi else item.en


class Writer:
    """Makes the report's flowables in one font set and one width."""

    def __init__(self, fonts: Fonts, width: float) -> None:
        self.fonts, self.width = fonts, width

    def title(self, value: str) -> Shaped:
        return Shaped(value, self.fonts, 14, bold=True, space_after=4)

    def heading(self, item: labels.Bi, extra: str = "") -> Shaped:
        return Shaped(bi(item, self.fonts, sep=" / ") + extra, self.fonts, 10.5, bold=True, space_before=9,
                      space_after=3)

    def body(self, value: str, *, warn: bool = False) -> Shaped:
        return Shaped(value, self.fonts, 8.5, bold=warn, colour=WARN_COLOUR if warn else None, space_after=2)

    def table(self, header: list[labels.Bi] | None, rows: list[list[str]], fractions: list[float], *,
              right_from: int = 1, right_to: int = 99, size: float = 7.5) -> Table:
        """A table whose every cell is shaped text; numbers (columns ``right_from`` to ``right_to``) align right."""
        widths = [f * self.width for f in fractions]
        right = range(right_from, right_to + 1)
        cells = []
        if header:
            cells.append([Shaped(bi(h, self.fonts), self.fonts, size, bold=True,
                                 align="right" if i in right else "left") for i, h in enumerate(header)])
        for row in rows:
            cells.append([Shaped(str(v), self.fonts, size, align="right" if i in right else "left")
                          for i, v in enumerate(row)])
        table = Table(cells, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [colors.white, colors.HexColor("#f1f1f1")]),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        if header:
            style.append(("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black))
        table.setStyle(TableStyle(style))
        return table

    def pairs(self, rows: list[tuple[labels.Bi, str]], *, bold_last: bool = False) -> Table:
        """Label / amount lines, the label in both languages on one line."""
        table = Table([[Shaped(bi(label, self.fonts, sep=" / "), self.fonts, 8.5,
                               bold=bold_last and i == len(rows) - 1),
                        Shaped(value, self.fonts, 8.5, align="right", bold=bold_last and i == len(rows) - 1)]
                       for i, (label, value) in enumerate(rows)],
                      colWidths=[self.width * 0.62, self.width * 0.25], hAlign="LEFT")
        table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                                   ("ROWBACKGROUNDS", (0, 0), (-1, -1), [colors.white, colors.HexColor("#f1f1f1")])]))
        return table
