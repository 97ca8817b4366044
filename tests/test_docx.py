"""The DOCX reader: word/document.xml read with lxml, merged cells marked once, and its limits."""

import random
import zipfile

import pytest

from gi_reports import read_report
from gi_reports.errors import ReportError
from gi_reports.parse.document import Table
from gi_reports.parse.readers import limits, read_document
from gi_reports.testing import synth
from gi_reports.testing.evaluation import compare

from .conftest import CONVERTED_DIR, converted_label

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(path, body: str):
    """A minimal Word file around `body` (the children of w:body)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>')
    return path


def _cell(text: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_spans_and_vertical_merges_are_marked_merged_with_their_text(tmp_path):
    rows = (
        "<w:tr>" + _cell("申请人情况", '<w:gridSpan w:val="2"/>') + _cell("总计", '<w:vMerge w:val="restart"/>') + "</w:tr>"
        "<w:tr>" + _cell("自然人") + _cell("法人") + _cell("", "<w:vMerge/>") + "</w:tr>"
    )
    document = read_document(_docx(tmp_path / "t.docx", f"<w:tbl>{rows}</w:tbl>"))
    (table,) = document.blocks
    assert [[(c.text, c.merged) for c in row] for row in table.rows] == [
        [("申请人情况", False), ("申请人情况", True), ("总计", False)],
        [("自然人", False), ("法人", False), ("总计", True)],
    ]
    assert table.rows[1][2].source == "table 1 row 2 col 3"


def test_text_in_revisions_links_and_content_controls_counts_deleted_text_does_not(tmp_path):
    body = (
        "<w:sdt><w:sdtContent><w:p>"
        "<w:r><w:t>一、</w:t></w:r><w:ins><w:r><w:t>总体</w:t></w:r></w:ins>"
        "<w:del><w:r><w:delText>旧</w:delText></w:r></w:del>"
        "<w:hyperlink><w:r><w:t>情况</w:t><w:tab/><w:t>1</w:t></w:r></w:hyperlink>"
        "</w:p></w:sdtContent></w:sdt>"
    )
    (paragraph,) = read_document(_docx(tmp_path / "t.docx", body)).blocks
    assert paragraph.cell.text == "一、总体情况\t1"


def test_a_table_nested_in_a_cell_does_not_add_rows(tmp_path):
    inner = "<w:tbl><w:tr>" + _cell("内") + "</w:tr></w:tbl>"
    outer = f"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>外</w:t></w:r></w:p>{inner}</w:tc>" + _cell("2") + "</w:tr></w:tbl>"
    (table,) = read_document(_docx(tmp_path / "t.docx", outer)).blocks
    assert [[c.text for c in row] for row in table.rows] == [["外", "2"]]


@pytest.mark.parametrize(
    "name", ["lo-docx/synth-2019.html-to.docx", "lo-docx/synth-2021.html-to.docx", "lo-docx/corpus-004.html-to.docx"]
)
def test_converted_docx_reads_every_value(name):
    # LibreOffice's Word files of synthetic HTML and of the corpus HTML report
    truth, report = converted_label(name), read_report(CONVERTED_DIR / name)
    compared, mismatches = compare(truth, report)
    assert mismatches == []
    assert compared >= 198
    assert report.meta["year"] == truth["year"]


def test_synthetic_docx_keeps_its_title_and_tables(tmp_path):
    report = synth.random_report(random.Random(9), "2019")
    document = read_document(synth.write(report, tmp_path / "r.docx"))
    assert document.title == synth.title(report)
    assert sum(isinstance(block, Table) for block in document.blocks) == 3


def test_zip_bomb_is_refused_from_its_declared_size(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_INFLATED_BYTES", 1_000_000)
    path = _docx(tmp_path / "bomb.docx", "<w:p/>" * 400_000)
    assert path.stat().st_size < 100_000
    with pytest.raises(ReportError, match=r"bomb.docx: it unpacks to 2 MB"):
        read_report(path)


def test_malformed_xml_is_a_damaged_word_document(tmp_path):
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {W}><w:body><w:p>")
    with pytest.raises(ReportError, match=r"broken.docx: damaged Word document"):
        read_report(path)


def test_an_entity_expansion_is_not_followed(tmp_path):
    path = tmp_path / "laughs.docx"
    entities = '<!DOCTYPE d [<!ENTITY a "哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "word/document.xml", f"{entities}<w:document {W}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
        )
    with pytest.raises(ReportError):
        read_report(path)
