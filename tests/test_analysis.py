"""The shared computations of the notebooks, with figures checked against the hand-read labels."""

import pandas as pd
import pytest

from gi_reports import analysis
from gi_reports.analysis import applications, proactive, quality, review, trends
from gi_reports.corpus.build import build

from .conftest import SEED_LABELS, label, write_mixed_corpus

LABELS = [label(p) for p in SEED_LABELS]


def labelled_sum(table: str, row: str, column: int) -> int:
    return sum(report[table][row][column] or 0 for report in LABELS)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """Real reports that break the rules beside good ones, built as a user would: the five seeds and
    pingtan_2020 (results don't add up to its total) on 2020, pingtan on 2021, and on 2023 hongze
    (table 四's 总计 is 0, its parts 16) with two good reports, one of them also filed, a line longer,
    under 2026/ (a wrong folder, and the same agency twice in 2023)."""
    root = tmp_path_factory.mktemp("analysis")
    raw = write_mixed_corpus(root / "raw", (2020, 2021, 2023))
    build(raw, root / "processed", workers=1, progress=False)
    return root / "processed"


@pytest.fixture(scope="module")
def seeds(dataset):
    return analysis.load_year(dataset, 2020)


def test_volumes_and_rates_sum_the_total_column(seeds):
    """pingtan_2020 (data/raw/2020) fails results_sum: the five seeds alone make the figures."""
    volumes = applications.volumes(seeds).set_index("code")
    for row in applications.VOLUME_ROWS:
        assert volumes.loc[row, "applications"] == labelled_sum("applications", row, 6)
    assert volumes.loc["new_received", "applications"] == 14 and volumes.loc["new_received", "reports"] == 5
    rates = applications.disclosure_rates(seeds).set_index("rate")
    granted = labelled_sum("applications", "granted", 6) + labelled_sum("applications", "partially_granted", 6)
    assert rates.loc["granted_or_partial_share", ["numerator", "denominator"]].tolist() == [granted, 15]
    assert rates.loc["granted_or_partial_share", "value"] == pytest.approx(13 / 15)
    flow = applications.flow_ratios(seeds).set_index("rate")
    assert flow.loc["clearance", "value"] == pytest.approx(15 / 16)
    coverage = volumes.attrs["coverage"]
    assert (coverage.reports, coverage.used) == (6, 5) and coverage.excluded["path"].tolist() == ["2020/pingtan_2020.txt"]
    assert "results_sum" in coverage.excluded["reason"].iloc[0]


def test_refusal_grounds_keep_the_2019_undivided_other_handling(seeds):
    grounds = applications.refusal_grounds(seeds).set_index("row")
    assert "other_handling" in grounds.index and "other_no_fee" not in grounds.index
    assert len(grounds) == 8 + 3 + 5 + 1
    assert grounds.loc["unavailable_not_held", "applications"] == labelled_sum("applications", "unavailable_not_held", 6) == 2


def test_per_agency_rows_sum_to_the_totals_row_and_rankings_hide_small_agencies(seeds):
    table = applications.per_agency(seeds, "zh")
    total, known = table.iloc[-2], table.iloc[-1]
    assert total["发布机关"] == "合计（5/6 份报告）" and known["发布机关"] == "其中有数字的报告"
    counted = table.iloc[:-2][table.iloc[:-2]["未计入合计的原因"].isna()]
    assert total["本年新收政府信息公开申请数量"] == counted["本年新收政府信息公开申请数量"].sum() == 14
    seed_004 = table[table["发布机关"] == "宁海县长街镇"].iloc[0]
    assert pd.isna(seed_004["部分公开"]) and known["部分公开"] == 4  # left blank: unknown, not 0
    ranked = applications.ranking(seeds, minimum=5)
    assert list(ranked["agency"]) == ["温州市鹿城区人民政府滨江街道办事处"]
    assert ranked.attrs["hidden"] == 4


def test_review_correction_and_dispute_rates(seeds):
    rates = review.correction_rates(seeds).set_index("proceeding")
    upheld, corrected, other, pending, total = (sum(r["review_litigation"]["admin_review"][i] for r in LABELS) for i in range(5))
    assert rates.loc["admin_review", ["corrected", "decided"]].tolist() == [corrected, upheld + corrected + other] == [1, 2]
    assert pd.isna(rates.loc["litigation_after_review", "rate"])  # nothing decided: no rate, not 0
    dispute = review.dispute_rate(seeds).iloc[0]
    assert (dispute["numerator"], dispute["denominator"]) == (4, 14)
    per_agency = review.per_agency(seeds, "en")
    assert per_agency.iloc[-2]["Administrative review·Total"] == total
    assert per_agency.iloc[-2]["Administrative review·Upheld"] == upheld


def test_proactive_totals_fold_in_agency_sub_rows_once(seeds):
    decisions = proactive.decision_totals(seeds).set_index("item")
    assert decisions.loc["licensing", "decisions"] == sum(r["proactive"]["licensing"]["decisions"] for r in LABELS) == 103
    assert decisions.loc["other_services", "decisions"] == 80  # seed 001 reports only sub-rows (all 0), folded in once
    assert decisions.loc["licensing", "reports"] == 5  # pingtan_2020's glued licensing cells are unknown
    money = proactive.money(seeds).set_index("item")
    assert money.loc["procurement", "amount_wan"] == pytest.approx(money.loc["procurement", "amount_yuan"] / 10_000)
    table = proactive.per_agency(seeds, "zh")
    assert "规范性文件·本年新制作数量" in table.columns and not any("本年制发件数" in c for c in table.columns)
    assert pd.isna(table.loc[table["发布机关"] == "平潭综合实验区", "行政许可·处理决定数量"].iloc[0])


def test_quality_summaries_account_for_every_check(seeds):
    summary = quality.check_summary(seeds["checks"])
    assert summary["checks"].sum() == len(seeds["checks"])
    assert set(summary.loc[summary["failed"] > 0, "rule"]) == {"results_sum", "ambiguous"}  # all pingtan_2020's
    unknown = quality.unknown_cells(seeds).set_index("agency")
    seed_004 = label(next(p for p in SEED_LABELS if p.name.startswith("004")))
    blanks = sum(v is None for row in seed_004["applications"].values() for v in row)
    assert unknown.loc["宁海县长街镇", "unknown"] >= blanks == 151  # seed 004 leaves most of table 三 blank
    assert quality.excluded(seeds)["path"].tolist() == ["2020/pingtan_2020.txt"]


def test_the_carry_over_chain_pairs_consecutive_years_of_an_agency():
    reports = pd.DataFrame(
        {
            "report_id": ["a20", "a21", "b20", "b21", "c20"],
            "agency": ["A", "A", "B", "B", "C"],
            "year": [2020, 2021, 2020, 2021, 2020],
            "path": ["2020/a", "2021/a", "2020/b", "2021/b", "2020/c"],
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
    reports = pd.DataFrame(
        {
            "report_id": list("xyz"),
            "agency": "A",
            "year": [2021, 2022, 2023],
            "template": "2021",
            "path": ["2021/a", "2022/a", "2023/a"],
        }
    )
    apps = pd.DataFrame(
        [(rid, "new_received", "total", v) for rid, v in zip("xyz", (10, 12, 60))],
        columns=["report_id", "row", "applicant", "value"],
    )
    empty_review = pd.DataFrame(columns=["report_id", "proceeding", "outcome", "value"])
    flagged = trends.jumps({"reports": reports, "applications": apps, "review_litigation": empty_review})
    assert flagged.values.tolist() == [["A", 2022, 12, 2023, 60]]


def test_the_2023_figures_leave_out_the_broken_review_table_and_the_misfiled_copy(dataset):
    data = analysis.load_year(dataset, 2023)
    counts = review.outcome_counts(data, "en")
    # by hand from the good reports: pingtan_012 (1 1 0 0 2 / 4 0 0 1 5 / 1 0 1 0 2) and shuyang_fgj (0 0 0 1 1 / 0… / 0…)
    assert counts.loc["Administrative review"].tolist() == [1, 1, 0, 1, 3, 3]
    assert counts["Total"].sum() == 10 and (counts["Total"] == counts["Sum of parts"]).all()
    rates = review.correction_rates(data).set_index("proceeding")
    assert rates.loc["admin_review", ["corrected", "decided", "rate"]].tolist() == [1, 2, 0.5]
    left_out = counts.attrs["coverage"].excluded.set_index("path")["reason"]
    assert set(left_out.index) == {"2023/hongze_001.pdf", "2026/pingtan_012.txt"}
    assert "review_total" in left_out["2023/hongze_001.pdf"] and "filed under 2026/" in left_out["2026/pingtan_012.txt"]
    per_agency = review.per_agency(data, "zh")
    hongze = per_agency[per_agency["发布机关"] == "洪泽区人民政府"].iloc[0]
    assert (hongze["行政复议·结果维持"], hongze["行政复议·总计"], hongze["行政复议·各项之和"]) == (10, 0, 11)
    volumes = applications.volumes(data).set_index("code")
    assert volumes.loc["new_received", "applications"] == 81 + 26 + 21  # hongze's table 三 adds up; the copy is not counted


def test_the_build_flags_a_misfiled_report_and_a_repeated_agency_year(dataset):
    data = analysis.load_all(dataset)
    flagged = data["checks"][data["checks"]["table"] == "reports"].merge(data["reports"][["report_id", "path"]])
    assert sorted(zip(flagged["path"], flagged["rule"])) == [
        ("2026/pingtan_012.txt", "agency_year"),
        ("2026/pingtan_012.txt", "folder_year"),
    ]
    copy = data["reports"].set_index("path").loc["2026/pingtan_012.txt"]
    assert copy["year"] == 2023 and copy["status"] == "warnings"
    for year in (2023, 2026):  # the pages of both years list it
        assert quality.misfiled_reports(data["reports"], year).values.tolist() == [
            ["平潭综合实验区", "2026/pingtan_012.txt", 2026, 2023]
        ]
    assert quality.misfiled_reports(data["reports"], 2020).empty


def small_year(**changes) -> dict[str, pd.DataFrame]:
    """Four reports on 2023: a good one, one whose results exceed its total, one with blank cells, and the
    good agency again (its name spaced differently) filed under 2026/ with larger figures."""
    reports = pd.DataFrame(
        {
            "report_id": ["good", "broken", "blank", "again"],
            "agency": ["甲局", "乙局", "丙局", "甲 局"],
            "year": 2023,
            "path": ["2023/a.txt", "2023/b.txt", "2023/c.txt", "2026/a.txt"],
            "level": "county",
            "template": "2021",
            "format": "txt",
            "status": ["ok", "warnings", "ok", "ok"],
            "problems": [0, 1, 0, 0],
        }
    )
    cells = {
        "good": {"new_received": 10, "carried_over": 0, "granted": 6, "partially_granted": 2, "unavailable_not_held": 2},
        "broken": {"new_received": 20, "carried_over": 0, "granted": 26, "partially_granted": 0, "unavailable_not_held": 0},
        "blank": {"new_received": 4, "carried_over": 0, "granted": None, "partially_granted": 4, "unavailable_not_held": None},
        "again": {"new_received": 90, "carried_over": 0, "granted": 90, "partially_granted": 0, "unavailable_not_held": 0},
    }
    for rid, handled in (("good", 10), ("broken", 20), ("blank", 4), ("again", 90)):
        cells[rid] |= {"total_handled": handled, "carried_forward": 0}
    apps = pd.DataFrame(
        [(rid, 2023, row, "total", value) for rid, rows in cells.items() for row, value in rows.items()],
        columns=["report_id", "year", "row", "applicant", "value"],
    ).astype({"value": "Int32"})
    outcomes = {"good": (1, 1, 0, 0, 2), "broken": (10, 1, 0, 0, 0), "blank": (None, 0, 0, 0, 0), "again": (0, 5, 0, 0, 5)}
    review_table = pd.DataFrame(
        [
            (rid, 2023, "admin_review", outcome, value)
            for rid, values in outcomes.items()
            for outcome, value in zip(["upheld", "corrected", "other", "pending", "total"], values)
        ],
        columns=["report_id", "year", "proceeding", "outcome", "value"],
    ).astype({"value": "Int32"})
    checks = pd.DataFrame(
        [
            ("broken", 2023, "applications", "results_sum", "total", False, "sum of results = 26, （七）总计 = 20"),
            ("broken", 2023, "review_litigation", "review_total", "admin_review", False, "维持+纠正+其他+未审结 = 11, 总计 = 0"),
            ("good", 2023, "applications", "balance", "total", True, ""),
        ],
        columns=["report_id", "year", "table", "rule", "scope", "ok", "detail"],
    )
    proactive_table = pd.DataFrame(
        [
            (rid, 2023, "normative_documents", None, "in_force", value)
            for rid, value in (("good", 20), ("blank", None), ("again", 50))
        ],
        columns=["report_id", "year", "item", "sub_label", "metric", "value"],
    ).astype({"value": "Float64"})
    tables = {"reports": reports, "applications": apps, "review_litigation": review_table, "checks": checks}
    return tables | {"proactive": proactive_table} | changes


def test_a_report_that_fails_an_identity_is_left_out_and_listed_with_why():
    tables = small_year()
    volumes = applications.volumes(tables).set_index("code")
    assert volumes.loc["new_received", ["applications", "reports"]].tolist() == [10 + 4, 2]
    excluded = volumes.attrs["coverage"].excluded.set_index("report_id")["reason"]
    assert set(excluded.index) == {"broken", "again"} and "results_sum (total)" in excluded["broken"]
    rates = applications.disclosure_rates(tables).set_index("rate")
    assert rates.loc["granted_or_partial_share", ["numerator", "denominator"]].tolist() == [6 + 2 + 4, 14]
    included = applications.volumes(tables, include_failing=True).set_index("code")
    assert included.loc["new_received", "applications"] == 10 + 20 + 4  # the repeated agency-year never counts


def test_no_rate_leaves_zero_to_one_even_with_the_broken_report_included():
    tables = small_year()
    for include in (False, True):
        for frame, column in (
            (applications.disclosure_rates(tables, include_failing=include), "value"),
            (applications.result_composition(tables, include_failing=include), "share"),
            (review.correction_rates(tables, include_failing=include), "rate"),
            (applications.per_agency(tables, "en", include_failing=include), "Disclosure rate (granted+partial)/handled"),
        ):
            assert frame[column].dropna().between(0, 1).all(), (frame, include)
    per_agency = applications.per_agency(tables, "en").set_index("Agency")
    assert pd.isna(per_agency.loc["乙局", "Disclosure rate (granted+partial)/handled"])  # 26/20: the report's problem
    assert "results_sum" in per_agency.loc["乙局", "Left out of the totals because"]


def test_unknown_cells_stay_unknown_in_tables_and_sums_say_how_many_reports():
    tables = small_year()
    per_agency = applications.per_agency(tables, "en")
    blank = per_agency.set_index("Agency").loc["丙局"]
    assert pd.isna(blank["Granted"]) and blank["Partially granted"] == 4
    total, known = per_agency.iloc[-2], per_agency.iloc[-1]
    assert total["Agency"] == "Total (2 of 4 reports)" and total["Granted"] == 6 and known["Granted"] == 1
    documents = proactive.document_totals(tables).set_index("metric")
    assert documents.loc["in_force", ["value", "reports"]].tolist() == [20, 1]  # "in force 20, from 1 of 2 reports"
    assert documents.attrs["coverage"].unknown == 1
    assert "1 cells unknown" in documents.attrs["coverage"].note("en")


def test_review_tables_show_all_five_outcomes_and_the_sum_of_parts():
    tables = small_year()
    counts = review.outcome_counts(tables, "en")
    assert list(counts.columns) == ["Upheld", "Corrected", "Other result", "Pending", "Total", "Sum of parts"]
    assert counts.loc["Administrative review"].tolist() == [1, 1, 0, 0, 2, 2]  # the blank 维持 of 丙局 is not a 0 it adds
    per_agency = review.per_agency(tables, "en").set_index("Agency")
    assert per_agency.loc["乙局", ["Administrative review·Upheld", "Administrative review·Total"]].tolist() == [10, 0]
    assert per_agency.loc["乙局", "Administrative review·Sum of parts"] == 11
    assert pd.isna(per_agency.loc["丙局", "Administrative review·Upheld"])


def test_an_empty_year_gives_labelled_empty_results():
    tables = {name: frame.iloc[0:0] for name, frame in small_year().items()}
    assert applications.volumes(tables)["applications"].tolist() == [0, 0, 0, 0]
    assert applications.disclosure_rates(tables)["value"].isna().all()
    assert review.outcome_counts(tables, "en").shape == (3, 6)
    assert applications.per_agency(tables, "en")["Agency"].tolist() == ["Total (0 of 0 reports)", "Reports with a figure"]
    assert proactive.per_agency(tables, "en").shape[0] == 2 and quality.excluded(tables).empty
    assert list(trends.yearly(tables).columns) == trends.YEARLY_COLUMNS and trends.yearly(tables).empty


def test_trends_over_the_same_agencies_do_not_jump_when_a_large_agency_enters():
    year_one = small_year()
    reports = pd.concat([year_one["reports"].assign(year=2022, path=lambda f: "2022/" + f["report_id"]), year_one["reports"]])
    reports["report_id"] = [f"{rid}{year}" for rid, year in zip(reports["report_id"], reports["year"])]
    reports = reports[reports["report_id"].isin(["good2022", "blank2022"]) | (reports["year"] == 2023)]  # 乙局 enters in 2023
    both = {
        name: pd.concat([year_one[name].assign(year=2022), year_one[name]])
        for name in ("applications", "review_litigation", "checks", "proactive")
    }
    for frame in both.values():
        frame["report_id"] = [f"{rid}{year}" for rid, year in zip(frame["report_id"], frame["year"])]
    tables = {"reports": reports, **both}
    every = trends.yearly(tables, include_failing=True).set_index("year")
    same = trends.yearly(tables, panel=True, include_failing=True).set_index("year")
    assert every["reports"].tolist() == [2, 3] and every["new_received"].tolist() == [10 + 4, 10 + 20 + 4]
    assert same["reports"].tolist() == [2, 2] and same["new_received"].tolist() == [14, 14]


def test_an_agency_is_its_id_or_else_its_normalised_name():
    from gi_reports.corpus.identity import agency_key

    reports = pd.DataFrame(
        {
            "agency": ["洪泽区人民政府", "淮安市洪泽区人民政府", "甲　局", "甲局"],
            "agency_id": ["320813/人民政府", "320813/人民政府", None, None],
        }
    )
    assert agency_key(reports).tolist() == ["320813/人民政府", "320813/人民政府", "甲局", "甲局"]
