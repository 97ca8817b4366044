"""Computations the notebooks share, on the tables of data/processed.

One module per notebook subject (`proactive`, `applications`, `review`, `quality`, `trends`);
what they all need lives here. Every rate states its numerator and denominator so a reader can
recompute it. A blank or unreadable cell is unknown (<NA>), never 0: sums leave it out and say how
many reports they cover (`coverage`).
"""

from pathlib import Path

import pandas as pd

from .. import config
from ..corpus.store import load
from ..template import codes

TOTAL_LABEL = {"zh": "合计（{used}/{reports} 份报告）", "en": "Total ({used} of {reports} reports)"}
KNOWN_LABEL = {"zh": "其中有数字的报告", "en": "Reports with a figure"}
AGENCY_HEADERS = {
    "zh": {"agency": "发布机关", "level": "层级", "year": "年度"},
    "en": {"agency": "Agency", "level": "Level", "year": "Year"},
}


def resolve(data_dir: str | Path) -> Path:
    """A data folder given relative to the project (as notebook parameters are)."""
    return config.find(data_dir)


def load_year(data_dir: str | Path, year: int) -> dict[str, pd.DataFrame]:
    """Every table restricted to the reports on `year` (only that year's files are read)."""
    return load(resolve(data_dir), year=year)


def load_all(data_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Every table, every year (the trends and the carry-over chain need them together)."""
    return load(resolve(data_dir))


def years(data_dir: str | Path) -> list[int]:
    """The years the dataset has reports on."""
    reports = load(resolve(data_dir), ("reports",), columns=["year"])["reports"]
    return sorted(int(y) for y in reports["year"].dropna().unique())


def per_report(table: pd.DataFrame, index: str, columns: list[str], value: str = "value") -> pd.DataFrame:
    """report_id × `index` codes, summed; <NA> where a report has no known figure for the code."""
    if table.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="report_id"), dtype="Float64")
    keyed = table.assign(**{index: table[index].astype(str)})
    grid = keyed.groupby(["report_id", index], observed=True)[value].sum(min_count=1).unstack(index)
    return grid.reindex(columns=columns).astype("Float64")


def with_agency(grid: pd.DataFrame, reports: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Agency and level (labelled) before the columns of `grid`, one row per report (every report,
    a figure it lacks left unknown)."""
    who = reports.set_index("report_id")[["agency", "level"]].copy()
    who["level"] = who["level"].map(lambda level: codes.label("level", level, lang) if pd.notna(level) else "")
    return who.join(grid, how="left")


def add_totals_row(table: pd.DataFrame, numeric: list[str], counted: pd.Series, lang: str = "zh") -> pd.DataFrame:
    """The table with a 合计 row summing `numeric` over the rows where `counted`, and a row saying how
    many of them had a figure in each column (an unknown cell is left out of the sum, not read as 0)."""
    used = table[counted.to_numpy()]
    total = {column: pd.NA for column in table.columns}
    total.update(used[numeric].sum(min_count=1))
    known = {column: pd.NA for column in table.columns}
    known.update(used[numeric].notna().sum())
    total[table.columns[0]] = TOTAL_LABEL[lang].format(used=len(used), reports=len(table))
    known[table.columns[0]] = KNOWN_LABEL[lang]
    return pd.concat([table, pd.DataFrame([total, known]).astype(table.dtypes.to_dict())], ignore_index=True)


def ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, or NaN where there is nothing to divide by or the figures are unknown."""
    if pd.isna(numerator) or pd.isna(denominator) or not denominator:
        return float("nan")
    return float(numerator / denominator)


def share(numerator: float, denominator: float) -> float:
    """A rate, which lies in [0, 1]; NaN where the figures make it fall outside (a report's own
    figures that do not add up are the report's problem, not a statistic)."""
    value = ratio(numerator, denominator)
    return value if 0 <= value <= 1 else float("nan")


def headline(reports: pd.DataFrame, year: int, data_dir: str | Path) -> str:
    """The first line of a per-year notebook: what it covers, or what to do when there is nothing."""
    if reports.empty:
        return f"**No reports on {year} in `{data_dir}`.** Put them under `data/raw/{year}/` and run `gi-reports build`."
    ok = int((reports["status"] == "ok").sum())
    templates = ", ".join(f"{t} template" for t in sorted(reports["template"].dropna().unique()))
    return f"**{len(reports)} reports on {year}** ({templates}); {ok} pass every check."
