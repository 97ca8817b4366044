"""Plain text and markdown reports: tab-separated cells, pipe tables, or prose with glued tables.

Three layouts turn up in the wild and often in one file:
- one cell per line, each opened by a tab, rows separated by blank lines (Word → text);
- pipe rows (`a | b | c`, markdown tables, with or without outer pipes);
- everything else is a paragraph, including a whole table glued onto one line.
"""

import re
from pathlib import Path

from ..document import Cell, Document, Paragraph, Table
from ..numerals import VALUE_RUN

_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\d+、|[（(][一二三四五六七八九十]+[）)])")
_CRAWLER_TITLE = re.compile(r"^标题[:：]\s*(.+)$")


def read_text(path: Path, text: str, format: str) -> Document:
    document = Document(path=path, format=format)
    lines = text.splitlines()
    if lines and (match := _CRAWLER_TITLE.match(lines[0].strip())):
        document.title = match.group(1).strip()
    table: list[list[Cell]] = []
    table_layout = ""
    blank_lines = 0

    def close_table() -> None:
        if table:
            document.blocks.append(Table(rows=list(table)))
            table.clear()

    for number, line in enumerate(lines, start=1):
        source = f"line {number}"
        if line.startswith("\t"):
            cell = Cell(line[1:].strip(), source)
            if table_layout != "tab":
                close_table()
                table_layout = "tab"
            if not table or blank_lines:
                table.append([cell])
            else:
                table[-1].append(cell)
            blank_lines = 0
        elif not line.strip():
            blank_lines += 1
        elif table_layout == "tab" and table and _continues_cell(table[-1][-1], line, blank_lines):
            last = table[-1][-1]
            table[-1][-1] = Cell(f"{last.text}\n{line.strip()}", last.source)
            blank_lines = 0
        elif line.count("|") >= 2 or (line.count("|") == 1 and line.strip().startswith("|")):
            if _MD_RULE.match(line):
                continue
            if table_layout != "pipe" or blank_lines:
                close_table()
                table_layout = "pipe"
            table.append([Cell(text.strip(), source) for text in _pipe_cells(line)])
            blank_lines = 0
        else:
            close_table()
            table_layout = ""
            document.blocks.append(Paragraph(Cell(line.strip(), source)))
            blank_lines = 0
    close_table()
    return document


def _continues_cell(cell: Cell, line: str, blank_lines: int) -> bool:
    """A tab cell's label wrapped onto the next line (本年新\\n制作数量, 不予\\n\\n公开)."""
    if blank_lines > 1 or "|" in line or _HEADING.match(line):
        return False
    return bool(cell.text) and not VALUE_RUN.fullmatch(cell.text.strip())


def _pipe_cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return line.split("|")
