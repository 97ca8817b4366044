"""Glued cells: the readings of a run of digits that a text dump made from several cells.

`…申请数量640020470` is seven cells with the boundaries lost. We list every way to cut the run
into the right number of cells, and let the template's identities pick the reading.
"""

import itertools
import math
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy

_PART = {
    "count": re.compile(r"0|[1-9]\d*"),
    "signed": re.compile(r"-?(?:0|[1-9]\d*)"),  # 本年增/减 may fall
    "amount": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|万|元)?"),
}
MAX_READINGS = 50_000


def readings(pieces: Sequence[str], kinds: Sequence[str]) -> list[tuple[str, ...]]:
    """Every cut of `pieces` into len(kinds) parts. A space or sign the dump kept is always a cut."""
    found: list[tuple[str, ...]] = []
    after = [sum(map(len, pieces[i:])) for i in range(len(pieces) + 1)]  # characters from each piece on

    def walk(piece: int, offset: int, acc: tuple[str, ...]) -> None:
        if len(found) >= MAX_READINGS:
            return
        if piece == len(pieces):
            if len(acc) == len(kinds):
                found.append(acc)
            return
        cells_left = len(kinds) - len(acc)
        # every piece left holds a cell at least, and every cell a character: a cut that leaves
        # more cells than characters or fewer cells than pieces reads nothing (the search stays small)
        if cells_left < len(pieces) - piece or cells_left > after[piece] - offset:
            return
        text = pieces[piece]
        pattern = _PART[kinds[len(acc)]]
        for end in range(offset + 1, len(text) + 1):
            part = text[offset:end]
            if not pattern.fullmatch(part):
                continue
            if end == len(text):
                walk(piece + 1, 0, acc + (part,))
            else:
                walk(piece, end, acc + (part,))

    walk(0, 0, ())
    return found


def readings_adding_up(pieces: Sequence[str], groups: Sequence[int]) -> list[tuple[str, ...]]:
    """The readings of `pieces` into runs of counts (`groups` cells each) whose last cell is the sum of the
    others, in the order `readings` lists them, found without listing the rest: the last total is taken
    first from the end, every other total must read its group's sum, and a cut of the last group that
    passes its total, or whose digits left can no longer reach it, is dropped at once. Empty when none adds
    up, or when the search passes MAX_READINGS steps (a long run of digits): callers then rank every reading."""
    count = _PART["count"]
    last = pieces[-1]
    found = []
    steps = [MAX_READINGS]
    for start in range(len(last)):
        total = last[start:]
        if count.fullmatch(total):
            head = [*pieces[:-1], last[:start]] if start else list(pieces[:-1])
            try:
                found += [(*cells, total) for cells in _cuts_adding_up(head, groups, int(total), steps)]
            except _SearchTooLong:
                return []
    return sorted(found, key=lambda reading: tuple(map(len, reading)))  # `readings` cuts each cell shortest first


class _SearchTooLong(Exception):
    pass


def _cuts_adding_up(pieces: Sequence[str], groups: Sequence[int], target: int, steps: list[int]) -> list[tuple[str, ...]]:
    """The cuts of `pieces` into `groups` less the last total, each group adding up and the last to `target`.
    A cut's cells add up to no more than its digits read as one number: that bounds what the digits left add.
    `steps` is the budget of the whole search, shared by its calls."""
    found: list[tuple[str, ...]] = []
    cells = sum(groups) - 1
    totals = set(itertools.accumulate(g for g in groups[:-1]))  # 1 + the index of each total but the last
    last_group = cells - groups[-1] + 1  # the first cell of the last group
    after = [sum(map(len, pieces[i:])) for i in range(len(pieces) + 1)]
    reach_after = [sum(int(p) for p in pieces[i:] if p) for i in range(len(pieces) + 1)]
    count = _PART["count"]

    def walk(piece: int, offset: int, acc: tuple[str, ...], total: int) -> None:
        steps[0] -= 1
        if steps[0] < 0:
            raise _SearchTooLong
        if piece == len(pieces):
            if len(acc) == cells and total == target:
                found.append(acc)
            return
        cells_left = cells - len(acc)
        if cells_left < len(pieces) - piece or cells_left > after[piece] - offset:
            return
        text = pieces[piece]
        if len(acc) + 1 in totals:  # a group's total: its sum, or nothing
            ends = [offset + len(str(total))] if text.startswith(str(total), offset) else []
        elif len(acc) >= last_group and total + int(text[offset:]) + reach_after[piece + 1] < target:
            return
        else:
            ends = range(offset + 1, len(text) + 1)
        for end in ends:
            part = text[offset:end]
            if not count.fullmatch(part):
                continue
            value = total + int(part)
            if len(acc) + 1 in totals:
                value = 0  # the next group starts
            elif len(acc) >= last_group and value > target:
                break  # a longer cell is a larger number
            if end == len(text):
                walk(piece + 1, 0, acc + (part,), value)
            else:
                walk(piece, end, acc + (part,), value)

    walk(0, 0, (), 0)
    return found


class ColumnTerms(NamedTuple):
    """Identities as sums over rows: `base` holds each identity column's left side less its right on the rows
    that are known, `terms(row, reading)` what one reading of a row adds to each. An identity holds where the
    total is 0."""

    base: list[int]
    terms: Callable[[str, tuple[str, ...]], list[int]]

    def __call__(self, combination: dict[str, tuple[str, ...]]) -> int:
        """How many identities hold under one combination of readings."""
        rows = [self.terms(code, reading) for code, reading in combination.items()]
        return sum(not sum(column) for column in zip(self.base, *rows))


def best_combinations(
    candidates: dict[str, list[tuple[str, ...]]], score: ColumnTerms, limit: int = MAX_READINGS
) -> list[dict[str, tuple[str, ...]]]:
    """The combinations of per-row readings under which the most identities hold: every combination's totals
    summed at once (numpy, row by row) where they fit in 64 bits, else scored one by one in exact integers."""
    keys = list(candidates)
    shape = tuple(len(candidates[key]) for key in keys)
    if 0 in shape or math.prod(shape) > limit:
        return []
    terms = [[score.terms(key, reading) for reading in candidates[key]] for key in keys]
    largest = max((abs(v) for rows in terms for row in rows for v in row), default=0)
    if not keys or (largest + max(map(abs, score.base), default=0)) * (len(keys) + 1) >= _EXACT:
        combinations = [dict(zip(keys, values)) for values in itertools.product(*(candidates[k] for k in keys))]
        scores = [score(c) for c in combinations]
        top = max(scores)
        return [c for c, s in zip(combinations, scores) if s == top]
    totals = numpy.array([score.base], dtype=numpy.int64)
    for rows in terms:
        totals = (totals[:, None, :] + numpy.array(rows, dtype=numpy.int64)[None, :, :]).reshape(-1, totals.shape[1])
    held = (totals == 0).sum(axis=1)
    best = numpy.unravel_index(numpy.flatnonzero(held == held.max()), shape)
    return [{key: candidates[key][int(i)] for key, i in zip(keys, choice)} for choice in zip(*best)]


_EXACT = 2**62  # int64 sums are exact below this


def agreed(options: Sequence[tuple[str, ...]]) -> tuple[str | None, ...]:
    """Each cell's text where every reading gives it the same, else None: the cells a row still settles."""
    return tuple(column[0] if len(set(column)) == 1 else None for column in zip(*options))


def describe(pieces: Sequence[str], options: Sequence[tuple[str, ...]]) -> str:
    shown = "; ".join(" / ".join(o) for o in options[:4])
    more = f" (+{len(options) - 4} more)" if len(options) > 4 else ""
    return f"glued cells {' '.join(pieces)!r} have {len(options)} readings: {shown}{more}"
