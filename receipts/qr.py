"""QR codes drawn as vector squares, sized to whole printer dots so thermal prints scan."""

from __future__ import annotations

import functools

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
# The standard lets the encoder pick any of 8 masks; qrcode scores all 8 in pure
# Python (about 35 ms a receipt). Any mask scans; a fixed one costs nothing.
MASK = 2


@functools.lru_cache(maxsize=64)
def matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The module matrix without quiet zone; error correction M survives a crease or smudge."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=MASK)
    code.add_data(payload)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def draw(canvas: Canvas, x: float, top: float, payload: str, module: float) -> float:
    """Draw the code with its top-left corner at (x, top); returns its side length.

    Dark modules of a row are merged into one rectangle each: fewer PDF
    operators, no hairline seams between neighbours when rasterised.
    """
    rows = matrix(payload)
    # One path of "re" operators written directly: reportlab's path object
    # formats each number through its generic helper, 700 rectangles a code.
    ops = []
    for r, row in enumerate(rows):
        y = top - (r + 1) * module
        c = 0
        n = len(row)
        while c < n:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            ops.append(f"{x + start * module:.3f} {y:.3f} {(c - start) * module:.3f} {module:.3f} re")
    canvas.saveState()
    canvas.setFillGray(0)
    canvas._code.append("\n".join(ops) + "\nf")
    canvas.restoreState()
    return len(rows) * module


def size_in_modules(payload: str) -> int:
    return len(matrix(payload))
