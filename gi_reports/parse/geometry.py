"""Positioned text boxes → rows of cells, by where they sit on the page.

Converters that place every piece of text absolutely (`pdftohtml`'s `<p style="top:..;left:..">`,
and OCR engines) keep no table structure; the geometry still holds it. Boxes whose tops or
vertical centres are close form a row (a label wrapped over two lines starts level with its
numbers, or is centred on them); a row reads left to right. Pages never share a row.
"""

from collections.abc import Iterable
from typing import NamedTuple

from .document import Cell, Paragraph, Table

ROW_TOLERANCE = 0.5  # of a line's height: boxes whose tops or centres are closer than this share a row


class Box(NamedTuple):
    page: int
    top: float
    left: float
    height: float
    text: str
    source: str

    @property
    def centre(self) -> float:
        return self.top + self.height / 2


def rows(boxes: Iterable[Box], tolerance: float) -> list[list[Box]]:
    """Boxes grouped into rows, top to bottom and page by page, each row sorted left to right.

    A box joins the row above it when its top or its centre is within `tolerance` of that row's
    first box: cells are aligned at the top (Word's default) or centred (most PDF exports).
    """
    grouped: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.page, b.top, b.left)):
        first = grouped[-1][0] if grouped else None
        if first and first.page == box.page and (box.top - first.top <= tolerance or abs(box.centre - first.centre) <= tolerance):
            grouped[-1].append(box)
        else:
            grouped.append([box])
    return [sorted(row, key=lambda b: b.left) for row in grouped]


def blocks(rows: list[list[Box]]) -> list[Paragraph | Table]:
    """A row of one box is a paragraph, a row of several one table row (consecutive ones are read as one table)."""
    return [
        Paragraph(Cell(row[0].text, row[0].source))
        if len(row) == 1
        else Table(rows=[[Cell(box.text, box.source) for box in row]])
        for row in rows
    ]
