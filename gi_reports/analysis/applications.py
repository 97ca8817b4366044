"""Table 三: how disclosure applications were received and handled (sums of the 总计 column)."""

import pandas as pd

from ..template import codes
from ..template.identities import children, with_role
from . import AGENCY_HEADERS, add_totals_row, per_report, ratio, with_agency

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


def totals(applications: pd.DataFrame) -> pd.Series:
    """Row code → sum of the 总计 column over all reports (blank cells count as 0)."""
    total = applications[applications["applicant"] == "total"]
    return total.groupby("row", observed=False)["value"].sum().astype("int64")


def volumes(applications: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Received, carried over, handled, carried forward."""
    sums = totals(applications).reindex(list(VOLUME_ROWS), fill_value=0)
    return pd.DataFrame(
        {"code": sums.index, "label": [codes.label("row", c, lang) for c in sums.index], "applications": sums.values}
    )


def flow_ratios(applications: pd.DataFrame) -> pd.DataFrame:
    """Clearance (办结率) and carry-over ratios, each with numerator and denominator."""
    sums = totals(applications)
    workload = int(sums.get("new_received", 0) + sums.get("carried_over", 0))
    rows = [
        ("clearance", "（七）总计 / (一 新收 + 二 上年结转)", int(sums.get("total_handled", 0)), workload),
        ("carry_over", "四 结转下年度 / (一 新收 + 二 上年结转)", int(sums.get("carried_forward", 0)), workload),
    ]
    frame = pd.DataFrame(rows, columns=["ratio", "definition", "numerator", "denominator"])
    frame["value"] = [ratio(n, d) for n, d in zip(frame["numerator"], frame["denominator"])]
    return frame


def result_composition(applications: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """How the handled applications ended, by outcome group, with shares of （七）总计."""
    sums = totals(applications)
    counts = {group: int(sums.reindex(list(rows), fill_value=0).sum()) for group, rows in RESULT_GROUPS.items()}
    handled = int(sums.get("total_handled", 0))
    frame = pd.DataFrame({"group": list(counts), "applications": list(counts.values())})
    frame["label"] = [codes.label("result_group", g, lang) for g in frame["group"]]
    frame["share"] = frame["applications"] / handled if handled else float("nan")
    return frame.sort_values("applications", ascending=False, ignore_index=True)


def refusal_grounds(applications: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Every ground of 不予公开 / 无法提供 / 不予处理 / 其他处理 with its count, largest first."""
    sums = totals(applications)
    present = set(applications["row"].astype(str))
    records = []
    for group, rows in GROUND_GROUPS.items():
        undivided = group == "other_handling" and not present & set(rows)
        for row in ("other_handling",) if undivided else rows:
            records.append(
                (group, codes.label("result_group", group, lang), row, codes.label("row", row, lang), int(sums.get(row, 0)))
            )
    frame = pd.DataFrame(records, columns=["group", "group_label", "row", "label", "applications"])
    return frame.sort_values("applications", ascending=False, ignore_index=True)


def disclosure_rates(applications: pd.DataFrame) -> pd.DataFrame:
    """Disclosure rates in the variants researchers use, each with its numerator and denominator."""
    sums = totals(applications)

    def total(*rows: str) -> int:
        return int(sums.reindex(list(rows), fill_value=0).sum())

    granted, partial = total("granted"), total("partially_granted")
    denied = total(*RESULT_GROUPS["denied"])
    handled = total("total_handled")
    resolvable = handled - total(*RESULT_GROUPS["unavailable"], *RESULT_GROUPS["rejected"], "other_handling")
    variants = [
        ("granted_share", "予以公开 / 总计", granted, handled),
        ("granted_or_partial_share", "(予以公开+部分公开) / 总计", granted + partial, handled),
        (
            "granted_among_decided",
            "(予以公开+部分公开) / (予以公开+部分公开+不予公开)",
            granted + partial,
            granted + partial + denied,
        ),
        (
            "granted_among_resolvable",
            "(予以公开+部分公开) / (总计 − 无法提供 − 不予处理 − 其他处理)",
            granted + partial,
            resolvable,
        ),
    ]
    frame = pd.DataFrame(variants, columns=["rate", "definition", "numerator", "denominator"])
    frame["value"] = [ratio(n, d) for n, d in zip(frame["numerator"], frame["denominator"])]
    return frame


def applicant_composition(applications: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """New applications by kind of applicant."""
    new = applications[(applications["row"] == "new_received") & (applications["applicant"] != "total")]
    sums = new.groupby("applicant", observed=False)["value"].sum().astype("int64").drop("total", errors="ignore")
    frame = pd.DataFrame({"applicant": sums.index.astype(str), "applications": sums.values})
    frame["label"] = [codes.label("applicant", a, lang) for a in frame["applicant"]]
    whole = frame["applications"].sum()
    frame["share"] = frame["applications"] / whole if whole else float("nan")
    return frame.sort_values("applications", ascending=False, ignore_index=True)


def per_agency(applications: pd.DataFrame, reports: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One row per report (agency): volumes, granted, disclosure rate; a totals row at the end."""
    wanted = [*VOLUME_ROWS, "granted", "partially_granted"]
    grid = per_report(applications[applications["applicant"] == "total"], "row", wanted).astype("int64")
    table = with_agency(grid, reports, lang).sort_values("new_received", ascending=False)
    table = add_totals_row(table.reset_index(drop=True), wanted, lang)
    table["disclosure_rate"] = [
        ratio(g + p, h) for g, p, h in zip(table["granted"], table["partially_granted"], table["total_handled"])
    ]
    headers = {c: codes.label("row", c, lang) for c in wanted}
    headers.update(
        AGENCY_HEADERS[lang],
        disclosure_rate="公开率（予以公开+部分公开）/总计" if lang == "zh" else "Disclosure rate (granted+partial)/handled",
    )
    return table.rename(columns=headers)


def ranking(applications: pd.DataFrame, reports: pd.DataFrame, minimum: int = 10) -> pd.DataFrame:
    """Agencies by disclosure rate ((予以公开+部分公开)/总计), only where at least `minimum` were handled.

    A rate on three applications says little; the hidden agencies are counted in `attrs["hidden"]`.
    """
    grid = per_report(
        applications[applications["applicant"] == "total"], "row", ["granted", "partially_granted", "total_handled"]
    )
    table = with_agency(grid, reports)
    table["rate"] = (table["granted"] + table["partially_granted"]) / table["total_handled"].where(table["total_handled"] > 0)
    shown = table[table["total_handled"] >= minimum].sort_values("rate", ascending=False)
    shown.attrs["hidden"] = int((table["total_handled"] < minimum).sum())
    shown.attrs["minimum"] = minimum
    return shown.reset_index(drop=True)
