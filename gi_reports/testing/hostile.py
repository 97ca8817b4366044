"""Hostile variants of real and synthetic reports, each with what a parse of it must give.

A variant is a file written under a folder and its `Expect`: the cells a parse must read right
(or flag), or that only an error or a flagged parse is acceptable. Three kinds: `bytes` (cut,
flipped, spliced, re-encoded), `structure` (one per format, written with the format's own library)
and `number` (one cell printed the odd ways agencies print numbers). Used by
`benchmarks/hostile_variants.py` and the tests.
"""

import io
import random
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import synth
from .evaluation import expected_cells

Key = tuple[str, str, str]  # (table, row, column), as in evaluation.report_cells


@dataclass
class Expect:
    """What a parse must give: these cells' values (None: missing), and whether the report must be flagged."""

    cells: dict[Key, object] = field(default_factory=dict)
    flagged: bool = False
    cell: Key | None = None  # the one cell edited, if any


@dataclass
class Variant:
    kind: str
    name: str
    path: Path
    expect: Expect


# Spellings of a count `v` and what each must parse to: the value itself, or None when the parse must
# flag the cell (a marker or unit the parser cannot be sure of) rather than read a number from it. A
# negative count must be read and flagged, but in a 本年增/减 (change) column.
SPELLINGS: dict[str, Callable[[int], tuple[str, int | None]]] = {
    "full-width digits": lambda v: ("".join(chr(ord(d) + 0xFEE0) for d in str(v)), v),
    "thousands separator": lambda v: (f"{v + 1000:,}", v + 1000),
    "full-width thousands": lambda v: (f"{v + 1000:,}".translate(_FULL_WIDTH), v + 1000),
    "spaced digits": lambda v: (f" {v} ", v),
    "leading zeros": lambda v: (f"00{v}", v),
    "Chinese numeral": lambda v: (_chinese(v + 20), v + 20),
    "negative": lambda v: (f"-{v + 1}", -(v + 1)),
    "full-width negative": lambda v: (f"－{v + 1}", -(v + 1)),
    "star footnote": lambda v: (f"{v}*", None),
    "circled footnote": lambda v: (f"{v}①", None),
    "superscript footnote": lambda v: (f"{v}¹", None),
    "bracketed footnote": lambda v: (f"{v}[1]", None),
    "circled number": lambda v: ("⑫", None),
    "wan unit": lambda v: ("1.2万", None),
    "qian unit": lambda v: ("3千", None),
    "decimal": lambda v: (f"{v}.5", None),
    "percent": lambda v: (f"{v}%", None),
    "approximate": lambda v: (f"约{v}", None),
    "words": lambda v: ("不适用", None),
    "more than": lambda v: (f"{v}余", None),
    "unit rate": lambda v: (f"{v}元/次", None),
    "per person": lambda v: (f"{v}件/人", None),
    "ratio": lambda v: (f"{v}/{v + 3}", None),
    "range": lambda v: (f"{v}~{v + 2}", None),
    "range in words": lambda v: (f"{v}至{v + 2}", None),
    "range with a dash": lambda v: (f"{v}-{v + 2}", None),
    "Chinese digits of a year": lambda v: ("二〇二〇", None),
    "Chinese digits with no places": lambda v: ("三五", None),
    "long words": lambda v: ("本年度无此类情况故不适用本项统计", None),
    "trailing letters": lambda v: (f"{v}abc", None),
    "trailing question mark": lambda v: (f"{v}?", None),
    "parenthesised": lambda v: (f"({v})", None),
    "two numbers in one cell": lambda v: (f"{v} {v + 1}", None),
    "with its unit": lambda v: (f"{v}件", v),
    "huge exponent": lambda v: ("1e999999999", None),
    "spreadsheet error": lambda v: ("#N/A", None),
}
_FULL_WIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")
# What agencies print for zero or nothing: a missing value, never a number read from the mark.
NOTHING_MARKS = ("—", "/", "无", "-", "－", "——")


def _chinese(v: int) -> str:
    import cn2an

    return cn2an.an2cn(v)


def number_variants(source: Path, folder: Path) -> Iterator[Variant]:
    """`source` (a text report that passes every check) with one cell printed each odd way, in table 二 and
    in the others; the cell is picked among those whose line holds just its value, another for each spelling."""
    truth, where = _clean_cells(source)
    if truth is None:
        raise ValueError(f"{source} fails checks: a variant's flags would say nothing")
    truth = {key: int(value) for key, value in truth.items() if value is not None and float(value).is_integer()}
    sources = {key: where[key] for key in truth}
    lines = source.read_text(encoding="utf-8").split("\n")
    cells = [
        (key, int(where.removeprefix("line ")))
        for key, where in sources.items()
        if where.startswith("line ")
        and where[5:].isdigit()
        and lines[int(where[5:]) - 1].strip() == str(truth[key])
        and key[2] != "amount_yuan"
    ]
    if not cells:
        return  # its cells share lines: the layout helpers' tests edit those
    spellings = list(SPELLINGS.items()) + [(f"nothing {m}", lambda v, m=m: (m, None)) for m in NOTHING_MARKS]
    yield from _amount_variants(source, folder, truth, where, lines, spellings)
    tables = [[cell for cell in cells if cell[0][0] == table] for table in ("proactive", "applications", "review_litigation")]
    for n, (name, spell) in enumerate(spellings):
        for table, among in enumerate(filter(None, tables)):  # table 二 has no identity to catch a misreading
            key, line = among[(n * 7) % len(among)]
            printed, value = spell(int(truth[key]))
            edited = list(lines)
            edited[line - 1] = edited[line - 1].replace(str(truth[key]), printed)
            path = folder / f"number-{n:02d}-{table}-{source.stem}.txt"
            path.write_text("\n".join(edited), encoding="utf-8")
            nothing = name.startswith("nothing")
            must_flag = (value is None and not nothing) or (value is not None and value < 0 and key[2] != "change")
            expected = {**truth, key: value}
            if value is None and not nothing:
                expected.pop(key)  # must be flagged; its value is not asserted
            yield Variant("number", f"{name} {printed!r} at {'/'.join(key)}", path, Expect(expected, must_flag, key))


def _amount_variants(source, folder, truth, where, lines, spellings) -> Iterator[Variant]:
    """Each amount cell alone on its line printed each way that is no amount and must be flagged."""
    amounts = [
        (key, int(at[5:]))
        for key, at in where.items()
        if key[2] == "amount_yuan" and at[5:].isdigit() and re.fullmatch(r"\d+(?:\.\d+)?", lines[int(at[5:]) - 1].strip())
    ]
    for n, (name, spell) in enumerate(spellings):
        for key, line in amounts:
            printed, value = spell(int(float(lines[line - 1].strip())))
            if value is not None or name.startswith("nothing") or _is_amount(printed):
                continue  # 1.2万 and 21.5 are amounts as good as any
            edited = list(lines)
            edited[line - 1] = edited[line - 1].replace(edited[line - 1].strip(), printed)
            path = folder / f"number-{n:02d}-amount-{key[1]}-{source.stem}.txt"
            path.write_text("\n".join(edited), encoding="utf-8")
            expected = {k: v for k, v in truth.items() if k != key}
            yield Variant("number", f"{name} {printed!r} at {'/'.join(key)}", path, Expect(expected, True, key))


def _is_amount(text: str) -> bool:
    from ..parse.numerals import parse_amount

    try:
        parse_amount(text)
    except ValueError:
        return False
    return True


def _clean_cells(source: Path) -> tuple[dict[Key, float | None] | None, dict[Key, str]]:
    """The cells of `source` as parsed (None when it fails a check or is no report) and where each was."""
    from ..errors import ReportError
    from ..parse.report import read_report
    from .evaluation import report_cells

    try:
        report = read_report(source)
    except ReportError:
        return None, {}
    if not report.ok:
        return None, {}
    cells = {key: None if str(value) == "<NA>" else float(value) for key, value in report_cells(report).items()}
    return cells, report_cells(report, "source")


def byte_variants(source: Path, other: Path, folder: Path, rng: random.Random) -> Iterator[Variant]:
    """`source` cut, flipped, spliced with `other`, and (text) re-encoded; any parse of them is acceptable
    as long as no value it reads differs from the clean parse (when that passes its checks) without a flag."""
    truth = _clean_cells(source)[0] or {}
    data = source.read_bytes()
    cases = {f"cut at {p}%": data[: len(data) * p // 100] for p in (5, 33, 66, 95)}
    for n in range(3):
        flipped = bytearray(data)
        for at in rng.sample(range(len(data)), min(len(data), 8)):
            flipped[at] ^= 1 << rng.randrange(8)
        cases[f"8 bits flipped #{n}"] = bytes(flipped)
    cases[f"spliced with {other.name}"] = data[: len(data) // 2] + other.read_bytes()[len(other.read_bytes()) // 2 :]
    cases["doubled"] = data + data
    if source.suffix in (".txt", ".md"):
        text = data.decode("utf-8")
        for encoding in ("gbk", "gb18030", "utf-16", "utf-16-be", "big5"):
            cases[encoding] = text.encode(encoding, errors="replace")
        half = len(text) // 2
        cases["utf-8 then gbk"] = text[:half].encode("utf-8") + text[half:].encode("gbk", errors="replace")
    for n, (name, content) in enumerate(cases.items()):
        path = folder / f"bytes-{n:02d}-{source.name}"
        path.write_bytes(content)
        yield Variant("bytes", f"{source.name}: {name}", path, Expect({} if name.startswith("spliced") else truth))


def structure_variants(report: synth.SyntheticReport, folder: Path) -> Iterator[Variant]:
    """One report, broken the ways each format's files are broken in the wild."""
    yield from _file_variants(folder)
    truth = expected_cells(synth.as_label(report))
    html = synth.write(report, folder / "clean.html").read_text(encoding="utf-8")
    rows = html.split("\n")
    table_rows = [i for i, line in enumerate(rows) if line.startswith("<tr>")]
    shuffled = list(rows)
    for table in _runs(table_rows):  # within each table: rows are found by their labels, not their order
        body = [rows[i] for i in table[2:]]  # the header rows stay on top
        random.Random(3).shuffle(body)
        for i, line in zip(table[2:], body):
            shuffled[i] = line
    doubled = rows[: table_rows[-1]] + [rows[table_rows[len(table_rows) // 2]]] + rows[table_rows[-1] :]
    other = synth.write(_other(report), folder / "other.html").read_text(encoding="utf-8")
    review, other_review = _last_table(html), _last_table(other)
    proactive = _table_after(html, "二、")
    granted = next(line for line in rows if "予以公开" in line and line.startswith("<tr>"))
    texts = {
        "rows shuffled": ("\n".join(shuffled), False),
        "a row duplicated": ("\n".join(doubled), True),
        "nested 20000 divs": ("<div>" * 20000 + html + "</div>" * 20000, False),
        "unclosed tags": (html.replace("</td>", "").replace("</tr>", "").replace("</table>", ""), False),
        "two reports in one page": (html.replace("</body>", _body(other)), True),
        "a second page after </html>": (html + "\n" + other, True),
        "a table 三 appended after </html>": (html + _table_after(other, "三、"), True),
        "table 四 again with other numbers": (html.replace(review, review + other_review), True),
        "table 二 again with other numbers": (html.replace(proactive, proactive + _table_after(other, "二、")), True),
        "a label misspelt by one character": (html.replace("予以公开", "予以公幵"), False),
        "a row one cell short": (html.replace(granted, granted.rsplit("<td", 1)[0] + "</tr>"), True),
        "a row one cell long": (html.replace(granted, granted.replace("</tr>", "<td>7</td></tr>")), True),
        "trailing garbage": (html + "\ufffd\ufffd垃圾 12 34 56 <p><td>9</td", False),
        "10 MB of whitespace": (html.replace("<p><strong>三", " \n\t" * 3_500_000 + "<p><strong>三"), False),
        "5000 nested tables": ("<table><tr><td>" * 5000 + html + "</td></tr></table>" * 5000, False),
        "5000 nested spans in a cell": (html.replace(granted, granted.replace("<span>", "<span>" * 5000, 1)), False),
    }
    for n, (name, (text, flagged)) in enumerate(texts.items()):
        path = folder / f"structure-html-{n:02d}.html"
        path.write_text(text, encoding="utf-8")
        yield Variant("structure", f"html: {name}", path, Expect(truth, flagged=flagged))
    path = folder / "structure-html-gbk-says-utf8.html"
    path.write_bytes(html.encode("gbk"))
    yield Variant("structure", "html: GBK bytes under <meta charset=utf-8>", path, Expect())
    yield from _text_variants(report, folder)
    yield from _docx_variants(report, folder)
    yield from _pdf_variants(report, folder)
    yield from _mht_variants(html, folder)


def _text_variants(report: synth.SyntheticReport, folder: Path) -> Iterator[Variant]:
    truth = expected_cells(synth.as_label(report))
    text = synth.write(report, folder / "clean.txt").read_text(encoding="utf-8")
    other = synth.write(_other(report), folder / "other.txt").read_text(encoding="utf-8")
    review = other[other.index("四、") : other.index("五、")]
    texts = {
        "500000 lines of whitespace": (text.replace("三、", " \n\t" * 500_000 + "三、", 1), False),
        "table 四 again with other numbers": (text.replace("五、", review + "五、", 1), True),
    }
    for n, (name, (edited, flagged)) in enumerate(texts.items()):
        path = folder / f"structure-txt-{n:02d}.txt"
        path.write_text(edited, encoding="utf-8")
        yield Variant("structure", f"txt: {name}", path, Expect(truth, flagged=flagged))


def _runs(indexes: list[int]) -> list[list[int]]:
    """Consecutive runs of line numbers: the rows of each table."""
    runs: list[list[int]] = []
    for i in indexes:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _body(html: str) -> str:
    return html.partition("<body>")[2].partition("</body>")[0] + "</body>"


def _last_table(html: str) -> str:
    start = html.rindex("<table")
    return html[start : html.index("</table>", start) + len("</table>")]


def _table_after(html: str, heading: str) -> str:
    """The table under `heading` (`三、`), heading and all."""
    start = html.index(f"<p><strong>{heading}")
    return html[start : html.index("</table>", start) + len("</table>")]


def _other(report: synth.SyntheticReport) -> synth.SyntheticReport:
    return synth.random_report(random.Random(99), report.template, report.year)


def _file_variants(folder: Path) -> Iterator[Variant]:
    rng = random.Random(5)
    files = {
        "empty.txt": b"",
        "one-byte.pdf": b"%",
        "random.docx": rng.randbytes(4096),
        "random.pdf": b"%PDF-1.4\n" + rng.randbytes(4096),
        "nul.txt": b"\0" * 4096,
        "png-posing-as.pdf": _png(),
        "png-posing-as.docx": _png(),
        "pdf-posing-as.html": b"%PDF-1.4\n%%EOF\n",
        "zip-posing-as.pdf": _zip({"a.txt": b"x"}),
    }
    for name, content in files.items():
        (folder / f"file-{name}").write_bytes(content)
        yield Variant("structure", f"file: {name}", folder / f"file-{name}", Expect())


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(out, "PNG")
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _docx_variants(report: synth.SyntheticReport, folder: Path) -> Iterator[Variant]:
    clean = synth.write(report, folder / "clean.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    document = members["word/document.xml"]
    bomb = b"<w:t>" + b"0" * 300_000_000 + b"</w:t>"  # 300 MB of text that deflates to 300 KB
    broken = {
        "no document.xml": {k: v for k, v in members.items() if k != "word/document.xml"},
        "document.xml not XML": {**members, "word/document.xml": document[: len(document) // 2]},
        "deflate bomb in document.xml": {**members, "word/document.xml": document.replace(b"</w:body>", bomb + b"</w:body>")},
        "10000 nested tables": {**members, "word/document.xml": _nested_tables(document, 10000)},
        "entity expansion": {**members, "word/document.xml": _billion_laughs(document)},
    }
    for n, (name, content) in enumerate(broken.items()):
        path = folder / f"structure-docx-{n:02d}.docx"
        path.write_bytes(_zip(content))
        yield Variant("structure", f"docx: {name}", path, Expect())


def _nested_tables(document: bytes, depth: int) -> bytes:
    nest = b"<w:tbl><w:tr><w:tc>" * depth + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * depth
    return document.replace(b"</w:body>", nest + b"</w:body>")


def _billion_laughs(document: bytes) -> bytes:
    entities = b'<!ENTITY a0 "lol">' + b"".join(b'<!ENTITY a%d "%s">' % (i, b"&a%d;" % (i - 1) * 10) for i in range(1, 10))
    head, _, rest = document.partition(b"?>")
    return (
        head
        + b"?><!DOCTYPE w:document ["
        + entities
        + b"]>"
        + rest.replace(b"</w:body>", b"<w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body>")
    )


def _pdf_variants(report: synth.SyntheticReport, folder: Path) -> Iterator[Variant]:
    clean = synth.write(report, folder / "clean.pdf").read_bytes()
    xref = clean.rfind(b"startxref")
    bomb = zlib.compress(b"0" * 300_000_000, 9)
    stream = b"4242 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\n" % (len(bomb), bomb)
    broken = {
        "no xref": clean[:xref],
        "xref offsets wrong": clean[:xref] + b"startxref\n12\n%%EOF\n",
        "flate bomb object": clean[:xref] + stream + clean[xref:],
        "header only": clean[:1024],
        "encrypted": _encrypted_pdf(),
        "pages rotated": _rotated_pdf(clean),
    }
    for n, (name, content) in enumerate(broken.items()):
        path = folder / f"structure-pdf-{n:02d}.pdf"
        path.write_bytes(content)
        yield Variant("structure", f"pdf: {name}", path, Expect())


def _encrypted_pdf() -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    page.drawString(72, 720, "2020 annual report")
    page.save()
    return out.getvalue()


def _rotated_pdf(clean: bytes) -> bytes:
    """Every page with /Rotate 90 added to its dictionary (same length kept, so the xref stays right)."""
    return clean.replace(b"/Type /Page\n", b"/Rotate 90 /Type /Page")


def _mht_variants(html: str, folder: Path) -> Iterator[Variant]:
    import base64
    import quopri

    boundary = "----=_NextPart_000"
    head = f'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="{boundary}"\n\n'

    def part(content_type: str, encoding: str, body: str) -> str:
        return f"--{boundary}\nContent-Type: {content_type}\nContent-Transfer-Encoding: {encoding}\n\n{body}\n"

    b64 = base64.encodebytes(html.encode("gbk")).decode()
    qp = quopri.encodestring(html.encode("utf-8")).decode()
    mhts = {
        "gbk base64 part": head + part("text/html; charset=gb2312", "base64", b64) + f"--{boundary}--\n",
        "quoted-printable part": head + part("text/html; charset=utf-8", "quoted-printable", qp) + f"--{boundary}--\n",
        "base64 cut short": head + part("text/html; charset=gb2312", "base64", b64[: len(b64) // 2 + 3]),
        "no boundary": "MIME-Version: 1.0\nContent-Type: multipart/related\n\n" + html,
        "only an image part": head + part("image/png", "base64", base64.encodebytes(_png()).decode()) + f"--{boundary}--\n",
        "charset unknown": head + part("text/html; charset=x-nonsense", "8bit", html) + f"--{boundary}--\n",
    }
    for n, (name, text) in enumerate(mhts.items()):
        path = folder / f"structure-mht-{n:02d}.mht"
        path.write_text(text, encoding="utf-8")
        yield Variant("structure", f"mht: {name}", path, Expect())


BAD = ("CRASH", "HANG", "MEMORY", "KILLED", "SILENT")


def outcome(variant: Variant) -> tuple[str, str]:
    """(outcome, detail) of parsing `variant`: `error` (a ReportError), `parsed ok`, `parsed, flagged`, or one of
    BAD: CRASH (any other exception) or SILENT (no check failed, yet a value is not the expected one or the
    variant had to be flagged)."""
    from ..errors import ReportError
    from ..parse.report import read_report
    from .evaluation import report_cells

    try:
        report = read_report(variant.path)
    except ReportError as error:
        return "error", f"{type(error).__name__}: {error}"
    except Exception as error:  # what the variants look for
        return "CRASH", f"{type(error).__name__}: {error}"
    if not report.ok:
        return "parsed, flagged", ",".join(sorted(set(report.problems()["rule"])))
    got = {key: None if str(value) == "<NA>" else float(value) for key, value in report_cells(report).items()}
    wrong = [
        f"{'/'.join(key)}={got[key]} not {value}"
        for key, value in variant.expect.cells.items()
        if got.get(key) is not None and (value is None or abs(got[key] - value) > 0.005)
    ]
    if wrong:
        return "SILENT", "; ".join(wrong[:3])
    if variant.expect.flagged:
        edited = variant.expect.cell
        return "SILENT", "every check passed" + (f"; {'/'.join(edited)}={got.get(edited)}" if edited else "")
    return "parsed ok", ""
