"""Reports as converters leave them (poppler, LibreOffice, pandoc, mupdf, docx2txt, iconv, and the
Python libraries: markitdown, pdfminer, pdfplumber, PyMuPDF, mammoth, BeautifulSoup, ...), cell by cell.

The fixtures in tests/fixtures/converted/ are real converter outputs of labelled corpus reports and
of synthetic reports of both templates, filled and with zeros left blank (`tools/convert_fixtures.py`
made them and recorded each command and tool version in manifest.csv). Every cell must equal its
label; the fixtures listed in losses.csv (kind `converter`: the converter lost or scrambled cells;
kind `unread`: the numbers are there, in a layout we do not read yet) must be flagged instead,
never silently wrong.
"""

import csv
import json
import random
from pathlib import Path

import pytest

from gi_reports import read_report
from gi_reports.errors import ReportError
from gi_reports.parse.document import Cell, Document, Paragraph, Table
from gi_reports.parse.geometry import Box, rows
from gi_reports.parse.interpret import interpret
from gi_reports.parse.readers import layout, read_document, sniff
from gi_reports.parse.readers.pdf_page import Char
from gi_reports.parse.tokens import Kind, rejoin_wrapped_labels, tokenize
from gi_reports.testing import synth
from gi_reports.testing.evaluation import compare

from .conftest import ROOT

CONVERTED = Path(__file__).resolve().parent / "fixtures" / "converted"
MANIFEST = list(csv.DictReader((CONVERTED / "manifest.csv").open(encoding="utf-8")))
LOSSES = {row["file"]: row for row in csv.DictReader((CONVERTED / "losses.csv").open(encoding="utf-8"))}


def _label(row: dict) -> dict:
    return json.loads((ROOT / row["label"]).read_text(encoding="utf-8"))


def _fixtures(lost: bool) -> list:
    """The manifest rows, those of the reports with zeros left blank marked slow (they double the count)."""
    return [
        pytest.param(r, id=r["file"], marks=[pytest.mark.slow] if "-blank" in r["label"] else [])
        for r in MANIFEST
        if (r["file"] in LOSSES) == lost
    ]


@pytest.mark.parametrize("row", _fixtures(lost=False))
def test_every_cell_of_a_converted_report_equals_its_label(row):
    report = read_report(CONVERTED / row["file"])
    compared, mismatches = compare(_label(row), report)
    assert compared >= 180
    assert mismatches == []


@pytest.mark.parametrize("row", _fixtures(lost=True))
def test_a_converter_output_with_lost_cells_is_flagged_not_filled(row):
    try:
        report = read_report(CONVERTED / row["file"])
    except ReportError as error:
        assert error.reason  # refused, with the reason
        return
    _, mismatches = compare(_label(row), report)
    assert mismatches, f"{row['file']} now reads exactly: take it out of losses.csv"
    assert not report.problems().empty


def test_every_fixture_has_its_command_and_tool_version():
    assert len(MANIFEST) >= 60
    assert set(LOSSES) <= {r["file"] for r in MANIFEST}
    for row in MANIFEST:
        assert (CONVERTED / row["file"]).exists()
        assert row["command"] and row["version"].split()[1] != "unknown"
    converters = {r["converter"].split("+")[0] for r in MANIFEST}
    assert {
        "pdftotext-layout",
        "pdftotext",
        "pdftohtml",
        "lo-txt",
        "lo-docx",
        "pandoc-md",
        "docx2txt",
        "mutool-txt",
    } <= converters


def _text(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _cells(document: Document) -> list[list[str]]:
    return [[c.text for c in row] for row in document.rows()]


def test_runs_of_spaces_are_cell_boundaries(tmp_path):
    document = read_document(_text(tmp_path, "r.txt", "行政许可        10    1      0   0\n"))
    assert _cells(document) == [["行政许可", "10", "1", "0", "0"]]


def test_a_run_of_spaces_between_numbers_inside_one_cell_is_one_boundary():
    cell = Document(Path("r.html"), "html", [Paragraph(Cell("规范性文件     10    1      0   0", "p 1"))])
    assert [t.text for t in tokenize(cell) if t.kind is Kind.VALUE] == ["10 1 0 0"]


def test_one_cell_per_line_keeps_empty_lines_as_empty_cells(tmp_path):
    lines = "规章\n17\n\n230\n规范性文件\n5\n\xa0\n6\n行政许可\n1\n2\n3\n"
    document = read_document(_text(tmp_path, "r.txt", lines))
    assert _cells(document) == [["规章", "17", "", "230"], ["规范性文件", "5", "", "6"], ["行政许可", "1", "2", "3"]]


def test_empty_lines_between_every_two_cells_are_separators(tmp_path):
    lines = "规章\n\n17\n\n1\n\n230\n\n规范性文件\n\n5\n\n0\n\n6\n"
    document = read_document(_text(tmp_path, "r.txt", lines))
    assert _cells(document) == [["规章", "17", "1", "230"], ["规范性文件", "5", "0", "6"]]


def test_empty_lines_before_a_label_merged_over_rows_are_not_cells_of_the_row_above(tmp_path):
    # LibreOffice's text export: 三、本年度办理结果 spans the rows below it and prints as one empty line before each
    lines = "三、本年度办理结果\n（一）予以公开\n\n21\n8\n29\n\n（二）部分公开\n1\n\n2\n3\n\n（三）不予公开\n\n\n5\n\n\n"
    document = read_document(_text(tmp_path, "r.txt", lines))
    assert _cells(document) == [
        ["三、本年度办理结果"],
        ["（一）予以公开", "", "21", "8", "29"],
        ["（二）部分公开", "1", "", "2", "3"],
        ["（三）不予公开", "", "", "5", ""],
    ]


def test_every_cell_followed_by_an_empty_line_makes_an_empty_cell_two_lines(tmp_path):
    # docx2python: `2`, five empty lines, `1` is 2, two empty cells, 1
    lines = "规章\n\n2\n\n\n\n\n\n1\n\n3\n\n规范性文件\n\n5\n\n\n\n6\n\n0\n\n11\n"
    document = read_document(_text(tmp_path, "r.txt", lines))
    assert _cells(document) == [["规章", "2", "", "", "1", "3"], ["规范性文件", "5", "", "6", "0", "11"]]


def test_cells_joined_by_one_space_read_two_more_spaces_as_an_empty_cell(tmp_path):
    # get_text(" "): an empty cell is a space of its own between two separators
    lines = " 规章 4119 1 4119 \n 规范性文件     5   6 \n 行政许可 10   3 \n 行政处罚 1 2 3 \n"
    document = read_document(_text(tmp_path, "r.txt", lines))
    assert _cells(document) == [
        ["规章 4119 1 4119"],
        ["规范性文件", "", "", "5", "", "6"],
        ["行政许可", "10", "", "3"],
        ["行政处罚 1 2 3"],
    ]


def test_a_line_of_spaces_between_runs_of_empty_lines_is_an_empty_cell(tmp_path):
    # get_text("\\n") of Word's HTML: every cell between runs of empty lines, an empty one a no-break space
    lines = "规章\n\n\n26\n\n\n\xa0\n\n\n\xa0\n\n\n26\n\n\n规范性文件\n\n\n\xa0\n\n\n8\n\n\n0\n\n\n8\n"
    document = read_document(_text(tmp_path, "r.txt", lines))
    assert _cells(document) == [["规章", "26", "", "", "26"], ["规范性文件", "", "8", "0", "8"]]


def test_a_label_wrapped_over_lines_is_joined_to_its_numbers(tmp_path):
    text = "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）   21    0    13\n"
    tokens = tokenize(read_document(_text(tmp_path, "r.txt", text)))
    labels = [t for t in tokens if t.kind is Kind.LABEL]
    assert [t.code for t in labels] == ["partially_granted"]
    assert [t.text for t in tokens if t.kind is Kind.VALUE] == ["21", "0", "13"]


def test_wrapped_lines_under_a_layout_row_join_the_labels_above_them(tmp_path):
    text = "三、   （一）予以公     5     8\n本年   开\n"
    tokens = tokenize(read_document(_text(tmp_path, "r.txt", text)))
    assert [t.code for t in tokens if t.kind is Kind.LABEL] == ["granted"]
    assert [t.text for t in tokens if t.kind is Kind.VALUE] == ["5", "8"]


def test_a_line_under_a_row_that_starts_its_own_label_is_not_joined(tmp_path):
    text = "4.无正当理由大量反复申请   0   0\n5.要求行政机关确认或重新出具\n已获取信息   3   4\n"
    tokens = tokenize(read_document(_text(tmp_path, "r.txt", text)))
    assert [t.code for t in tokens if t.kind is Kind.LABEL] == ["rejected_excessive", "rejected_confirmation"]


def test_pipe_rows_wrapped_over_lines_and_inside_a_paragraph(tmp_path):
    text = "一、总体情况\n| 1.属于国家秘密 | 4 | 0 |\n| 2.其他法律行政法规禁止公开 | 1\n| 2 |\n"
    assert _cells(read_document(_text(tmp_path, "r.md", text)))[1:] == [
        ["1.属于国家秘密", "4", "0"],
        ["2.其他法律行政法规禁止公开", "1", "2"],
    ]
    poured = Document(Path("r.docx"), "docx", [Paragraph(Cell("如下 | 规章 | 1 | 2 | |—|—|—| | 行政许可 | 3 | 4 |", "p 1"))])
    values = [t.text for t in tokenize(poured) if t.kind is Kind.VALUE]
    assert values == ["1", "2", "3", "4"]


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("fragment.txt", '<p style="margin:0">一、总体情况</p><p>二</p><table><tr><td>规章</td></tr></table>'),
        ("page.htm", "<p class=MsoNormal>一、总体情况</p>"),
        ("page.xhtml", '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'),
    ],
)
def test_html_is_sniffed_by_content(tmp_path, name, start):
    path = _text(tmp_path, name, start)
    assert sniff(path, path.read_bytes()) == "html"


def test_markdown_with_html_blocks_stays_markdown_unless_it_holds_tables(tmp_path):
    prose = _text(tmp_path, "a.md", '<div class="nav">首页</div>\n\n| 规章 | 1 |\n')
    table = _text(tmp_path, "b.md", "# 年报\n\n<table><tr><td>规章</td><td>1</td></tr></table>\n")
    assert sniff(prose, prose.read_bytes()) == "md"
    assert sniff(table, table.read_bytes()) == "html"


def test_positioned_boxes_form_rows_by_top_or_centre():
    boxes = [
        Box(1, 145, 135, 44, "一、本年新收政府信息\n公开申请数量", "b1"),  # two lines, level at the top
        Box(1, 145, 330, 22, "239", "b2"),
        Box(1, 200, 135, 44, "二、上年结转政府信息\n公开申请数量", "b3"),
        Box(1, 211, 330, 22, "0", "b4"),  # centred on the two-line label
        Box(2, 145, 330, 22, "7", "b5"),  # another page never shares a row
    ]
    assert [[b.source for b in row] for row in rows(boxes, tolerance=10)] == [["b1", "b2"], ["b3", "b4"], ["b5"]]


def test_word_single_file_web_page_is_read_as_its_html(tmp_path):
    """An .mht as Word saves it: MIME headers, multipart/related, the page quoted-printable in GB18030."""
    from email import encoders
    from email.mime.multipart import MIMEMultipart
    from email.mime.nonmultipart import MIMENonMultipart

    report = synth.random_report(random.Random(4), "2021")
    page = synth.write(report, tmp_path / "page.html", encoding="gb18030")
    part = MIMENonMultipart("text", "html", charset="gb18030")
    part.set_payload(page.read_bytes())
    encoders.encode_quopri(part)
    archive = MIMEMultipart("related")
    archive.attach(part)
    path = tmp_path / "report.mht"
    path.write_bytes(archive.as_bytes())
    assert sniff(path, path.read_bytes()) == "mht"
    assert compare(synth.as_label(report), read_report(path))[1] == []


def test_markdown_backslash_escapes_are_the_characters_they_escape(tmp_path):
    """mammoth and markdownify write `3678\\.2118` and `2\\.申请人`: the figure is 3678.2118, not 3678."""
    text = "| 信息内容 | 本年收费金额（单位：万元） |\n| --- | --- |\n| 行政事业性收费 | 3678\\.2118 |\n"
    tokens = tokenize(read_document(_text(tmp_path, "r.md", text)))
    assert [t.text for t in tokens if t.kind is Kind.VALUE] == ["3678.2118"]


def test_a_number_wrapped_inside_a_narrow_ruled_cell_is_one_figure():
    two_lines = [Char("2", 575.5, 55.3, 583.1, 66.3), Char("6", 575.5, 83.3, 583.1, 94.3)]
    with_a_note = [Char("2", 575.5, 55.3, 583.1, 66.3), Char("件", 575.5, 83.3, 583.1, 94.3)]
    assert layout.cell_text(two_lines) == "26"
    assert layout.cell_text(with_a_note) == "2\n件"


def test_a_page_number_between_table_rows_is_not_a_cell(tmp_path):
    """pdfplumber's extract_text keeps the page number ("- 3 -") where the page broke the table."""
    text = "3 0 0 0 0 0 3\n2.没有现成信息需要另行制作\n- 3 -\n3.补正后申请内容仍不明确 0 0 0 0 0 0 0\n"
    tokens = tokenize(read_document(_text(tmp_path, "r.txt", text)))
    assert [t.text for t in tokens if t.kind is Kind.VALUE] == ["3 0 0 0 0 0 3", "0 0 0 0 0 0 0"]


def test_a_space_aligned_row_that_skips_a_column_gets_an_empty_cell_there(tmp_path):
    """pandoc pads its simple tables by display width (a CJK character is two columns wide)."""
    text = (
        "  信息内容           自然人   商业企业   科研机构   总计\n\n"
        "  一、本年新收申请   207      484        197        888\n\n"
        "  二、上年结转申请   2                   1          3\n"
    )
    assert _cells(read_document(_text(tmp_path, "r.md", text)))[1:] == [
        ["一、本年新收申请", "207", "484", "197", "888"],
        ["二、上年结转申请", "2", "", "1", "3"],
    ]


def test_numbers_right_aligned_by_characters_line_up_under_their_columns(tmp_path):
    """pdftotext -layout pads by characters: a CJK character is one column there."""
    text = "规章               4119    230    4119\n\n行政规范性文件        5             17\n"
    assert _cells(read_document(_text(tmp_path, "r.txt", text))) == [
        ["规章", "4119", "230", "4119"],
        ["行政规范性文件", "5", "", "17"],
    ]


def test_numbers_of_another_table_are_not_lined_up_under_this_one(tmp_path):
    text = (
        "规章          1    2    3    4\n\n三、收到和处理申请情况\n申请人情况\n信息内容   自然人\n"
        "行政许可      5              6\n"
    )
    assert _cells(read_document(_text(tmp_path, "r.txt", text)))[-1] == ["行政许可", "5", "6"]


def test_numbers_one_space_apart_are_lined_up_each_under_its_column(tmp_path):
    """pdfplumber's layout text leaves one space between numbers and pads by characters."""
    text = (
        "   一、本年新收申请     207 484 197 570 2282\n"
        "          （一）予以公开   21  8   3   36\n"
        "     8.属于行政查询事项 1       13  2   120\n"
    )
    assert _cells(read_document(_text(tmp_path, "r.txt", text))) == [
        ["一、本年新收申请", "207 484 197 570 2282"],
        ["（一）予以公开", "", "21", "8", "3", "36"],
        ["8.属于行政查询事项", "1", "", "13", "2", "120"],
    ]


def test_a_run_of_number_lines_longer_than_any_report_table_is_left_as_printed(tmp_path):
    """Lining up costs rows squared: thousands of number lines (a data dump) are not a report table."""
    text = "规章      1     2     3\n规章      1           3\n" * 2000
    assert {len(row) for row in _cells(read_document(_text(tmp_path, "r.txt", text)))} == {3, 4}


def _rejoined(lines: list[list[str]]) -> list[list[str]]:
    rows = [[Cell(text, f"line {i}") for text in line] for i, line in enumerate(lines)]
    return [[c.text for c in row] for row in rejoin_wrapped_labels(rows)]


def test_a_label_wrapped_over_four_lines_is_joined_to_its_numbers():
    lines = [["1.申请人无正当理由"], ["逾期不补正、行政机"], ["关不再处理其政府信"], ["息公开申请", "21", "5", "29"]]
    assert _rejoined(lines) == [["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "21", "5", "29"]]


def test_a_wrapped_label_whose_last_line_has_its_group_label_beside_it_is_joined():
    lines = [["3.补正后申请内容仍"], ["（四）无法提供", "不明确", "1", "", "5"]]
    assert _rejoined(lines) == [["（四）无法提供", "3.补正后申请内容仍不明确", "1", "", "5"]]


def test_a_row_of_numbers_after_a_wrapped_label_is_not_taken_into_it():
    # a shattered extraction (corpus 006): the numbers below may be another row's
    lines = [["1.本机关不掌握相关政"], ["府信息"], ["1", "0", "1"]]
    assert _rejoined(lines) == lines


def test_a_numbered_label_wrapped_over_three_lines_does_not_start_a_new_table(tmp_path):
    # pdftotext -layout: three lines of text are a header, unless they are the row's own label wrapped in its column
    lines = [
        "     2.重复申请        21    5     1     35",
        "     1.申请人无正当理由",
        "     逾期不补正、行政机",
        "     关不再处理其政府信",
        "     息公开申请        21          5     29",
    ]
    document = read_document(_text(tmp_path, "r.txt", "\n".join(lines) + "\n"))
    assert _cells(document)[-1] == ["息公开申请", "21", "", "5", "29"]


def _tokens(rows: list[list[str]]) -> list[tuple[str, str]]:
    document = Document(path=Path("cut.md"), format="md", blocks=[Table(rows=[[Cell(t, "line 1") for t in row] for row in rows])])
    return [(t.kind, t.code or t.text) for t in tokenize(document) if t.kind in (Kind.LABEL, Kind.VALUE)]


def test_a_heading_cut_across_cells_by_a_table_finder_is_one_label():
    # pymupdf4llm: `|四、政府信息公开|行政复议、行政诉讼|情况|` and `|未经复|议直接起|诉|`
    assert _tokens([["四、政府信息公开", "行政复议、行政诉讼", "情况", ""]]) == [(Kind.LABEL, "review_litigation")]
    assert _tokens([["", "未经复", "议直接起", "诉", "", "复议后", "起诉"]]) == [(Kind.LABEL, "review_litigation")] * 2
    assert _tokens([["自然人", "商业企业", "科研机构"], ["1.属于国家秘密", "3", "0"]])[0] == (Kind.LABEL, "denied_state_secret")


def _interpreted(lines: list[str]):
    """The interpretation of a text's lines, each a pipe row or a paragraph, as the text reader would give them."""
    blocks = [
        Table(rows=[[Cell(t, f"line {n}") for t in line.strip("|").split("|")]])
        if "|" in line
        else Paragraph(Cell(line, f"line {n}"))
        for n, line in enumerate(lines, start=1)
    ]
    return interpret(tokenize(Document(path=Path("parts.md"), format="md", blocks=blocks)))


def test_two_figures_in_one_cell_beside_an_empty_one_are_the_two_cells():
    # pymupdf4llm: the column finder put 其他组织's figure into 总计's cell and left its own empty
    result = _interpreted(
        ["三、收到和处理政府信息公开申请情况", "申请人情况", "|一、本年新收政府信息公开申请数量|233|223|379|93|320||295\n1543|"]
    )
    assert [s.raw for s in result.applications["new_received"]] == ["233", "223", "379", "93", "320", "295", "1543"]
    assert ("shared_cell", "new_received") in {(f.rule, f.scope) for f in result.findings}


def test_table_four_printed_in_parts_of_whole_proceedings_is_read_in_order():
    result = _interpreted(
        [
            "四、政府信息公开行政复议、行政诉讼情况",
            "行政复议",
            "结果维持 结果纠正 其他结果 尚未审结 总计 8 2 1 0 11",
            "未经复议直接起诉 复议后起诉 0 0 0 0 0 0 1 8 1 10",
            "五、存在的主要问题及改进情况",
        ]
    )
    assert [s.raw for s in result.review] == "8 2 1 0 11 0 0 0 0 0 0 1 8 1 10".split()
    assert "parts_joined" in {f.rule for f in result.findings}
