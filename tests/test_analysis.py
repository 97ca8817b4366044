"""The shared computations of the notebooks, with figures checked against the hand-read labels."""

import shutil

import pandas as pd
import pytest

from gi_reports import analysis
from gi_reports.analysis import applications, proactive, quality, review, trends
from gi_reports.corpus.build import build

from .conftest import ROOT, SEED_LABELS, copy_seeds, label

LABELS = [label(p) for p in SEED_LABELS]


def labelled_sum(table: str, row: str, column: int) -> int:
    return sum(report[table][row][column] or 0 for report in LABELS)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """The five seeds (2020) and the 2021 pingtan report, built as a user would."""
    root = tmp_path_factory.mktemp("analysis")
    copy_seeds(root / "raw" / "2020")
    shutil.copytree(ROOT / "data" / "raw" / "2021", root / "raw" / "2021")
    build(root / "raw", root / "processed", workers=1, progress=False)
    return root / "processed"


@pytest.fixture(scope="module")
def seeds(dataset):
    return analysis.load_year(dataset, 2020)


def test_volumes_and_rates_sum_the_total_column(seeds):
    volumes = applications.volumes(seeds["applications"]).set_index("code")["applications"]
    for row in applications.VOLUME_ROWS:
        assert volumes[row] == labelled_sum("applications", row, 6)
    assert volumes["new_received"] == 14
    rates = applications.disclosure_rates(seeds["applications"]).set_index("rate")
    granted = labelled_sum("applications", "granted", 6) + labelled_sum("applications", "partially_granted", 6)
    assert rates.loc["granted_or_partial_share", ["numerator", "denominator"]].tolist() == [granted, volumes["total_handled"]]
    assert rates.loc["granted_or_partial_share", "value"] == pytest.approx(13 / 15)
    flow = applications.flow_ratios(seeds["applications"]).set_index("ratio")
    assert flow.loc["clearance", "value"] == pytest.approx(15 / 16)


def test_refusal_grounds_keep_the_2019_undivided_other_handling(seeds):
    grounds = applications.refusal_grounds(seeds["applications"]).set_index("row")
    assert "other_handling" in grounds.index and "other_no_fee" not in grounds.index
    assert len(grounds) == 8 + 3 + 5 + 1
    assert grounds.loc["unavailable_not_held", "applications"] == labelled_sum("applications", "unavailable_not_held", 6) == 2


def test_per_agency_rows_sum_to_the_totals_row_and_rankings_hide_small_agencies(seeds):
    table = applications.per_agency(seeds["applications"], seeds["reports"], "zh")
    assert table.iloc[-1]["发布机关"] == "合计"
    assert table.iloc[-1]["本年新收政府信息公开申请数量"] == table.iloc[:-1]["本年新收政府信息公开申请数量"].sum() == 14
    ranked = applications.ranking(seeds["applications"], seeds["reports"], minimum=5)
    assert list(ranked["agency"]) == ["温州市鹿城区人民政府滨江街道办事处"]
    assert ranked.attrs["hidden"] == 4


def test_review_correction_and_dispute_rates(seeds):
    rates = review.correction_rates(seeds["review_litigation"]).set_index("proceeding")
    upheld, corrected, other, pending, total = (sum(r["review_litigation"]["admin_review"][i] for r in LABELS) for i in range(5))
    assert rates.loc["admin_review", ["corrected", "decided"]].tolist() == [corrected, total - pending] == [1, 2]
    assert pd.isna(rates.loc["litigation_after_review", "rate"])  # nothing decided: no rate, not 0
    dispute = review.dispute_rate(seeds["review_litigation"], seeds["applications"]).iloc[0]
    assert (dispute["numerator"], dispute["denominator"]) == (4, 14)
    per_agency = review.per_agency(seeds["review_litigation"], seeds["applications"], seeds["reports"], "en")
    assert per_agency.iloc[-1]["Administrative review·Total"] == total


def test_proactive_totals_fold_in_agency_sub_rows_once(seeds):
    decisions = proactive.decision_totals(seeds["proactive"]).set_index("item")["decisions"]
    assert decisions["licensing"] == sum(r["proactive"]["licensing"]["decisions"] for r in LABELS) == 103
    assert decisions["other_services"] == 80  # seed 001 reports only sub-rows (all 0), folded in without double counting
    money = proactive.money(seeds["proactive"]).set_index("item")
    assert money.loc["procurement", "amount_wan"] == pytest.approx(money.loc["procurement", "amount_yuan"] / 10_000)
    table = proactive.per_agency(seeds["proactive"], seeds["reports"], "zh")
    assert "规范性文件·本年新制作数量" in table.columns and not any("本年制发件数" in c for c in table.columns)


def test_quality_summaries_account_for_every_check(seeds):
    summary = quality.check_summary(seeds["checks"])
    assert summary["checks"].sum() == len(seeds["checks"]) and summary["failed"].sum() == 0
    blanks = quality.blank_cells(seeds["applications"], seeds["reports"]).set_index("agency")
    assert blanks.loc["宁海县长街镇", "blank"] == 151  # seed 004 leaves most of table 三 blank


def test_the_carry_over_chain_pairs_consecutive_years_of_an_agency():
    reports = pd.DataFrame(
        {
            "report_id": ["a20", "a21", "b20", "b21", "c20"],
            "agency": ["A", "A", "B", "B", "C"],
            "year": [2020, 2021, 2020, 2021, 2020],
        }
    )
    rows = {"a20": (0, 3), "a21": (3, 1), "b20": (0, 2), "b21": (5, 0), "c20": (0, 9)}
    applications_table = pd.DataFrame(
        [
            (rid, row, "total", value)
            for rid, (over, forward) in rows.items()
            for row, value in (("carried_over", over), ("carried_forward", forward))
        ],
        columns=["report_id", "row", "applicant", "value"],
    )
    chain = quality.carry_over_chain(reports, applications_table)
    assert chain[["agency", "year", "carried_forward", "next_year", "carried_over_next", "match"]].values.tolist() == [
        ["A", 2020, 3, 2021, 3, True],
        ["B", 2020, 2, 2021, 5, False],
    ]


def test_trends_mark_the_template_change_and_flag_jumps(dataset):
    tables = analysis.load_all(dataset)
    yearly = trends.yearly(tables).set_index("year")
    assert yearly.loc[2020, "new_received"] == 14 and yearly.loc[2021, "template"] == "2021"
    assert trends.template_change(yearly.reset_index()) == [2021]
    reports = pd.DataFrame({"report_id": list("xyz"), "agency": ["A", "A", "A"], "year": [2021, 2022, 2023], "template": "2021"})
    apps = pd.DataFrame(
        [(rid, "new_received", "total", v) for rid, v in zip("xyz", (10, 12, 60))],
        columns=["report_id", "row", "applicant", "value"],
    )
    empty_review = pd.DataFrame(columns=["report_id", "proceeding", "outcome", "value"])
    flagged = trends.jumps({"reports": reports, "applications": apps, "review_litigation": empty_review})
    assert flagged.values.tolist() == [["A", 2022, 12, 2023, 60]]
