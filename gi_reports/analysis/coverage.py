"""Which reports a figure stands on, and what it leaves out.

A report whose parts do not add up to its own total would bend every share it enters, so a figure
sums only the reports that pass the identities of its table (unless asked to include them), and
each agency-year once. What is left out is listed with why; unknown cells are counted, never read as 0.
"""

from dataclasses import dataclass, field

import pandas as pd

from ..corpus.identity import counted_copy, folder_year, misfiled
from ..template.identities import identities

EXCLUDED_COLUMNS = ["report_id", "agency", "path", "reason"]
NOTE = {
    "zh": {
        "over": "依据 {reports} 份报告中的 {used} 份（{passing} 份通过全部校验）",
        "unknown": "；{unknown} 个单元格数字未知，未计为 0。",
        "end": "。",
        "left_out": "\n\n未计入：",
        "report": "{agency}（`{path}`）：{reason}",
    },
    "en": {
        "over": "Over {used} of {reports} reports ({passing} pass every check)",
        "unknown": "; {unknown} cells unknown, not counted as 0.",
        "end": ".",
        "left_out": "\n\nLeft out:",
        "report": "{agency} (`{path}`): {reason}",
    },
}


@dataclass(frozen=True, eq=False)  # compared by identity: pandas compares the attrs of frames it combines
class Coverage:
    """How many reports a figure covers, which it left out and why, how many of its cells were unknown."""

    reports: int  # reports on the year (or years)
    passing: int  # of them, passing every check
    used: int  # reports the figure sums
    unknown: int = 0  # cells the figure reads that are unknown (<NA>) in the reports it sums
    excluded: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EXCLUDED_COLUMNS))

    def note(self, lang: str = "zh") -> str:
        """One paragraph for under a figure: n of N reports, the unknown cells, the reports left out."""
        words = NOTE[lang]
        text = words["over"].format(used=self.used, reports=self.reports, passing=self.passing)
        text += words["unknown"].format(unknown=self.unknown) if self.unknown else words["end"]
        left = [words["report"].format(agency=r.agency, path=r.path, reason=r.reason) for r in self.excluded.itertuples()]
        return text + (words["left_out"] + "".join(f"\n- {line}" for line in left) if left else "")


@dataclass(frozen=True)
class Basis:
    """The rows of one table a figure may sum, from the reports it may use."""

    reports: pd.DataFrame  # the reports used
    values: pd.DataFrame  # the table's rows of those reports
    excluded: pd.DataFrame  # report_id, agency, path, reason of each report left out
    total: int
    passing: int

    def coverage(self, cells: pd.DataFrame | None = None) -> Coverage:
        """Coverage of a figure that reads `cells` (rows of `values`; all of them by default)."""
        cells = self.values if cells is None else cells
        unknown = int(cells["value"].isna().sum()) if "value" in cells.columns else 0
        return Coverage(self.total, self.passing, len(self.reports), unknown, self.excluded)


def exclusions(tables: dict[str, pd.DataFrame], table: str, include_failing: bool = False) -> pd.DataFrame:
    """report_id → reason, for every report a figure on `table` leaves out.

    A repeated agency-year is always left out (the one filed under its own year is counted);
    a misfiled report and one failing an identity of `table` only unless `include_failing`.
    """
    reports = tables["reports"].reset_index(drop=True)
    reasons: dict[str, list[str]] = {}
    for report, copy_of in zip(reports["report_id"], counted_copy(reports)):
        if pd.notna(copy_of):
            reasons.setdefault(report, []).append(f"the same agency and year as `{copy_of}` (counted once)")
    if not include_failing:
        filed = folder_year(reports)
        for index in reports.index[misfiled(reports)]:
            year = reports.at[index, "year"]
            reasons.setdefault(reports.at[index, "report_id"], []).append(f"filed under {filed[index]}/, its text says {year}")
        checks = tables.get("checks", pd.DataFrame(columns=["report_id", "table", "rule", "scope", "ok", "detail"]))
        failed = checks[
            (checks["table"] == table) & checks["rule"].isin([i.rule for i in identities(table)]) & checks["ok"].eq(False)
        ]
        for check in failed.itertuples():
            reasons.setdefault(check.report_id, []).append(f"{check.rule} ({check.scope}): {check.detail}")
    return pd.Series({report: "; ".join(why) for report, why in reasons.items()}, dtype="string", name="reason")


def basis(tables: dict[str, pd.DataFrame], table: str, include_failing: bool = False) -> Basis:
    """The reports and rows of `table` a figure sums, and the reports it leaves out with why."""
    reports = tables["reports"]
    reasons = exclusions(tables, table, include_failing)
    left_out = reports["report_id"].isin(reasons.index)
    excluded = reports[left_out][["report_id", "agency", "path"]].assign(reason=lambda f: f["report_id"].map(reasons))
    used = reports[~left_out]
    values = tables[table][tables[table]["report_id"].isin(used["report_id"])] if table in tables else pd.DataFrame()
    passing = int((reports["status"] == "ok").sum()) if "status" in reports.columns else len(reports)
    return Basis(used, values, excluded[EXCLUDED_COLUMNS].reset_index(drop=True), len(reports), passing)


def note(figure: pd.DataFrame, lang: str = "zh") -> str:
    """The coverage note a figure carries (`attrs["coverage"]`)."""
    return figure.attrs["coverage"].note(lang)


def covered(figure: pd.DataFrame, coverage: Coverage) -> pd.DataFrame:
    """`figure` carrying its coverage, for the notebook to print under it."""
    figure.attrs["coverage"] = coverage
    return figure
