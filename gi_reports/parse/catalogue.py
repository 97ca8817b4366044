"""The label catalogue: how each template version writes each row, column and section.

The patterns live in `gi_reports/template/labels.csv` (reviewed as data, with the variants seen in real
reports); this module compiles them into one matcher over normalised text.
"""

import re
from dataclasses import dataclass
from functools import cache

from ..template import read

# An ordinal printed before a label ("6.", "(三)", "四、") belongs to the label, not to the
# numbers of the row before it, when a text dump has glued the two together.
_ORDINAL_BEFORE = re.compile(r"(?:\d[.、]|\([一二三四五六七八九十]\)|[一二三四五六七八九十]、)$")
_ORDINAL_LENGTH = 3  # the longest ordinal: only that much text before a label is searched, so a long line stays linear


@dataclass(frozen=True)
class LabelMatch:
    dimension: str
    code: str
    templates: frozenset[str]
    start: int
    end: int


@dataclass(frozen=True)
class Entry:
    dimension: str
    code: str
    templates: frozenset[str]


@dataclass(frozen=True)
class Catalogue:
    entries: tuple[Entry, ...]
    regex: re.Pattern

    def find(self, text: str) -> list[LabelMatch]:
        """Every label in `text` (normalised), leftmost first, ordinals attached."""
        found = []
        for m in self.regex.finditer(text):
            entry = self.entries[int(m.lastgroup[1:])]
            start = m.start()
            ordinal = _ORDINAL_BEFORE.search(text, max(0, start - _ORDINAL_LENGTH), start)
            if ordinal and (not found or ordinal.start() >= found[-1].end):
                start = ordinal.start()
            found.append(LabelMatch(entry.dimension, entry.code, entry.templates, start, m.end()))
        return found


@cache
def catalogue() -> Catalogue:
    entries = read("labels.csv")
    entries["templates"] = entries["templates"].map(lambda s: frozenset(s.split()))
    alternatives = "|".join(f"(?P<g{i}>{p})" for i, p in enumerate(entries["pattern"]))
    rows = (Entry(*row) for row in entries[["dimension", "code", "templates"]].itertuples(index=False))
    return Catalogue(tuple(rows), re.compile(alternatives))
