"""Every format parses the same report to the same tables: files written by our own code from
known values (merged cells, a PDF table across a page break, legacy encodings), parsed back."""

import random
import shutil

import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gi_reports import read_report
from gi_reports.errors import NotAReportError, ReportError, TruncatedReportError, UnsupportedFormatError
from gi_reports.testing import synth
from gi_reports.testing.evaluation import compare


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), template=st.sampled_from(["2019", "2021"]))
def test_random_values_survive_every_format(tmp_path, seed, template):
    report = synth.random_report(random.Random(seed), template)
    truth = synth.as_label(report)
    for fmt in synth.FORMATS:
        parsed = read_report(synth.write(report, tmp_path / f"{seed}.{fmt}"))
        compared, mismatches = compare(truth, parsed)
        assert mismatches == [], fmt
        assert compared >= 198
        assert parsed.ok, (fmt, parsed.problems())
        assert (parsed.meta["year"], parsed.meta["template"], parsed.meta["format"]) == (report.year, template, fmt)


def test_pdf_table_runs_across_a_page_break(tmp_path):
    path = synth.write(synth.random_report(random.Random(7), "2019"), tmp_path / "r.pdf")
    with pdfplumber.open(path) as pdf:
        pages = [page.extract_text() for page in pdf.pages]
    first = next(i for i, text in enumerate(pages) if "申请人情况" in text)
    last = next(i for i, text in enumerate(pages) if "总计" in text and "结转下年度" in text)
    assert last > first
    assert compare(synth.as_label(synth.random_report(random.Random(7), "2019")), read_report(path))[1] == []


@pytest.mark.parametrize(("fmt", "encoding"), [("html", "gbk"), ("html", "gb18030"), ("txt", "gb18030"), ("txt", "utf-8-sig")])
def test_legacy_encodings(tmp_path, fmt, encoding):
    report = synth.random_report(random.Random(3), "2021")
    parsed = read_report(synth.write(report, tmp_path / f"r.{fmt}", encoding=encoding))
    assert compare(synth.as_label(report), parsed)[1] == []


def test_format_is_chosen_by_content_not_extension(tmp_path):
    report = synth.random_report(random.Random(5), "2019")
    pdf = synth.write(report, tmp_path / "r.pdf")
    disguised = tmp_path / "download.html"
    shutil.copy(pdf, disguised)
    parsed = read_report(disguised)
    assert parsed.meta["format"] == "pdf"
    assert compare(synth.as_label(report), parsed)[1] == []


def test_scanned_pdf_without_tables_is_not_a_report(tmp_path):
    """An image-only PDF is read by OCR (tests/test_scans.py); one with no tables says so."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.rect(50, 50, 200, 300, fill=1)
    page.save()
    with pytest.raises(NotAReportError, match=r"scan.pdf: none of the annual report's tables"):
        read_report(path)


def test_truncated_docx_fails_clearly(tmp_path):
    path = synth.write(synth.random_report(random.Random(1), "2019"), tmp_path / "r.docx")
    path.write_bytes(path.read_bytes()[:3000])
    with pytest.raises(ReportError, match="r.docx"):
        read_report(path)


def test_legacy_doc_is_refused_with_advice(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(UnsupportedFormatError, match="save it as DOCX or PDF"):
        read_report(path)


@pytest.mark.parametrize("fault", ["broken_total", "blanks"])
@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_injected_faults_are_flagged_and_the_printed_values_kept(tmp_path, fault, fmt):
    rng = random.Random(11)
    report, rule = synth.with_fault(synth.random_report(rng, "2021"), rng, fault)
    parsed = read_report(synth.write(report, tmp_path / f"r.{fmt}"))
    assert compare(synth.as_label(report), parsed)[1] == []  # exactly what was printed, nothing "fixed"
    assert rule in set(parsed.problems()["rule"])


def test_a_truncated_synthetic_report_fails_with_the_reason(tmp_path):
    path = synth.truncate(synth.write(synth.random_report(random.Random(2), "2019"), tmp_path / "r.txt"))
    with pytest.raises(TruncatedReportError, match="missing table 四"):
        read_report(path)


def test_an_xhtml_page_with_an_xml_declaration_reads(tmp_path):
    report = synth.random_report(random.Random(4), "2021")
    page = synth.write(report, tmp_path / "r.html")
    page.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + page.read_text(encoding="utf-8"), encoding="utf-8")
    assert compare(synth.as_label(report), read_report(page))[1] == []
