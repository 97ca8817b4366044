"""Four more years of a real text dump (平潭综合实验区 2020–2025, no hand labels): only what the
report itself settles is asserted — its identities, its minus signs, its own sentences."""

import pandas as pd
import pytest

from gi_reports import read_report

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
