"""The code dictionary: every canonical code once, with its Chinese and English labels.

Categorical dtypes, chart labels and the set of cells each template version has all come
from `template/codes.csv`, so a code is declared in exactly one place; which metric columns each
item of table 二 has comes from `template/proactive.csv`, the table as each template lays it out.
"""

from functools import cache

import pandas as pd

from . import read

DIMENSIONS = ("item", "metric", "applicant", "row", "proceeding", "outcome", "result_group", "level")


@cache
def code_table() -> pd.DataFrame:
    """All codes in template order, one row per (dimension, code)."""
    table = read("codes.csv")
    table["templates"] = table["templates"].str.split()
    return table


def codes(dimension: str, template: str | None = None) -> list[str]:
    """Codes of one dimension in template order; only those of `template` when given."""
    return list(_codes(dimension, template))


@cache
def _codes(dimension: str, template: str | None) -> tuple[str, ...]:
    table = code_table()
    rows = table[table["dimension"] == dimension]
    if template is not None:
        rows = rows[rows["templates"].map(lambda ts: template in ts)]
    return tuple(rows["code"])


@cache
def dtype(dimension: str) -> pd.CategoricalDtype:
    """Ordered categorical of every code of a dimension, across both templates."""
    return pd.CategoricalDtype(codes(dimension), ordered=True)


def label(dimension: str, code: str, lang: str = "zh") -> str:
    """The Chinese (`zh`) or English (`en`) label of one code."""
    return labels(dimension, lang)[code]


@cache
def labels(dimension: str, lang: str = "zh") -> dict[str, str]:
    """code → label for one dimension, for chart axes and table headers."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    table = code_table()
    rows = table[table["dimension"] == dimension]
    return dict(zip(rows["code"], rows[lang]))


def printed(dimension: str, code: str, template: str) -> str:
    """The label as the national template prints it (`printed` in codes.csv, per template where they differ)."""
    text = _printed(dimension)[code]
    if ":" not in text:
        return text
    return dict(part.split(":", 1) for part in text.split())[template]


@cache
def _printed(dimension: str) -> dict[str, str]:
    table = code_table()
    rows = table[table["dimension"] == dimension]
    return dict(zip(rows["code"], rows["printed"]))


@cache
def proactive_layout(template: str) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """Table 二 as `template` lays it out: (article banner, its metric columns, its items), in print order."""
    table = read("proactive.csv")
    rows = table[table["template"] == template]
    return tuple((r.article, tuple(r.metrics.split()), tuple(r.items.split())) for r in rows.itertuples(index=False))


@cache
def proactive_metrics(item: str, template: str) -> tuple[str, ...]:
    """The metric columns of one table-二 item in `template` (none when the template has no such item)."""
    return next((metrics for _, metrics, items in proactive_layout(template) if item in items), ())
