"""Space-aligned text tables (`pdftotext -layout`, pdfplumber's layout text, pandoc's simple tables,
inscriptis): an empty cell is only a wider run of spaces, so a row's numbers are put under the columns
of the page's fuller rows by where they stand on the line (geometry.aligned, one character = one unit).

Converters pad either by display width (a CJK character takes two columns, as pandoc does) or by
characters (pdftotext, pdfplumber); the measure kept, table by table, is the one under which most
numbers line up with numbers of other lines.
"""

import itertools
import re
import unicodedata
from collections.abc import Callable

from .. import geometry
from ..numerals import BLANK_MARKS, VALUE_RUN

Placed = list[tuple[int, str]]  # a line's cells: (offset in characters, text)
HEADER_LINES = 3  # lines of text without numbers, one after another, that part two tables
SLACK = 2  # columns: a number may start this far before or after the column it stands under
_WORD = re.compile(r"\S+")
_SPACES = re.compile(r"^[ \t\u00a0\u3000\f]*$")


def filled_rows(lines: list[str], placed: Callable[[str], Placed]) -> dict[int, Placed]:
    """The lines (by index) whose numbers skip a column of a fuller row, with empty cells put there."""
    cells = {i: _numbers_apart(placed(line)) for i, line in enumerate(lines) if "|" not in line}
    cells = {i: p for i, p in cells.items() if len(p) > 1 and _is_value(p[-1][1])}
    if not cells:
        return {}
    tables = _tables(lines, cells)
    widths = {}
    for table in set(tables):
        in_table = {i: p for i, p in cells.items() if tables[i] == table}
        widths[table] = max((_display_width, _char_width), key=lambda measure: _lined_up(lines, in_table, measure))
    indexes = list(cells)
    rows = _slack([_boxes(lines[i], cells[i], i, tables[i], widths[tables[i]]) for i in indexes])
    filled = {}
    for i, row, aligned in zip(indexes, rows, geometry.aligned(rows)):
        if len(aligned) > len(row):
            offsets = iter(offset for offset, _ in cells[i])
            filled[i] = [(next(offsets) if cell.text else -1, cell.text) for cell in aligned]
    return filled


def _numbers_apart(placed: Placed) -> Placed:
    """Numbers one space apart (pdfplumber's layout text: `207 484 197`, `8.属于行政查询事项 1 13`)
    are cells of their own, each at its place on the line."""
    apart = []
    for offset, text in placed:
        words = [(offset + m.start(), m.group()) for m in _WORD.finditer(text)]
        first = len(words)
        while first > 0 and _is_value(words[first - 1][1]):
            first -= 1
        if 0 < first < len(words):
            apart.append((offset, text[: words[first][0] - offset].rstrip()))
        apart.extend(words[first:] if first < len(words) else [(offset, text)])
    return apart


def _slack(rows: list[list[geometry.Box]]) -> list[list[geometry.Box]]:
    """Boxes as tall as twice the slack a number may stand off its column: no more than the
    narrowest gap between two numbers of the table (one space in pdfplumber's layout text)."""
    gaps: dict[int, float] = {}
    for row in rows:
        for a, b in itertools.pairwise(row):
            gaps[a.page] = min(gaps.get(a.page, 2 * SLACK), b.left - a.right)
    return [[box._replace(height=max(1.0, gaps.get(box.page, 2 * SLACK))) for box in row] for row in rows]


def _tables(lines: list[str], cells: dict[int, Placed]) -> list[int]:
    """Each line's table, by number: a page break, or a header or heading of several lines
    (more than a wrapped label's two), starts the next, whose columns are not the same."""
    tables, table, text_lines = [], 0, 0
    for i, line in enumerate(lines):
        if "\f" in line or text_lines == HEADER_LINES:
            table += 1
        text_lines = 0 if i in cells else text_lines + (not _SPACES.match(line))
        tables.append(table)
    return tables


def _boxes(line: str, placed: Placed, index: int, page: int, width: Callable[[str], int]) -> list[geometry.Box]:
    return [
        geometry.Box(page, index, width(line[:offset]), 2 * SLACK, text, f"line {index + 1}", width=width(text))
        for offset, text in placed
    ]


def _lined_up(lines: list[str], cells: dict[int, Placed], width: Callable[[str], int]) -> int:
    """How many numbers end or start where a number of another line does, under this measure of width."""
    edges: dict[tuple[str, int], set[int]] = {}
    for i, placed in cells.items():
        for offset, text in placed:
            if _is_value(text):
                start = width(lines[i][:offset])
                for edge in (("start", start), ("end", start + width(text))):
                    edges.setdefault(edge, set()).add(i)
    return sum(len(found) for found in edges.values() if len(found) > 1)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _char_width(text: str) -> int:
    return len(text)


def _is_value(text: str) -> bool:
    return text in BLANK_MARKS or bool(VALUE_RUN.fullmatch(text))
