"""Real reports of both templates, in every layout of the corpus, against hand-checked labels."""

import pytest

from gi_reports import read_report
from gi_reports.testing.evaluation import compare

from .conftest import CORPUS_LABELS, CORPUS_RAW, label

# Cells a text dump glued with nothing in the report to tell the readings apart: left missing
# and flagged `ambiguous` (the labels' values came from the archive's HTML copy of the page).
GLUED_AMBIGUOUS = {
    "008.txt": {("proactive", "procurement", "projects"), ("proactive", "procurement", "amount_yuan")},
    "010.txt": {("proactive", "normative_documents", m) for m in ("issued", "repealed", "in_force")},
    "012.txt": {("proactive", "normative_documents", m) for m in ("repealed", "in_force")},
}


@pytest.fixture(scope="module")
def corpus_reports():
    return {p.name: read_report(CORPUS_RAW[label(p)["file"]]) for p in CORPUS_LABELS}


@pytest.mark.parametrize("label_path", CORPUS_LABELS, ids=lambda p: label(p)["file"])
def test_every_cell_is_right_or_flagged_ambiguous(label_path, corpus_reports):
    expected = label(label_path)
    report = corpus_reports[label_path.name]
    _, mismatches = compare(expected, report)
    wrong = {(m.table, m.row, m.column) for m in mismatches}
    assert wrong == GLUED_AMBIGUOUS.get(expected["file"], set())
    assert all(m.got is None for m in mismatches)
    flagged = set(report.problems().query("rule == 'ambiguous'")["scope"])
    assert flagged == {row for _, row, _ in wrong}


@pytest.mark.parametrize("label_path", CORPUS_LABELS, ids=lambda p: label(p)["file"])
def test_template_year_and_agency_from_the_document(label_path, corpus_reports):
    expected = label(label_path)
    meta = corpus_reports[label_path.name].meta
    assert meta["template"] == expected["template"]
    assert meta["year"] == expected["year"]
    assert meta["agency"] == expected["agency"]
    assert meta["level"] == expected["level"]


def test_the_text_settles_the_cell_it_states_and_is_set_aside_where_no_reading_fits(corpus_reports):
    """012: 行政规范性文件77132470; the text says 制发…77件 (a reading gives it) and 现行有效…393件 (none does)."""
    report = corpus_reports["012.json"]
    issued = report.proactive.query("item == 'normative_documents' and metric == 'issued'").iloc[0]
    assert issued["value"] == 77 and issued["raw"] == "77"
    note = report.problems().query("rule == 'ambiguous'")["detail"].item()
    assert "本年度制发的规范性文件77件" in note
    assert "现行有效行政规范性文件393件', which no reading gives" in note


def test_a_report_whose_own_totals_do_not_add_up_is_flagged_and_kept(corpus_reports):
    report = corpus_reports["001.json"]
    failed = report.problems()
    assert set(failed["scope"]) == {"admin_review", "litigation_after_review"}
    review = report.review_litigation.set_index(["proceeding", "outcome"])["value"]
    assert review[("admin_review", "upheld")] == 10 and review[("admin_review", "total")] == 0


def test_2021_other_handling_is_the_sum_of_its_three_rows(corpus_reports):
    apps = corpus_reports["006.json"].applications
    total = apps[apps["applicant"] == "total"].set_index("row")["value"]
    assert (total["other_no_correction"], total["other_no_fee"], total["other_other"]) == (10, 0, 4)
    assert total["other_handling"] == 14


def test_2021_single_other_handling_row_stays_a_leaf(corpus_reports):
    rows = set(corpus_reports["001.json"].applications["row"])
    assert "other_handling" in rows and "other_no_correction" not in rows


def test_fees_in_wan_yuan_become_yuan_with_raw_kept(corpus_reports):
    fees = corpus_reports["010.json"].proactive.query("item == 'fees'").iloc[0]
    assert fees["raw"] == "24252.311082" and fees["value"] == pytest.approx(242523110.82)


def test_detached_labels_are_placed_in_template_order_and_said_so(corpus_reports):
    checks = corpus_reports["006.json"].checks
    placed = checks[checks["rule"].isin(["placed_by_order", "placed_stray"])]
    assert len(placed) == 2 and placed["ok"].all()
