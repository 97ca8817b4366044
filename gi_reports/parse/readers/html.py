"""HTML reports: saved pages, Word-pasted HTML, site chrome and all.

Tables are expanded into full grids (rowspan/colspan), the copies a merged cell leaves in the
positions it covers are marked `merged`; text outside tables becomes paragraphs in page order.
A table that holds other tables is page layout, not data: we walk into it.
"""

import re
import statistics
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ...config import MAX_SPAN_AREA, MAX_TABLE_CELLS
from ...errors import LimitExceeded
from .. import geometry
from ..document import Cell, Document, Paragraph, Table
from .text import is_pipe_row, pipe_cells

_SKIP = ("script", "style", "head", "noscript", "template")
_BREAKS = ("br", "p", "div")  # tags that start a new line of a cell's text
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "tr",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "hr",
    "center",
}


_POSITION = re.compile(r"top:\s*(-?[\d.]+)px;\s*left:\s*(-?[\d.]+)px")
_FONT_CLASS = re.compile(r"\.(\w+)\s*\{[^}]*?font-size:\s*([\d.]+)px;(?:\s*line-height:\s*([\d.]+)px)?")
MIN_POSITIONED = 20  # absolutely placed paragraphs that make a page a converter's layout, not a site's
DEFAULT_LINE_HEIGHT = 12.0
_RULE_ROW = re.compile(r"^[\s|:-]*$")
_PARSER = etree.HTMLParser(remove_comments=True)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_new = tuple.__new__  # Cell's own __new__ is a Python function: a third of a big table's reading
_TABLE_ROWS = etree.XPath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def read_html(path: Path, text: str) -> Document:
    text = _XML_DECLARATION.sub("", text, count=1)  # XHTML pages: lxml refuses a declared encoding on decoded text
    root = etree.fromstring(as_parsed(text), _PARSER)  # plain elements: lxml.html's element classes cost a lookup per node
    _refuse_a_parse_cut_short(path)
    if root is None:
        root = etree.fromstring("<html/>", _PARSER)
    title = root.findtext(".//title") or ""
    document = Document(path=path, format="html", title=title.strip())
    # before `_mark_breaks` strips styles and scripts: the page as it was written
    styles = [style.text for style in root.iter("style") if style.text]
    layout_tables = {outer for table in root.iter("table") for outer in table.iterancestors("table")}
    _mark_breaks(root)
    positioned = _positioned_rows(root, styles)
    if positioned:
        document.blocks.extend(geometry.blocks(positioned))
        return document
    buffer: list[str] = []
    tables = 0

    def flush() -> None:
        for line in "".join(buffer).splitlines():
            source = f"paragraph {len(document.blocks) + 1}"
            if is_pipe_row(line):  # a markdown table a converter left as paragraph text
                if not _RULE_ROW.match(line):
                    document.blocks.append(Table(rows=[[Cell(text.strip(), source) for text in pipe_cells(line)]]))
            elif line.strip():
                document.blocks.append(Paragraph(Cell(line.strip(), source)))
        buffer.clear()

    def walk(element) -> None:
        nonlocal tables
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag:
            return
        if tag == "table" and element not in layout_tables:
            flush()
            tables += 1
            document.blocks.append(_grid(path, element, tables))
            return
        if tag in _BLOCK:
            buffer.append("\n")
        buffer.append(element.text or "")
        for child in element:
            walk(child)
            buffer.append(child.tail or "")
        if tag in _BLOCK:
            buffer.append("\n")

    body = root.find("body")
    walk(body if body is not None else root)
    flush()
    return document


_DOCUMENT_END = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_LONG_WHITESPACE = re.compile(r"[ \t\r\n]{1000,}")
_LONG_RUN = " " * 1000


def as_parsed(text: str) -> str:
    """The page as libxml2 should see it. Its `</body>` and `</html>` go: libxml2 stops at the first `</html>`,
    dropping a second page or a table saved after it, which a browser shows in the body (the parser closes
    both at the end anyway). A long run of whitespace is one line break: a page padded with megabytes of
    it passes libxml2's 10 MB limit on one text node, and whitespace in a page is layout."""
    text = _DOCUMENT_END.sub("", text)
    # the regex tries every whitespace character of a page; the run it looks for shows as spaces in C first
    if _LONG_RUN in text.replace("\t", " ").replace("\r", " ").replace("\n", " "):
        text = _LONG_WHITESPACE.sub("\n", text)
    return text


def _refuse_a_parse_cut_short(path: Path) -> None:
    """libxml2 gives up at its resource limits (elements nested 256 deep, a text node of 10 MB) and returns
    what it had read, with no exception: the rest of the page would be lost without a word."""
    for entry in _PARSER.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT":
            raise LimitExceeded(path, "libxml2's HTML limits", f"the page stops being read at line {entry.line}: {entry.message}")


def _mark_breaks(root) -> None:
    """Scripts, styles and the head taken out (their tails stay), and a line break put where each
    <br>, <p> and <div> opens: then a cell's text is the text of its subtree, which lxml serialises in C."""
    etree.strip_elements(root, *_SKIP, with_tail=False)
    for element in root.iter(*_BREAKS):
        element.text = "\n" + (element.text or "")


def _positioned_rows(root, styles: list[str]) -> list[list[geometry.Box]]:
    """Text placed absolutely on pages (`pdftohtml -s`), one box per `<p style="top:..;left:..">`, in rows."""
    placed = [p for p in root.iter("p") if "position:absolute" in p.get("style", "")]
    if len(placed) < MIN_POSITIONED:
        return []
    line_heights = _line_heights(styles)
    # pdftohtml leaves some font classes undefined; those lines are taken at the typical height.
    typical = statistics.median(line_heights.values()) if line_heights else DEFAULT_LINE_HEIGHT
    boxes, heights = [], []
    pages = {}  # a paragraph's parent → its page number: looked up once per page, not for every line
    for number, p in enumerate(placed, start=1):
        position = _POSITION.search(p.get("style", ""))
        if not position:
            continue
        text = _cell_text(p)
        line_height = line_heights.get(p.get("class", ""), typical)
        parent = p.getparent()
        if parent not in pages:
            pages[parent] = _page_number(p)
        page_number = pages[parent]
        top, left = float(position.group(1)), float(position.group(2))
        height = (text.count("\n") + 1) * line_height
        boxes.append(geometry.Box(page_number, top, left, height, text.replace("\n", ""), f"page {page_number} box {number}"))
        heights.append(line_height)
    return geometry.rows(boxes, geometry.ROW_TOLERANCE * statistics.median(heights)) if boxes else []


def _page_number(p) -> int:
    """The number in the id of the nearest `<div id="page…">` around `p` (pdftohtml's page), else 1."""
    page = next((a.get("id") for a in p.iterancestors("div") if (a.get("id") or "").startswith("page")), "")
    return int(re.sub(r"\D", "", page) or 1)


def _line_heights(styles: list[str]) -> dict[str, float]:
    """Each font class's line height in px, from the page's CSS (`.ft10{font-size:9px;line-height:11px}`)."""
    heights = {}
    for css in styles:
        for name, size, line in _FONT_CLASS.findall(css):
            heights[name] = float(line) if line else float(size) * 1.2
    return heights


def _cell_text(cell) -> str:
    """Text of a cell with <br>/<p> as line breaks (see `_mark_breaks`)."""
    if not len(cell):  # most cells: plain text, no markup inside
        return (cell.text or "").replace("\xa0", " ").strip()
    return etree.tostring(cell, method="text", encoding="unicode", with_tail=False).replace("\xa0", " ").strip()


def _grid(path: Path, table: etree._Element, number: int) -> Table:
    rows: list[list[Cell | None]] = []
    area = 0  # grid positions filled so far: fifty cells with colspan=rowspan=1000 would need 50 million
    for r, tr in enumerate(_TABLE_ROWS(table)):
        if len(rows) == r:  # (a cell above that spans down has made this row already)
            rows.append([])
        here = rows[r]
        at = f"table {number} row {r + 1} col "
        c = 0
        for td in tr.iterchildren("td", "th"):
            while c < len(here) and here[c] is not None:
                c += 1
            text = _cell_text(td)
            rowspan, colspan = _span(td.get("rowspan")), _span(td.get("colspan"))
            positions = rowspan * colspan
            area += positions
            if positions > MAX_SPAN_AREA:
                raise LimitExceeded(path, "MAX_SPAN_AREA", f"a cell of table {number} spans {rowspan}×{colspan} positions")
            if area > MAX_TABLE_CELLS:
                raise LimitExceeded(path, "MAX_TABLE_CELLS", f"table {number} has more than {MAX_TABLE_CELLS:,} cells")
            if positions == 1 and c == len(here):  # most cells: one position, at the row's end
                c += 1
                here.append(_new(Cell, (text, at + str(c), False)))
                continue
            source = at + str(c + 1)
            for dr in range(rowspan):
                while len(rows) <= r + dr:
                    rows.append([])
                row = rows[r + dr]
                for dc in range(colspan):
                    while len(row) <= c + dc:
                        row.append(None)
                    row[c + dc] = Cell(text, source, merged=bool(dr or dc))
            c += colspan
    return Table(rows=[[cell or Cell("", f"table {number}", merged=True) for cell in row] for row in rows])


@lru_cache(maxsize=256)
def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1
