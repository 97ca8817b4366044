"""The accounting identities of the template, checked on the rows of tables 三 and 四.

Checks report; they never change a number. A blank cell counts as 0 in a sum, as the agencies
that leave cells blank mean it.
"""

from .interpret import APPLICANTS, PROCEEDINGS, Interpretation, result_rows


def check_records(tables: dict[str, list[tuple]], template: str, result: Interpretation) -> list[tuple]:
    """(table, rule, scope, ok, detail) for every identity, then the interpreter's findings."""
    records = application_checks(tables["applications"], template) + review_checks(tables["review_litigation"])
    return records + [(f.table, f.rule, f.scope, f.ok, f.detail) for f in result.findings]


def application_checks(rows: list[tuple], template: str) -> list[tuple]:
    grid: dict[str, dict[str, int]] = {}
    for row, applicant, value, *_ in rows:
        grid.setdefault(row, {})[applicant] = value or 0
    if not grid:
        return []

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


def review_checks(rows: list[tuple]) -> list[tuple]:
    cells: dict[str, dict[str, int]] = {}
    for proceeding, outcome, value, *_ in rows:
        cells.setdefault(proceeding, {})[outcome] = value or 0
    records = []
    for proceeding in PROCEEDINGS:
        if proceeding not in cells:
            continue
        outcomes = cells[proceeding]
        total = outcomes.get("total", 0)
        parts = sum(v for outcome, v in outcomes.items() if outcome != "total")
        records.append(
            ("review_litigation", "review_total", proceeding, parts == total, f"维持+纠正+其他+未审结 = {parts}, 总计 = {total}")
        )
    return records


def doubt_records(tables: dict[str, list[tuple]], doubts: dict[str, str]) -> list[tuple]:
    """A flag for every cell whose text the reader doubts (an OCR reading that may be wrong)."""
    if not doubts:
        return []
    records = []
    for name, rows in tables.items():
        for *keys, _value, _raw, source in rows:
            if source in doubts:
                scope = "/".join(str(k) for k in keys if k is not None)
                records.append((name, "unsure_reading", scope, False, f"{doubts[source]} ({source})"))
    return records
