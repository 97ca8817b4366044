"""DOCX reports: paragraphs and tables in document order, read from `word/document.xml` with lxml.

A horizontally merged cell (gridSpan) covers several grid positions and a vertically merged one
(vMerge) continues the cell above: every position it covers gets its text, and all but the
first are marked `merged`, so no value is counted twice. Runs inside revisions, hyperlinks and
content controls count as the paragraph's text; deleted text does not.
"""

import zipfile
from pathlib import Path

from lxml import etree

from ...config import MAX_TABLE_CELLS
from ...errors import ReportError
from ..document import Cell, Document, Paragraph, Table
from .limits import check_zip_members

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _P, _TBL, _TR, _TC, _R = (f"{_W}{name}" for name in ("body", "p", "tbl", "tr", "tc", "r"))
_TC_PR, _GRID_SPAN, _V_MERGE, _GRID_BEFORE, _TR_PR, _VAL = (
    f"{_W}{name}" for name in ("tcPr", "gridSpan", "vMerge", "gridBefore", "trPr", "val")
)
# Containers whose runs are part of the paragraph (or whose blocks are part of the body).
_WRAPPERS = {f"{_W}{name}" for name in ("hyperlink", "ins", "smartTag", "customXml", "sdt", "sdtContent", "fldSimple")}
# What a run's children stand for in its text.
_RUN_TEXT = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
_T, _BR, _BR_TYPE = f"{_W}t", f"{_W}br", f"{_W}type"
_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_DOCUMENT, _CORE = "word/document.xml", "docProps/core.xml"
# No DTDs, entities or network: a Word file never needs them, a hostile one would.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_new = tuple.__new__  # a Cell without its Python __new__, as the HTML reader makes them


def read_docx(path: Path) -> Document:
    try:
        with zipfile.ZipFile(path) as archive:
            check_zip_members(path, archive, (_DOCUMENT, _CORE))
            body = etree.fromstring(archive.read(_DOCUMENT), _PARSER).find(_BODY)
            title = _title(archive)
    except (zipfile.BadZipFile, KeyError, EOFError, etree.XMLSyntaxError) as error:
        raise ReportError(path, f"damaged Word document ({error})") from None
    if body is None:
        raise ReportError(path, "damaged Word document (no document body)")
    document = Document(path=path, format="docx", title=title)
    tables = cells = 0
    for block in _blocks(body):
        if block.tag == _P:
            text = _paragraph_text(block)
            if text.strip():
                document.blocks.append(Paragraph(Cell(text, f"paragraph {len(document.blocks) + 1}")))
        else:
            tables += 1
            table = _grid(block, tables)
            cells += sum(len(row) for row in table.rows)
            if cells > MAX_TABLE_CELLS:
                raise ReportError(path, f"more table cells than a report can have ({MAX_TABLE_CELLS} limit)")
            document.blocks.append(table)
    return document


def _title(archive: zipfile.ZipFile) -> str:
    if _CORE not in archive.NameToInfo:
        return ""
    title = etree.fromstring(archive.read(_CORE), _PARSER).find(_TITLE)
    return (title.text or "").strip() if title is not None else ""


def _blocks(container):
    """Paragraphs and tables of the body in order, those inside content controls included."""
    for child in container:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def _paragraph_text(paragraph) -> str:
    parts: list[str] = []
    _add_runs_text(paragraph, parts)
    return "".join(parts)


def _add_runs_text(container, parts: list[str]) -> None:
    """The text of the container's runs, those inside wrappers included, appended to `parts`."""
    for child in container:
        tag = child.tag
        if tag == _R:
            for piece in child:
                if piece.tag == _T:
                    parts.append(piece.text or "")
                elif piece.tag == _BR:
                    parts.append("" if piece.get(_BR_TYPE) in ("page", "column") else "\n")
                else:
                    parts.append(_RUN_TEXT.get(piece.tag, ""))
        elif tag in _WRAPPERS:
            _add_runs_text(child, parts)


def _grid(table, number: int) -> Table:
    rows: list[list[Cell]] = []
    above_roots: list = []
    above_by_offset: dict[int, tuple] = {}
    for tr in table.iter(_TR):
        if _enclosing_table(tr) is not table:
            continue  # a row of a table nested in a cell
        row_roots, by_offset = [], {}
        offset = 0
        for child in tr:
            if child.tag == _TR_PR:
                offset = _count(_setting(child, _GRID_BEFORE), 0)
            elif child.tag == _TC:
                span, continued, paragraphs = 1, False, []
                for part in child:
                    if part.tag == _P:
                        paragraphs.append(part)
                    elif part.tag == _TC_PR:  # its settings read in one pass: this loop runs for every cell
                        span, continued = 1, False
                        for setting in part:
                            if setting.tag == _GRID_SPAN:
                                span = _count(setting.get(_VAL, ""), 1)
                            elif setting.tag == _V_MERGE:
                                continued = setting.get(_VAL, "") in ("", "continue")  # no value means continue
                root = above_by_offset.get(offset) if continued else None
                if root is None:
                    root = (child, "\n".join(map(_paragraph_text, paragraphs)))
                by_offset[offset] = root
                row_roots.extend([root] * span)
                offset += span
        at = f"table {number} row {len(rows) + 1} col "
        out = []
        for c, root in enumerate(row_roots, start=1):
            repeat = (c > 1 and row_roots[c - 2] is root) or (c <= len(above_roots) and above_roots[c - 1] is root)
            out.append(_new(Cell, (root[1], at + str(c), repeat)))
        rows.append(out)
        above_roots, above_by_offset = row_roots, by_offset
    return Table(rows=rows)


def _enclosing_table(row):
    parent = row.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


def _setting(properties, name: str) -> str | None:
    """The w:val of the last setting `name` among `properties` ("" when it has none), None when it is not set."""
    value = None
    for setting in properties:
        if setting.tag == name:
            value = setting.get(_VAL, "")
    return value


def _count(value: str | None, default: int) -> int:
    if value is None:  # most cells set no span: no exception raised and caught for them
        return default
    try:
        return int(value)
    except ValueError:
        return default
