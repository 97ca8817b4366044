"""Tables rebuilt from where their text sits: borderless tables beside ruled ones, empty cells that leave no box."""

import random
from pathlib import Path

import pytest

from gi_reports import read_report
from gi_reports.parse.document import Cell
from gi_reports.parse.geometry import Box, aligned, is_value, rows
from gi_reports.parse.readers import read_document
from gi_reports.parse.readers.glyph_lines import joined_glyph_lines
from gi_reports.parse.readers.text import read_text
from gi_reports.parse.tokens import rejoin_wrapped_labels, rejoined_columns
from gi_reports.testing import synth
from gi_reports.testing.evaluation import compare


def _number(left: float, text: str, top: float = 100) -> Box:
    return Box(1, top, left, 6, text, f"x {left}", 6 * len(text) / 2)


def test_numbers_that_skip_a_column_get_an_empty_cell_under_the_wider_row_above():
    full = [Box(1, 90, 20, 6, "一、本年新收", "label", 60), *(_number(100 + 30 * c, "12", 90) for c in range(7))]
    blanks = [Box(1, 100, 20, 6, "（一）予以公开", "label", 60), _number(100, "26"), _number(280, "26")]
    assert [cell.text for cell in aligned([full, blanks])[1]] == ["（一）予以公开", "26", "", "", "", "", "", "26"]


def test_numbers_that_fit_no_column_of_their_own_stay_as_printed():
    full = [_number(100 + 30 * c, "12", 90) for c in range(7)]
    squeezed = [_number(100, "2"), _number(104, "6"), _number(280, "26")]  # two numbers in the first column
    assert [cell.text for cell in aligned([full, squeezed])[1]] == ["2", "6", "26"]


@pytest.mark.parametrize("ruled", [(), ("二",), ("三",), ("二", "四")], ids=lambda r: "ruled " + ("".join(r) or "none"))
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_a_borderless_table_with_empty_cells_beside_a_ruled_one_reads_exactly(tmp_path, template, ruled):
    report, _ = synth.with_fault(synth.random_report(random.Random(2), template), random.Random(2), "blanks")
    path = synth.write_unruled_pdf(report, tmp_path / "report.pdf", ruled)
    compared, mismatches = compare(synth.as_label(report), read_report(path))
    assert compared >= 198
    assert mismatches == []


def test_a_borderless_table_whose_zeros_are_left_blank_puts_every_number_in_its_column(tmp_path):
    report = synth.zeros_left_blank(synth.random_report(random.Random(13), "2019"))
    path = synth.write_unruled_pdf(report, tmp_path / "report.pdf")
    compared, mismatches = compare(synth.as_label(report), read_report(path))
    assert compared == 198
    assert mismatches == []


def test_a_sub_row_whose_numbers_sit_on_a_tall_labels_last_line_is_read_whole(tmp_path):
    """2021's （六） is derived from its three sub-rows; a sub-row read short of cells used to crash the sum.
    Its numbers, set level with the last line of a label wrapped over three lines, now join their row."""
    report = synth.zeros_left_blank(synth.random_report(random.Random(14), "2021"))
    path = synth.write_unruled_pdf(report, tmp_path / "report.pdf")
    _, mismatches = compare(synth.as_label(report), read_report(path))
    assert mismatches == []


def test_boxes_without_a_width_are_lined_up_by_where_their_digits_reach():
    """pdftohtml gives a box's left edge only; numbers centred in their cells start at different places."""
    full = [Box(1, 90, 20, 20, "一、本年新收", "label"), *(Box(1, 90, 100 + 60 * c, 20, "2282", f"c{c}") for c in range(7))]
    blanks = [Box(1, 120, 20, 20, "（一）予以公开", "label"), Box(1, 120, 115, 20, "5", "a"), Box(1, 120, 475, 20, "5", "b")]
    assert [cell.text for cell in aligned([full, blanks])[1]] == ["（一）予以公开", "5", "", "", "", "", "", "5"]


def test_a_label_box_that_swallowed_its_first_number_is_left_as_printed():
    full = [Box(1, 90, 20, 20, "一、本年新收", "label"), *(Box(1, 90, 100 + 60 * c, 20, "12", f"c{c}") for c in range(7))]
    glued = [
        Box(1, 120, 20, 20, "7.属于行政执法案卷 8", "label"),
        *(Box(1, 120, 160 + 60 * c, 20, "5", f"c{c}") for c in range(6)),
    ]
    assert len(aligned([full, glued])[1]) == 7


def _full_rows() -> list[list[Box]]:
    return [
        [Box(1, top, 20, 6, "一、本年新收", "label", 60), *(_number(100 + 30 * c, "12", top) for c in range(7))]
        for top in (80, 90)
    ]


def test_a_first_number_pulled_before_the_first_column_takes_it():
    """pdftotext -layout pulls a row's first number towards a short label: `政府信息公开申请   8 … 3 … 11`."""
    pulled = [Box(1, 100, 20, 6, "政府信息公开申请", "label", 40), _number(82, "8"), _number(190, "3"), _number(280, "11")]
    assert [cell.text for cell in aligned([*_full_rows(), pulled])[2]][1:] == ["8", "", "", "3", "", "", "11"]


def test_a_number_past_the_last_column_leaves_the_row_as_printed():
    """A row shifted right by a column (a label spanning rows pushed it) must not be read one column off."""
    shifted = [Box(1, 100, 20, 6, "1.信访举报投诉类申请", "label", 60), _number(130, "8"), _number(160, "21"), _number(310, "39")]
    assert [cell.text for cell in aligned([*_full_rows(), shifted])[2]][1:] == ["8", "21", "39"]


def test_a_lone_wider_row_is_no_table_width_to_place_numbers_by_order():
    """Only columns that more than one row fills take numbers by their order: one wider row may be a misread."""
    (full, _), pulled = _full_rows(), [_number(82, "8"), _number(190, "3"), _number(280, "11")]
    assert [cell.text for cell in aligned([full, pulled])[1]] == ["8", "3", "11"]


def test_numbers_level_with_the_last_line_of_a_tall_label_share_its_row():
    """pdftohtml sets a cell's numbers on the bottom line of its label wrapped over three lines."""
    label = Box(3, 342, 203, 36, "5.要求行政机关确认或重新出具已获取信息", "label")
    numbers = [Box(3, 366, 336 + 40 * c, 12, "21", f"c{c}") for c in range(3)]
    next_label = Box(3, 387, 203, 48, "1.申请人无正当理由…", "next")
    assert [len(row) for row in rows([label, *numbers, next_label], 6)] == [4, 1]


def _one_glyph_per_line(report: synth.SyntheticReport) -> str:
    """The report as mutool writes a PDF drawn glyph by glyph: each character of text on a line of
    its own, each number a line, an empty line after each printed row."""
    lines = [*synth.title(report), ""]
    for heading, printed_rows in synth.tables(report):
        lines += [*heading, ""]
        for row in printed_rows:
            for span in row:
                lines += [span.text] if is_value(span.text) else list(span.text)
            lines.append("")
    return "\n".join(lines)


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_a_text_written_one_glyph_per_line_reads_exactly(tmp_path, template):
    report = synth.random_report(random.Random(5), template)
    path = tmp_path / "report.txt"
    path.write_text(_one_glyph_per_line(report), encoding="utf-8")
    compared, mismatches = compare(synth.as_label(report), read_report(path))
    assert compared >= 198
    assert mismatches == []


def test_a_text_of_short_cells_is_not_taken_for_one_glyph_per_line():
    """LibreOffice's one cell per line has short cells too (`其他`, `总计`), which must stay cells."""
    lines = ["一、本年新收政府信息公开申请数量", "8", "其他", "总计", "（一）予以公开", "3", "商业企业"]
    assert joined_glyph_lines(lines) is None
    assert joined_glyph_lines(["规", "章", "17", "", "行", "政", "许", "可", "3"]) == (
        ["规章", "17", "", "行政许可", "3"],
        [1, 3, 4, 5, 9],
    )


def test_a_page_with_no_full_row_takes_its_columns_from_all_its_rows():
    """A table continued onto a page where every row has an empty cell: together its rows fill all the columns."""
    lefts = [100 + 30 * c for c in range(7)]
    page = [
        [Box(1, 100 + 20 * r, 20, 6, f"{r + 1}.属", "label", 20), *(_number(lefts[c], "12", 100 + 20 * r) for c in columns)]
        for r, columns in enumerate([(0, 1, 2, 3, 4, 6), (1, 2, 6), (0, 1, 4, 5, 6)])
    ]
    assert [[cell.text for cell in row][1:] for row in aligned(page)] == [
        ["12", "12", "12", "12", "12", "", "12"],
        ["", "12", "12", "", "", "", "12"],
        ["12", "12", "", "", "12", "12", "12"],
    ]


def test_first_numbers_pulled_off_their_column_make_no_column_of_their_own():
    """pdftotext pulls some rows' first number towards the label: full rows, not a column more."""
    rows = [
        [Box(1, 100 + 20 * r, 20, 6, "label", "label", 20), _number(left, "5", 100 + 20 * r)]
        + [_number(140 + 30 * c, "12", 100 + 20 * r) for c in range(6)]
        for r, left in enumerate([92, 92, 110, 110])
    ]
    assert [len(row) for row in aligned(rows)] == [8, 8, 8, 8]


def _layout_rows(text: str) -> dict[str, list[str]]:
    """The rows of a layout text that hold numbers, by their first cell."""
    rows = read_text(Path("report.txt"), text, "txt").rows()
    return {row[0].text: [cell.text for cell in row] for row in rows if any(c.text[:1].isdigit() for c in row)}


def test_label_lines_wrapped_under_a_row_in_its_narrow_columns_do_not_part_the_table():
    """pdftotext -layout of a LibreOffice PDF: a row, then the rest of its labels in their narrow columns, line by
    line; the rows below still line up under the full row above them."""
    text = """一、本年新收政府信息      207   484   197   570   711   113   2282
公开申请数量

     （三   1.属         2     1     21    120   120   264
     ）不   于国
     予公   家秘
     开    密

          2.其         13    2     5     21    13    54
"""
    rows = _layout_rows(text)
    assert rows["（三"] == ["（三", "1.属", "", "2", "1", "21", "120", "120", "264"]
    assert rows["2.其"] == ["2.其", "", "13", "2", "5", "21", "13", "54"]


def test_each_page_of_layout_text_is_lined_up_on_its_own():
    """pdftotext lays every page out afresh (a form feed opens each): a row on the next page is not put under
    the columns of the page before."""
    full = "一、本年新收政府信息      207   484   197   570   711   113   2282\n"
    row = "二、上年结转政府信息      2                 1           120   123\n"
    assert _layout_rows(full + full + row)["二、上年结转政府信息"] == ["二、上年结转政府信息", "2", "", "", "1", "", "120", "123"]
    assert _layout_rows(full + full + "\f" + row)["二、上年结转政府信息"] == ["二、上年结转政府信息", "2", "1", "120", "123"]


def test_numbers_one_space_apart_everywhere_are_not_placed_by_where_they_stand():
    """pdftotext -raw closes a row's numbers up over its empty cells: their offsets say nothing of their columns."""
    path = Path(__file__).parent / "fixtures" / "converted" / "pdftotext-raw" / "synth-2019-blank.pdf-to.txt"
    rows = [[cell.text for cell in row] for row in read_document(path).rows()]
    assert ["1.属于国家秘密 2 1 21 120 120 264"] in rows


def test_a_label_cut_by_a_page_break_takes_its_rest_from_atop_the_next_page():
    """LibreOffice's PDF breaks a tall row: `2.重复申` and its numbers end one page, `请` opens the next."""
    cut = [Cell("2.重复申", "page 3"), *(Cell(n, "page 3") for n in ("21", "5", "1", "3", "5", "", "35"))]
    rest = [Cell("请", "page 4")]
    nxt = [Cell("3.要求提供公开出版物", "page 4"), Cell("47", "page 4")]
    assert [[c.text for c in row] for row in rejoin_wrapped_labels([cut, rest, nxt])] == [
        ["2.重复申请", "21", "5", "1", "3", "5", "", "35"],
        ["3.要求提供公开出版物", "47"],
    ]
    group = [Cell("（五）不予处", "p3"), Cell("1.信访举报投", "p3"), Cell("8", "p3")]
    assert [c.text for c in next(rejoin_wrapped_labels([group, [Cell("理", "p4"), Cell("诉类申请", "p4")]]))] == [
        "（五）不予处理",
        "1.信访举报投诉类申请",
        "8",
    ]


def test_labels_broken_two_characters_a_line_are_joined_from_all_the_lines_under_their_row():
    """pdftotext -layout of a LibreOffice PDF: no one break of `（三` / `）不` / `予公` / `开` has a label across it."""
    lines = [["（三", "1.属", "", "2", "1", "21"], ["）不", "于国"], ["予公", "家秘"], ["开", "密"]]
    rows = [
        [Cell(text, f"line {i}") for text in line] + [Cell("", f"line {i}", merged=True)] * (6 - len(line))
        for i, line in enumerate(lines)
    ]
    assert [[c.text for c in row] for row in rejoin_wrapped_labels(rows)] == [
        ["（三）不予公开", "1.属于国家秘密", "", "2", "1", "21"]
    ]


def test_lines_under_a_row_that_finish_no_label_stay_rows_of_their_own():
    rows = [
        [Cell("三、", "a"), Cell("（一）予以公", "a"), Cell("21", "a")],
        [Cell("本年", "b"), Cell("开", "b"), Cell("", "b", merged=True)],
    ]
    rows.append([Cell("度办", "c"), Cell("", "c", merged=True), Cell("", "c", merged=True)])
    assert len(list(rejoin_wrapped_labels(rows))) > 1


def test_a_line_break_inside_a_markdown_cell_parts_the_two_numbers_it_holds():
    """pymupdf4llm puts two cells in one pipe cell, a `<br>` between them: `67<br>1043`."""
    text = "|一、本年新收政府信息公开申请数量||239|226|162|160|189|67<br>1043|\n"
    rows = read_text(Path("report.md"), text, "md").rows()
    assert [cell.text for cell in next(iter(rows))][-1] == "67\n1043"


def _continued_without_a_full_row(seed: int) -> synth.SyntheticReport:
    """A 2019 report whose table 三, from （一） on (the page after its break), has an empty cell in every
    row: no 科研机构 results at all, and no 其他 carried forward; zeros printed as empty cells."""
    report = synth.random_report(random.Random(seed), "2019")
    rows = report.applications
    leaves = [code for code in rows if code not in ("new_received", "carried_over", "total_handled", "carried_forward")]
    for code in leaves:
        rows[code][2] = 0
    rows["carried_forward"][5] = 0
    for j in range(6):
        handled = sum(rows[code][j] for code in leaves)
        rows["total_handled"][j] = handled
        rows["carried_over"][j] = min(rows["carried_over"][j], handled + rows["carried_forward"][j])
        rows["new_received"][j] = handled + rows["carried_forward"][j] - rows["carried_over"][j]
    for values in rows.values():
        values[6] = sum(values[:6])
    return synth.zeros_left_blank(report)


@pytest.mark.parametrize("form", ["pdf", "layout text"])
def test_a_table_continued_on_a_page_where_every_row_has_an_empty_cell_reads_exactly(tmp_path, form):
    """Table 三 breaks over a page after 二、上年结转; no row on the next page fills every column, so its
    columns come from its rows together: in the PDF, and in its layout text (pdfplumber's, pages parted by
    form feeds as pdftotext parts them)."""
    import pdfplumber

    report = _continued_without_a_full_row(1)
    path = synth.write_unruled_pdf(report, tmp_path / "report.pdf")
    second_page = [row for row in read_document(path).rows() if row[0].source.startswith("page 2")]
    assert second_page and not any(sum(cell.text.isdigit() for cell in row) == 7 for row in second_page)
    if form == "layout text":
        with pdfplumber.open(path) as pdf:
            text = "\f".join(page.extract_text(layout=True) for page in pdf.pages)
        path = tmp_path / "report.txt"
        path.write_text(text, encoding="utf-8")
    compared, mismatches = compare(synth.as_label(report), read_report(path))
    assert compared >= 198
    assert mismatches == []


def test_a_stacked_label_ends_on_a_line_of_fewer_cells():
    """`6.属` / `于四` / `类过` / `程性`, then `信息` alone atop the next page."""
    lines = [["6.属", "", "", "21", "13"], ["于四"], ["类过"], ["程性"], ["信息"]]
    rows = [[Cell(text, f"line {i}") for text in line] for i, line in enumerate(lines)]
    assert [[c.text for c in row] for row in rejoin_wrapped_labels(rows)] == [["6.属于四类过程性信息", "", "", "21", "13"]]


def test_cells_parted_by_lines_of_one_space_take_a_longer_line_of_spaces_for_an_empty_cell():
    """BeautifulSoup's get_text(" ") of Word-pasted HTML: two lines of one space between cells, an empty cell `   `."""
    cells = [
        "一、本年新收政府信息公开申请数量",
        "26",
        "   ",
        "   ",
        "   ",
        "   ",
        "   ",
        "26",
        "二、上年结转政府信息公开申请数量",
        "3",
        "   ",
        "1",
        "   ",
        "   ",
        "   ",
        "4",
    ]
    text = "\n \n \n".join(f" {cell} " if cell.strip() else cell for cell in cells) + "\n"
    rows = [[cell.text for cell in row] for row in read_text(Path("report.txt"), text, "txt").rows()]
    assert ["一、本年新收政府信息公开申请数量", "26", "", "", "", "", "", "26"] in rows
    assert ["二、上年结转政府信息公开申请数量", "3", "", "1", "", "", "", "4"] in rows


def test_a_column_cut_in_two_by_a_table_finder_is_joined_back():
    """pymupdf4llm cuts header words across columns and leaves the numbers under the first part only."""
    lines = [
        ["信息内容", "本年新制作", "数量", "", "本年新公开数", "量", "对外公", "开总数量"],
        ["规章", "17", "", "", "17", "", "230", ""],
        ["规范性文件", "230", "", "", "1", "", "1", ""],
    ]
    rows = [[Cell(text, f"line {i}") for text in line] for i, line in enumerate(lines)]
    assert [[c.text for c in row] for row in rejoined_columns(rows)] == [
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "17", "17", "230"],
        ["规范性文件", "230", "1", "1"],
    ]


def test_columns_under_whole_headers_are_left_as_they_are():
    """An empty column under a header of its own (no label cut across) stays: its cells are empty cells."""
    lines = [["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"], ["规章", "17", "", "230"]]
    rows = [[Cell(text, f"line {i}") for text in line] for i, line in enumerate(lines)]
    assert rejoined_columns(rows) == rows


def test_a_pipe_row_holding_only_a_labels_first_line_joins_the_row_under_it():
    """pymupdf4llm writes a label's first line as a row of its own, its other cells empty, in the label's column."""
    lines = [
        ["", "1.本机关不掌握相关", "", "", ""],
        ["", "政府信息", "2", "", "22"],
        ["", "3.补正后申请内容仍", "", "", ""],
        ["（四）无法提供", "不明确", "1", "3", "5"],
        ["（二）部分公开（区分处理的，只计这一情", "", "", "", ""],
        ["形，不计其他情形）", "5", "", "2", "17"],
    ]
    rows = [[Cell(text, f"line {i}") for text in line] for i, line in enumerate(lines)]
    assert [[c.text for c in row] for row in rejoin_wrapped_labels(rows)] == [
        ["", "1.本机关不掌握相关政府信息", "2", "", "22"],
        ["（四）无法提供", "3.补正后申请内容仍不明确", "1", "3", "5"],
        ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "5", "", "2", "17"],
    ]


def test_rows_read_under_another_section_s_header_keep_their_numbers_and_are_flagged(tmp_path):
    """A bilevel scan lost the 本年处理决定数量 header rows: 行政许可, 行政处罚 and 行政强制 were read under 规章's
    columns (本年制发件数…), so each had no 处理决定数量 cell, and no flag said so."""
    report = synth.random_report(random.Random(3), "2021")
    text = synth.write(report, tmp_path / "r.txt").read_text(encoding="utf-8")
    (tmp_path / "r.txt").write_text(text.replace("\t本年处理决定数量\n", "\t\n"), encoding="utf-8")
    parsed = read_report(tmp_path / "r.txt")
    kept = parsed.proactive.query("item in ['licensing', 'penalties', 'coercion'] and metric == 'issued'")
    assert list(kept["value"]) == [report.proactive[item]["decisions"] for item in ("licensing", "penalties", "coercion")]
    flagged = parsed.problems().query("rule == 'missing_cells'")
    assert list(flagged["scope"]) == ["licensing", "penalties", "coercion"]
    assert flagged["detail"].str.startswith("no 本年处理决定数量 cell").all()
