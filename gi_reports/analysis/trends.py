"""Several years side by side: headline figures per year, one agency over time, unusual jumps."""

import pandas as pd

from . import per_report, ratio

HEADLINE_ROWS = ["new_received", "total_handled", "granted", "partially_granted", "carried_forward"]


def _per_report_figures(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """report_id → agency, year, template, the headline application rows, review and litigation cases."""
    apps = tables["applications"]
    figures = per_report(apps[apps["applicant"] == "total"], "row", HEADLINE_ROWS)
    review = tables["review_litigation"]
    cases = review[review["outcome"] == "total"]
    figures["review_cases"] = per_report(cases[cases["proceeding"] == "admin_review"], "outcome", ["total"])["total"]
    figures["litigation_cases"] = per_report(cases[cases["proceeding"] != "admin_review"], "outcome", ["total"])["total"]
    corrected = review[review["outcome"].isin(["corrected", "pending"])]
    figures = figures.join(per_report(corrected, "outcome", ["corrected", "pending"]))
    figures = figures.fillna(0).astype("int64")
    who = tables["reports"].set_index("report_id")[["agency", "year", "template"]]
    return who.join(figures, how="inner")


def yearly(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per year: reports, template, applications, disclosure rate, review and litigation cases."""
    figures = _per_report_figures(tables)
    if figures.empty:
        return pd.DataFrame()
    sums = figures.groupby("year").agg(
        reports=("agency", "size"),
        template=("template", lambda t: "+".join(sorted(t.dropna().unique()))),
        **{column: (column, "sum") for column in [*HEADLINE_ROWS, "review_cases", "litigation_cases", "corrected", "pending"]},
    )
    sums["disclosure_rate"] = [
        ratio(g + p, h) for g, p, h in zip(sums["granted"], sums["partially_granted"], sums["total_handled"])
    ]
    decided = sums["review_cases"] + sums["litigation_cases"] - sums["pending"]
    sums["correction_rate"] = [ratio(c, d) for c, d in zip(sums["corrected"], decided)]
    return sums.reset_index()


def template_change(yearly_table: pd.DataFrame) -> list[int]:
    """The first year of each new template version (where a chart draws its dividing line)."""
    changes, previous = [], None
    for year, template in zip(yearly_table["year"], yearly_table["template"]):
        if previous is not None and template != previous:
            changes.append(int(year))
        previous = template
    return changes


def agency_series(tables: dict[str, pd.DataFrame], agency: str) -> pd.DataFrame:
    """The headline figures of one agency, year by year."""
    figures = _per_report_figures(tables)
    return figures[figures["agency"] == agency].sort_values("year").reset_index(drop=True)


def followed_agencies(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Agencies with reports on more than one year, by how many years they span."""
    reports = tables["reports"]
    counts = reports.groupby("agency")["year"].nunique()
    return counts[counts > 1].sort_values(ascending=False)


def jumps(tables: dict[str, pd.DataFrame], factor: float = 3.0, minimum: int = 20) -> pd.DataFrame:
    """Year-on-year changes in new applications of at least `factor`× and `minimum` applications.

    Such a jump is worth a look (a misplaced digit, a changed scope, a real event); it is flagged,
    not judged. Compared are consecutive reports of the same agency.
    """
    figures = _per_report_figures(tables).sort_values(["agency", "year"])
    figures["previous_year"] = figures.groupby("agency")["year"].shift()
    figures["previous"] = figures.groupby("agency")["new_received"].shift()
    pairs = figures.dropna(subset=["previous"])
    low = pairs[["new_received", "previous"]].min(axis=1)
    high = pairs[["new_received", "previous"]].max(axis=1)
    flagged = pairs[(high - low >= minimum) & (high >= factor * low)]
    columns = ["agency", "previous_year", "previous", "year", "new_received"]
    return flagged[columns].astype({"previous_year": "int64", "previous": "int64"}).reset_index(drop=True)
