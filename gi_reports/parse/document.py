"""The document model every reader produces and every template interpreter consumes.

A reader turns a file into paragraphs and table grids; it knows nothing of templates.
Each cell remembers where it came from, so a value in the tidy tables can be traced back.
"""

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple


class Cell(NamedTuple):  # a tuple, not a dataclass: a report has hundreds and they are made in a hot loop
    text: str
    source: str  # e.g. "line 120", "table 3 row 4 col 2", "page 3 table 1 row 2 col 5"
    merged: bool = False  # a position covered by a merged cell: its text belongs to the cell it copies


cell_text = operator.itemgetter(0)  # Cell.text as a function that runs in C, to map over a row's cells


@dataclass
class Table:
    rows: list[list[Cell]]


@dataclass
class Paragraph:
    cell: Cell


@dataclass
class Document:
    path: Path
    format: str  # txt, md, html, docx, pdf, scan
    blocks: list[Paragraph | Table] = field(default_factory=list)
    title: str = ""  # a title the container itself states (HTML <title>, crawler header)
    doubts: dict[str, str] = field(default_factory=dict)  # cell source → why the reader doubts its text (OCR)
    # cell source → the other numbers a doubted cell may read as, likeliest first, for the identities to choose from (OCR)
    other_readings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Another reading of the same pages, or None, for when this one fails its checks (our OCR of the page images under a PDF's text layer)
    second_reading: Callable[[], "Document | None"] | None = None

    def add_page(self, blocks: list["Paragraph | Table"]) -> None:
        """A page's blocks in reading order; a table that opens the page and is as wide as the table
        that ended the last one runs on from it (a table broken by a page break is one table)."""
        for index, block in enumerate(blocks):
            previous = self.blocks[-1] if self.blocks else None
            if index == 0 and isinstance(block, Table) and isinstance(previous, Table) and _same_width(previous, block):
                previous.rows.extend(block.rows)
            else:
                self.blocks.append(block)

    def rows(self, table_rows: Callable[[list[list[Cell]]], Iterable[list[Cell]]] = iter):
        """Every row in reading order: a paragraph is a row of one cell; `table_rows` gives a table's."""
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield [block.cell]
            else:
                yield from table_rows(block.rows)

    def text(self) -> str:
        """Plain text of the whole document, for metadata and error messages."""
        return "\n".join([" ".join(map(cell_text, row)) for row in self.rows()])


def _same_width(first: Table, second: Table) -> bool:
    return bool(first.rows and second.rows) and len(first.rows[-1]) == len(second.rows[0])
