"""Headline figures per report, cut by province, city and level × kind, for the geography page.

Reports whose publisher is `ambiguous` or `unplaced` have no place to be counted in: they are left
out of every geographic cut and counted apart, so the cuts never silently lose a report.
"""

import pandas as pd

from . import per_report, ratio, share

UNPLACED_FLAGS = ("ambiguous", "unplaced")
# The template rows behind the rates: received, handled, disclosed in full or in part.
APPLICATION_ROWS = ["new_received", "total_handled", "granted", "partially_granted"]
COUNTS = [*APPLICATION_ROWS, "cases", "corrected", "decided"]
# rate → (numerator rows, denominator): (予以公开+部分公开)/办结, 纠正/已审结, (复议+诉讼)/新收.
RATES = {
    "disclosure_rate": (["granted", "partially_granted"], "total_handled"),
    "correction_rate": (["corrected"], "decided"),
    "dispute_rate": (["cases"], "new_received"),
}


def report_figures(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per report: who and where, its application counts, disputes and corrections (<NA> where
    unknown, never 0), and its rates."""
    apps = tables["applications"]
    figures = per_report(apps[apps["applicant"] == "total"], "row", APPLICATION_ROWS)
    cases = per_report(tables["review_litigation"], "outcome", ["total", "corrected", "pending"])
    figures = figures.join(cases.rename(columns={"total": "cases"}), how="outer")
    figures["decided"] = figures["cases"] - figures["pending"]
    who = tables["reports"].set_index("report_id")[
        ["year", "agency", "agency_id", "province", "city", "division_code", "level", "kind", "agency_flags"]
    ]
    frame = who.join(figures, how="left")
    code = frame["division_code"].astype("string")
    frame["province_code"] = code.str[:2] + "0000"
    frame["city_code"] = (code.str[:4] + "00").where(code.str[2:4] != "00")
    frame["placed"] = ~frame["agency_flags"].fillna("").str.contains("|".join(UNPLACED_FLAGS)) & code.notna()
    return frame.assign(**{rate: [share(n, d) for n, d in zip(*parts(frame, rate))] for rate in RATES}).reset_index()


def parts(counts: pd.DataFrame, rate: str) -> tuple[pd.Series, pd.Series]:
    """Numerator and denominator of `rate`, each <NA> where either is unknown."""
    numerators, denominator = RATES[rate]
    numerator = counts[numerators].sum(axis=1, min_count=len(numerators)).astype("Float64")
    known = numerator.notna() & counts[denominator].notna()
    return numerator.where(known), counts[denominator].astype("Float64").where(known)


def unplaced(figures: pd.DataFrame) -> pd.Series:
    """How many reports each cut leaves out, by the reason their publisher has no place."""
    left_out = figures[~figures["placed"]]
    reasons = (
        left_out["agency_flags"]
        .fillna("")
        .map(lambda flags: next((flag for flag in UNPLACED_FLAGS if flag in flags), "no_division"))
    )
    return reasons.value_counts().reindex([*UNPLACED_FLAGS, "no_division"], fill_value=0)


def summarise(figures: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Reports, known counts and rates per group of placed reports; a rate sums only the reports that
    have both its numerator and its denominator, an unknown cell is left out, not read as 0."""
    placed = figures[figures["placed"]]
    for rate in RATES:
        numerator, denominator = parts(placed, rate)
        placed = placed.assign(**{f"{rate}_numerator": numerator, f"{rate}_denominator": denominator})
    groups = placed.groupby(by, dropna=False, observed=True)
    summed = [*COUNTS, *(f"{rate}_{part}" for rate in RATES for part in ("numerator", "denominator"))]
    table = groups[summed].sum(min_count=1).join(groups.size().rename("reports")).reset_index()
    table["applications_per_report"] = [ratio(n, r) for n, r in zip(table["new_received"], table["reports"])]
    for rate in RATES:
        table[rate] = [share(n, d) for n, d in zip(table[f"{rate}_numerator"], table[f"{rate}_denominator"])]
    return table.drop(columns=summed[len(COUNTS) :]).sort_values("reports", ascending=False, ignore_index=True)


def by_province(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per province that has placed reports."""
    return summarise(figures, ["province_code", "province"])


def province_code(figures: pd.DataFrame, province: str) -> str:
    """The 6-digit code of `province`, given as its code or as named in the reports."""
    if province.isdigit():
        return province[:2] + "0000"
    codes = figures.loc[figures["province"] == province, "province_code"].dropna().unique()
    if len(codes) != 1:
        raise ValueError(f"no placed report is in a province named {province!r}")
    return str(codes[0])


def by_city(figures: pd.DataFrame, province: str) -> pd.DataFrame:
    """One row per city of `province` (its name or 6-digit code); bodies of the province itself are 本级."""
    inside = figures[figures["province_code"] == province_code(figures, province)]
    return summarise(inside.assign(city=inside["city"].fillna("本级")), ["city_code", "city"])


def by_level_kind(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per level of government × kind of body."""
    return summarise(figures, ["level", "kind"])


HEADERS = {
    "zh": {
        "province": "省份", "city": "城市", "level": "层级", "kind": "机关类别", "agency": "发布机关", "reports": "报告数",
        "new_received": "新收申请", "applications_per_report": "每份报告新收申请", "disclosure_rate": "公开率",
        "correction_rate": "纠错率", "dispute_rate": "复议诉讼率", "rate": "比率", "value": "本机关",
        "peers": "同类数", "q1": "下四分位", "median": "中位数", "q3": "上四分位", "position": "位置",
    },
    "en": {
        "province": "Province", "city": "City", "level": "Level", "kind": "Kind of body", "agency": "Agency",
        "reports": "Reports", "new_received": "New applications", "applications_per_report": "Applications per report",
        "disclosure_rate": "Disclosure rate", "correction_rate": "Correction rate", "dispute_rate": "Dispute rate",
        "rate": "Rate", "value": "This agency", "peers": "Peers", "q1": "Q1", "median": "Median", "q3": "Q3",
        "position": "Position",
    },
}  # fmt: skip


def labelled(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """`table` with its columns named for a reader (Chinese or English), not by their codes."""
    return table.rename(columns=HEADERS[lang])
