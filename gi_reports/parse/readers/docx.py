"""DOCX reports: paragraphs and tables in document order, merged cells marked once.

python-docx returns a merged cell once per grid position it covers; the repeats (same XML cell
as the left or upper neighbour) are marked `merged`, so no value is counted twice.
"""

from pathlib import Path
from zipfile import BadZipFile

import docx
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from ...errors import ReportError
from ..document import Cell, Document, Paragraph, Table


def read_docx(path: Path) -> Document:
    try:
        word = docx.Document(str(path))
    except (BadZipFile, KeyError, ValueError) as error:
        raise ReportError(path, f"damaged Word document ({error})") from None
    document = Document(path=path, format="docx", title=(word.core_properties.title or "").strip())
    tables = 0
    for block in word.iter_inner_content():
        if isinstance(block, DocxParagraph):
            if block.text.strip():
                document.blocks.append(Paragraph(Cell(block.text, f"paragraph {len(document.blocks) + 1}")))
        elif isinstance(block, DocxTable):
            tables += 1
            document.blocks.append(_grid(block, tables))
    return document


def _grid(table: DocxTable, number: int) -> Table:
    rows: list[list[Cell]] = []
    above = []
    for r, row in enumerate(table.rows, start=1):
        cells = row.cells
        out = []
        for c, cell in enumerate(cells, start=1):
            repeat = (c > 1 and cells[c - 2]._tc is cell._tc) or (c <= len(above) and above[c - 1]._tc is cell._tc)
            out.append(Cell(cell.text, f"table {number} row {r} col {c}", merged=repeat))
        rows.append(out)
        above = cells
    return Table(rows=rows)
