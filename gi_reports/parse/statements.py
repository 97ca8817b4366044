"""What a report's prose says about its own table 二: "动态更新本年度制发的规范性文件77件".

Text dumps glue a row's cells into one run of digits (`8855698`), and table 二 has no totals
to choose the cut. The agency's own sentences often state the same figures; a reading that
agrees with them is the agency's word, not a guess. The words for each row and column live in
`gi_reports/template/phrases.csv`.
"""

import re
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from ..template import read

_CLAUSE = re.compile(r"[^,，。;；:：!！?？\n]+")
_COUNT = re.compile(r"(?<![\d.])(\d+)件")


class Statement(NamedTuple):
    clause: str
    value: int


def statements(prose: str) -> list[Statement]:
    """The clauses of `prose` that state exactly one count of documents (N件)."""
    found = []
    for clause in _CLAUSE.findall(prose):
        counts = _COUNT.findall(clause)
        if len(counts) == 1:
            found.append(Statement(clause.strip(), int(counts[0])))
    return found


def about(said: Sequence[Statement], item: str, metric: str, metrics: Sequence[str]) -> list[Statement]:
    """The statements that name this row and this column, and no other column of the row."""
    words = _words()
    if item not in words or metric not in words:
        return []
    others = [m for m in metrics if m != metric and m in words]
    return [
        s
        for s in said
        if _names(s.clause, words[item])
        and _names(s.clause, words[metric])
        and not any(_names(s.clause, words[m]) for m in others)
    ]


def _names(clause: str, alternatives: tuple[str, ...]) -> bool:
    return any(word in clause for word in alternatives)


@cache
def _words() -> dict[str, tuple[str, ...]]:
    table = read("phrases.csv")
    return {code: tuple(words.split("|")) for code, words in zip(table["code"], table["words"])}
