"""The PDF reader: tables rebuilt from ruling lines on PDFium's character boxes, and its limits."""

import random
import zlib

import pytest

from gi_reports import read_report
from gi_reports.errors import ReportError
from gi_reports.parse.document import Table
from gi_reports.parse.readers import limits, read_document
from gi_reports.parse.readers.pdf_page import Segment
from gi_reports.parse.readers.rulings import find_grids
from gi_reports.testing import synth
from gi_reports.testing.evaluation import compare

from .conftest import CONVERTED_DIR, CORPUS_DIR, CORPUS_RAW, converted_label, label

WPS_REPORT = CORPUS_RAW["001.pdf"]


def test_merged_cells_keep_their_top_left_position_and_mark_the_rest():
    # A 2×2 grid whose top row is one cell: rulings at y = 0, 10, 20 and x = 0, 50, 100.
    horizontal = [Segment(0, 0, 100), Segment(10, 0, 100), Segment(20, 0, 100)]
    vertical = [Segment(0, 0, 20), Segment(100, 0, 20), Segment(50, 10, 20)]
    (grid,) = find_grids(horizontal, vertical)
    assert grid.rows == [[(0, 0, 100, 10), None], [(0, 10, 50, 20), (50, 10, 100, 20)]]
    assert grid.box == (0, 0, 100, 20)


def test_a_border_drawn_as_two_close_strokes_is_one_line():
    horizontal = [Segment(0, 0, 100), Segment(0.6, 0, 100), Segment(10, 0, 60), Segment(10.4, 58, 100)]
    vertical = [Segment(0, 0, 10), Segment(100, 0, 10), Segment(40, 0, 10)]
    (grid,) = find_grids(horizontal, vertical)
    assert [[cell[2] - cell[0] for cell in row] for row in grid.rows] == [[40, 60]]


def test_wps_report_table_across_a_page_break_with_a_vertical_label():
    document = read_document(WPS_REPORT)
    applications = next(b for b in document.blocks if isinstance(b, Table) and len(b.rows[0]) == 10)
    assert len(applications.rows) == 26  # rows from pages 3 and 4 in one table
    assert applications.rows[5][0].text == "三\n、\n本\n年\n度\n办\n理\n结\n果"
    assert [c.text for c in applications.rows[-1][3:]] == ["0"] * 7
    assert applications.rows[3][3].source == "page 3 table 2 row 4 col 4"
    assert applications.rows[-1][3].source.startswith("page 4 table 1 ")
    assert not any(b.cell.text in ("-2-", "-3-", "-4-") for b in document.blocks if not isinstance(b, Table))


def test_wps_report_reads_every_labelled_cell():
    assert compare(label(CORPUS_DIR / "labels" / "001.json"), read_report(WPS_REPORT))[1] == []


@pytest.mark.parametrize(
    "name",
    [
        "lo-pdf/synth-2019.html-to.pdf",
        "lo-pdf/synth-2021.html-to.pdf",
        "lo-pdf/synth-2019.docx-to.pdf",
        "lo-pdf/synth-2021.docx-to.pdf",
        "sources/synth-2019.pdf",
        "sources/synth-2021.pdf",
    ],
)
def test_converted_pdfs_read_every_value(name):
    # LibreOffice's PDFs of synthetic HTML, and of Word tables drawn without ruling lines (the
    # table rebuilt from where the text sits), and ReportLab's with a font left to the viewer (UCS-2 codes)
    truth, report = converted_label(name), read_report(CONVERTED_DIR / name)
    compared, mismatches = compare(truth, report)
    assert mismatches == []
    assert compared >= 198
    assert report.meta["year"] == truth["year"]  # in a title whose digits are in another font than its CJK


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_pdf_tables_without_ruling_lines_are_rebuilt_from_where_the_text_sits(tmp_path, template, seed):
    report = synth.random_report(random.Random(seed), template)
    path = synth.write_unruled_pdf(report, tmp_path / "report.pdf")
    compared, mismatches = compare(synth.as_label(report), read_report(path))
    assert mismatches == []
    assert compared >= 198


def test_pdf_whose_font_is_left_to_the_viewer_loses_no_character(tmp_path, monkeypatch):
    # ReportLab's STSong-Light: UCS-2 codes, font not embedded; PDFium maps no glyph for a one-character run.
    monkeypatch.setattr(synth, "PDF_FONT", "STSong-Light")
    report = synth.random_report(random.Random(7), "2021")
    path = synth.write(report, tmp_path / "cid.pdf")
    document = read_document(path)
    assert "4.保护第三方合法权\n益" in {cell.text for row in document.rows() for cell in row}
    assert compare(synth.as_label(report), read_report(path))[1] == []


def _pdf_with_stream(path, content: bytes, dictionary: bytes = b""):
    stream = zlib.compress(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(stream), dictionary) + stream + b"\nendstream",
    ]
    data, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("dictionary", [b"", b"/Resources << /ProcSet [/PDF /ImageB] >>"])
def test_compression_bomb_is_refused_before_it_is_inflated(tmp_path, monkeypatch, dictionary):
    monkeypatch.setattr(limits, "MAX_INFLATED_BYTES", 1_000_000)
    path = _pdf_with_stream(tmp_path / "bomb.pdf", b"BT ET\n" + b" " * 3_000_000, dictionary)
    assert path.stat().st_size < 10_000
    with pytest.raises(ReportError, match=r"bomb.pdf: its streams inflate to more than 1 MB"):
        read_report(path)


def test_streams_too_small_to_reach_the_limit_are_not_inflated(tmp_path, monkeypatch):
    """zlib inflates one byte to at most 1032, so a PDF whose Flate streams are small is cleared unread."""
    monkeypatch.setattr(limits, "_inflated_size", lambda *_: pytest.fail("inflated a stream that cannot reach the limit"))
    path = _pdf_with_stream(tmp_path / "small.pdf", b"BT ET\n" + b" " * 3_000_000, b"")
    limits.check_pdf_streams(path)


def test_encrypted_pdf_asks_for_an_unprotected_copy(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    page = canvas.Canvas(str(path), encrypt="secret")
    page.drawString(72, 720, "report")
    page.save()
    with pytest.raises(ReportError, match="locked.pdf: an encrypted PDF that needs a password"):
        read_report(path)


@pytest.mark.parametrize("damage", ["truncated", "bad_xref", "garbage_after_header"])
def test_damaged_pdf_fails_with_the_package_error(tmp_path, damage):
    data = synth.write(synth.random_report(random.Random(3), "2019"), tmp_path / "r.pdf").read_bytes()
    damaged = {
        "truncated": data[: len(data) // 3],
        "bad_xref": data.replace(b"startxref", b"startxref\n999999999\n%"),
        "garbage_after_header": data[:9] + bytes(range(256)) * 40,
    }[damage]
    path = tmp_path / f"{damage}.pdf"
    path.write_bytes(damaged)
    try:
        report = read_report(path)
    except ReportError as error:
        assert error.path == path
    else:  # PDFium repairs what it can; then every value it gives must be right
        assert compare(synth.as_label(synth.random_report(random.Random(3), "2019")), report)[1] == []


@pytest.mark.parametrize(
    ("limit", "value", "reason"),
    [
        ("MAX_PDF_PAGES", 1, r"\d+ pages is more than a report can be \(1 pages limit\)"),
        ("MAX_CHARACTERS_PER_PAGE", 100, r"page 1 has \d+ characters \(100 limit\)"),
        ("MAX_RULINGS_PER_PAGE", 10, r"page 1 draws more lines than a report's tables \(10 limit\)"),
    ],
)
def test_declared_limits_stop_the_reader_with_the_reason(tmp_path, monkeypatch, limit, value, reason):
    from gi_reports.parse.readers import pdf

    monkeypatch.setattr(pdf, limit, value)
    path = synth.write(synth.random_report(random.Random(5), "2021"), tmp_path / "r.pdf")
    with pytest.raises(ReportError, match=reason):
        read_report(path)
