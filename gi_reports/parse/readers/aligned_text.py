"""Space-aligned text tables (`pdftotext -layout`, pdfplumber's layout text, pandoc's simple tables,
inscriptis): an empty cell is only a wider run of spaces, so a row's numbers are put under the columns
of the table's fuller rows by where they stand on the line (geometry.aligned, one character = one unit).

Converters pad either by display width (a CJK character takes two columns, as pandoc does) or by
characters (pdftotext, pdfplumber); the measure kept, table by table, is the one under which most
numbers line up with numbers of other lines.
"""

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence, Set

from .. import geometry

Placed = list[tuple[int, str]]  # a line's cells: (offset in characters, text)
HEADER_LINES = 3  # lines of text without numbers, one after another, that part two tables
MAX_ROWS = 200  # a longer run of number lines is no report table: left as printed (aligning costs rows squared)
SLACK = 2  # columns: a number may start this far before or after the column it stands under
_WORD = re.compile(r"\S+")
_NUMBERED = re.compile(r"\d+[.、．]")  # a numbered sub-row's label: 1.申请人…
WRAPPED_LINE = 20  # characters: no line of a label wrapped in a table's narrow label column is longer
_INNER_SPACE = re.compile(r"\s")
_SPACES = re.compile(r"^[ \t\u00a0\u3000\f]*$")
_VALUE_ENDS = frozenset("元万/无-—─━_=+")  # how a value, a blank mark or a rule drawn after a value ends


def filled_rows(lines: list[str], placed: Callable[[str], Placed], page_starts: Set[int] = frozenset()) -> dict[int, Placed]:
    """The lines (by index) whose numbers skip a column of a fuller row, with empty cells put there;
    `page_starts` are the lines that begin a page (each page is laid out on its own)."""
    cells = {i: placed(line) for i, line in enumerate(lines) if may_end_in_a_value(line) and "|" not in line}
    cells = {i: _numbers_apart(p) for i, p in cells.items() if p and geometry.is_value(p[-1][1].rsplit(" ", 1)[-1])}
    cells = {i: p for i, p in cells.items() if len(p) > 1}
    if not cells:
        return {}
    tables = _tables(lines, cells, placed, page_starts)
    by_table: dict[int, list[int]] = {}
    for i in cells:
        by_table.setdefault(tables[i], []).append(i)
    columns: dict[int, Sequence[int]] = {}  # each line's column at each character offset
    for indexes in by_table.values():
        measures = [{i: measure(lines[i]) for i in indexes} for measure in (_display_columns, _char_columns)]
        columns.update(max(measures, key=lambda measure: _lined_up(cells, measure)))
    filled = {}
    for indexes in by_table.values():
        if len(indexes) > MAX_ROWS or not _spaced_out(cells[i] for i in indexes):
            continue
        rows = _slack([_boxes(cells[i], i, tables[i], columns[i]) for i in indexes])
        for i, row, aligned in zip(indexes, rows, geometry.aligned(rows)):
            if len(aligned) > len(row):
                offsets = iter(offset for offset, _ in cells[i])
                filled[i] = [(next(offsets) if cell.text else -1, cell.text) for cell in aligned]
    return filled


def _spaced_out(rows: Iterable[Placed]) -> bool:
    """Some two cells of the table stand more than a space apart: where every gap is one space
    (pdftotext -raw), where a number stands tells nothing of its column."""
    return any(b[0] - a[0] - len(a[1]) > 1 for placed in rows for a, b in itertools.pairwise(placed))


def may_end_in_a_value(line: str) -> bool:
    """A cheap test before cutting the line into cells: most lines of a report are prose."""
    last = line.rstrip()[-1:]
    return last.isdigit() or last in _VALUE_ENDS


def _numbers_apart(placed: Placed) -> Placed:
    """Numbers one space apart (pdfplumber's layout text: `207 484 197`, `8.属于行政查询事项 1 13`)
    are cells of their own, each at its place on the line."""
    apart = []
    for offset, text in placed:
        if not _INNER_SPACE.search(text):
            apart.append((offset, text))  # one word: nothing to take apart
            continue
        words = placed_words(text, offset)
        first = values_start(words)
        if 0 < first < len(words):
            apart.append((offset, text[: words[first][0] - offset].rstrip()))
        apart.extend(words[first:] if first < len(words) else [(offset, text)])
    return apart


def placed_words(text: str, offset: int = 0) -> Placed:
    """Each run of non-space characters of `text` at its offset (`offset` being where `text` starts)."""
    return [(offset + m.start(), m.group()) for m in _WORD.finditer(text)]


def values_start(words: Placed) -> int:
    """Where the values (numbers or blank marks) that `words` end with begin: len(words) when none."""
    first = len(words)
    while first > 0 and geometry.is_value(words[first - 1][1]):
        first -= 1
    return first


def _slack(rows: list[list[geometry.Box]]) -> list[list[geometry.Box]]:
    """Boxes as tall as twice the slack a number may stand off its column: no more than the
    narrowest gap between two numbers of the table (one space in pdfplumber's layout text)."""
    gaps: dict[int, float] = {}
    for row in rows:
        for a, b in itertools.pairwise(row):
            gaps[a.page] = min(gaps.get(a.page, 2 * SLACK), b.left - a.right)
    return [[box._replace(height=max(1.0, gaps.get(box.page, 2 * SLACK))) for box in row] for row in rows]


def _tables(lines: list[str], cells: dict[int, Placed], placed: Callable[[str], Placed], page_starts: Set[int]) -> list[int]:
    """Each line's table, by number: a page break, or a header or heading of several lines
    (more than a wrapped label's two), starts the next, whose columns are not the same. The lines
    right under a row that only hold text where its cells start are its labels wrapped in their
    narrow columns (`（三  1.属  2  1 …` / `）不  于国` / `予公  家秘`), no header."""
    tables, table, text_lines = [], 0, []
    row_starts: list[int] = []  # where the cells of the row just above start, while its wrapped lines go on
    for i, line in enumerate(lines):
        if i in page_starts:
            table += 1
        if i in cells:
            table += len(text_lines) >= HEADER_LINES and not _wrapped_label(lines, text_lines, i)
            text_lines = []
            row_starts = [offset for offset, _ in cells[i]]
        elif _SPACES.match(line):
            row_starts = []
        elif not (row_starts and _within_cells(placed(line), row_starts)):
            text_lines.append(i)
            row_starts = []
        tables.append(table)
    return tables


def _within_cells(placed: Placed, starts: list[int]) -> bool:
    """Each piece of text starts where a cell starts and ends before the next cell does."""
    ends = dict(itertools.pairwise(starts))
    return all(offset in ends and offset + len(text) < ends[offset] for offset, text in placed)


def _wrapped_label(lines: list[str], text_lines: list[int], row: int) -> bool:
    """The lines of text above a row are its own numbered label wrapped over them (`1.申请人无正当理由`
    / `逾期不补正、行政机` / `关不再处理其政府信` / `息公开申请  21 ...`): short, one cell each, and
    begun where the row's label begins."""
    indent = _indent(lines[row])
    return (
        indent > 0
        and bool(_NUMBERED.match(lines[text_lines[0]].strip()))
        and all(_indent(lines[i]) == indent and len(_WORD.findall(lines[i])) == 1 for i in text_lines)
        and all(len(lines[i].strip()) <= WRAPPED_LINE for i in text_lines)
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _boxes(placed: Placed, index: int, table: int, columns: Sequence[int]) -> list[geometry.Box]:
    return [
        geometry.Box(
            table,
            index,
            start := columns[offset],
            2 * SLACK,
            text,
            f"line {index + 1}",
            width=columns[offset + len(text)] - start,
        )
        for offset, text in placed
    ]


def _lined_up(cells: dict[int, Placed], columns: dict[int, Sequence[int]]) -> int:
    """How many numbers end or start where a number of another line does, under this measure of width."""
    edges: dict[tuple[str, int], set[int]] = {}
    for i in columns:
        for offset, text in cells[i]:
            if geometry.is_value(text):
                for edge in (("start", columns[i][offset]), ("end", columns[i][offset + len(text)])):
                    edges.setdefault(edge, set()).add(i)
    return sum(len(found) for found in edges.values() if len(found) > 1)


def _display_columns(line: str) -> list[int]:
    """The display column at each character offset: a CJK character (wide, fullwidth) takes two."""
    return list(itertools.accumulate((2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line), initial=0))


def _char_columns(line: str) -> range:
    return range(len(line) + 1)
