"""OCR'd row labels too misread to match any label, placed by where they stand among the labels that matched.

The rows of tables 二 and 三 come in the template's order. A run of rows whose labels read as nothing known
(`15上国家秘密`, `()F以公开`), between two rows that matched, can only be the template's rows between those two,
when there are as many of them as rows in the run, and each label shares most of its characters with the one
it is placed as. A matched label out of that order (`4无止理由人最重复申请` read as 重复申请, a row already
placed) is taken as misread too. Each row so placed is doubted, so its figures are flagged, never silently kept.
"""

import re
from collections import Counter
from dataclasses import dataclass

from ...template import codes
from ...template.identities import children
from ..catalogue import catalogue
from ..document import Cell, Document, Table
from ..textnorm import normalize
from .ocr import looks_numeric

DIMENSIONS = ("item", "row")  # table 二's items, table 三's rows
TEMPLATES = ("2019", "2021")
SHARED = 0.5  # of the printed label's characters, found in the misread one
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class _Label:
    table: Table
    row: int
    source: str  # the label cell's
    text: str
    dimension: str = ""  # what it matched, if anything
    code: str = ""


def place_by_order(document: Document) -> None:
    labels = [label for block in document.blocks if isinstance(block, Table) for label in _row_labels(block)]
    for dimension in DIMENSIONS:
        _unmatch_out_of_order([label for label in labels if label.dimension == dimension], dimension)
    i = 0
    while i < len(labels):
        if labels[i].code:
            i += 1
            continue
        start = i
        while i < len(labels) and not labels[i].code:
            i += 1
        _place_run(labels[start:i], labels[start - 1] if start else None, labels[i] if i < len(labels) else None, document)


def _row_labels(table: Table) -> list[_Label]:
    """The label of each row that holds figures: its last cell with words before its first figure."""
    found = []
    for r, row in enumerate(table.rows):
        first_figure = next((c for c, cell in enumerate(row) if cell.text and looks_numeric(cell.text)), None)
        if not first_figure:  # no figure, or nothing before it
            continue
        label = next((cell for cell in reversed(row[:first_figure]) if _HAN.search(cell.text)), None)
        if label is None:
            continue
        matches = catalogue().find(normalize(label.text))
        own = [m for m in matches if m.dimension in DIMENSIONS]
        if matches and not own:
            continue  # a group label alone (（三）不予公开), a heading: no row label to place
        found.append(_Label(table, r, label.source, label.text, *((own[-1].dimension, own[-1].code) if own else ("", ""))))
    return found


def _unmatch_out_of_order(matched: list[_Label], dimension: str) -> None:
    """Labels that break the template's order (the longest run in order kept) are taken as unmatched."""
    order = {code: i for i, code in enumerate(codes.codes(dimension))}
    positions = [order[label.code] for label in matched]
    keep = _longest_increasing(positions)
    for i, label in enumerate(matched):
        if i not in keep:
            label.dimension, label.code = "", ""


def _longest_increasing(values: list[int]) -> set[int]:
    """Indices of a longest strictly increasing subsequence (quadratic: a table has dozens of rows)."""
    best: list[list[int]] = []
    for i, value in enumerate(values):
        before = [chain for j, chain in enumerate(best) if values[j] < value]
        best.append([*max(before, key=len, default=[]), i])
    return set(max(best, key=len, default=[]))


def _place_run(run: list[_Label], before: _Label | None, after: _Label | None, document: Document) -> None:
    """The run's labels placed as the template's rows between its neighbours, when exactly as many and alike."""
    for dimension in dict.fromkeys(n.dimension for n in (before, after) if n is not None):
        for template in TEMPLATES:
            printed = [codes.printed(dimension, code, template) for code in _rows_between(dimension, template, before, after)]
            if len(printed) == len(run) and all(_shared(label.text, text) >= SHARED for label, text in zip(run, printed)):
                for label, text in zip(run, printed):
                    _place(label, text, before, after, document)
                return


def _rows_between(dimension: str, template: str, before: _Label | None, after: _Label | None) -> list[str]:
    """The template's rows with figures strictly between two placed labels (a row whose sub-rows are printed has
    none of its own: 2021's （六）其他处理)."""
    parents = set(children(dimension, template))
    rows = [code for code in codes.codes(dimension, template) if code not in parents]
    start, end = 0, len(rows)
    if before is not None and before.dimension == dimension:
        if before.code not in rows:
            return []
        start = rows.index(before.code) + 1
    if after is not None and after.dimension == dimension:
        if after.code not in rows:
            return []
        end = rows.index(after.code)
    return rows[start:end]


def _shared(read: str, printed: str) -> float:
    """How much of the printed label's characters the reading holds (each as often as printed)."""
    wanted = Counter(_HAN.findall(printed))
    return sum((Counter(_HAN.findall(read)) & wanted).values()) / max(1, sum(wanted.values()))


def _place(label: _Label, printed: str, before: _Label | None, after: _Label | None, document: Document) -> None:
    neighbours = " and ".join(repr(n.text) for n in (before, after) if n is not None)
    why = f"its row's label read {label.text!r}, placed as {printed!r} by its place beside {neighbours}"
    row = label.table.rows[label.row]
    for c, cell in enumerate(row):
        if cell.source == label.source:
            row[c] = Cell(printed, f"{cell.source}, label read {label.text!r}, placed by order", cell.merged)
        document.doubts.setdefault(row[c].source, why)
