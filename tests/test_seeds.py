"""The five seed reports (2019 template) against their hand-checked labels, cell by cell."""

import pandas as pd
import pytest

from gi_reports.testing.evaluation import compare

from .conftest import SEED_FILES, SEED_LABELS, label


@pytest.mark.parametrize("label_path", SEED_LABELS, ids=lambda p: p.stem)
def test_every_cell_equals_the_hand_checked_label(label_path, seed_reports):
    expected = label(label_path)
    report = seed_reports[expected["file"]]
    compared, mismatches = compare(expected, report)
    assert compared >= 190
    assert mismatches == []
    assert report.meta["year"] == expected["year"]
    assert report.meta["template"] == expected["template"]
    assert report.meta["agency"] == expected["agency"]
    assert report.meta["level"] == expected["level"]


@pytest.mark.parametrize("name", [p.name for p in SEED_FILES])
def test_every_identity_holds_on_the_seeds(name, seed_reports):
    checks = seed_reports[name].checks
    assert set(checks["rule"]) >= {"balance", "results_sum", "row_total", "review_total"}
    assert checks["ok"].all(), checks[~checks["ok"]]


def test_blank_cells_are_missing_not_zero(seed_reports):
    apps = seed_reports["004_03eadd0b793397b5.txt"].applications
    cell = apps[(apps["row"] == "new_received") & (apps["applicant"] == "commercial_enterprise")].iloc[0]
    assert cell["value"] is pd.NA and cell["raw"] == ""
    granted = apps[(apps["row"] == "granted") & (apps["applicant"] == "total")].iloc[0]
    assert granted["value"] == 1


def test_agency_sub_rows_are_kept_under_their_item(seed_reports):
    proactive = seed_reports["001_293c52a418def646.txt"].proactive
    sub_rows = proactive[proactive["item"] == "other_services"]
    assert sorted(sub_rows["sub_label"].unique()) == ["行政检查", "行政确认"]
    assert len(sub_rows) == 6
    # nothing shifted: the next item still reads its own numbers
    assert proactive[(proactive["item"] == "procurement") & (proactive["metric"] == "projects")]["value"].tolist() == [2]


@pytest.mark.parametrize(
    ("name", "raw", "yuan"),
    [
        ("000_c5c8807853175509.txt", "848450元", 848450),
        ("002_2008f0193b0e469e.txt", "8808257.32元", 8808257.32),
        ("001_293c52a418def646.txt", "21.6560", 216560),  # header says 万元
        ("004_03eadd0b793397b5.txt", "10.22万元", 102200),
        ("003_3d7f49656f87c6b8.txt", "500万", 5_000_000),
    ],
)
def test_money_is_normalised_to_yuan_and_raw_kept(name, raw, yuan, seed_reports):
    proactive = seed_reports[name].proactive
    amount = proactive[proactive["metric"] == "amount_yuan"].iloc[0]
    assert amount["raw"] == raw
    assert amount["value"] == pytest.approx(yuan)


def test_negative_change_is_read(seed_reports):
    proactive = seed_reports["003_3d7f49656f87c6b8.txt"].proactive
    change = proactive[(proactive["item"] == "penalties") & (proactive["metric"] == "change")]
    assert change["value"].tolist() == [-1]


def test_agency_and_year_come_from_the_body_when_there_is_no_title(seed_reports):
    meta = seed_reports["003_3d7f49656f87c6b8.txt"].meta
    assert (meta["agency"], meta["year"], meta["template"]) == ("滨江区社发局", 2020, "2019")


def test_tables_use_template_ordered_categoricals(seed_reports):
    report = seed_reports["000_c5c8807853175509.txt"]
    assert report.applications["row"].cat.ordered
    assert report.applications["row"].cat.categories[0] == "new_received"
    assert str(report.applications["value"].dtype) == "Int32"
    assert list(report.review_litigation.columns[:4]) == ["proceeding", "outcome", "value", "raw"]
    assert list(report.proactive.columns[:5]) == ["item", "sub_label", "metric", "value", "raw"]
