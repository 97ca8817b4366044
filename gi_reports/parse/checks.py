"""The accounting identities of the template (declared in template/identities.csv), checked on tables 三 and 四.

Checks report; they never change a number. A blank cell counts as 0 in a sum, as the agencies
that leave cells blank mean it.
"""

from ..template.identities import DIMENSIONS, identities
from .interpret import Interpretation
from .interpret.cells import glued_source


def check_records(tables: dict[str, list[tuple]], template: str, result: Interpretation) -> list[tuple]:
    """(table, rule, scope, ok, detail) for every identity, then the interpreter's findings."""
    records = [record for table in DIMENSIONS for record in identity_checks(table, tables[table], template)]
    return records + [(f.table, f.rule, f.scope, f.ok, f.detail) for f in result.findings]


def identity_checks(table: str, rows: list[tuple], template: str) -> list[tuple]:
    """Every identity of `table` on its rows (first dimension, second dimension, value, ...)."""
    grid: dict[str, dict[str, int | None]] = {}
    for row in rows:  # indexed, not star-unpacked: a list made per row costs more than the rest of the loop
        grid.setdefault(row[0], {})[row[1]] = row[2]
    if not grid:
        return []
    return [
        (table, identity.rule, scope, holds, identity.detail(left, right))
        for identity in identities(table)
        for scope, holds, left, right in identity.evaluate(grid, template)
    ]


def doubt_records(tables: dict[str, list[tuple]], doubts: dict[str, str]) -> list[tuple]:
    """A flag for every cell whose text the reader doubts (an OCR reading that may be wrong), and for every
    cell split from a doubted reading: a glued number read wrong splits into wrong cells, or none."""
    if not doubts:
        return []
    records = []
    for name, rows in tables.items():
        for *keys, _value, _raw, source in rows:
            doubt = doubts.get(source) or doubts.get(glued_source(source))
            if doubt:
                scope = "/".join(str(k) for k in keys if k is not None)
                records.append((name, "unsure_reading", scope, False, f"{doubt} ({source})"))
    return records
