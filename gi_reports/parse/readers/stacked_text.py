"""Tables written one cell per line (LibreOffice's text export, docx2python, get_text("\\n"), pdftotext,
mutool): what the empty lines between a row's cells stand for."""

import re
from collections.abc import Callable

from ..document import Cell, Paragraph, Table
from ..memo import Memo
from ..numerals import VALUE_RUN
from .aligned_text import HEADER_LINES

_NUMBER_LINE = re.compile(rf"\s*(?:{VALUE_RUN.pattern})\s*")  # a line that holds one number (or glued numbers) only
_SPACES = re.compile(r"^[ \t\u00a0\u3000]*$")
_NUMBERS, _WHITESPACE, _OTHER = "numbers", "whitespace", "other"


def _line_kind(line: str) -> str:
    return _NUMBERS if _NUMBER_LINE.fullmatch(line) else _WHITESPACE if _SPACES.match(line) else _OTHER


# A report's lines of one cell repeat (`\t0`, empty lines) within it and across reports; a longer line is prose,
# worked out each time, so the memo never holds on to a file's long lines.
_line_kinds = Memo(_line_kind, 1 << 16)
_SHORT_LINE = 40


def empty_cell_rule(lines: list[str]) -> Callable[[str, int], bool]:
    """Whether a whitespace-only line, the `run`-th of its run, is an empty cell.

    Where empty lines stand between every two cells, they only separate cells, and an empty cell
    is a line of spaces (get_text("\\n") of Word's HTML: `&nbsp;` between runs of empty lines; with
    get_text(" ") the separators are lines of one space, an empty cell a longer one) or,
    when every run between two numbers is odd, a pair of empty lines (docx2python: `2`, five empty
    lines, `1` is 2, two empty cells, 1), or nothing (pdftotext). Elsewhere (LibreOffice, where
    lines of numbers follow each other) each empty line is a cell.
    """
    runs: list[list[str]] = []  # the whitespace-only lines between two lines of numbers
    adjacent = 0
    run: list[str] | None = None  # the whitespace-only lines since the last line of numbers, if nothing else came since
    for line in lines:
        kind = _line_kinds[line] if len(line) <= _SHORT_LINE else _line_kind(line)
        if kind is _NUMBERS:
            if run:
                runs.append(run)
            adjacent += run == []
            run = []
        elif kind is not _WHITESPACE:
            run = None
        elif run is not None:
            run.append(line)  # in place: a copy per line made a million empty lines quadratic
    lengths = {len(run) for run in runs}
    separator = min((line for run in runs for line in run), key=len, default="")
    if adjacent < len(runs) and all(separator in run for run in runs) and any(line != separator for run in runs for line in run):
        return lambda line, run: line != separator
    if adjacent == 0 and 1 in lengths:
        if max(lengths) > 1 and all(length % 2 for length in lengths):
            return lambda line, run: run % 2 == 0
        return lambda line, run: False
    return lambda line, run: True


def without_merged_label_lines(blocks: list[Paragraph | Table], stacked: set[int]) -> None:
    """Drop the empty lines a stacked row (blocks[i], i in `stacked`) ends with beyond its table's width.

    A label cell merged over rows prints as an empty line before each later row's own label
    (LibreOffice: `36`, empty, `（二）部分公开`), so those lines end the row above as cells too many;
    the width is the most cells any row of the table has up to its last filled one. A table ends
    where HEADER_LINES blocks without numbers follow each other.
    """
    table: list[list[Cell]] = []
    text_blocks = 0
    for i, block in enumerate(blocks):
        row = block.rows[0] if i in stacked and isinstance(block, Table) else None
        if row and any(VALUE_RUN.fullmatch(cell.text) for cell in row):
            table.append(row)
            text_blocks = 0
            continue
        text_blocks += 1
        if text_blocks == HEADER_LINES:
            _trim(table)
            table = []
    _trim(table)


def _trim(rows: list[list[Cell]]) -> None:
    width = max((_filled_length(row) for row in rows), default=0)
    for row in rows:
        label = not VALUE_RUN.fullmatch(row[0].text)
        while len(row) > label + width and row[-1].text == "":
            row.pop()


def _filled_length(row: list[Cell]) -> int:
    """The cells after the row's label up to its last filled one."""
    label = not VALUE_RUN.fullmatch(row[0].text)
    filled = [i for i, cell in enumerate(row) if cell.text]
    return filled[-1] + 1 - label
