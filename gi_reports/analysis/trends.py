"""Several years side by side: headline figures per year, over all reports and over the same agencies
(a balanced panel, so an agency entering does not pass for growth), one agency over time, unusual jumps.

Each year sums the reports that pass the identities of table 三 (or 四 for the review columns), each
agency-year once (`coverage`); how many reports stand behind every point is a column beside it.
"""

import pandas as pd

from ..corpus.identity import agency_key
from . import per_report, share
from .coverage import basis, covered

HEADLINE_ROWS = ["new_received", "total_handled", "granted", "partially_granted", "carried_forward"]
REVIEW_COLUMNS = ["review_cases", "litigation_cases", "corrected", "decided"]
YEARLY_COLUMNS = ["year", "reports", "template", *HEADLINE_ROWS, "disclosure_rate", "review_reports", *REVIEW_COLUMNS]
YEARLY_COLUMNS += ["correction_rate"]


def _who(reports: pd.DataFrame) -> pd.DataFrame:
    return reports.assign(agency_key=agency_key(reports)).set_index("report_id")[["agency", "agency_key", "year", "template"]]


def application_figures(tables: dict[str, pd.DataFrame], include_failing: bool = False) -> pd.DataFrame:
    """report_id → agency, year, template and the headline rows of table 三 (unknown stays <NA>)."""
    found = basis(tables, "applications", include_failing)
    figures = per_report(found.values[found.values["applicant"] == "total"], "row", HEADLINE_ROWS).astype("Int64")
    return covered(_who(found.reports).join(figures, how="inner"), found.coverage())


def review_figures(tables: dict[str, pd.DataFrame], include_failing: bool = False) -> pd.DataFrame:
    """report_id → agency, year, review and litigation cases, corrected and decided cases."""
    found = basis(tables, "review_litigation", include_failing)
    review = found.values
    cases = review[review["outcome"] == "total"]
    kind = cases["proceeding"].map(lambda p: "review_cases" if p == "admin_review" else "litigation_cases")
    figures = per_report(cases.assign(kind=kind), "kind", ["review_cases", "litigation_cases"])
    decided = review[review["outcome"].isin(["upheld", "corrected", "other"])].assign(kind="decided")
    figures = figures.join(per_report(review[review["outcome"] == "corrected"], "outcome", ["corrected"]))
    figures = figures.join(per_report(decided, "kind", ["decided"])).astype("Int64")
    return covered(_who(found.reports).join(figures, how="inner"), found.coverage())


def panel_agencies(figures: pd.DataFrame) -> list[str]:
    """The agencies (keys) with a report in every year the figures span: the balanced panel."""
    if figures.empty:
        return []
    years = figures.groupby("agency_key")["year"].nunique()
    return sorted(years[years == figures["year"].nunique()].index)


def yearly(tables: dict[str, pd.DataFrame], panel: bool = False, include_failing: bool = False) -> pd.DataFrame:
    """One row per year: reports summed, template, applications, disclosure rate, review and litigation.

    `panel=True` keeps only the agencies with a report in every year (of table 三's figures).
    """
    apps, review = application_figures(tables, include_failing), review_figures(tables, include_failing)
    if panel:
        agencies = panel_agencies(apps)
        apps, review = apps[apps["agency_key"].isin(agencies)], review[review["agency_key"].isin(agencies)]
    if apps.empty and review.empty:
        return covered(pd.DataFrame(columns=YEARLY_COLUMNS), apps.attrs["coverage"])
    sums = apps.groupby("year").agg(
        reports=("agency", "size"),
        template=("template", lambda t: "+".join(sorted(t.dropna().unique()))),
        **{row: (row, "sum") for row in HEADLINE_ROWS},
    )
    sums["disclosure_rate"] = [
        share(g + p, h) for g, p, h in zip(sums["granted"], sums["partially_granted"], sums["total_handled"])
    ]
    cases = review.groupby("year").agg(review_reports=("agency", "size"), **{c: (c, "sum") for c in REVIEW_COLUMNS})
    frame = sums.join(cases, how="outer").fillna({"reports": 0, "review_reports": 0})
    frame["correction_rate"] = [share(c, d) for c, d in zip(frame["corrected"], frame["decided"])]
    frame = frame.reset_index().astype({"year": "int64", "reports": "int64", "review_reports": "int64"})
    return covered(frame[YEARLY_COLUMNS], apps.attrs["coverage"])


def template_change(yearly_table: pd.DataFrame) -> list[int]:
    """The first year of each new template version (where a chart draws its dividing line)."""
    changes, previous = [], None
    for year, template in zip(yearly_table["year"], yearly_table["template"]):
        if previous is not None and template != previous:
            changes.append(int(year))
        previous = template
    return changes


def agency_series(tables: dict[str, pd.DataFrame], agency: str) -> pd.DataFrame:
    """The headline figures of one agency (by its printed or normalised name), year by year."""
    figures = application_figures(tables).join(review_figures(tables)[REVIEW_COLUMNS], how="left")
    wanted = agency_key(pd.DataFrame({"agency": [agency]})).iloc[0]
    return figures[figures["agency_key"] == wanted].drop(columns="agency_key").sort_values("year").reset_index(drop=True)


def followed_agencies(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Agencies with reports on more than one year, by how many years they span."""
    reports = tables["reports"]
    counts = reports.assign(key=agency_key(reports)).groupby("key").agg(agency=("agency", "first"), years=("year", "nunique"))
    counts = counts[counts["years"] > 1].sort_values("years", ascending=False)
    return counts.set_index("agency")["years"]


def jumps(tables: dict[str, pd.DataFrame], factor: float = 3.0, minimum: int = 20) -> pd.DataFrame:
    """Year-on-year changes in new applications of at least `factor`× and `minimum` applications.

    Such a jump is worth a look (a misplaced digit, a changed scope, a real event); it is flagged,
    not judged. Compared are consecutive reports of the same agency.
    """
    columns = ["agency", "previous_year", "previous", "year", "new_received"]
    figures = application_figures(tables).dropna(subset=["new_received"]).sort_values(["agency_key", "year"])
    figures["previous_year"] = figures.groupby("agency_key")["year"].shift()
    figures["previous"] = figures.groupby("agency_key")["new_received"].shift()
    pairs = figures.dropna(subset=["previous"])
    low = pairs[["new_received", "previous"]].min(axis=1)
    high = pairs[["new_received", "previous"]].max(axis=1)
    flagged = pairs[(high - low >= minimum) & (high >= factor * low)]
    return flagged[columns].astype({"previous_year": "int64", "previous": "int64"}).reset_index(drop=True)
