"""Plain text and markdown reports: what Word, LibreOffice, poppler, mupdf or pandoc wrote of a table.

The layouts found in the wild, often several in one file:
- one cell per line, each opened by a tab, rows separated by blank lines (Word → text);
- one cell per line with no tab (LibreOffice → text, pdftotext, mutool): a line of numbers
  continues the row of the line above it; an empty line is an empty cell, unless the file
  puts an empty line between every two cells (then empty lines are only separators);
- cells set apart by runs of spaces (`pdftotext -layout`, pandoc's simple tables, fixed-width
  exports): two or more spaces are a cell boundary, one space is not;
- pipe rows (`a | b | c`, markdown tables, with or without outer pipes, wrapped over lines;
  tables drawn in box characters by w3m or lynx);
- one glyph per line (mutool's text of a PDF that draws each glyph apart): rejoined first;
- everything else is a paragraph, including a whole table glued onto one line.
"""

import itertools
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from ..document import Cell, Document, Paragraph, Table
from ..geometry import is_value
from ..memo import Memo
from ..numerals import VALUE_RUN
from .aligned_text import Placed, filled_rows, may_end_in_a_value
from .glyph_lines import joined_glyph_lines
from .joined_text import joined_rows
from .stacked_text import empty_cell_rule, without_merged_label_lines

_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\d+、|[（(][一二三四五六七八九十]+[）)])")
_ORDINAL = re.compile(r"^\s*(?:\d+[.、．]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)")
# Tables drawn in box characters (w3m, a browser's "save as text"): bars are pipes, junctions `+`,
# as in pandoc's grid tables, whose `+---+` rules stand between every two rows.
_BOX_DRAWING = str.maketrans(
    {**dict.fromkeys("│┃║", "|"), **dict.fromkeys("├┤┼┬┴┌┐└┘╋┣┫┳┻╠╣╬╦╩╔╗╚╝", "+"), **dict.fromkeys("─━═", "-")}
)
_BOX_CHARACTER = re.compile("[\u2500-\u257f]")
_PANDOC_SPAN = re.compile(r"\[([^\[\]]*)\]\{[^{}]*\}")
_PANDOC_FENCE = re.compile(r"^:{3,}.*$", re.MULTILINE)
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{}~])")  # CommonMark escapes, but for `\|`: a pipe inside a table cell
_CRAWLER_TITLE = re.compile(r"^标题[:：]\s*(.+)$")
# A table rule drawn in characters (`-----`, `———`, `+----+`, `====`), alone or glued to a cell.
_RULE = re.compile(r"[-—─━_=+]{3,}")
_GRID_RULE = re.compile(r"\+-{3,}\+")
_RULE_LINE = re.compile(r"^[\s\-—─━_=+|:]*$")
_LAYOUT_CELL = re.compile(r"\S+(?:[ \t\u00a0\u3000]\S+)*")  # text between runs of two or more spaces
_SPACES = re.compile(r"^[ \t\u00a0\u3000]*$")
_CELL_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_new = tuple.__new__  # Cell's own __new__ is a Python function: a tenth of reading a file of one cell per line
_line_source = Memo("line {}".format, 1 << 16)  # a cell's source, `line 12`: the same strings in every file, formatted once


def markdown_text(text: str) -> str:
    """Pandoc's markdown with its attribute syntax taken out: `[规章]{style="..."}` is 规章, and
    `::: {style=...}` fences are no text (pandoc writes both when it converts Word-pasted HTML);
    backslash escapes (`3678\\.2118`, `2\\.申请人`, as mammoth and markdownify write them) unescaped."""
    text = _PANDOC_FENCE.sub("", text)
    return _MD_ESCAPE.sub(r"\1", _PANDOC_SPAN.sub(r"\1", text))


def read_text(path: Path, text: str, format: str) -> Document:
    document = Document(path=path, format=format)
    if _BOX_CHARACTER.search(text):
        text = text.translate(_BOX_DRAWING)
    lines, page_starts = _page_lines(text)
    line_numbers: Sequence[int] = range(1, len(lines) + 1)  # of each line in the file
    if glyph_text := joined_glyph_lines(lines):
        lines, line_numbers = glyph_text
        page_starts = frozenset()
    if lines and (match := _CRAWLER_TITLE.match(lines[0].strip())):
        document.title = match.group(1).strip()
    # The layout-wide readings cost more than the rest of the reader, and most files (tab cells, pipe
    # rows) need neither: each is made the first time a line asks for it.
    is_empty_cell: Callable[[str, int], bool] | None = None
    filled: dict[int, Placed] | None = None  # rows with their empty cells put back
    table: list[list[Cell]] = []
    table_layout = ""
    blank_lines = 0
    line_row: list[Cell] = []  # the open row of a one-cell-per-line or space-separated layout
    one_cell_lines = False  # the open row was written one cell per line: an empty line is a cell
    stacked: set[int] = set()  # the blocks of rows written one cell per line
    columns: dict[int, int] = {}  # a layout row's cells by the offset they start at
    wrapped: list[list[Cell]] = []  # the lines under a layout row that only hold text in its columns
    pipe_start = ""  # a pipe row wrapped over lines, until its closing pipe

    row_groups: list[int] = []  # each pipe row's place between the table's rule lines
    rules = 0

    def close_table() -> None:
        nonlocal rules
        if table:
            rows = _grid_rows(table, row_groups) if table_layout == "pipe" and rules > 1 else list(table)
            document.blocks.append(Table(rows=rows))
            table.clear()
        row_groups.clear()
        rules = 0

    def close_line_row() -> None:
        if line_row:
            rows = [list(line_row), *wrapped]
            if one_cell_lines:
                stacked.add(len(document.blocks))
            document.blocks.append(Paragraph(line_row[0]) if rows == [[line_row[0]]] else Table(rows=rows))
            line_row.clear()
        columns.clear()
        wrapped.clear()

    for number, line in enumerate(lines, start=1):
        source = _line_source[line_numbers[number - 1]]
        if pipe_start:
            line, pipe_start = f"{pipe_start} {line.strip()}", ""
        if line.startswith("\t"):
            if line_row or columns or wrapped:
                close_line_row()
            cell = _new(Cell, (line[1:].strip(), source, False))
            if table_layout != "tab":
                close_table()
                table_layout = "tab"
            if not table or blank_lines:
                table.append([cell])
            else:
                table[-1].append(cell)
            blank_lines = 0
        elif not line or _SPACES.match(line):
            blank_lines += 1
            columns.clear()
            if line_row and one_cell_lines and table_layout != "tab":
                is_empty_cell = is_empty_cell or empty_cell_rule(lines)
                if is_empty_cell(line, blank_lines):
                    line_row.append(Cell("", source))
        elif table_layout == "tab" and table and _continues_cell(table[-1][-1], line, blank_lines):
            last = table[-1][-1]
            table[-1][-1] = Cell(f"{last.text}\n{line.strip()}", last.source)
            blank_lines = 0
        elif _RULE_LINE.match(line) or (table_layout == "pipe" and _GRID_RULE.search(line)):
            # A grid's rule (not markdown's header line); beside a cell that spans rows it only runs
            # under the other columns, and the spanning cell's text on that line is a heading's piece.
            rules += table_layout == "pipe" and "+" in line
        elif is_pipe_row(line):
            close_line_row()
            if line.strip().startswith("|") and not line.strip().endswith("|") and number < len(lines):
                pipe_start = line.strip()
                continue
            if _MD_RULE.match(line):
                continue
            if table_layout != "pipe" or blank_lines:
                close_table()
                table_layout = "pipe"
            if "<" in line:  # a line break inside a markdown cell (pymupdf4llm: `2.其他法律行政法规<br>禁止公开`)
                line = _CELL_BREAK.sub("\n", line)
            table.append([Cell(_RULE.sub("", text).strip(), source) for text in pipe_cells(line)])
            row_groups.append(rules)
            blank_lines = 0
        else:
            close_table()
            table_layout = ""
            placed = _layout_cells(line)
            if _may_be_filled(lines[number - 1]):
                if filled is None:
                    filled = joined_rows(lines) or filled_rows(lines, _layout_cells, page_starts)
                placed = filled.get(number - 1) or placed
            blank_lines = 0
            if columns and not _ORDINAL.match(line) and all(offset in columns and not is_value(t) for offset, t in placed):
                # Text under the cells of a layout row: labels its narrow columns wrapped
                # (`（一）予以公` / `开`), kept as a row of the same columns for the tokenizer to
                # join; the positions it leaves empty are covered by the cells above.
                under = [Cell("", source, merged=True) for _ in line_row]
                for offset, text in placed:
                    under[columns[offset]] = Cell(text, source)
                wrapped.append(under)
                continue
            cells = [Cell(text, source) for _, text in placed]
            if wrapped or not (line_row and all(is_value(c.text) for c in cells)):
                close_line_row()
                if len(cells) > 1 and any(is_value(c.text) for c in cells):
                    columns.update({offset: i for i, (offset, _) in enumerate(placed)})
            one_cell_lines = len(cells) == 1
            line_row.extend(cells)
    close_line_row()
    close_table()
    without_merged_label_lines(document.blocks, stacked)
    return document


def _page_lines(text: str) -> tuple[list[str], frozenset[int]]:
    """The text's lines, and the indexes of the lines that begin a page: pdftotext opens each page
    with a form feed, which splitlines() alone would make an empty line of its own."""
    if "\f" not in text:
        return text.splitlines(), frozenset()
    lines: list[str] = []
    starts = []
    for page in text.split("\f"):
        starts.append(len(lines))
        lines += page.splitlines()
    return lines, frozenset(starts[1:])


def _grid_rows(table: list[list[Cell]], groups: list[int]) -> list[list[Cell]]:
    """A grid table (rules between all rows: w3m, lynx, pandoc's grid tables): the lines between two
    rules are one row, each cell's lines joined (`1.申请人无正当理由逾期不补` / `正、行政机关…`)."""
    rows: list[list[Cell]] = []
    for _, lines in itertools.groupby(zip(groups, table), key=lambda pair: pair[0]):
        lines = [line for _, line in lines]
        if len({len(line) for line in lines}) > 1 or any(sum(_is_number(c.text) for c in column) > 1 for column in zip(*lines)):
            rows.extend(lines)  # lines of different widths, or with two numbers in a column, are rows of their own
            continue
        rows.append([Cell("".join(c.text for c in column), column[0].source) for column in zip(*lines)])
    return rows


def _layout_cells(line: str) -> list[tuple[int, str]]:
    """A line cut at runs of two or more spaces and at rules drawn in characters: (column, text)."""
    line = _RULE.sub("  ", line)
    return [(m.start(), m.group()) for m in _LAYOUT_CELL.finditer(line)]


def _may_be_filled(line: str) -> bool:
    """Whether the joined or the aligned reading can put empty cells in this line: it may end in a value
    and holds two words or two layout cells (a rule drawn between two numbers parts them too)."""
    return may_end_in_a_value(line) and (len(line.split()) > 1 or len(_layout_cells(line)) > 1)


def _is_number(text: str) -> bool:
    return bool(text) and bool(VALUE_RUN.fullmatch(text))


def _continues_cell(cell: Cell, line: str, blank_lines: int) -> bool:
    """A tab cell's label wrapped onto the next line (本年新\\n制作数量, 不予\\n\\n公开)."""
    if blank_lines > 1 or "|" in line or _HEADING.match(line):
        return False
    return bool(cell.text) and not VALUE_RUN.fullmatch(cell.text.strip())


def is_pipe_row(line: str) -> bool:
    return line.count("|") >= 2 or (line.count("|") == 1 and line.strip().startswith("|"))


def pipe_cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return line.split("|")
