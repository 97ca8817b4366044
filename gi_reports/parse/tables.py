"""Interpreted cells → rows of the tidy tables, and rows → typed DataFrames.

Rows are plain tuples so that a build can gather a whole batch of reports and make each
DataFrame once: building frames report by report costs more than parsing the reports.
"""

from functools import lru_cache

import pandas as pd

from ..schema import DATA_TABLES, TABLES, dtypes
from .interpret import APPLICANTS, OUTCOMES, PROCEEDINGS, Interpretation
from .numerals import parse_amount, parse_count

COUNT_LIMIT = 2**31 - 1  # a count beyond this is a garbled cell, not a figure (and won't fit Int32)
KEYS = ("report_id", "year")
# The columns a report's own rows carry; a build adds the keys (report_id, year) in front.
COLUMNS = {name: tuple(c for c in TABLES[name].names if c not in KEYS) for name in (*DATA_TABLES, "checks")}


def frame(name: str, rows: list[tuple], **keys: list) -> pd.DataFrame:
    """The typed DataFrame of table `name`; `keys` (e.g. report_id, year) go first, one value per row."""
    table = pd.DataFrame.from_records(rows, columns=list(COLUMNS[name]))
    for position, (column, values) in enumerate(keys.items()):
        table.insert(position, column, values)
    return table.astype({c: t for c, t in dtypes(name).items() if c in table.columns})


def records(result: Interpretation) -> dict[str, list[tuple]]:
    """The rows of tables 二, 三 and 四; a cell that is not a number is kept raw and noted."""
    applications = [
        (code, applicant, _count(slot.raw, "applications", f"{code}/{applicant}", result), slot.raw, slot.source)
        for code, slots in result.applications.items()
        for applicant, slot in zip(APPLICANTS, slots)
    ]
    cells = [(p, o) for p in PROCEEDINGS for o in OUTCOMES]
    review = [
        (p, o, _count(slot.raw, "review_litigation", f"{p}/{o}", result), slot.raw, slot.source)
        for (p, o), slot in zip(cells, result.review)
    ]
    proactive = [
        (cell.item, cell.sub_label, cell.metric, _proactive_value(cell, result), cell.slot.raw, cell.slot.source)
        for cell in result.proactive
    ]
    return {"proactive": proactive, "applications": applications, "review_litigation": review}


@lru_cache(maxsize=1 << 16)
def _parsed_count(text: str) -> int | None:
    return parse_count(text)


def _count(text: str, table: str, scope: str, result: Interpretation) -> int | None:
    try:
        value = _parsed_count(text)
    except ValueError:
        result.note(table, "not_a_number", scope, False, f"cell {text!r} is not a count")
        return None
    if value is not None and abs(value) > COUNT_LIMIT:
        result.note(table, "not_a_number", scope, False, f"cell {text!r} is too large to be a count")
        return None
    return value


def _proactive_value(cell, result: Interpretation) -> float | None:
    try:
        if cell.metric == "amount_yuan":
            return parse_amount(cell.slot.raw, cell.unit)
        value = _parsed_count(cell.slot.raw)
        return None if value is None else float(value)
    except ValueError:
        scope = f"{cell.item}/{cell.metric}"
        result.note("proactive", "not_a_number", scope, False, f"cell {cell.slot.raw!r} ({cell.slot.source})")
        return None
