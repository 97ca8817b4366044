"""Which agency-year a report stands for: a year folder that disagrees with the report's text, and
the same agency twice in one year, flagged on the corpus as a whole (no single file shows them).

An agency is its `agency_id` (the same body across years and spellings); where a report has none,
its printed name, normalised (full-width forms and spaces vary between two files of the same agency).
"""

import unicodedata

import pandas as pd

from ..schema import TABLES, dtypes


def agency_key(reports: pd.DataFrame) -> pd.Series:
    """One key per agency: its id where the report has one, else its name normalised."""
    names = reports["agency"].astype("string").fillna("")
    key = names.map(lambda name: "".join(unicodedata.normalize("NFKC", name).split())).astype("string")
    return reports["agency_id"].astype("string").fillna(key) if "agency_id" in reports.columns else key


def folder_year(reports: pd.DataFrame) -> pd.Series:
    """The year of the folder a report is filed under (`2023/x.txt` → 2023), <NA> outside a year folder."""
    first = reports["path"].astype("string").str.extract(r"^(\d{4})/", expand=False)
    return pd.to_numeric(first, errors="coerce").astype("Int64")


def misfiled(reports: pd.DataFrame) -> pd.Series:
    """True where a report's year folder says another year than its text."""
    filed = folder_year(reports)
    return (filed.notna() & (filed != reports["year"].astype("Int64"))).fillna(False).astype(bool)


def counted_copy(reports: pd.DataFrame) -> pd.Series:
    """For each report that repeats an agency-year, the path of the report counted instead; <NA> for
    the one counted. The counted one is filed under its own year, has the fewest problems, comes first."""
    order = reports.assign(
        _key=agency_key(reports),
        _misfiled=misfiled(reports),
        _problems=reports["problems"].fillna(0) if "problems" in reports.columns else 0,
    ).sort_values(["_key", "year", "_misfiled", "_problems", "path"])
    first_path = order.groupby(["_key", "year"], dropna=False)["path"].transform("first")
    repeated = order["path"] != first_path
    return first_path.where(repeated).astype("string").reindex(reports.index)


def identity_checks(reports: pd.DataFrame) -> pd.DataFrame:
    """Failed checks (table `reports`) for every misfiled or repeated report, in the checks schema."""
    filed, copy_of = folder_year(reports), counted_copy(reports)
    wrong_folder = reports[misfiled(reports)]
    repeated = reports[copy_of.notna()]
    found = pd.concat(
        [
            wrong_folder.assign(
                rule="folder_year",
                detail="filed under "
                + filed[wrong_folder.index].astype(str)
                + "/ but the report's text says "
                + wrong_folder["year"].astype(str),
            ),
            repeated.assign(
                rule="agency_year", detail="the same agency and year as " + copy_of[repeated.index] + ", which is counted instead"
            ),
        ]
    )
    checks = found.assign(table="reports", scope=found["path"], ok=False)
    return checks.reindex(columns=TABLES["checks"].names).astype(dtypes("checks")).reset_index(drop=True)


def flag_identity(reports: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reports table with these findings counted in `problems`/`status`, and the findings as checks."""
    checks = identity_checks(reports)
    extra = checks.groupby("report_id").size().reindex(reports["report_id"], fill_value=0).to_numpy()
    problems = reports["problems"].fillna(0).to_numpy() + extra
    flagged = reports.assign(problems=problems, status=["warnings" if p else "ok" for p in problems])
    return flagged.astype(dtypes("reports")), checks
