"""Table 三: how disclosure applications were received and handled (sums of the 总计 column).

Every figure sums the reports whose table 三 passes its identities (`coverage`), each agency-year once.
"""

import pandas as pd

from ..template import codes
from ..template.identities import children, with_role
from . import AGENCY_HEADERS, add_totals_row, per_report, share, with_agency
from .coverage import basis, covered

# The flow of applications (一 + 二 = 三（七）+ 四) and the result groups come from template/codes.csv.
VOLUME_ROWS = tuple(with_role("row", "supply") + with_role("row", "total") + with_role("row", "demand"))
_ROWS = codes.code_table()[codes.code_table()["dimension"] == "row"]
# （六）其他处理: a leaf in 2019, the derived sum of its sub-rows in 2021, so its group holds the row itself only.
RESULT_GROUPS = {
    group: tuple(rows.loc[rows["parent"] == "", "code"])
    for group, rows in _ROWS[_ROWS["role"] == "result"].groupby("group", sort=False)
}
# The grounds of a refusal, one row each: the 8 不予公开 grounds and the sub-rows of 无法提供,
# 不予处理 and (2021 template) 其他处理. A 2019 report's undivided 其他处理 counts as one ground.
GROUND_GROUPS = {
    "denied": RESULT_GROUPS["denied"],
    "unavailable": RESULT_GROUPS["unavailable"],
    "rejected": RESULT_GROUPS["rejected"],
    "other_handling": tuple(children("row", "2021")["other_handling"]),
}


RATE_HEADER = {"zh": "公开率（予以公开+部分公开）/总计", "en": "Disclosure rate (granted+partial)/handled"}
ISSUE_HEADER = {"zh": "未计入合计的原因", "en": "Left out of the totals because"}
RATE_COLUMNS = ["rate", "definition", "numerator", "denominator", "value", "reports"]


def _total_column(data: dict[str, pd.DataFrame], include_failing: bool):
    found = basis(data, "applications", include_failing)
    return found, found.values[found.values["applicant"] == "total"]


def totals(total_column: pd.DataFrame) -> pd.DataFrame:
    """Row code → `value` (sum of the known 总计 cells) and `reports` (how many reports had one)."""
    grouped = total_column.assign(row=total_column["row"].astype(str)).groupby("row")["value"]
    frame = pd.DataFrame({"value": grouped.sum(min_count=1), "reports": grouped.count()})
    return frame.reindex(codes.codes("row")).astype({"value": "Int64"}).fillna({"reports": 0}).astype({"reports": "int64"})


def _sum(sums: pd.DataFrame, rows) -> int:
    return int(sums["value"].reindex(list(rows)).sum())


def volumes(data: dict[str, pd.DataFrame], lang: str = "zh", include_failing: bool = False) -> pd.DataFrame:
    """Received, carried over, handled, carried forward; `reports` says how many reports each sum covers."""
    found, total_column = _total_column(data, include_failing)
    sums = totals(total_column).reindex(list(VOLUME_ROWS))
    frame = pd.DataFrame(
        {
            "code": sums.index,
            "label": [codes.label("row", c, lang) for c in sums.index],
            "applications": sums["value"].fillna(0).astype("int64").to_numpy(),
            "reports": sums["reports"].to_numpy(),
        }
    )
    return covered(frame, found.coverage(total_column[total_column["row"].isin(VOLUME_ROWS)]))


def _rates(variants: list[tuple[str, str, int, int]], reports: int) -> pd.DataFrame:
    frame = pd.DataFrame(variants, columns=RATE_COLUMNS[:4])
    frame["value"] = [share(n, d) for n, d in zip(frame["numerator"], frame["denominator"])]
    frame["reports"] = reports
    return frame


def flow_ratios(data: dict[str, pd.DataFrame], include_failing: bool = False) -> pd.DataFrame:
    """Clearance (办结率) and carry-over ratios, each with numerator and denominator."""
    found, total_column = _total_column(data, include_failing)
    sums = totals(total_column)
    workload = _sum(sums, ("new_received", "carried_over"))
    rows = [
        ("clearance", "（七）总计 / (一 新收 + 二 上年结转)", _sum(sums, ("total_handled",)), workload),
        ("carry_over", "四 结转下年度 / (一 新收 + 二 上年结转)", _sum(sums, ("carried_forward",)), workload),
    ]
    return covered(_rates(rows, len(found.reports)), found.coverage(total_column))


def result_composition(data: dict[str, pd.DataFrame], lang: str = "zh", include_failing: bool = False) -> pd.DataFrame:
    """How the handled applications ended, by outcome group, with shares of （七）总计."""
    found, total_column = _total_column(data, include_failing)
    sums = totals(total_column)
    counts = {group: _sum(sums, rows) for group, rows in RESULT_GROUPS.items()}
    handled = _sum(sums, ("total_handled",))
    frame = pd.DataFrame({"group": list(counts), "applications": list(counts.values())})
    frame["label"] = [codes.label("result_group", g, lang) for g in frame["group"]]
    frame["share"] = [share(count, handled) for count in frame["applications"]]
    frame = frame.sort_values("applications", ascending=False, ignore_index=True)
    return covered(frame, found.coverage(total_column))


def refusal_grounds(data: dict[str, pd.DataFrame], lang: str = "zh", include_failing: bool = False) -> pd.DataFrame:
    """Every ground of 不予公开 / 无法提供 / 不予处理 / 其他处理 with its count, largest first."""
    found, total_column = _total_column(data, include_failing)
    sums = totals(total_column)
    present = set(total_column["row"].astype(str))
    records = []
    for group, rows in GROUND_GROUPS.items():
        undivided = group == "other_handling" and not present & set(rows)
        for row in ("other_handling",) if undivided else rows:
            records.append(
                (group, codes.label("result_group", group, lang), row, codes.label("row", row, lang), _sum(sums, (row,)))
            )
    frame = pd.DataFrame(records, columns=["group", "group_label", "row", "label", "applications"])
    return covered(frame.sort_values("applications", ascending=False, ignore_index=True), found.coverage(total_column))


def disclosure_rates(data: dict[str, pd.DataFrame], include_failing: bool = False) -> pd.DataFrame:
    """Disclosure rates in the variants researchers use, each with its numerator and denominator."""
    found, total_column = _total_column(data, include_failing)
    sums = totals(total_column)
    granted = _sum(sums, ("granted", "partially_granted"))
    denied = _sum(sums, RESULT_GROUPS["denied"])
    handled = _sum(sums, ("total_handled",))
    resolvable = handled - _sum(sums, (*RESULT_GROUPS["unavailable"], *RESULT_GROUPS["rejected"], "other_handling"))
    variants = [
        ("granted_share", "予以公开 / 总计", _sum(sums, ("granted",)), handled),
        ("granted_or_partial_share", "(予以公开+部分公开) / 总计", granted, handled),
        ("granted_among_decided", "(予以公开+部分公开) / (予以公开+部分公开+不予公开)", granted, granted + denied),
        ("granted_among_resolvable", "(予以公开+部分公开) / (总计 − 无法提供 − 不予处理 − 其他处理)", granted, resolvable),
    ]
    return covered(_rates(variants, len(found.reports)), found.coverage(total_column))


def applicant_composition(data: dict[str, pd.DataFrame], lang: str = "zh", include_failing: bool = False) -> pd.DataFrame:
    """New applications by kind of applicant."""
    found = basis(data, "applications", include_failing)
    new = found.values[(found.values["row"] == "new_received") & (found.values["applicant"] != "total")]
    applicants = [a for a in codes.codes("applicant") if a != "total"]
    sums = new.assign(applicant=new["applicant"].astype(str)).groupby("applicant")["value"].sum().reindex(applicants)
    frame = pd.DataFrame({"applicant": applicants, "applications": sums.fillna(0).astype("int64").to_numpy()})
    frame["label"] = [codes.label("applicant", a, lang) for a in frame["applicant"]]
    whole = frame["applications"].sum()
    frame["share"] = [share(count, whole) for count in frame["applications"]]
    return covered(frame.sort_values("applications", ascending=False, ignore_index=True), found.coverage(new))


def per_agency(data: dict[str, pd.DataFrame], lang: str = "zh", include_failing: bool = False) -> pd.DataFrame:
    """One row per report (agency): volumes, granted, disclosure rate and why a report is left out of
    the sums; the totals row sums the reports the figures use. Unknown cells stay empty."""
    found = basis(data, "applications", include_failing)
    wanted = [*VOLUME_ROWS, "granted", "partially_granted"]
    apps = data["applications"]
    grid = per_report(apps[apps["applicant"] == "total"], "row", wanted).astype("Int64")
    table = with_agency(grid, data["reports"], lang).sort_values("new_received", ascending=False)
    counted = pd.Series(table.index.isin(found.reports["report_id"]))
    issue = table.index.map(found.excluded.set_index("report_id")["reason"])
    table = add_totals_row(table.reset_index(drop=True), wanted, counted, lang)
    table["disclosure_rate"] = [
        share(g + p, h) for g, p, h in zip(table["granted"], table["partially_granted"], table["total_handled"])
    ]
    table["issue"] = [*issue, pd.NA, pd.NA]
    headers = {c: codes.label("row", c, lang) for c in wanted}
    headers.update(AGENCY_HEADERS[lang], disclosure_rate=RATE_HEADER[lang], issue=ISSUE_HEADER[lang])
    shown = found.values[(found.values["applicant"] == "total") & found.values["row"].isin(wanted)]
    return covered(table.rename(columns=headers), found.coverage(shown))


def ranking(data: dict[str, pd.DataFrame], minimum: int = 10, include_failing: bool = False) -> pd.DataFrame:
    """Agencies by disclosure rate ((予以公开+部分公开)/总计), only where at least `minimum` were handled.

    A rate on three applications says little; the hidden agencies are counted in `attrs["hidden"]`.
    """
    found, total_column = _total_column(data, include_failing)
    grid = per_report(total_column, "row", ["granted", "partially_granted", "total_handled"])
    table = with_agency(grid, found.reports)
    table["rate"] = [share(g + p, h) for g, p, h in zip(table["granted"], table["partially_granted"], table["total_handled"])]
    large = (table["total_handled"] >= minimum).fillna(False)
    shown = table[large & table["rate"].notna()].sort_values("rate", ascending=False).reset_index(drop=True)
    shown.attrs["hidden"] = int((~large).sum())
    shown.attrs["minimum"] = minimum
    return covered(shown, found.coverage(total_column))
