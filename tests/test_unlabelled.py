"""Real reports without hand labels (four more years of 平潭综合实验区, two 2025 conversions): only
what the report itself settles is asserted — its identities, its minus signs, its own sentences."""

import pandas as pd
import pytest

from gi_reports import read_report
from gi_reports.parse.interpret.applications import place_rows, result_rows
from gi_reports.parse.interpret.model import Interpretation, Slot
from gi_reports.parse.interpret.review import read_by_heading, read_review
from gi_reports.parse.tokens import Kind, Token

from .conftest import ROOT


@pytest.fixture(scope="module")
def pingtan():
    return {year: read_report(ROOT / "data" / "raw" / str(year) / f"pingtan_{year}.txt") for year in (2020, 2022, 2024, 2025)}


def cells(report, item):
    return report.proactive.query("item == @item").set_index("metric")["value"].to_dict()


def test_the_report_s_own_sentences_settle_a_glued_row(pingtan):
    """行政规范性文件8855698 has 15 readings; the text states 698 in force and 88 issued."""
    report = pingtan[2022]
    assert cells(report, "normative_documents") == {"issued": 88, "repealed": 55, "in_force": 698}
    note = report.checks.query("rule == 'glued_split' and scope == 'normative_documents'")["detail"].item()
    assert "现行有效行政规范性文件698件" in note and "制发的规范性文件88件" in note
    assert report.ok, report.problems()


def test_a_sentence_settles_only_the_cell_it_names(pingtan):
    report = pingtan[2024]
    got = cells(report, "normative_documents")
    assert got["issued"] == 62
    assert pd.isna(got["repealed"]) and pd.isna(got["in_force"])
    flagged = report.problems().query("rule == 'ambiguous'")
    assert flagged["scope"].tolist() == ["normative_documents"]
    assert "4 readings" in flagged["detail"].item()


def test_a_glued_minus_sign_starts_a_cell(pingtan):
    """行政事业性收费35-15 is 35 last year and −15 this year, not 3 and 5."""
    report = pingtan[2020]
    assert cells(report, "fees") == {"prior_items": 35, "change": -15}
    penalties = cells(report, "penalties")  # 2648-18538: the sign fixes the first cell only
    assert penalties["prior_items"] == 2648
    assert pd.isna(penalties["change"]) and pd.isna(penalties["decisions"])


def test_an_agency_whose_results_exceed_its_total_is_flagged_not_fixed(pingtan):
    report = pingtan[2020]
    failed = report.problems().query("table == 'applications'")
    assert set(failed["scope"]) == {"natural_person", "total"} and set(failed["rule"]) == {"results_sum"}
    total = report.applications.query("applicant == 'total'").set_index("row")["value"]
    assert (total["new_received"], total["total_handled"], total["granted"]) == (21, 21, 7)


def test_tables_three_and_four_agree_with_the_report_s_text(pingtan):
    """2025: "收到…申请154件，共办结148件，结转至2026年6件 … 行政复议36起，行政诉讼9起"."""
    report = pingtan[2025]
    total = report.applications.query("applicant == 'total'").set_index("row")["value"]
    assert (total["new_received"], total["total_handled"], total["carried_forward"]) == (154, 148, 6)
    review = report.review_litigation.query("outcome == 'total'").set_index("proceeding")["value"]
    assert review["admin_review"] == 36
    assert review["litigation_direct"] + review["litigation_after_review"] == 9
    assert set(report.problems()["scope"]) == {"normative_documents"}


@pytest.fixture(scope="module")
def converted():
    folder = ROOT / "data" / "raw" / "2025"
    return {name: read_report(folder / name) for name in ("shuyang_gov_2025.txt", "shanghai_office_2025.md")}


def test_table_four_in_one_sub_table_per_proceeding_is_placed_by_its_headings(converted):
    """沭阳县人民政府 2025: 行政复议 / 行政诉讼（未经复议直接起诉） / 行政诉讼（复议后起诉）, five cells each."""
    report = converted["shuyang_gov_2025.txt"]
    review = report.review_litigation.set_index(["proceeding", "outcome"])["value"]
    assert [review[("admin_review", o)] for o in ("upheld", "corrected", "other", "pending", "total")] == [27, 10, 9, 15, 61]
    assert review[("litigation_direct", "total")] == 3 and review[("litigation_after_review", "total")] == 10
    assert review[("litigation_after_review", "other")] == 1
    assert report.ok, report.problems()  # "全县共办理相关案件 74 件" = 61 + 3 + 10


def test_a_table_three_in_converter_fragments_adds_up(converted):
    report = converted["shanghai_office_2025.md"]
    total = report.applications.query("applicant == 'total'").set_index("row")["value"]
    assert (total["new_received"], total["carried_over"], total["total_handled"], total["carried_forward"]) == (
        1295,
        189,
        1191,
        293,
    )
    assert (total["other_no_correction"], total["other_no_fee"], total["other_other"], total["other_handling"]) == (
        43,
        0,
        276,
        319,
    )
    assert report.checks.query("table != 'proactive'")["ok"].all()
    # table 二: a note-bearing cell was pulled out of the grid, leaving 2 cells for 3 columns
    flagged = report.problems()
    assert set(flagged["scope"]) == {"rules", "normative_documents"}
    assert report.proactive.query("item in ['rules', 'normative_documents']")["value"].isna().all()


def test_sub_tables_whose_headings_name_no_proceeding_are_flagged_not_placed():
    five = [Slot(v, "line 9") for v in ("1", "0", "0", "0", "1")]
    result = Interpretation(template="2021")
    row = read_by_heading([("表一", five), ("表二", five), ("表三", five)], result)
    assert [s.raw for s in row] == [""] * 15
    assert [(f.rule, f.scope, f.ok) for f in result.findings] == [
        ("unplaced_rows", proceeding, False) for proceeding in ("admin_review", "litigation_direct", "litigation_after_review")
    ]


def test_a_glued_table_four_row_with_several_readings_flags_every_proceeding():
    """A stray mark after the ninth cell (OCR's "0'") stops the run at 9 numbers for 15 cells: no cell's place is
    sure, and an all-blank proceeding adds up (0 = 0), so each proceeding's row is flagged, not the table alone."""
    values = ("13", "8", "1", "3", "25", "21", "120", "120", "0")
    tokens = [Token(Kind.VALUE, v, f"page 3 col {i}") for i, v in enumerate(values)] + [Token(Kind.ROW_END, "", "")]
    result = Interpretation(template="2019")
    read_review(tokens, result)
    flagged = [(f.rule, f.scope) for f in result.findings if not f.ok]
    assert flagged == [("ambiguous", p) for p in ("admin_review", "litigation_direct", "litigation_after_review")]


def _table_three(values: dict[str, int]) -> dict[str, list[Slot]]:
    """2019 rows of a natural person's applications (every other column 0), the total column beside it."""
    codes = ["carried_over", *result_rows("2019", set()), "total_handled", "carried_forward"]
    return {
        code: [Slot(str(values.get(code, 0)), "line 1"), *[Slot("0", "line 1")] * 5, Slot(str(values.get(code, 0)), "line 1")]
        for code in codes
    }


@pytest.mark.parametrize(
    ("printed", "partially_granted", "total_handled", "placed", "flags"),
    [
        ((21, 0), 0, 21, (21, 0), []),  # the printed order adds up
        ((16, 21), 5, 21, (21, 16), []),  # only the other order adds up: moved, and said so
        # moved because more identities hold (（七）总计 = 21 + 21), yet 一 + 二 still differs from 三 + 四: both flagged
        ((21, 0), 21, 42, (0, 21), [("placed_out_of_order", "new_received"), ("placed_out_of_order", "granted")]),
    ],
)
def test_unlabelled_rows_move_out_of_the_printed_order_unflagged_only_when_the_table_then_adds_up(
    printed, partially_granted, total_handled, placed, flags
):
    """A scan whose labels of 一 and （一） were misread leaves their two rows of numbers unlabelled."""
    rows = _table_three({"partially_granted": partially_granted, "total_handled": total_handled})
    del rows["granted"]
    orphans = [[Slot(str(v), "line 2"), *[Slot("0", "line 2")] * 5, Slot(str(v), "line 2")] for v in printed]
    result = Interpretation(template="2019")
    place_rows(rows, orphans, "2019", result)
    assert (rows["new_received"][0].raw, rows["granted"][0].raw) == tuple(map(str, placed))
    assert [(f.rule, f.scope) for f in result.findings if not f.ok] == flags
    assert [f.rule for f in result.findings if f.ok] == (["placed_by_order"] if not flags else [])
