"""How far the data can be trusted: identities that hold, unknown cells, the reports the figures leave
out and why, failed files, the carry-over chain."""

import pandas as pd

from ..corpus.identity import agency_key, counted_copy, folder_year, misfiled
from ..schema import DATA_TABLES
from . import per_report
from .coverage import basis


def check_summary(checks: pd.DataFrame) -> pd.DataFrame:
    """Per table and rule: how many checks ran, how many failed, and in how many reports."""
    failed = checks[checks["ok"].eq(False)]
    frame = checks.groupby(["table", "rule"], observed=True).agg(checks=("ok", "size"), passed=("ok", "sum"))
    frame["failed"] = frame["checks"] - frame["passed"]
    frame["reports_failing"] = failed.groupby(["table", "rule"], observed=True)["report_id"].nunique()
    frame = frame.fillna({"reports_failing": 0}).astype("int64").reset_index()
    return frame.sort_values(["failed", "checks"], ascending=False, ignore_index=True)


def problems(checks: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Every failed check with the agency and file it belongs to, for a reader to look up."""
    failed = checks[checks["ok"].eq(False)].merge(reports[["report_id", "agency", "path"]], on="report_id")
    return failed[["agency", "path", "table", "rule", "scope", "detail"]].reset_index(drop=True)


def excluded(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every report the figures of a table leave out by default, and why (one row per report and table)."""
    frames = [basis(tables, table).excluded.assign(table=table) for table in DATA_TABLES]
    return pd.concat(frames, ignore_index=True)[["table", "agency", "path", "reason"]]


def unknown_cells(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per report: cells of tables 二, 三 and 四 with no known number (blank, unreadable or ambiguous),
    out of all its cells."""
    cells = pd.concat([tables[name][["report_id", "value"]].astype({"value": "Float64"}) for name in DATA_TABLES])
    grouped = cells.groupby("report_id")["value"]
    frame = pd.DataFrame({"cells": grouped.size(), "unknown": grouped.apply(lambda v: int(v.isna().sum()))})
    frame["share"] = frame["unknown"] / frame["cells"]
    frame = tables["reports"].set_index("report_id")[["agency", "format"]].join(frame, how="inner")
    return frame.sort_values("share", ascending=False).reset_index(drop=True)


def mix(reports: pd.DataFrame) -> pd.DataFrame:
    """Reports per template version and file format, with their status."""
    return pd.crosstab([reports["template"].fillna("?"), reports["format"]], reports["status"], margins=True, margins_name="all")


def misfiled_reports(reports: pd.DataFrame, year: int) -> pd.DataFrame:
    """Reports filed under `year`/ whose text says another year, or on `year` but filed elsewhere: the
    page of either year lists them (the figures count a report in the year its text says)."""
    filed = folder_year(reports)
    wrong = misfiled(reports) & ((filed == year) | (reports["year"] == year)).fillna(False).astype(bool)
    found = reports[wrong].assign(folder_year=filed[wrong])
    return found[["agency", "path", "folder_year", "year"]].reset_index(drop=True)


def year_failures(failures: pd.DataFrame, year: int) -> pd.DataFrame:
    """Files that could not be read, for `year` (those filed under a folder named after it)."""
    return failures[failures["path"].str.startswith(f"{year}/")][["path", "error", "reason"]].reset_index(drop=True)


def carry_over_chain(reports: pd.DataFrame, applications: pd.DataFrame) -> pd.DataFrame:
    """结转下年度 of year N against 上年结转 of year N+1, for every agency reporting in both years.

    Agencies are matched by their normalised name, each agency-year once; a mismatch is the agency's,
    not ours, and is shown, never corrected. Where either figure is unknown, `match` is unknown too.
    """
    columns = ["agency", "year", "carried_forward", "next_year", "carried_over_next", "match"]
    total = applications[applications["applicant"] == "total"]
    grid = per_report(total, "row", ["carried_over", "carried_forward"]).astype("Int64")
    once = reports[counted_copy(reports).isna()]
    who = once.assign(key=agency_key(once)).set_index("report_id")[["key", "agency", "year"]]
    years = who.join(grid, how="inner").reset_index(drop=True)
    following = years.assign(year=years["year"] - 1)[["key", "year", "carried_over"]]
    chain = years[["key", "agency", "year", "carried_forward"]].merge(following, on=["key", "year"])
    chain = chain.rename(columns={"carried_over": "carried_over_next"})
    chain["next_year"] = chain["year"] + 1
    chain["match"] = (chain["carried_forward"] == chain["carried_over_next"]).astype("boolean")
    return chain[columns].sort_values(["agency", "year"], ignore_index=True)
