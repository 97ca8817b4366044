"""Interpreted cells → rows of the tidy tables, and rows → typed DataFrames.

Rows are plain tuples so that a build can gather a whole batch of reports and make each
table once, column by column: building frames report by report costs more than parsing the reports.
"""

from collections.abc import Iterable
from functools import lru_cache

import pandas as pd
import pyarrow as pa

from ..schema import DATA_TABLES, TABLES, from_columns, to_pandas
from .interpret import APPLICANTS, OUTCOMES, PROCEEDINGS, Interpretation
from .interpret.model import Slot
from .memo import Memo
from .numerals import is_chinese_number, parse_amount, parse_count

COUNT_LIMIT = 2**31 - 1  # a count beyond this is a garbled cell, not a figure (and won't fit Int32)
# Beyond these a figure is kept but flagged: no agency handles a billion applications or documents,
# nor spends ten trillion yuan on procurement. Only 本年增/减 (`change`) may be negative.
PLAUSIBLE_COUNT = 10**9
PLAUSIBLE_YUAN = 10**13
SIGNED_METRICS = frozenset({"change"})
KEYS = ("report_id", "year")
# The columns a report's own rows carry; a build adds the keys (report_id, year) in front.
COLUMNS = {name: tuple(c for c in TABLES[name].names if c not in KEYS) for name in (*DATA_TABLES, "checks")}


def arrow_table(name: str, rows: list[tuple], **keys: list) -> pa.Table:
    """Table `name` as Arrow, column by column; `keys` (e.g. report_id, year) go first, one value per row."""
    columns = dict(zip(COLUMNS[name], zip(*rows, strict=True) if rows else [()] * len(COLUMNS[name]), strict=True))
    return from_columns(name, keys | columns)


def frame(name: str, rows: list[tuple]) -> pd.DataFrame:
    """The typed DataFrame of one report's table `name`."""
    return to_pandas(name, arrow_table(name, rows))


def records(result: Interpretation) -> dict[str, list[tuple]]:
    """The rows of tables 二, 三 and 四; a cell that is not a number is kept raw and noted."""
    applications = _count_records("applications", result.applications.items(), APPLICANTS, result)
    width = len(OUTCOMES)
    by_proceeding = [(p, result.review[i * width : (i + 1) * width]) for i, p in enumerate(PROCEEDINGS)]
    review = _count_records("review_litigation", by_proceeding, OUTCOMES, result)
    proactive = [
        (cell.item, cell.sub_label, cell.metric, _proactive_value(cell, result), cell.slot.raw, cell.slot.source)
        for cell in result.proactive
    ]
    return {"proactive": proactive, "applications": applications, "review_litigation": review}


@lru_cache(maxsize=1 << 16)
def _parsed_count(text: str) -> int | None:
    return parse_count(text)


def _count_reading(text: str) -> tuple[int | None, tuple[tuple[str, str], ...]]:
    """A count cell's value and what is wrong with it: (rule, detail) pairs."""
    try:
        value = _parsed_count(text)
    except ValueError:
        return None, (("not_a_number", f"cell {text!r} is not a count"),)
    if value is not None and abs(value) > COUNT_LIMIT:
        return None, (("not_a_number", f"cell {text!r} is too large to be a count"),)
    return value, _implausible(value, text) + _spelt_in_chinese(value, text)


_count_readings = Memo(_count_reading, 1 << 16)  # cells repeat across reports (0, 1, blanks): each text is read and judged once


def count_value(text: str) -> int | None:
    """A count cell's value as the tables record it: None for a blank, or a text that is no count."""
    return _count_readings[text][0]


def _count_records(
    table: str, rows: Iterable[tuple[str, list[Slot]]], columns: tuple[str, ...], result: Interpretation
) -> list[tuple]:
    """(row, column, count, raw, source) for each cell of a table of counts; a cell that is no count is noted."""
    found = []
    for row, slots in rows:
        for column, (raw, source) in zip(columns, slots):
            value, problems = _count_readings[raw]
            for rule, detail in problems:
                result.note(table, rule, f"{row}/{column}", False, detail)
            found.append((row, column, value, raw, source))
    return found


def _proactive_value(cell, result: Interpretation) -> float | None:
    scope = f"{cell.item}/{cell.metric}"
    try:
        if cell.metric == "amount_yuan":
            value = parse_amount(cell.slot.raw, cell.unit)
        else:
            count = _parsed_count(cell.slot.raw)
            value = None if count is None else float(count)
    except ValueError:
        result.note("proactive", "not_a_number", scope, False, f"cell {cell.slot.raw!r} ({cell.slot.source})")
        return None
    ceiling = PLAUSIBLE_YUAN if cell.metric == "amount_yuan" else PLAUSIBLE_COUNT
    problems = _implausible(value, cell.slot.raw, ceiling, signed=cell.metric in SIGNED_METRICS)
    for rule, detail in problems + _spelt_in_chinese(value, cell.slot.raw.removesuffix("元")):
        result.note("proactive", rule, scope, False, detail)
    return value


def _spelt_in_chinese(value: float | None, text: str) -> tuple[tuple[str, str], ...]:
    """A figure spelt in Chinese numerals (一千) where the template's cells hold digits: read as the number
    it spells, and flagged for a reader to confirm (a pasted date or an OCR misreading looks the same)."""
    if value is None or not is_chinese_number(text):
        return ()
    return (("chinese_numeral", f"cell {text!r} is spelt in Chinese numerals; read as {value:,.12g}"),)


def _implausible(value: float | None, text: str, ceiling: float = PLAUSIBLE_COUNT, signed=False) -> tuple[tuple[str, str], ...]:
    """A figure no report can mean (a negative count, a billion documents), to be flagged; the value is kept as printed."""
    if value is None:
        return ()
    if value < 0 and not signed:
        return (("implausible", f"cell {text!r} is negative"),)
    if abs(value) > ceiling:
        return (("implausible", f"cell {text!r} is more than {ceiling:.0e}"),)
    return ()
