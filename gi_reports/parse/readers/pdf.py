"""PDF reports with a text layer: tables found by pdfplumber, the text around them as paragraphs.

pdfplumber finds tables from the ruling lines agencies' Word/WPS exports draw, and gives the
positions a merged cell covers as None (kept as `merged` cells). A table that runs on from the
previous page (same number of columns) is joined to it; page numbers ("-2-") are dropped.
"""

import re
from pathlib import Path

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError

from ...errors import ReportError
from ..document import Cell, Document, Paragraph, Table

_PAGE_NUMBER = re.compile(r"^[-—–－]?\s*\d{1,3}\s*[-—–－]?$|^第\s*\d+\s*页")


def read_pdf(path: Path) -> Document:
    document = Document(path=path, format="pdf")
    try:
        pdf = pdfplumber.open(path)
    except (PDFSyntaxError, ValueError, KeyError) as error:
        raise ReportError(path, f"damaged or encrypted PDF ({error})") from None
    with pdf:
        if not any(page.chars for page in pdf.pages):
            from . import read_scanned

            return read_scanned(path)  # a scan: every page an image
        for number, page in enumerate(pdf.pages, start=1):
            _read_page(page, number, document)
    return document


def _read_page(page, number: int, document: Document) -> None:
    tables = page.find_tables()
    placed: list[tuple[float, Paragraph | Table]] = []
    for index, table in enumerate(tables, start=1):
        rows = [
            [
                Cell("", f"page {number} table {index}", merged=True)
                if text is None
                else Cell(text, f"page {number} table {index} row {r} col {c}")
                for c, text in enumerate(row, start=1)
            ]
            for r, row in enumerate(table.extract(), start=1)
        ]
        placed.append((table.bbox[1], Table(rows=rows)))
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes))
    for line in outside.extract_text_lines():
        text = line["text"].strip()
        if text and not _PAGE_NUMBER.match(text):
            placed.append((line["top"], Paragraph(Cell(text, f"page {number} y {line['top']:.0f}"))))
    placed.sort(key=lambda item: item[0])
    for index, (_, block) in enumerate(placed):
        previous = document.blocks[-1] if document.blocks else None
        if index == 0 and isinstance(block, Table) and isinstance(previous, Table) and _same_width(previous, block):
            previous.rows.extend(block.rows)  # the table runs on from the previous page
        else:
            document.blocks.append(block)


def _inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    middle_x = (obj["x0"] + obj["x1"]) / 2
    middle_y = (obj["top"] + obj["bottom"]) / 2
    return x0 <= middle_x <= x1 and top <= middle_y <= bottom


def _same_width(first: Table, second: Table) -> bool:
    return bool(first.rows and second.rows) and len(first.rows[-1]) == len(second.rows[0])
