"""Positioned text boxes → rows of cells, by where they sit on the page.

Converters that place every piece of text absolutely (`pdftohtml`'s `<p style="top:..;left:..">`,
and OCR engines) keep no table structure; the geometry still holds it. Boxes whose tops or
vertical centres are close form a row (a label wrapped over two lines starts level with its
numbers, or is centred on them); a row reads left to right. Pages never share a row. An empty
cell leaves no box, so the numbers of consecutive rows are lined up into the columns they share.
"""

import itertools
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from .document import Cell, Paragraph, Table
from .numerals import BLANK_MARKS, VALUE_RUN

ROW_TOLERANCE = 0.5  # of a line's height: boxes whose tops or centres are closer than this share a row


class Box(NamedTuple):
    page: int
    top: float
    left: float
    height: float
    text: str
    source: str
    width: float = 0.0  # 0 where the converter does not say (pdftohtml)

    @property
    def centre(self) -> float:
        return self.top + self.height / 2

    @property
    def right(self) -> float:
        """Where the text ends; without a width, as far as its characters reach at half a line each (digits)."""
        return self.left + (self.width or self.height * len(self.text) / 2)


def rows(boxes: Iterable[Box], tolerance: float) -> list[list[Box]]:
    """Boxes grouped into rows, top to bottom and page by page, each row sorted left to right.

    A box joins the row above it when its top or its centre is within `tolerance` of that row's
    first box: cells are aligned at the top (Word's default) or centred (most PDF exports).
    """
    grouped: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.page, b.top, b.left)):
        first = grouped[-1][0] if grouped else None
        if (
            first
            and first.page == box.page
            and (
                box.top - first.top <= tolerance
                or abs(box.centre - first.centre) <= tolerance
                or _ends_level(first, box, tolerance)
            )
        ):
            grouped[-1].append(box)
        else:
            grouped.append([box])
    return [sorted(row, key=lambda b: b.left) for row in grouped]


def _ends_level(label: Box, box: Box, tolerance: float) -> bool:
    """A label wrapped over several lines whose last line is level with `box`: pdftohtml sets a
    cell's numbers on the bottom line of its tall label (`5.要求行政机关确认` / … / `息`   21 …)."""
    return label.height > 4 * tolerance and abs((label.top + label.height) - (box.top + box.height)) <= tolerance


def blocks(rows: list[list[Box]]) -> list[Paragraph | Table]:
    """A row of one box is a paragraph, a row of several one table row (consecutive ones are read as one table)."""
    cells = aligned(rows)
    return [
        Paragraph(Cell(row[0].text, row[0].source)) if len(row) == 1 else Table(rows=[cells[index]])
        for index, row in enumerate(rows)
    ]


def aligned(rows: list[list[Box]]) -> list[list[Cell]]:
    """Each row's cells, with an empty cell where its numbers skip a column.

    An empty cell leaves no box. A row's numbers are lined up under the widest row of the page
    that ends in the same column: when each number falls in a column of its own there (overlapping
    it across, or starting within half a line of it), the columns skipped are empty cells. Not
    filled out: a row of one number (it may be a merged cell), a row whose label box ends in a
    number or a number box holds two (pdftohtml joins text that stands close), a row whose last
    column is empty. Anything else stays as printed, for the checks to flag.
    """
    tails = [_number_tail(row) for row in rows]
    tails_and_columns = tails + [
        columns for page in dict.fromkeys(tail[0].page for tail in tails if tail) if (columns := _page_columns(tails, page))
    ]
    cells = []
    for index, (row, tail) in enumerate(zip(rows, tails)):
        head = [Cell(box.text, box.source) for box in row[: len(row) - len(tail)]]
        swallowed = len(tail) < len(row) and row[len(row) - len(tail) - 1].text[-1:].isdigit()  # `行政许可 230` in one box
        places = _places(tail, tails_and_columns, index) if len(tail) > 1 and not swallowed and _one_each(tail) else None
        if places is None:
            cells.append(head + [Cell(box.text, box.source) for box in tail])
            continue
        by_place = dict(zip(places, tail))
        cells.append(
            head
            + [
                Cell(by_place[c].text, by_place[c].source)
                if c in by_place
                else Cell("", f"{tail[0].source} (no text in column {c + 1})")
                for c in range(places[-1] + 1)
            ]
        )
    return cells


def _places(tail: list[Box], tails: list[list[Box]], index: int) -> list[int] | None:
    """The columns that `tail`'s numbers fall in, one each and the last under the last, of the
    widest such row of the page (the nearest of those): a row with an empty cell of its own would
    put the numbers after it one column short. A row whose numbers all stand under columns wins
    over one where some are placed by their order (_by_order). None if no row fits."""
    fits = []
    full = _full_width(tails, tail[0].page)
    for other, reference in enumerate(tails):
        if len(reference) <= len(tail) or reference[0].page != tail[0].page or not _one_each(reference):
            continue
        under = [_column(reference, box) for box in tail]
        places = _by_order(reference, tail, under) if len(reference) == full else under
        if None not in places and places[-1] == len(reference) - 1 and all(a < b for a, b in itertools.pairwise(places)):
            fits.append((None in under, -len(reference), abs(other - index), places))
    return min(fits)[-1] if fits else None


def _page_columns(tails: list[list[Box]], page: int) -> list[Box] | None:
    """The columns that the numbers of the page's rows stand in together, as one row of boxes, when
    that is wider than every row: a page of a table continued from the page before may have no row
    without an empty cell. Only where every row puts one number in each column it reaches and its
    last under the last column (no other table's rows on the page), and some row fills each two
    neighbouring columns (numbers that drift off their column, as pdftotext pulls a first number
    towards its label, part one column in two that no row fills both of); else None. The columns
    are drawn by the widest rows and those one number short of them: a stray short row (a page
    number) draws none."""
    rows = [tail for tail in tails if len(tail) > 1 and tail[0].page == page and _one_each(tail)]
    widest = max(map(len, rows), default=0)
    columns: list[Box] = []
    for box in sorted((box for tail in rows if len(tail) >= widest - 1 for box in tail), key=lambda b: b.left):
        if columns and box.left <= columns[-1].right:  # numbers of one column overlap, or touch
            last = columns[-1]
            columns[-1] = last._replace(width=max(last.right, box.right) - last.left)
        else:
            columns.append(box._replace(width=box.right - box.left))
    if len(columns) <= widest:
        return None
    neighbours = set()  # the columns c whose numbers share a row with numbers of column c + 1
    for tail in rows:
        places = [_column(columns, box) for box in tail]
        if None in places or len(set(places)) < len(places) or places[-1] != len(columns) - 1:
            return None
        neighbours.update(a for a, b in itertools.pairwise(places) if b == a + 1)
    return columns if len(neighbours) == len(columns) - 1 else None


def _full_width(tails: list[list[Box]], page: int) -> int:
    """The count of numbers in the page's full rows: the most that more than one row has (a
    single wider row may be a label read as numbers, or two cells run together)."""
    counts = Counter(len(tail) for tail in tails if tail and tail[0].page == page)
    return max((count for count, rows in counts.items() if rows > 1), default=0)


def _by_order(reference: list[Box], tail: list[Box], places: list[int | None]) -> list[int | None]:
    """A number under no column that stands before all the columns its placed neighbours leave it
    takes the first of them (pdftotext pulls a row's first number towards a short label): the order
    of a row's numbers holds where the row's spacing does not. A number anywhere else stays
    unplaced: past the last column, or between two, the row may be off by a whole column."""
    if None not in places or places.count(None) == len(places):
        return places
    found = list(places)
    for i, place in enumerate(places):
        if place is not None:
            continue
        after = max((p for p in found[:i] if p is not None), default=-1) + 1
        before = min((p for p in places[i + 1 :] if p is not None), default=len(reference))
        if after < before and tail[i].right < reference[after].left:
            found[i] = after
    return found


def _one_each(tail: list[Box]) -> bool:
    """No box holds two numbers (pdftohtml joins numbers that stand close: `379 93`)."""
    return not any(" " in box.text.strip() for box in tail)


def _column(reference: list[Box], box: Box) -> int | None:
    slack = box.height / 2
    found = [c for c, cell in enumerate(reference) if cell.left - slack <= box.left <= cell.right + slack]
    return found[0] if len(found) == 1 else None


def _number_tail(row: list[Box]) -> list[Box]:
    """The boxes after a row's label: numbers (or blank marks) to the end of the row."""
    start = len(row)
    while start > 0 and is_value(row[start - 1].text):
        start -= 1
    return row[start:] if len(row) > 1 else []


def is_value(text: str) -> bool:
    """A cell's text that is a number (or numbers glued) or a blank mark: what lines up in columns."""
    return text in BLANK_MARKS or bool(VALUE_RUN.fullmatch(text))
