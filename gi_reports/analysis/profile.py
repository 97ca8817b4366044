"""One agency over every year it reported: figures side by side, checks, carry-over, repeated text, provenance."""

import re
from pathlib import Path

import pandas as pd

from .. import config
from ..errors import ReportError
from ..parse.readers import read_document
from ..template import codes
from . import per_report

SHINGLE = 8  # characters: long enough that shared 8-grams are shared phrases, not shared words


def find(reports: pd.DataFrame, agency: str) -> str:
    """The agency_id that `agency` names: an agency_id, a name as printed or corrected, or a unique part of one."""
    names = reports[["agency_id", "agency", "agency_name"]].astype("string")
    exact = reports.loc[names.eq(agency).any(axis=1), "agency_id"].unique()
    found = (
        exact
        if len(exact)
        else reports.loc[names.apply(lambda c: c.str.contains(agency, regex=False)).any(axis=1), "agency_id"].unique()
    )
    if len(found) != 1:
        listed = ", ".join(sorted(map(str, found))[:10]) or "none"
        raise ValueError(f"{agency!r} names {len(found)} agencies ({listed}): give one agency_id")
    return str(found[0])


def reports_of(reports: pd.DataFrame, agency_id: str) -> pd.DataFrame:
    """The agency's reports, oldest first."""
    return reports[reports["agency_id"] == agency_id].sort_values("year", ignore_index=True)


def side_by_side(tables: dict[str, pd.DataFrame], report_ids: pd.Series, lang: str = "zh") -> pd.DataFrame:
    """Every application row (总计 column) and every review/litigation cell, one column per year."""
    years = tables["reports"].set_index("report_id").loc[list(report_ids), "year"]
    apps = tables["applications"]
    apps = apps[apps["report_id"].isin(report_ids) & (apps["applicant"] == "total")]
    review = tables["review_litigation"]
    review = review[review["report_id"].isin(report_ids)]
    review = review.assign(cell=review["proceeding"].astype(str) + "/" + review["outcome"].astype(str))
    parts = []
    for table, index, label in (
        (apps, "row", lambda code: codes.label("row", code, lang)),
        (
            review,
            "cell",
            lambda cell: " · ".join(codes.label(d, c, lang) for d, c in zip(("proceeding", "outcome"), cell.split("/"))),
        ),
    ):
        if table.empty:
            continue
        grid = per_report(table, index, list(dict.fromkeys(table[index].astype(str)))).T
        grid.columns = years.reindex(grid.columns).to_numpy()
        grid.index = [label(code) for code in grid.index]
        parts.append(grid.astype("Int64"))
    return pd.concat(parts) if parts else pd.DataFrame()


def failed_checks(checks: pd.DataFrame, report_ids: pd.Series) -> pd.DataFrame:
    """The checks the agency's reports did not pass, with the figures compared."""
    failed = checks[checks["report_id"].isin(report_ids) & ~checks["ok"].fillna(False).astype(bool)]
    return failed[["year", "table", "rule", "scope", "detail"]].sort_values(["year", "table"], ignore_index=True)


def carry_over(tables: dict[str, pd.DataFrame], mine: pd.DataFrame) -> pd.DataFrame:
    """结转下年度 of each year against 上年结转 of the next year the agency reported on."""
    apps = tables["applications"]
    apps = apps[apps["report_id"].isin(mine["report_id"]) & (apps["applicant"] == "total")]
    grid = per_report(apps, "row", ["carried_over", "carried_forward"]).astype("Int64")
    years = mine.set_index("report_id")[["year"]].join(grid, how="inner").sort_values("year").drop_duplicates("year", keep=False)
    chain = pd.DataFrame(
        {
            "year": years["year"].to_numpy()[:-1],
            "carried_forward": years["carried_forward"].to_numpy()[:-1],
            "next_year": years["year"].to_numpy()[1:],
            "carried_over_next": years["carried_over"].to_numpy()[1:],
        }
    )
    chain["match"] = chain["carried_forward"] == chain["carried_over_next"]
    return chain


def repeated_text(mine: pd.DataFrame, raw_dir: str | Path = config.RAW_DIR) -> pd.DataFrame:
    """Share of each report's text that repeats its previous year's, as shared 8-character shingles.

    The dataset keeps figures, not text, so the files are read again from `raw_dir`.
    """
    raw = config.find(raw_dir)
    rows, previous = [], None
    for year, path in zip(mine["year"], mine["path"]):
        current = shingles(report_text(raw / path))
        share = len(current & previous) / len(current) if current and previous else float("nan")
        rows.append({"year": year, "path": path, "shingles": len(current), "repeated_share": share})
        previous = current
    return pd.DataFrame(rows)


def report_text(path: Path) -> str:
    """The report's text with white space removed (layout differs across formats, wording does not)."""
    try:
        return re.sub(r"\s+", "", read_document(path).text())
    except (ReportError, OSError):
        return ""


def shingles(text: str) -> set[str]:
    """Every run of `SHINGLE` characters in `text`."""
    return {text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}


def provenance(tables: dict[str, pd.DataFrame], report_ids: pd.Series) -> pd.DataFrame:
    """Every figure of the agency's reports with its raw cell text and where in the file it was found."""
    columns = ["year", "table", "cell", "value", "raw", "source"]
    parts = []
    for name, keys in (
        ("proactive", ["item", "metric"]),
        ("applications", ["row", "applicant"]),
        ("review_litigation", ["proceeding", "outcome"]),
    ):
        table = tables[name][tables[name]["report_id"].isin(report_ids)]
        cell = table[keys[0]].astype(str) + "/" + table[keys[1]].astype(str)
        parts.append(table.assign(table=name, cell=cell)[columns])
    return pd.concat(parts, ignore_index=True).sort_values(["year", "table"], kind="stable", ignore_index=True)
