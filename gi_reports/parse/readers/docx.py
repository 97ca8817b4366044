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
    return "".join(_run_text(run) for run in _runs(paragraph))


def _runs(container):
    for child in container:
        if child.tag == _R:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _runs(child)


def _run_text(run) -> str:
    parts = []
    for child in run:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _BR:
            parts.append("" if child.get(_BR_TYPE) in ("page", "column") else "\n")
        else:
            parts.append(_RUN_TEXT.get(child.tag, ""))
    return "".join(parts)


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
                offset = _count(_settings(child).get(_GRID_BEFORE), 0)
            elif child.tag == _TC:
                span, continued, paragraphs = 1, False, []
                for part in child:
                    if part.tag == _P:
                        paragraphs.append(part)
                    elif part.tag == _TC_PR:
                        settings = _settings(part)
                        span = _count(settings.get(_GRID_SPAN), 1)
                        continued = settings.get(_V_MERGE) in ("", "continue")  # no value means continue
                root = above_by_offset.get(offset) if continued else None
                if root is None:
                    root = (child, "\n".join(_paragraph_text(p) for p in paragraphs))
                by_offset[offset] = root
                row_roots.extend([root] * span)
                offset += span
        out = []
        for c, root in enumerate(row_roots, start=1):
            repeat = (c > 1 and row_roots[c - 2] is root) or (c <= len(above_roots) and above_roots[c - 1] is root)
            out.append(Cell(root[1], f"table {number} row {len(rows) + 1} col {c}", merged=repeat))
        rows.append(out)
        above_roots, above_by_offset = row_roots, by_offset
    return Table(rows=rows)


def _enclosing_table(row):
    parent = row.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


def _settings(properties) -> dict[str, str]:
    """Each setting's tag → its w:val ("" when it has none)."""
    return {setting.tag: setting.get(_VAL, "") for setting in properties}


def _count(value: str | None, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
