"""PDF reports with a text layer: tables rebuilt from the ruling lines, the text around them as paragraphs.

PDFium (pypdfium2) gives each character's box and the page's line and rectangle objects, which is
all a table reader needs, at a small fraction of the cost of a full layout analysis. Agencies'
Word/WPS exports rule every table; a table that runs on from the previous page (same number of
columns) is joined to it; page numbers ("-2-") between blocks are dropped. A page with text that
PDFium cannot map to characters has its characters read by pdfminer (through pdfplumber) instead.
A scan under another OCR's text layer is read by our OCR: at once when that text is invisible, and
as the document's second reading when it shows (report.py keeps the reading that fails fewer checks).
"""

import re
import statistics
from bisect import bisect_right
from functools import partial
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from ...config import MAX_CHARACTERS_PER_PAGE, MAX_PDF_PAGES, MAX_RULINGS_PER_PAGE
from ...errors import NoTextLayerError, ReportError
from .. import geometry
from ..document import Cell, Document, Paragraph, Table
from . import layout
from .limits import check_pdf_streams
from .pdf_page import Char, page_chars, page_drawing
from .rulings import Box, Grid, find_grids

COLUMN_GAP = 0.8  # of a character's height: a pause in a line this wide separates two cells
LEADING = 0.8  # of a character's height: lines of one cell closer than this are one cell's text
_PAGE_NUMBER = re.compile(r"^[-—–－]?\s*\d{1,3}\s*[-—–－]?$|^第\s*\d+\s*页")


def read_pdf(path: Path) -> Document:
    check_pdf_streams(path)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise ReportError(path, _damage(error)) from None
    try:
        if len(pdf) > MAX_PDF_PAGES:
            raise ReportError(path, f"{len(pdf)} pages is more than a report can be ({MAX_PDF_PAGES} pages limit)")
        document = Document(path=path, format="pdf")
        has_text = shows_text = False
        with _Pdfminer(path) as pdfminer:
            for number in range(1, len(pdf) + 1):
                text, shown = _read_page(pdf[number - 1], number, document, pdfminer)
                has_text, shows_text = has_text or text, shows_text or shown
    except (pdfium.PdfiumError, PSException, PdfminerException, MalformedPDFException) as error:
        raise ReportError(path, f"damaged PDF ({error})") from None
    finally:
        pdf.close()
    if shows_text:
        document.second_reading = partial(_page_images_read, path)
        return document
    from . import read_scanned

    if not has_text:
        return read_scanned(path)  # a scan: every page an image
    try:  # a scan under another OCR's invisible text, which our table-aware reading replaces when OCR is installed
        return read_scanned(path, "OCR (the invisible text layer set aside)")
    except NoTextLayerError:
        return document


def _page_images_read(path: Path) -> Document | None:
    """Our OCR of the page images under the text layer (a scanner's own OCR, or wrong digits over
    the scan), or None when no page is covered by an image."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        if not any(covered_by_image(page) for page in pdf):
            return None
    finally:
        pdf.close()
    from . import read_scanned

    return read_scanned(path, "OCR (the text layer over the page images failed the checks)")


def covered_by_image(page) -> bool:
    """An image spans most of the page: a scan, whatever text is drawn over it."""
    width, height = page.get_size()
    for image in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=1):
        left, bottom, right, top = image.get_bounds()
        if (right - left) * (top - bottom) >= 0.6 * width * height:
            return True
    return False


def _damage(error: pdfium.PdfiumError) -> str:
    if getattr(error, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
        return "an encrypted PDF that needs a password to open; save an unprotected copy"
    return f"damaged PDF ({error})"


class _Pdfminer:
    """pdfminer's reading of a page's characters, opened only if some page needs it."""

    def __init__(self, path: Path):
        self.path, self.pdf = path, None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.pdf is not None:
            self.pdf.close()

    def chars(self, index: int) -> list[Char]:
        if self.pdf is None:
            self.pdf = pdfplumber.open(self.path)
        return [Char(c["text"], c["x0"], c["top"], c["x1"], c["bottom"]) for c in self.pdf.pages[index].chars]


def _read_page(page, number: int, document: Document, pdfminer: _Pdfminer) -> tuple[bool, bool]:
    """Append the page's blocks in reading order; whether the page has text, and whether any of it shows."""
    height = page.get_height()
    drawing = page_drawing(page.raw, height)
    if max(len(drawing.horizontal), len(drawing.vertical)) > MAX_RULINGS_PER_PAGE:
        raise ReportError(document.path, f"page {number} draws more lines than a report's tables ({MAX_RULINGS_PER_PAGE} limit)")
    try:
        chars = pdfminer.chars(number - 1) if drawing.unmapped_text else page_chars(page.raw, height, MAX_CHARACTERS_PER_PAGE)
    except OverflowError as count:
        raise ReportError(document.path, f"page {number} has {count} characters ({MAX_CHARACTERS_PER_PAGE} limit)") from None
    shown = bool(chars) and drawing.shows_text
    grids = find_grids(drawing.horizontal, drawing.vertical)
    in_cells, outside = _place(chars, grids) if grids else ({}, chars)
    placed = [(grid.box[1], _table(grid, in_cells, f"page {number} table {index}")) for index, grid in enumerate(grids, start=1)]
    placed += _unruled(outside, number)  # a borderless table beside a ruled one is read as on a page without rules
    placed.sort(key=lambda item: item[0])
    document.add_page([block for _, block in placed])
    return bool(chars), shown


def _unruled(chars: list[Char], number: int) -> list[tuple[float, Paragraph | Table]]:
    """Text outside ruled tables, each block with its top: tables rebuilt from where the text sits, as pdftohtml's are.

    Runs of text a column gap apart are cells; runs level with each other form a row, a row of one
    run is a paragraph. Tables exported without borders (LibreOffice, Word with borders removed,
    printed web pages) keep their columns this way.
    """
    if not chars:
        return []
    height = statistics.median(c.bottom - c.top for c in chars)
    boxes = [
        geometry.Box(
            number, box.top, box.x0, box.bottom - box.top, text, f"page {number} y {box.top:.0f} x {box.x0:.0f}", box.x1 - box.x0
        )
        for box, text in layout.stacked(layout.runs(chars, COLUMN_GAP * height), LEADING * height)
    ]
    rows = [
        row
        for row in geometry.rows(boxes, geometry.ROW_TOLERANCE * height)
        if len(row) > 1 or not _PAGE_NUMBER.match(row[0].text)
    ]
    return [(row[0].top, block) for row, block in zip(rows, geometry.blocks(rows))]


def _place(chars: list[Char], grids: list[Grid]) -> tuple[dict[Box, list[Char]], list[Char]]:
    """Each character into the cell its middle falls in; those outside every table apart.

    The cells are kept in slots by the columns they cross, each slot top to bottom: where a slot's
    cells do not overlap (every table but a damaged one), the one cell a point can be in is found by
    bisection, else the slot is searched in order."""
    cells = sorted((cell for grid in grids for row in grid.rows for cell in row if cell), key=lambda c: c[1])
    edges = sorted({x for cell in cells for x in (cell[0], cell[2])})
    slots: list[list[Box]] = [[] for _ in edges]
    for cell in cells:
        for slot in range(bisect_right(edges, cell[0]) - 1, bisect_right(edges, cell[2]) - 1):
            slots[slot].append(cell)
    tops = [[cell[1] for cell in slot] if all(a[3] <= b[1] for a, b in pairwise(slot)) else None for slot in slots]
    boxes = [grid.box for grid in grids]
    in_cells: dict[Box, list[Char]] = {}
    outside = []
    for char in chars:
        x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
        for x0, top, x1, bottom in boxes:
            if x0 <= x <= x1 and top <= y <= bottom:
                break
        else:
            outside.append(char)
            continue
        slot = bisect_right(edges, x) - 1
        if tops[slot] is None:
            candidates = slots[slot]
        else:
            above = bisect_right(tops[slot], y)  # the cells that start above the point: only the last can hold it
            candidates = slots[slot][above - 1 : above] if above else []
        for cell in candidates:
            if cell[1] <= y < cell[3] and cell[0] <= x < cell[2]:
                in_cells.setdefault(cell, []).append(char)
                break
    return in_cells, outside


def _table(grid: Grid, in_cells: dict[Box, list[Char]], source: str) -> Table:
    return Table(
        rows=[
            [
                Cell("", source, merged=True)
                if cell is None
                else Cell(layout.cell_text(in_cells[cell]) if cell in in_cells else "", f"{source} row {r} col {c}")
                for c, cell in enumerate(row, start=1)
            ]
            for r, row in enumerate(grid.rows, start=1)
        ]
    )
