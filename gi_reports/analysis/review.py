"""Table 四: administrative review and litigation (行政复议、行政诉讼) against the agencies.

All five outcomes appear in every table, and beside the 总计 a report printed stands the sum of its
parts: a report whose two disagree is left out of the figures (`coverage`) but shown as it is.
"""

import pandas as pd

from ..template import codes
from . import AGENCY_HEADERS, add_totals_row, per_report, share, with_agency
from .applications import totals as application_totals
from .coverage import Coverage, basis, covered

PROCEEDINGS = codes.codes("proceeding")
OUTCOMES = codes.codes("outcome")
PARTS = [o for o in OUTCOMES if o != "total"]
DECIDED = [o for o in PARTS if o != "pending"]
SUM_OF_PARTS = {"zh": "各项之和", "en": "Sum of parts"}


def _cases(review: pd.DataFrame) -> pd.DataFrame:
    """Proceeding × outcome (codes), the known cells summed over the reports."""
    keyed = review.assign(proceeding=review["proceeding"].astype(str), outcome=review["outcome"].astype(str))
    grid = keyed.groupby(["proceeding", "outcome"])["value"].sum().unstack("outcome") if len(review) else pd.DataFrame()
    return grid.reindex(index=PROCEEDINGS, columns=OUTCOMES).fillna(0).astype("int64")


def outcome_counts(data: dict[str, pd.DataFrame], lang: str = "zh", include_failing: bool = False) -> pd.DataFrame:
    """Proceeding × the five outcomes summed over the reports, and the sum of the four parts beside 总计."""
    found = basis(data, "review_litigation", include_failing)
    grid = _cases(found.values)
    grid["sum_of_parts"] = grid[PARTS].sum(axis=1)
    grid.index = [codes.label("proceeding", p, lang) for p in grid.index]
    grid.columns = [codes.label("outcome", o, lang) for o in OUTCOMES] + [SUM_OF_PARTS[lang]]
    return covered(grid, found.coverage())


def correction_rates(data: dict[str, pd.DataFrame], lang: str = "zh", include_failing: bool = False) -> pd.DataFrame:
    """纠错率 per proceeding: 结果纠正 / decided cases (维持 + 纠正 + 其他), pending cases left out."""
    found = basis(data, "review_litigation", include_failing)
    grid = _cases(found.values)
    frame = pd.DataFrame(
        {
            "proceeding": PROCEEDINGS,
            "label": [codes.label("proceeding", p, lang) for p in PROCEEDINGS],
            "corrected": grid["corrected"].to_numpy(),
            "decided": grid[DECIDED].sum(axis=1).to_numpy(),
        }
    )
    frame["rate"] = [share(c, d) for c, d in zip(frame["corrected"], frame["decided"])]
    return covered(frame, found.coverage())


def dispute_rate(data: dict[str, pd.DataFrame], include_failing: bool = False) -> pd.DataFrame:
    """(复议 + 诉讼 cases) / new applications, over the reports whose tables 三 and 四 both pass."""
    found = basis(data, "review_litigation", include_failing)
    apps = basis(data, "applications", include_failing)
    both = set(found.reports["report_id"]) & set(apps.reports["report_id"])
    review = found.values[found.values["report_id"].isin(both)]
    total_column = apps.values[apps.values["report_id"].isin(both) & (apps.values["applicant"] == "total")]
    cases = int(review.loc[review["outcome"] == "total", "value"].sum())
    new = int(application_totals(total_column)["value"].fillna(0).get("new_received", 0))
    frame = pd.DataFrame(
        [("dispute_rate", "(行政复议 + 行政诉讼 总计) / 本年新收申请", cases, new, share(cases, new), len(both))],
        columns=["rate", "definition", "numerator", "denominator", "value", "reports"],
    )
    excluded = pd.concat([found.excluded, apps.excluded]).drop_duplicates("report_id", ignore_index=True)
    unknown = int(review["value"].isna().sum() + total_column["value"].isna().sum())
    return covered(frame, Coverage(found.total, found.passing, len(both), unknown, excluded))


def per_agency(data: dict[str, pd.DataFrame], lang: str = "zh", include_failing: bool = False) -> pd.DataFrame:
    """One row per report: the five outcomes and the sum of parts per proceeding, correction and
    dispute rates, and why a report is left out; the totals row sums the reports the figures use."""
    found = basis(data, "review_litigation", include_failing)
    review = data["review_litigation"]
    keyed = review.assign(cell=review["proceeding"].astype(str) + "/" + review["outcome"].astype(str))
    cells = [f"{p}/{o}" for p in PROCEEDINGS for o in OUTCOMES]
    grid = per_report(keyed, "cell", cells).astype("Int64")
    for p in PROCEEDINGS:
        grid.insert(
            grid.columns.get_loc(f"{p}/total") + 1,
            f"{p}/sum_of_parts",
            grid[[f"{p}/{o}" for o in PARTS]].sum(axis=1, min_count=1),
        )
    apps = data["applications"]
    grid = grid.join(per_report(apps[apps["applicant"] == "total"], "row", ["new_received"]).astype("Int64"), how="outer")
    table = with_agency(grid, data["reports"], lang).sort_values(cells[4], ascending=False)
    counted = pd.Series(table.index.isin(found.reports["report_id"]))
    issue = table.index.map(found.excluded.set_index("report_id")["reason"])
    numeric = [c for c in table.columns if "/" in c or c == "new_received"]
    table = add_totals_row(table.reset_index(drop=True), numeric, counted, lang)
    decided = sum(table[f"{p}/{o}"].fillna(0) for p in PROCEEDINGS for o in DECIDED)
    corrected = sum(table[f"{p}/corrected"].fillna(0) for p in PROCEEDINGS)
    cases = sum(table[f"{p}/total"].fillna(0) for p in PROCEEDINGS)
    table["correction_rate"] = [share(c, d) for c, d in zip(corrected, decided)]
    table["dispute_rate"] = [share(c, n) for c, n in zip(cases, table["new_received"])]
    table.loc[table.index[-1], ["correction_rate", "dispute_rate"]] = float("nan")
    table["issue"] = [*issue, pd.NA, pd.NA]
    headers = {
        f"{p}/{o}": f"{codes.label('proceeding', p, lang)}·{codes.label('outcome', o, lang)}"
        for p in PROCEEDINGS
        for o in OUTCOMES
    }
    headers.update({f"{p}/sum_of_parts": f"{codes.label('proceeding', p, lang)}·{SUM_OF_PARTS[lang]}" for p in PROCEEDINGS})
    headers.update(AGENCY_HEADERS[lang], new_received=codes.label("row", "new_received", lang))
    headers.update(
        {"correction_rate": "纠错率（纠正/已审结）", "dispute_rate": "争议率（复议+诉讼）/新收申请", "issue": "未计入合计的原因"}
        if lang == "zh"
        else {
            "correction_rate": "Correction rate (corrected/decided)",
            "dispute_rate": "Dispute rate (cases/new applications)",
            "issue": "Left out of the totals because",
        }
    )
    return covered(table.rename(columns=headers), found.coverage())
