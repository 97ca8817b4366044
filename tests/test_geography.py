"""Geographic cuts, peer quartiles, the agency profile and the map, on small frames with known answers."""

import matplotlib
import pandas as pd
import pytest

from gi_reports.analysis import geography, peers, profile
from gi_reports.publish import maps

matplotlib.use("Agg")


def tables(places: list[tuple]) -> dict[str, pd.DataFrame]:
    """One report per (agency_id, province, city, division_code, level, kind, flags, new, granted, corrected, decided)."""
    reports, apps, review = [], [], []
    for n, (agency_id, province, city, code, level, kind, flags, new, granted, corrected, decided) in enumerate(places):
        rid = f"r{n}"
        reports.append(
            dict(
                report_id=rid,
                year=2021,
                path=f"2021/{rid}.txt",
                agency=agency_id.split("/")[-1],
                agency_name=agency_id.split("/")[-1],
                agency_id=agency_id,
                province=province,
                city=city,
                county=None,
                division_code=code,
                level=level,
                kind=kind,
                agency_flags=flags,
            )  # fmt: skip
        )
        for row, value in (
            ("new_received", new),
            ("total_handled", new),
            ("granted", granted),
            ("partially_granted", 0),
            ("carried_forward", n),
        ):
            apps.append(
                dict(report_id=rid, year=2021, row=row, applicant="total", value=value, raw=str(value), source=f"line {n}")
            )
        for outcome, value in (("total", decided), ("corrected", corrected), ("pending", 0)):
            review.append(
                dict(
                    report_id=rid, year=2021, proceeding="admin_review", outcome=outcome, value=value, raw=str(value), source="t1"
                )
            )
    return {"reports": pd.DataFrame(reports), "applications": pd.DataFrame(apps), "review_litigation": pd.DataFrame(review)}


SAMPLE = tables(
    [
        ("320813/人民政府", "江苏省", "淮安市", "320813", "county", "government", "", 10, 5, 1, 4),
        ("321322/人民政府", "江苏省", "宿迁市", "321322", "county", "government", "", 30, 30, 0, 0),
        ("310000/科学技术委员会", "上海市", None, "310000", "province", "department", "", 0, 0, 0, 0),
        ("?/果园街道办事处", None, None, None, "township", "township", "unplaced", 7, 7, 0, 0),
        ("320100/人民政府", "江苏省", "南京市", "320100", "city", "government", "ambiguous", 100, 0, 0, 0),
    ]
)


def test_provinces_sum_placed_reports_and_rates_come_from_the_sums():
    provinces = geography.by_province(geography.report_figures(SAMPLE)).set_index("province")
    assert provinces.loc["江苏省", "reports"] == 2
    assert provinces.loc["江苏省", "new_received"] == 40
    assert provinces.loc["江苏省", "applications_per_report"] == 20
    assert provinces.loc["江苏省", "disclosure_rate"] == pytest.approx(35 / 40)
    assert provinces.loc["江苏省", "correction_rate"] == pytest.approx(1 / 4)
    assert provinces.loc["上海市", "province_code"] == "310000"
    assert pd.isna(provinces.loc["上海市", "disclosure_rate"])  # nothing handled: no rate, not 0


def test_an_unknown_cell_leaves_its_report_out_of_the_rate_not_counted_as_zero():
    unknown = {**SAMPLE, "applications": SAMPLE["applications"].drop(
        SAMPLE["applications"].index[(SAMPLE["applications"]["report_id"] == "r1") & (SAMPLE["applications"]["row"] == "granted")])}  # fmt: skip
    figures = geography.report_figures(unknown)
    assert pd.isna(figures.set_index("report_id").loc["r1", "disclosure_rate"])
    jiangsu = geography.by_province(figures).set_index("province").loc["江苏省"]
    assert jiangsu["disclosure_rate"] == pytest.approx(5 / 10)  # r0 only: r1's granted is unknown
    assert jiangsu["new_received"] == 40


def test_ambiguous_and_unplaced_reports_are_left_out_and_counted():
    figures = geography.report_figures(SAMPLE)
    assert geography.unplaced(figures).to_dict() == {"ambiguous": 1, "unplaced": 1, "no_division": 0}
    assert geography.by_province(figures)["reports"].sum() == 3
    assert geography.by_level_kind(figures)["reports"].sum() == 3


def test_cities_of_a_province_by_name_or_code():
    figures = geography.report_figures(SAMPLE)
    by_name = geography.by_city(figures, "江苏省").set_index("city_code")["reports"].to_dict()
    assert by_name == {"320800": 1, "321300": 1}
    assert geography.by_city(figures, "320000").equals(geography.by_city(figures, "江苏省"))
    assert geography.by_city(figures, "上海市")["city"].tolist() == ["本级"]
    with pytest.raises(ValueError):
        geography.province_code(figures, "火星省")


def peer_figures(count: int) -> pd.DataFrame:
    """`count` county governments of 2021 with disclosure rates 1/count … 1, and one township."""
    rows = [dict(report_id=f"c{i}", agency=f"县{i}", agency_id=f"{i}/县", year=2021, level="county", kind="government",
                 disclosure_rate=(i + 1) / count, correction_rate=float("nan"), dispute_rate=0.0) for i in range(count)]  # fmt: skip
    rows.append(dict(report_id="t", agency="镇", agency_id="t/镇", year=2021, level="township", kind="township",
                     disclosure_rate=0.5, correction_rate=0.5, dispute_rate=0.1))  # fmt: skip
    return pd.DataFrame(rows)


def test_quartiles_need_thirty_peers():
    few = peers.compare(peer_figures(29)).set_index(["report_id", "rate"])
    assert few.loc[("c0", "disclosure_rate"), "peers"] == 29
    assert few.loc[("c0", "disclosure_rate"), ["q1", "median", "q3"]].isna().all()
    assert few.loc[("c0", "disclosure_rate"), "position"] == ""
    many = peers.compare(peer_figures(40)).set_index(["report_id", "rate"])
    first = many.loc[("c0", "disclosure_rate")]
    assert first["peers"] == 40
    assert first["median"] == pytest.approx(20.5 / 40)
    assert first["position"] == "below_q1"
    assert many.loc[("c39", "disclosure_rate"), "position"] == "above_q3"
    assert many.loc[("c0", "correction_rate"), "peers"] == 0  # no county has a correction rate
    assert many.loc[("t", "disclosure_rate"), "peers"] == 1  # a township is no county's peer


def test_profile_finds_an_agency_by_id_name_or_unique_part():
    reports = SAMPLE["reports"]
    assert profile.find(reports, "310000/科学技术委员会") == "310000/科学技术委员会"
    assert profile.find(reports, "果园") == "?/果园街道办事处"
    with pytest.raises(ValueError, match="3 agencies"):
        profile.find(reports, "人民政府")


def test_profile_keeps_raw_text_and_source_of_every_figure():
    cells = profile.provenance({**SAMPLE, "proactive": pd.DataFrame(columns=["report_id", "year", "item", "metric", "value", "raw", "source"])},
                               pd.Series(["r0"]))  # fmt: skip
    granted = cells.set_index("cell").loc["granted/total"]
    assert (granted["value"], granted["raw"], granted["source"]) == (5, "5", "line 0")
    assert len(cells) == 8


def test_carry_over_pairs_consecutive_reports_and_one_report_has_no_chain():
    two = tables([("1/甲", "江苏省", None, "320000", "province", "government", "", 1, 1, 0, 0)] * 2)
    two["reports"].loc[1, "year"] = 2022
    two["applications"] = pd.concat(
        [two["applications"], pd.DataFrame([dict(report_id="r1", year=2022, row="carried_over", applicant="total", value=3)])]
    )
    chain = profile.carry_over(two, profile.reports_of(two["reports"], "1/甲"))
    assert chain[["year", "carried_forward", "next_year", "carried_over_next", "match"]].values.tolist() == [
        [2021, 0, 2022, 3, False]
    ]
    assert profile.carry_over(SAMPLE, profile.reports_of(SAMPLE["reports"], "320813/人民政府")).empty


def test_repeated_text_is_the_share_of_shingles_seen_the_year_before(tmp_path):
    (tmp_path / "a.txt").write_text("本机关依法公开政府信息，全年收到申请十件。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("本机关依法公开政府信息，全年收到申请二十件。", encoding="utf-8")
    mine = pd.DataFrame({"year": [2021, 2022], "path": ["a.txt", "b.txt"]})
    shares = profile.repeated_text(mine, tmp_path)["repeated_share"].tolist()
    new, old = (
        profile.shingles("本机关依法公开政府信息，全年收到申请二十件。"),
        profile.shingles("本机关依法公开政府信息，全年收到申请十件。"),
    )
    assert pd.isna(shares[0])
    assert shares[1] == pytest.approx(len(new & old) / len(new))
    assert 0 < shares[1] < 1


def test_map_has_every_province_taiwan_and_the_south_china_sea():
    provinces = maps.divisions()
    assert len(provinces) == 34
    assert {"710000", "810000", "820000", "460000"} <= set(provinces)
    south = min(ring[:, 1].min() for ring in maps.outline("460000"))
    assert south < 4.5  # 曾母暗沙, at about 3.9°N, is part of 海南省's outline
    assert maps.maritime_line()


@pytest.mark.slow  # draws the national map from the full boundaries
def test_map_draws_no_reports_differently_from_zero():
    fig = maps.choropleth({"320000": 0.0, "310000": 2.0, "330000": float("nan")}, "t", "u")
    hatches = {collection.get_hatch() for collection in fig.axes[0].collections}
    assert {"///", "..."} <= hatches
    assert [text.get_text() for text in fig.axes[0].get_legend().get_texts()] == ["无报告", "有报告，无分母"]
