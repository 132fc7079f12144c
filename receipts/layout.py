"""A top-down layout: lines, label-value rows, boxes, rules and a QR code.

Building measures everything first (so an 80 mm roll can be cut to exactly the
height it needs); drawing then replays the operations onto a canvas.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from receipts import qr, text
from receipts.fonts import Fonts

GAP = 2 * mm  # between a label and its value


def metrics(line: str, size: float) -> tuple[float, float]:
    """(ascent above the baseline, line height) for one line of this size.

    Devanagari has vowel signs above the headline and below the letters, so a
    line holding it needs more room than Latin text of the same size.
    """
    if text.has_devanagari(line):
        return 1.08 * text.DEVA_SCALE * size, 1.55 * text.DEVA_SCALE * size
    return 0.86 * size, 1.22 * size


@dataclass
class Sheet:
    fonts: Fonts
    left: float
    width: float
    scale: float = 1.0
    dot: float = 0.0
    height: float = 0.0  # the cursor: distance from the top of the page
    ops: list[Callable[[Canvas, float], None]] = field(default_factory=list)

    # -- building --------------------------------------------------------------
    def space(self, amount: float) -> None:
        self.height += amount

    def _line(self, line: str, size: float, *, bold: bool, align: str, x: float | None = None,
              white: bool = False) -> None:
        ascent, lead = metrics(line, size)
        baseline = self.height + ascent
        if x is None:
            x = {"left": self.left, "center": self.left + self.width / 2, "right": self.left + self.width}[align]
        fonts = self.fonts

        def op(c: Canvas, page_height: float) -> None:
            if white:
                c.setFillGray(1)
            text.draw(c, x, page_height - baseline, line, fonts, size, bold=bold, align=align)
            if white:
                c.setFillGray(0)

        self.ops.append(op)
        self.height += lead

    def text(self, value: str, size: float, *, bold: bool = False, align: str = "left",
             indent: float = 0.0, white: bool = False) -> None:
        size *= self.scale
        avail = self.width - 2 * indent
        for line in text.wrap(value, self.fonts, size, avail, bold=bold):
            x = {"left": self.left + indent, "center": self.left + self.width / 2,
                 "right": self.left + self.width - indent}[align]
            self._line(line, size, bold=bold, align=align, x=x, white=white)

    def row(self, label: str, value: str, size: float, *, bold_value: bool = False,
            bold_label: bool = False) -> None:
        """A label on the left and its value on the right; the value drops below when both do not fit."""
        size *= self.scale
        fonts = self.fonts
        label_w = text.width(label, fonts, size, bold=bold_label)
        value_w = text.width(value, fonts, size, bold=bold_value)
        if label_w + GAP + value_w <= self.width:
            a1, l1 = metrics(label, size)
            a2, l2 = metrics(value, size)
            ascent, lead = max(a1, a2), max(l1, l2)
            baseline = self.height + ascent
            left, right = self.left, self.left + self.width

            def op(c: Canvas, page_height: float) -> None:
                text.draw(c, left, page_height - baseline, label, fonts, size, bold=bold_label)
                text.draw(c, right, page_height - baseline, value, fonts, size, bold=bold_value, align="right")

            self.ops.append(op)
            self.height += lead
            return
        for line in text.wrap(label, fonts, size, self.width, bold=bold_label):
            self._line(line, size, bold=bold_label, align="left")
        for line in text.wrap(value, fonts, size, self.width, bold=bold_value):
            self._line(line, size, bold=bold_value, align="right")

    def rule(self) -> None:
        self.height += 1.2 * mm * self.scale
        y = self.height
        left, right = self.left, self.left + self.width

        def op(c: Canvas, page_height: float) -> None:
            c.setLineWidth(0.6)
            c.setDash(2, 1.5)
            c.line(left, page_height - y, right, page_height - y)
            c.setDash()

        self.ops.append(op)
        self.height += 1.2 * mm * self.scale

    def box(self, lines: list[tuple[str, float, bool]], *, inverted: bool = False, thick: bool = False) -> None:
        """Lines (text, size, bold) centred in a frame; inverted draws white on black."""
        pad = 1.3 * mm * self.scale
        top = self.height
        self.height += pad
        first = len(self.ops)
        for line, size, bold in lines:
            self.text(line, size, bold=bold, align="center", indent=pad, white=inverted)
        body_ops = self.ops[first:]
        del self.ops[first:]
        self.height += pad * 0.6
        bottom = self.height
        left, width = self.left, self.width
        border = 1.6 if thick else 0.8

        def op(c: Canvas, page_height: float) -> None:
            c.setLineWidth(border)
            c.rect(left + border / 2, page_height - bottom, width - border, bottom - top,
                   stroke=1, fill=1 if inverted else 0)
            for body in body_ops:
                body(c, page_height)

        self.ops.append(op)
        self.height += 1 * mm * self.scale

    def qr(self, payload: str, module: float) -> None:
        side = qr.size_in_modules(payload) * module
        self.height += qr.QUIET_ZONE * module  # white around the code, so scanners find its edges
        offset = (self.width - side) / 2
        if self.dot:  # land the code on the printer's dot grid
            offset = round(offset / self.dot) * self.dot
            self.height = math.ceil(self.height / self.dot) * self.dot
        x, top = self.left + offset, self.height

        def op(c: Canvas, page_height: float) -> None:
            qr.draw(c, x, page_height - top, payload, module)

        self.ops.append(op)
        self.height += side + qr.QUIET_ZONE * module

    # -- drawing ---------------------------------------------------------------
    def draw(self, canvas: Canvas, page_height: float) -> None:
        for op in self.ops:
            op(canvas, page_height)
