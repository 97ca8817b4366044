"""What a table reader needs from a PDF page, straight from PDFium: each character with its box, and
the ruling lines (stroked lines, thin filled bars, rectangle sides) drawn on the page.

Coordinates are turned top-down (y grows down the page), as a reader of the page sees them.
PDFium's calls go through ctypes, so the page's text comes out in one call and only the boxes
are asked for per character, written side by side into one array that is read back at once.
"""

import ctypes
import re
from functools import partial
from itertools import repeat
from typing import NamedTuple

import numpy
import pypdfium2.raw as pdfium

# A path no thicker than this is one ruling line along its length (a stroked line or a filled bar).
_THIN = 2.0
# Points closer than this in y (or x) lie on one horizontal (vertical) line.
_LEVEL = 0.1
# A font box taller than this is a font with broken metrics (WPS's vertical labels): the glyph's own box is used.
_OVERSIZED = 30.0
_LINE_ENDS = "\r\n\x00\ufffe"  # what PDFium puts between lines: never a character of the page
_NOT_INK = re.compile(r"[\s\x00\ufffe]")


class Char(NamedTuple):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


class Segment(NamedTuple):
    """A horizontal ruling (at y = `at`, from `start` to `end` in x) or a vertical one (x = `at`, y range)."""

    at: float
    start: float
    end: float


def page_chars(page, height: float, most: int) -> list[Char]:
    """The page's characters in content order; line ends PDFium adds are left out, its spaces kept.
    OverflowError when the page has more than `most`."""
    text_page = pdfium.FPDFText_LoadPage(page)
    try:
        count = pdfium.FPDFText_CountChars(text_page)
        if count > most:
            raise OverflowError(count)
        text = _page_text(text_page, count)
        dropped = {m.start() for m in _NOT_INK.finditer(text)}  # few: line ends and the spaces between words
        handle = ctypes.cast(text_page, ctypes.c_void_p).value
        dropped = {i for i in dropped if text[i] in _LINE_ENDS or _is_generated(handle, i) == 1}
        kept = [i for i in range(count) if i not in dropped] if dropped else range(count)
        boxes = numpy.zeros((len(kept), 4), numpy.float32)  # left, top, right, bottom of each character kept, side by side
        start = boxes.ctypes.data
        list(map(_loose_box, repeat(handle, len(kept)), kept, range(start, start + 16 * len(kept), 16)))
        boxes = boxes.astype(float)
        boxes[:, [1, 3]] = height - boxes[:, [1, 3]]
        texts = [text[i] for i in kept] if dropped else text
        # Made by tuple.__new__ itself, without the Python-level __new__ of a NamedTuple: a page has thousands.
        chars = list(map(partial(tuple.__new__, Char), zip(texts, *boxes.T.tolist())))
        for at in numpy.flatnonzero(boxes[:, 3] - boxes[:, 1] > _OVERSIZED).tolist():
            chars[at] = _glyph_box(text_page, kept[at], chars[at].text, height)
        return chars
    finally:
        pdfium.FPDFText_ClosePage(text_page)


def _glyph_box(text_page, index: int, char: str, height: float) -> Char:
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    pdfium.FPDFText_GetCharBox(text_page, index, left, right, bottom, top)
    return Char(char, left.value, height - top.value, right.value, height - bottom.value)


def _page_text(text_page, count: int) -> str:
    buffer = (ctypes.c_ushort * (count + 1))()
    pdfium.FPDFText_GetText(text_page, 0, count, buffer)
    text = ctypes.string_at(buffer, count * 2).decode("utf-16-le", errors="replace")
    if len(text) == count:
        return text
    # Characters outside the BMP take two UTF-16 units: ask for them one by one to keep the indexes.
    return "".join(chr(pdfium.FPDFText_GetUnicode(text_page, i)) for i in range(count))


class Drawing(NamedTuple):
    """The page's ruling segments, whether PDFium could not map some text run to characters, and whether any text shows."""

    horizontal: list[Segment]
    vertical: list[Segment]
    unmapped_text: bool
    shows_text: bool  # a run not drawn in render mode 3: an OCR layer over a page image draws none


def page_drawing(page, height: float) -> Drawing:
    """Straight segments of every path on the page (forms included), and whether some text run is unmapped.

    PDFium gives no glyphs for some runs in fonts the file does not embed (a one-character string in
    a UCS-2 CMap font, as ReportLab and OFD converters write): such a run has an empty box. A page
    draws hundreds of runs, so each is asked only what is not yet known, through plain addresses.
    """
    horizontal: list[Segment] = []
    vertical: list[Segment] = []
    unmapped = shows = False
    bounds = (ctypes.c_float * 4)()  # left, bottom, right, top of the object last asked about
    left, bottom, right, top = (ctypes.addressof(bounds) + 4 * i for i in range(4))
    handle = ctypes.cast(page, ctypes.c_void_p).value
    objects = [(_object_at(handle, i), None) for i in range(pdfium.FPDFPage_CountObjects(page))]
    while objects:
        obj, outer = objects.pop()
        kind = _kind(obj)
        if kind == pdfium.FPDF_PAGEOBJ_TEXT:
            if not unmapped:
                _bounds(obj, left, bottom, right, top)
                # Only a font left to the viewer loses glyphs; converters also write empty runs, which are harmless.
                unmapped = bounds[2] <= bounds[0] and not pdfium.FPDFFont_GetIsEmbedded(pdfium.FPDFTextObj_GetFont(_object(obj)))
            shows = shows or _render_mode(obj) != pdfium.FPDF_TEXTRENDERMODE_INVISIBLE
        elif kind == pdfium.FPDF_PAGEOBJ_PATH:
            for (x0, y0), (x1, y1) in _path_lines(obj, outer, bounds):
                if abs(y0 - y1) < _LEVEL:
                    horizontal.append(Segment(height - y0, min(x0, x1), max(x0, x1)))
                elif abs(x0 - x1) < _LEVEL:
                    vertical.append(Segment(x0, height - max(y0, y1), height - min(y0, y1)))
        elif kind == pdfium.FPDF_PAGEOBJ_FORM:
            form = _object(obj)
            matrix = _compose(_matrix(obj), outer)
            objects.extend((_form_object_at(obj, i), matrix) for i in range(pdfium.FPDFFormObj_CountObjects(form)))
    return Drawing(horizontal, vertical, unmapped, shows)


def _plain(function, restype, *argtypes):
    """A PDFium function declared to take and give plain addresses: ctypes then makes no pointer objects for its calls."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


def _object(address: int):
    """A page object's address as the pointer pypdfium2's declarations take."""
    return ctypes.cast(address, pdfium.FPDF_PAGEOBJECT)


_address = ctypes.c_void_p
_is_generated = _plain(pdfium.FPDFText_IsGenerated, ctypes.c_int, _address, ctypes.c_int)
_loose_box = _plain(pdfium.FPDFText_GetLooseCharBox, ctypes.c_int, _address, ctypes.c_int, _address)
_object_at = _plain(pdfium.FPDFPage_GetObject, _address, _address, ctypes.c_int)
_form_object_at = _plain(pdfium.FPDFFormObj_GetObject, _address, _address, ctypes.c_ulong)
_kind = _plain(pdfium.FPDFPageObj_GetType, ctypes.c_int, _address)
_bounds = _plain(pdfium.FPDFPageObj_GetBounds, ctypes.c_int, *[_address] * 5)
_render_mode = _plain(pdfium.FPDFTextObj_GetTextRenderMode, ctypes.c_int, _address)
_count_segments = _plain(pdfium.FPDFPath_CountSegments, ctypes.c_int, _address)
_segment_at = _plain(pdfium.FPDFPath_GetPathSegment, _address, _address, ctypes.c_int)
_point = _plain(pdfium.FPDFPathSegment_GetPoint, ctypes.c_int, _address, _address, _address)
_segment_kind = _plain(pdfium.FPDFPathSegment_GetType, ctypes.c_int, _address)
_closes = _plain(pdfium.FPDFPathSegment_GetClose, ctypes.c_int, _address)
_MOVETO, _LINETO = pdfium.FPDF_SEGMENT_MOVETO, pdfium.FPDF_SEGMENT_LINETO
_get_matrix = _plain(pdfium.FPDFPageObj_GetMatrix, ctypes.c_int, _address, _address)


Matrix = tuple[float, float, float, float, float, float]


def _path_lines(path: int, outer: Matrix | None, bounds) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Straight pieces of a path in page space: a thin path is one line along its middle.
    A path whose box is shorter than a point both ways (a dot, a glyph's speck) is left out:
    the table reader drops such short pieces anyway."""
    address = ctypes.addressof(bounds)
    _bounds(path, address, address + 4, address + 8, address + 12)
    left, bottom, right, top = bounds
    corners = ((left, bottom), (right, top))
    (x0, y0), (x1, y1) = corners if outer is None else [_apply(outer, p) for p in corners]
    if max(abs(x1 - x0), abs(y1 - y0)) < 1:
        return []
    if abs(y1 - y0) <= _THIN:
        return [((x0, (y0 + y1) / 2), (x1, (y0 + y1) / 2))]
    if abs(x1 - x0) <= _THIN:
        return [(((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1))]
    a, b, c, d, e, f = _compose(_matrix(path), outer)
    point_at = (ctypes.c_float * 2)()
    x_at, y_at = ctypes.addressof(point_at), ctypes.addressof(point_at) + 4
    lines, start, current = [], None, None
    for i in range(_count_segments(path)):
        segment = _segment_at(path, i)
        _point(segment, x_at, y_at)
        x, y = point_at
        point = (a * x + c * y + e, b * x + d * y + f)  # _apply, written out: a table page has hundreds of segments
        kind = _segment_kind(segment)
        if kind == _MOVETO:
            start = point
        elif kind == _LINETO and current is not None:
            lines.append((current, point))
        current = point
        if _closes(segment) and start is not None:
            lines.append((point, start))
            current = start
    return lines


def _matrix(obj: int) -> Matrix:
    matrix = pdfium.FS_MATRIX()
    _get_matrix(obj, ctypes.addressof(matrix))
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _compose(inner: Matrix, outer: Matrix | None) -> Matrix:
    """The matrix that applies `inner`, then `outer`."""
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(matrix: Matrix, point: tuple[float, float]) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    x, y = point
    return (a * x + c * y + e, b * x + d * y + f)
