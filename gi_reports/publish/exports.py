"""The per-agency tables of one year for spreadsheet users: one Excel workbook, and CSV files.

Headers are in Chinese (or English); the CSV files carry a byte-order mark so that Excel opens
them as UTF-8 instead of garbling the Chinese.
"""

from pathlib import Path

import pandas as pd

from ..analysis import applications, proactive, review

SHEETS = {
    "zh": {"applications": "依申请公开", "proactive": "主动公开", "review_litigation": "复议诉讼"},
    "en": {"applications": "Applications", "proactive": "Proactive", "review_litigation": "Review and litigation"},
}


def per_agency_tables(data: dict[str, pd.DataFrame], lang: str = "zh") -> dict[str, pd.DataFrame]:
    """Table name → the per-agency table (one row per report and a totals row)."""
    return {
        "applications": applications.per_agency(data, lang),
        "proactive": proactive.per_agency(data, lang),
        "review_litigation": review.per_agency(data, lang),
    }


def write_exports(data: dict[str, pd.DataFrame], out_dir: Path, year: int, lang: str = "zh") -> list[Path]:
    """per_agency_<year>.xlsx (a sheet per table) and per_agency_<year>_<table>.csv in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = per_agency_tables(data, lang)
    workbook = out_dir / f"per_agency_{year}.xlsx"
    with pd.ExcelWriter(workbook, engine="openpyxl") as writer:
        for name, table in tables.items():
            table.to_excel(writer, sheet_name=SHEETS[lang][name], index=False)
    written = [workbook]
    for name, table in tables.items():
        path = out_dir / f"per_agency_{year}_{name}.csv"
        table.to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    return written
