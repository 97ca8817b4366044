"""Table 四: administrative review and litigation (行政复议、行政诉讼) against the agencies."""

import pandas as pd

from ..template import codes
from . import AGENCY_HEADERS, add_totals_row, per_report, ratio, with_agency
from .applications import totals as application_totals

PROCEEDINGS = codes.codes("proceeding")
OUTCOMES = codes.codes("outcome")


def _cases(review: pd.DataFrame) -> pd.DataFrame:
    """Proceeding × outcome (codes), summed over the reports, blanks as 0."""
    grid = review.pivot_table(index="proceeding", columns="outcome", values="value", aggfunc="sum", observed=False)
    return grid.reindex(index=PROCEEDINGS, columns=OUTCOMES).fillna(0).astype("int64")


def outcome_counts(review: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Proceeding × outcome, summed over the reports (rows and columns labelled)."""
    grid = _cases(review)
    grid.index = [codes.label("proceeding", p, lang) for p in grid.index]
    grid.columns = [codes.label("outcome", o, lang) for o in grid.columns]
    return grid


def correction_rates(review: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """纠错率 per proceeding: 结果纠正 / decided cases (总计 − 尚未审结), pending cases left out."""
    grid = _cases(review)
    frame = pd.DataFrame(
        {
            "proceeding": PROCEEDINGS,
            "label": [codes.label("proceeding", p, lang) for p in PROCEEDINGS],
            "corrected": grid["corrected"].to_numpy(),
            "decided": (grid["total"] - grid["pending"]).to_numpy(),
        }
    )
    frame["rate"] = [ratio(c, d) for c, d in zip(frame["corrected"], frame["decided"])]
    return frame


def dispute_rate(review: pd.DataFrame, applications: pd.DataFrame) -> pd.DataFrame:
    """(复议 + 诉讼 cases) / new applications: how often an application ends in a dispute."""
    cases = int(review.loc[review["outcome"] == "total", "value"].sum())
    new = int(application_totals(applications).get("new_received", 0))
    return pd.DataFrame(
        [("dispute_rate", "(行政复议 + 行政诉讼 总计) / 本年新收申请", cases, new, ratio(cases, new))],
        columns=["rate", "definition", "numerator", "denominator", "value"],
    )


def per_agency(review: pd.DataFrame, applications: pd.DataFrame, reports: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One row per report: cases and corrections per proceeding, correction and dispute rates; a totals row."""
    keyed = review.assign(cell=review["proceeding"].astype(str) + "/" + review["outcome"].astype(str))
    cells = [f"{p}/{o}" for p in PROCEEDINGS for o in ("total", "corrected", "pending")]
    grid = per_report(keyed, "cell", cells).astype("int64")
    new = per_report(applications[applications["applicant"] == "total"], "row", ["new_received"]).astype("int64")
    grid = grid.join(new, how="left").fillna(0)
    table = with_agency(grid, reports, lang).sort_values(cells[0], ascending=False).reset_index(drop=True)
    table = add_totals_row(table, [*cells, "new_received"], lang)
    decided = sum(table[f"{p}/total"] - table[f"{p}/pending"] for p in PROCEEDINGS)
    corrected = sum(table[f"{p}/corrected"] for p in PROCEEDINGS)
    cases = sum(table[f"{p}/total"] for p in PROCEEDINGS)
    table["correction_rate"] = [ratio(c, d) for c, d in zip(corrected, decided)]
    table["dispute_rate"] = [ratio(c, n) for c, n in zip(cases, table["new_received"])]
    headers = {
        f"{p}/{o}": f"{codes.label('proceeding', p, lang)}·{codes.label('outcome', o, lang)}"
        for p in PROCEEDINGS
        for o in OUTCOMES
    }
    headers.update(AGENCY_HEADERS[lang], new_received=codes.label("row", "new_received", lang))
    headers.update(
        {"correction_rate": "纠错率（纠正/已审结）", "dispute_rate": "争议率（复议+诉讼）/新收申请"}
        if lang == "zh"
        else {"correction_rate": "Correction rate (corrected/decided)", "dispute_rate": "Dispute rate (cases/new applications)"}
    )
    return table.rename(columns=headers)
