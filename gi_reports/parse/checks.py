"""The accounting identities of the template (declared in template/identities.csv), checked on tables 三 and 四.

Checks report; they never change a number. A blank cell counts as 0 in a sum, as the agencies
that leave cells blank mean it.
"""

from ..template.identities import DIMENSIONS, identities
from .interpret import Interpretation


def check_records(tables: dict[str, list[tuple]], template: str, result: Interpretation) -> list[tuple]:
    """(table, rule, scope, ok, detail) for every identity, then the interpreter's findings."""
    records = [record for table in DIMENSIONS for record in identity_checks(table, tables[table], template)]
    return records + [(f.table, f.rule, f.scope, f.ok, f.detail) for f in result.findings]


def identity_checks(table: str, rows: list[tuple], template: str) -> list[tuple]:
    """Every identity of `table` on its rows (first dimension, second dimension, value, ...)."""
    grid: dict[str, dict[str, int | None]] = {}
    for first, second, value, *_ in rows:
        grid.setdefault(first, {})[second] = value
    if not grid:
        return []
    return [
        (table, identity.rule, scope, holds, identity.detail(left, right))
        for identity in identities(table)
        for scope, holds, left, right in identity.evaluate(grid, template)
    ]
