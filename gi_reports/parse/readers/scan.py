"""Scanned reports (image-only PDFs, page images, a folder of page images) → the document model by OCR.

Each page is straightened and cleaned (grid.py), its tables found from their ruling lines, and
every cell read on its own, so a figure keeps its row and column. A cell whose general reading
is made of digits and their look-alikes is decoded again over digits only (ocr.py). Every OCR
value's source names its page and confidence; a number the reader is unsure of (low confidence,
a digit count that does not match the glyphs in the cell, a gap between its digits, ink it could
not read, print that reads as nothing) is listed in `Document.doubts`, which the report turns
into flagged cells.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from ...errors import ReportError, UnsupportedFormatError
from ..catalogue import catalogue
from ..document import Cell, Document, Paragraph, Table
from ..numerals import is_blank
from ..textnorm import normalize
from ..tokens import opens_with_ordinal
from . import IMAGE_SUFFIXES
from .grid import Box, GridCell, Page, TableGrid, read_page, runs_down
from .label_order import place_by_order
from .ocr import Reading, looks_numeric, recogniser
from .textlines import glyphs, text_lines, without_specks

RENDER_DPI = 200  # enough for a 10.5 pt table font; the recogniser rescales every line anyway
# Measured on the scan test bed (benchmarks/ocr.py, 2,688 cells at 200 dpi): below 0.9 sat 8 of the 46 wrong
# cells and 6 of the right ones; the other wrong cells read at 1.00, so the glyph count and the identities,
# not confidence, must catch them.
CONFIDENCE = 0.9
SMEAR = 0.6  # dark print covers well under half of its line's box; a blot, most of it
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LABEL_AND_FIGURE = re.compile(r"\d.*[\u4e00-\u9fff]|[\u4e00-\u9fff].*\d")
# A faint decimal point falls out of the ink mask with the paper round it; the general decode still reads
# the gap it leaves as a space (measured: 3 of 1,358 number cells, all three a lost point), the digit decode not.
_MISREAD_FIGURE = 3  # characters: a general reading this short, in a cell of a table, may be a figure misread ('相' for 13)
_GAP_IN_NUMBER = re.compile(r"\d\s+\d")
_LOST_ROW_LINE = "a row line under its label cell was lost: the label's lines are placed in rows by where they stand"
_ORIENTATION_LINES = 8  # lines read both ways up to tell which is up
_ORIENTATION_REACH = 6  # text heights read at each end of such a line
_UPRIGHT = 2  # Chinese characters per line end, more than twice what a page upside down spells: the page is upright
_TURNED_OVER = 2  # how many times more Chinese characters the ends must spell turned over for the page to be turned
_PAGE_NUMBER = re.compile(r"^[-—–－一]?\s*\d{1,3}\s*[-—–－一]?$|^第\s*\d+\s*页")


def read_scan(path: Path, reader: str = "OCR") -> Document:
    document = Document(path=path, format="scan")
    for number, rgb in enumerate(page_images(path), start=1):
        document.add_page([block for _, block in _read_page(upright_page(rgb), number, document, reader)])
    place_by_order(document)
    return document


def upright_page(rgb: np.ndarray) -> Page:
    """The page read turned so that its lines run across and read the right way up: a page scanned sideways is
    turned a quarter, one fed in upside down is turned over. The recogniser tells which way is up: both ends of
    the widest lines (a label at one end, whichever way up) read as Chinese characters the right way up, and as
    one or two, or none, upside down. Figures are not counted: they read either way. Measured on the scan test bed,
    162 pages of 3 reports under 5 conditions at 150-300 dpi, each read as it is and turned over: upside down, the
    ends spell at most 0.85 Chinese characters each; turned the right way up, at least 3.2 times as many (counting
    every character, as little as 1.5 times: a noisy page of table 三); turned from upright, at most 0.34 times.
    Confidence does not tell: an empty reading is sure."""
    if runs_down(rgb):
        rgb = np.rot90(rgb)
    page = read_page(rgb)
    reach = round(_ORIENTATION_REACH * page.text_height)
    lines = sorted(text_lines(page.ink, page.text_height), key=lambda b: b.y1 - b.y0 - (b.x1 - b.x0))
    lines = [
        box
        for box in lines
        if 3 * page.text_height <= box.x1 - box.x0 <= 40 * page.text_height and box.y1 - box.y0 <= 2 * page.text_height
    ][:_ORIENTATION_LINES]
    if len(lines) < 3:
        return page
    ends = [page.gray[box.y0 : box.y1, box.x0 : min(box.x1, box.x0 + reach)] for box in lines]
    ends += [page.gray[box.y0 : box.y1, max(box.x1 - reach, box.x0 + reach) : box.x1] for box in lines if box.x1 - box.x0 > reach]
    as_is = _chinese_read(ends)
    if as_is >= _UPRIGHT * len(ends):
        return page
    turned = _chinese_read([end[::-1, ::-1] for end in ends])
    return read_page(np.ascontiguousarray(np.rot90(rgb, 2))) if turned > _TURNED_OVER * max(as_is, 1) else page


def _chinese_read(crops: list[np.ndarray]) -> float:
    """How many Chinese characters the crops spell, each weighed by the reading's confidence."""
    return sum(len(_HAN.findall(general.text)) * general.confidence for general, _ in recogniser().read(crops))


def page_images(path: Path) -> Iterator[np.ndarray]:
    """RGB arrays, page by page: a PDF rendered, an image file's frames, a folder's images in name order."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    if path.is_dir():
        files = sorted((p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES), key=_natural)
        if not files:
            raise ReportError(path, "a folder with no page images (.png, .jpg, .tif) in it")
        for file in files:
            yield from page_images(file)
        return
    if path.read_bytes()[:5] == b"%PDF-":
        import pypdfium2

        from .pdf import covered_by_image

        pdf = pypdfium2.PdfDocument(str(path))
        for page in pdf:
            if covered_by_image(page):  # the page's own print is the image's: text drawn over it is another OCR's
                for text in list(page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_TEXT], max_depth=1)):
                    page.remove_obj(text)
            yield np.asarray(page.render(scale=RENDER_DPI / 72).to_pil().convert("RGB"))
        pdf.close()
        return
    try:
        with Image.open(path) as image:
            for frame in ImageSequence.Iterator(image):
                yield np.asarray(frame.convert("RGB"))
    except (UnidentifiedImageError, OSError) as error:
        raise UnsupportedFormatError(path, f"binary content that is a damaged or unreadable image ({error})") from None


def _natural(path: Path) -> list:
    """page2.png before page10.png."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name.lower())]


@dataclass
class _Piece:
    """One crop to recognise, and where its reading goes."""

    crop: np.ndarray
    glyphs: list[tuple[int, int]]  # columns of the glyphs side by side in it, to check a number's digit count
    smeared: bool  # ink covers most of it: a blot, not print
    middle: int  # the page row through the middle of its line

    @classmethod
    def of(cls, crop: np.ndarray, middle: int) -> "_Piece":
        # glyphs told apart by the core of their strokes: the grey fringes of small digits touch
        return cls(crop, glyphs(crop < (int(crop.min()) + 255) // 2), bool((crop < 128).mean() > SMEAR), middle)


def _read_page(page: Page, number: int, document: Document, reader: str) -> list[tuple[int, Paragraph | Table]]:
    pieces: list[_Piece] = []
    tables = [(table, [(cell, _crops(page, cell.box, cell.region, pieces)) for cell in table.cells]) for table in page.tables]
    lines = [(box, _crops(page, box, None, pieces)) for box in _paragraph_lines(page)]
    readings = recogniser().read([p.crop for p in pieces]) if pieces else []
    _read_again(pieces, readings)
    _read_thickened(pieces, readings)
    placed: list[tuple[int, Paragraph | Table]] = []
    for index, (table, cells) in enumerate(tables, start=1):
        where = f"page {number} table {index}"
        rows = [[Cell("", f"{where} row {r + 1} col {c + 1}") for c in range(table.n_cols)] for r in range(table.n_rows)]
        near_labels: dict[int, str] = {}  # row → why its figures are doubted: its label placed one character off, or split off
        bands = _row_bands(table)
        parts = [part for whole, whole_taken in cells for part in _label_rows_apart(whole, whole_taken, pieces, readings, bands)]
        for cell, taken, apart in parts:
            if apart:  # a row line under a label cell was lost: its rows' figures are doubted
                near_labels.update(dict.fromkeys(range(cell.row, cell.row + cell.rows), _LOST_ROW_LINE))
            source = f"{where} row {cell.row + 1} col {cell.col + 1}"
            text, cell_source = _cell_text(f"{source}, {reader}", [(pieces[i], readings[i]) for i in taken], document)
            if near := _near_label(text):
                near_labels[cell.row] = f"its row's label read {text!r}, placed as {near!r} (one character off)"
                text, cell_source = near, f"{cell_source}, label read {text!r}, one character off {near!r}"
            if cell.cut and text:
                document.doubts.setdefault(
                    cell_source, "a ruling line was found through its print: part of it may be in the next cell"
                )
            elif cell.cols > 1 and _LABEL_AND_FIGURE.search(text):
                document.doubts.setdefault(
                    cell_source, f"one cell over {cell.cols} columns reads words and digits ({text!r}): a column line may be lost"
                )
            elif not taken and _lost_print(page, cell):
                document.doubts[cell_source] = "ink in the cell that reads as no glyph: print broken up by noise or fading"
            for dr in range(cell.rows):
                for dc in range(cell.cols):
                    rows[cell.row + dr][cell.col + dc] = Cell(text, cell_source, merged=bool(dr or dc))
        for row, why in near_labels.items():
            for placed_cell in rows[row]:
                document.doubts.setdefault(placed_cell.source, why)
        placed.append((table.box.y0, Table(rows=rows)))
    for box, taken in lines:
        text = "".join(readings[i][0].text.replace(" ", "") for i in taken)
        if text and not _PAGE_NUMBER.match(text):
            confidence = min(readings[i][0].confidence for i in taken)
            placed.append((box.y0, Paragraph(Cell(text, f"page {number} y {box.y0}, {reader}, confidence {confidence:.2f}"))))
    return sorted(placed, key=lambda item: item[0])


def _row_bands(table: TableGrid) -> dict[int, float]:
    """The middle of each row, from the cells that span it alone."""
    middles: dict[int, list[int]] = {}
    for cell in table.cells:
        if cell.rows == 1:
            middles.setdefault(cell.row, []).append((cell.box.y0 + cell.box.y1) // 2)
    return {row: float(np.median(found)) for row, found in middles.items()}


def _label_rows_apart(
    cell: GridCell, taken: list[int], pieces: list[_Piece], readings: list[tuple[Reading, Reading]], bands: dict[int, float]
) -> list[tuple[GridCell, list[int], bool]]:
    """A cell over several rows whose lines of text stand in different rows, each after the first opening a label
    of its own (`属于国家秘密` / `2.其他法律…`): the row line between them was lost (under a seal, faded), and
    each row gets its own lines, as a cell of its own (marked apart). A label wrapped inside a cell over rows
    (`（三）不予` / `公开`) opens no label on its second line and stays one cell."""
    spanned = [row for row in range(cell.row, cell.row + cell.rows) if row in bands]
    if cell.rows < 2 or len(taken) < 2 or len(spanned) < 2:
        return [(cell, taken, False)]
    by_row: dict[int, list[int]] = {}
    for i in taken:
        by_row.setdefault(min(spanned, key=lambda row: abs(bands[row] - pieces[i].middle)), []).append(i)
    starts = sorted(by_row)
    later = ["".join(readings[i][0].text for i in by_row[row]).replace(" ", "") for row in starts[1:]]
    if not later or not all(opens_with_ordinal(normalize(text)) for text in later):
        return [(cell, taken, False)]
    ends = [*starts[1:], cell.row + cell.rows]
    firsts = [cell.row, *starts[1:]]
    return [(replace(cell, row=first, rows=end - first), by_row[start], True) for first, end, start in zip(firsts, ends, starts)]


def _lost_print(page: Page, cell: GridCell) -> bool:
    """Ink left in a cell whose glyphs all fell to the speck filter: a cluster of it as heavy as a
    glyph's strokes (a speck of dust alone is lighter), away from the walls, where a line's remains lie."""
    inner = cv2.erode(cell.region.astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    ink = page.ink[cell.box.y0 : cell.box.y1, cell.box.x0 : cell.box.x1] & inner
    if ink.sum() < page.text_height:
        return False
    reach = max(3, page.text_height // 3)
    _, clusters = cv2.connectedComponents(cv2.dilate(ink.astype(np.uint8), np.ones((reach, reach), np.uint8)))
    return bool(np.bincount(clusters[ink])[1:].max(initial=0) >= page.text_height)


def _crops(page: Page, box: Box, region: np.ndarray | None, pieces: list[_Piece]) -> list[int]:
    """Queue the text lines inside `box` (only the pixels of `region`, when given) for recognition."""
    ink = page.ink[box.y0 : box.y1, box.x0 : box.x1]
    if region is not None:
        ink = ink & region
    ink = without_specks(ink, page.text_height)
    # the recogniser sees the print only: paper, dust and the neighbouring cells' ink turned white
    near_ink = cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    gray = np.where(near_ink, page.gray[box.y0 : box.y1, box.x0 : box.x1], 255).astype(np.uint8)
    taken = []
    for line in text_lines(ink, page.text_height):
        height = line.y1 - line.y0
        middle, half = (line.y0 + line.y1) // 2, max(height, page.text_height * 3 // 4) // 2 + 1
        top, bottom = max(0, middle - half), min(gray.shape[0], middle + half + 1)
        taken.append(len(pieces))
        pieces.append(_Piece.of(gray[top:bottom, line.x0 : line.x1], box.y0 + middle))
    return taken


def _spaced(piece: _Piece) -> np.ndarray:
    """The crop with its glyphs set apart, so that the recogniser's CTC steps cannot run 550 into 50."""
    gap = np.full((piece.crop.shape[0], max(4, piece.crop.shape[0] // 3)), 255, np.uint8)
    return np.hstack([part for a, b in piece.glyphs for part in (piece.crop[:, a:b], gap)][:-1])


def _margined(piece: _Piece) -> np.ndarray:
    """The crop with paper either side, half its height wide: a lone thin 1 cut tight reads as nothing."""
    side = piece.crop.shape[0] // 2
    return cv2.copyMakeBorder(piece.crop, 0, 0, side, side, cv2.BORDER_CONSTANT, value=255)


def _read_again(pieces: list[_Piece], readings: list[tuple[Reading, Reading]]) -> None:
    """Second looks, in one batch: a number read with fewer digits than the glyphs it shows, with the glyphs
    spaced (its digit reading replaced when the spaced crop reads more digits: specks counted as glyphs
    space apart into nothing); print that reads as nothing at all, with paper around it."""
    collapsed = [
        i
        for i, (general, digits) in enumerate(readings)
        if looks_numeric(general.text) and len(digits.text.replace(".", "")) < len(pieces[i].glyphs)
    ]
    unread = [i for i, (general, digits) in enumerate(readings) if not general.text and not digits.text]
    crops = [_spaced(pieces[i]) for i in collapsed] + [_margined(pieces[i]) for i in unread]
    if crops:
        again = recogniser().read(crops)
        for i, reading in zip(collapsed, again):
            if len(reading[1].text.replace(".", "")) > len(readings[i][1].text.replace(".", "")):
                readings[i] = (readings[i][0], reading[1])
        for i, reading in zip(unread, again[len(collapsed) :]):
            readings[i] = reading


def _read_thickened(pieces: list[_Piece], readings: list[tuple[Reading, Reading]]) -> None:
    """A second, independent reading of each figure the reader may doubt, its strokes thickened (a faint 0
    broken into two arcs reads 11): added to the other readings the identities choose from, never read instead."""
    unsure = [
        i
        for i, (general, digits) in enumerate(readings)
        if (looks_numeric(general.text) or 0 < len(general.text) <= _MISREAD_FIGURE)
        and (min(general.confidence, digits.confidence) < CONFIDENCE or len(digits.text) != len(pieces[i].glyphs))
    ]
    if not unsure:
        return
    again = recogniser().read([cv2.erode(pieces[i].crop, np.ones((2, 2), np.uint8)) for i in unsure])
    for i, (_, thick) in zip(unsure, again):
        general, digits = readings[i]
        readings[i] = (general, Reading(digits.text, digits.confidence, (thick.text, *digits.others, *thick.others)))


def _cell_text(source: str, lines: list[tuple[_Piece, tuple[Reading, Reading]]], document: Document) -> tuple[str, str]:
    """A cell's text and source; a number decoded over digits, and noted as doubtful when it may be wrong."""
    if not lines:
        return "", source
    smeared = lines[0][0].smeared
    if not smeared and (len(lines) > 1 or not looks_numeric(lines[0][1][0].text) or is_blank(lines[0][1][0].text)):
        confidence = min(general.confidence for _, (general, _) in lines)
        text = "".join(general.text.replace(" ", "") for _, (general, _) in lines)  # Chinese sets no spaces
        source = f"{source}, confidence {confidence:.2f}"
        if not text:  # print that reads as nothing, twice: an all-blank row would still add up, 0 = 0
            document.doubts[source] = "print in the cell that the recogniser reads as nothing"
        elif confidence < CONFIDENCE:  # a label misread with digits in it ('行政诉讼' as '45政诉讼') passes for a figure
            document.doubts[source] = f"read {text!r} with confidence {confidence:.2f} (below {CONFIDENCE})"
        if source in document.doubts and len(lines) == 1 and len(text) <= _MISREAD_FIGURE:  # a figure read as a word ('相')
            _note_other_readings(document, source, text, lines[0][1][1])
        return text, source
    piece, (general, number) = lines[0]
    digits = Reading(number.text.strip("."), number.confidence)  # a point before or after every digit is dust
    source = f"{source}, confidence {digits.confidence:.2f}"
    if piece.smeared:
        document.doubts[source] = "a smear or blot covers the cell: no figure can be read"
        return "", source
    if not digits.text:
        document.doubts[source] = f"ink the recogniser could not read as a number (general reading {general.text!r})"
    elif digits.confidence < CONFIDENCE:
        document.doubts[source] = f"read {digits.text!r} with confidence {digits.confidence:.2f} (below {CONFIDENCE})"
    elif len(digits.text) != len(piece.glyphs):
        document.doubts[source] = f"read {digits.text!r} ({len(digits.text)} characters) from {len(piece.glyphs)} glyphs"
    elif _GAP_IN_NUMBER.search(general.text):
        document.doubts[source] = (
            f"read {digits.text!r}, but the general reading {general.text!r} sees a gap: a point may be lost"
        )
    if source in document.doubts:
        _note_other_readings(document, source, digits.text, number)
    return digits.text, source


def _note_other_readings(document: Document, source: str, text: str, number: Reading) -> None:
    """The whole numbers a doubted cell also reads as over digits, for the identities to choose from."""
    others = dict.fromkeys(t.strip(".-") for t in (number.text, *number.others))  # dust either side
    if others := tuple(t for t in others if t.isdigit() and t != text):
        document.other_readings[source] = others


def _near_label(text: str) -> str | None:
    """The label an OCR'd cell reads as with one character misread, when it holds no label and only one is that
    near; None otherwise. Only OCR text is matched this loosely: a text layer's labels are as printed."""
    text = normalize(text)
    if not _HAN.search(text) or looks_numeric(text) or catalogue().find(text):
        return None
    near = catalogue().one_character_off(text)
    return near[0] if near else None


def _paragraph_lines(page: Page) -> list[Box]:
    """Lines of text outside the tables, in page coordinates."""
    ink = page.ink.copy()
    for table in page.tables:
        ink[table.box.y0 : table.box.y1, table.box.x0 : table.box.x1] = False
    ink = without_specks(ink, page.text_height)
    return text_lines(ink, page.text_height)
