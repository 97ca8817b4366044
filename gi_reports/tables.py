"""Interpreted cells → the three tidy tables, with canonical codes and nullable numbers."""

import pandas as pd

from . import codes
from .interpret import APPLICANTS, OUTCOMES, PROCEEDINGS, Interpretation
from .numbers import parse_amount, parse_count

STRING = pd.StringDtype()


def applications_table(result: Interpretation) -> pd.DataFrame:
    records = [
        (code, applicant, slot.raw, slot.source)
        for code, slots in result.applications.items()
        for applicant, slot in zip(APPLICANTS, slots)
    ]
    frame = pd.DataFrame(records, columns=["row", "applicant", "raw", "source"])
    frame.insert(2, "value", _counts(frame["raw"], "applications", frame["row"] + "/" + frame["applicant"], result))
    return _typed(frame, {"row": codes.dtype("row"), "applicant": codes.dtype("applicant")})


def review_table(result: Interpretation) -> pd.DataFrame:
    cells = [(p, o) for p in PROCEEDINGS for o in OUTCOMES]
    records = [(p, o, slot.raw, slot.source) for (p, o), slot in zip(cells, result.review)]
    frame = pd.DataFrame(records, columns=["proceeding", "outcome", "raw", "source"])
    frame.insert(2, "value", _counts(frame["raw"], "review_litigation", frame["proceeding"] + "/" + frame["outcome"], result))
    return _typed(frame, {"proceeding": codes.dtype("proceeding"), "outcome": codes.dtype("outcome")})


def proactive_table(result: Interpretation) -> pd.DataFrame:
    records, values = [], []
    for cell in result.proactive:
        records.append((cell.item, cell.sub_label, cell.metric, cell.slot.raw, cell.slot.source))
        try:
            if cell.metric == "amount_yuan":
                values.append(parse_amount(cell.slot.raw, cell.unit))
            else:
                values.append(parse_count(cell.slot.raw))
        except ValueError:
            result.note(
                "proactive", "not_a_number", f"{cell.item}/{cell.metric}", False, f"cell {cell.slot.raw!r} ({cell.slot.source})"
            )
            values.append(None)
    frame = pd.DataFrame(records, columns=["item", "sub_label", "metric", "raw", "source"])
    frame.insert(3, "value", pd.array(values, dtype="Float64"))
    return _typed(frame, {"item": codes.dtype("item"), "sub_label": STRING, "metric": codes.dtype("metric")})


def _counts(raw: pd.Series, table: str, scopes: pd.Series, result: Interpretation) -> pd.array:
    values = []
    for text, scope in zip(raw, scopes):
        try:
            values.append(parse_count(text))
        except ValueError:
            result.note(table, "not_a_number", scope, False, f"cell {text!r} is not a count")
            values.append(None)
    return pd.array(values, dtype="Int64")


def _typed(frame: pd.DataFrame, dtypes: dict) -> pd.DataFrame:
    return frame.astype({**dtypes, "raw": STRING, "source": STRING})
