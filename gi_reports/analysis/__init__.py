"""Computations the notebooks share, on the tables of data/processed.

One module per notebook subject (`proactive`, `applications`, `review`, `quality`, `trends`);
what they all need lives here. Every rate states its numerator and denominator so a reader can
recompute it, and blank cells count as 0 in sums, as the agencies that leave them blank mean it.
"""

from pathlib import Path

import pandas as pd

from .. import config
from ..corpus.store import load
from ..template import codes

TOTAL_LABEL = {"zh": "合计", "en": "Total"}
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
    """report_id × `index` codes, summed (blank → 0), with every wanted column present."""
    grid = table.pivot_table(index="report_id", columns=index, values=value, aggfunc="sum", observed=True)
    return grid.reindex(columns=columns).fillna(0)


def with_agency(grid: pd.DataFrame, reports: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Agency and level (labelled) before the columns of `grid`, one row per report."""
    who = reports.set_index("report_id")[["agency", "level"]].copy()
    who["level"] = who["level"].map(lambda level: codes.label("level", level, lang) if pd.notna(level) else "")
    return who.join(grid, how="inner")


def add_totals_row(table: pd.DataFrame, numeric: list[str], lang: str = "zh") -> pd.DataFrame:
    """The table with a last row summing `numeric`, labelled 合计 / Total in the first column."""
    total = {column: "" for column in table.columns}
    total.update(table[numeric].sum())
    total[table.columns[0]] = TOTAL_LABEL[lang]
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


def ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, or NaN where there is nothing to divide by."""
    return numerator / denominator if denominator else float("nan")


def headline(reports: pd.DataFrame, year: int, data_dir: str | Path) -> str:
    """The first line of a per-year notebook: what it covers, or what to do when there is nothing."""
    if reports.empty:
        return f"**No reports on {year} in `{data_dir}`.** Put them under `data/raw/{year}/` and run `gi-reports build`."
    ok = int((reports["status"] == "ok").sum())
    templates = ", ".join(f"{t} template" for t in sorted(reports["template"].dropna().unique()))
    return f"**{len(reports)} reports on {year}** ({templates}); {ok} pass every check."
