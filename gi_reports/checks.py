"""The accounting identities of the template, checked on the tidy tables.

Checks report; they never change a number. A blank cell counts as 0 in a sum, as the agencies
that leave cells blank mean it.
"""

import pandas as pd

from .interpret import APPLICANTS, PROCEEDINGS, Interpretation, result_rows

COLUMNS = ["table", "rule", "scope", "ok", "detail"]


def run_checks(applications: pd.DataFrame, review: pd.DataFrame, template: str, result: Interpretation) -> pd.DataFrame:
    records = [*application_checks(applications, template), *review_checks(review)]
    records += [(f.table, f.rule, f.scope, f.ok, f.detail) for f in result.findings]
    checks = pd.DataFrame(records, columns=COLUMNS)
    return checks.astype({"table": "string", "rule": "string", "scope": "string", "ok": "bool", "detail": "string"})


def application_checks(applications: pd.DataFrame, template: str) -> list[tuple]:
    if applications.empty:
        return []
    grid: dict[str, dict[str, int]] = {}
    for row, applicant, value in zip(applications["row"], applications["applicant"], applications["value"]):
        grid.setdefault(row, {})[applicant] = 0 if value is pd.NA else int(value)

    def value(row: str, column: str) -> int:
        return grid.get(row, {}).get(column, 0)

    records = []
    parts = [r for r in result_rows(template, set(grid)) if r in grid]
    for column in APPLICANTS:
        supply = value("new_received", column) + value("carried_over", column)
        demand = value("total_handled", column) + value("carried_forward", column)
        records.append(("applications", "balance", column, supply == demand, f"一+二 = {supply}, 三（七）+四 = {demand}"))
        results = sum(value(r, column) for r in parts)
        handled = value("total_handled", column)
        records.append(
            ("applications", "results_sum", column, results == handled, f"sum of results = {results}, （七）总计 = {handled}")
        )
    for row in grid:
        parts_sum = sum(value(row, column) for column in APPLICANTS[:-1])
        total = value(row, "total")
        records.append(("applications", "row_total", row, parts_sum == total, f"six columns = {parts_sum}, 总计 = {total}"))
    return records


def review_checks(review: pd.DataFrame) -> list[tuple]:
    records = []
    for proceeding in PROCEEDINGS:
        cells = review[review["proceeding"] == proceeding].set_index("outcome")["value"].fillna(0)
        if cells.empty:
            continue
        parts = int(cells.drop("total").sum())
        total = int(cells["total"])
        records.append(
            ("review_litigation", "review_total", proceeding, parts == total, f"维持+纠正+其他+未审结 = {parts}, 总计 = {total}")
        )
    return records
