"""How far the data can be trusted: identities that hold, blank cells, failed files, the carry-over chain."""

import pandas as pd

from . import per_report


def check_summary(checks: pd.DataFrame) -> pd.DataFrame:
    """Per table and rule: how many checks ran, how many failed, and in how many reports."""
    failed = checks[~checks["ok"]]
    frame = checks.groupby(["table", "rule"], observed=True).agg(checks=("ok", "size"), passed=("ok", "sum"))
    frame["failed"] = frame["checks"] - frame["passed"]
    frame["reports_failing"] = failed.groupby(["table", "rule"], observed=True)["report_id"].nunique()
    frame = frame.fillna({"reports_failing": 0}).astype("int64").reset_index()
    return frame.sort_values(["failed", "checks"], ascending=False, ignore_index=True)


def problems(checks: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Every failed check with the agency and file it belongs to, for a reader to look up."""
    failed = checks[~checks["ok"]].merge(reports[["report_id", "agency", "path"]], on="report_id")
    return failed[["agency", "path", "table", "rule", "scope", "detail"]].reset_index(drop=True)


def blank_cells(applications: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Per report: cells of table 三 left blank (no number printed) out of all its cells."""
    grouped = applications.groupby("report_id")["value"]
    frame = pd.DataFrame({"cells": grouped.size(), "blank": grouped.apply(lambda v: int(v.isna().sum()))})
    frame["share"] = frame["blank"] / frame["cells"]
    frame = reports.set_index("report_id")[["agency", "format"]].join(frame, how="inner")
    return frame.sort_values("share", ascending=False).reset_index(drop=True)


def mix(reports: pd.DataFrame) -> pd.DataFrame:
    """Reports per template version and file format, with their status."""
    return pd.crosstab([reports["template"].fillna("?"), reports["format"]], reports["status"], margins=True, margins_name="all")


def year_failures(failures: pd.DataFrame, year: int) -> pd.DataFrame:
    """Files that could not be read, for `year` (those filed under a folder named after it)."""
    return failures[failures["path"].str.startswith(f"{year}/")][["path", "error", "reason"]].reset_index(drop=True)


def carry_over_chain(reports: pd.DataFrame, applications: pd.DataFrame) -> pd.DataFrame:
    """结转下年度 of year N against 上年结转 of year N+1, for every agency reporting in both years.

    Agencies are matched by their name as extracted; a mismatch is the agency's, not ours, and is
    shown, never corrected.
    """
    total = applications[applications["applicant"] == "total"]
    grid = per_report(total, "row", ["carried_over", "carried_forward"]) if len(total) else pd.DataFrame()
    if grid.empty:
        return pd.DataFrame(columns=["agency", "year", "carried_forward", "next_year", "carried_over_next", "match"])
    who = reports.drop_duplicates(["agency", "year"], keep=False).set_index("report_id")[["agency", "year"]]
    years = who.join(grid, how="inner").reset_index(drop=True)
    following = years.assign(year=years["year"] - 1)[["agency", "year", "carried_over"]]
    chain = years[["agency", "year", "carried_forward"]].merge(following, on=["agency", "year"])
    chain = chain.rename(columns={"carried_over": "carried_over_next"})
    chain.insert(3, "next_year", chain["year"] + 1)
    chain["match"] = chain["carried_forward"] == chain["carried_over_next"]
    return chain.sort_values(["agency", "year"], ignore_index=True)
