"""Doubted OCR cells of tables 三 and 四, read again by the identities.

Where the recogniser was unsure (`128` or `120`, `1201` or `120`, `相` or `13`), it gives the other
numbers the cell may read as (`Document.other_readings`). The readings of one doubted cell, or of two in one
row or column, are taken when under them the most identities that failed hold: at least two (in table 三 a
cell's row and its column, two independent witnesses), or every one the cells take part in (table 四's one
per cell); a cell read as no number ('?') whose row and column add up with it blank takes the one reading
that keeps them so (its 0). Where two readings of a cell do as well, none is taken. Every chosen cell stays
flagged, its first reading in the note, so a reviewer sees what was chosen and why; cells the reader did
not doubt are never touched: this chooses a reading of a scan, it never corrects an agency's arithmetic.
"""

from collections.abc import Iterator
from itertools import combinations, product
from math import prod

from ..template.identities import identities
from .interpret import APPLICANTS, OUTCOMES, PROCEEDINGS, Interpretation
from .interpret.model import REVIEW_WIDTH, Slot
from .tables import count_value

Key = tuple[str, str]  # (row, column) of a table's grid
Check = tuple[str, str]  # (rule, scope): one identity in one row or column
_NUDGE = 1_000_003  # added to a cell to see which identities it takes part in
_MOST_READINGS = 4  # per cell, likeliest first
_MOST_TRIALS = 2_000  # readings tried per choice (about 0.2 ms each)


def choose_readings(result: Interpretation, other_readings: dict[str, tuple[str, ...]]) -> None:
    if not other_readings:
        return
    applications = {
        (row, column): (slots, i)
        for row, slots in result.applications.items()
        for i, column in enumerate(APPLICANTS[: len(slots)])
    }
    width = len(OUTCOMES)
    review = {
        (PROCEEDINGS[i // width], OUTCOMES[i % width]): (result.review, i) for i in range(min(len(result.review), REVIEW_WIDTH))
    }
    for table, cells in (("applications", applications), ("review_litigation", review)):
        if any(slots[i].source in other_readings for slots, i in cells.values()):
            _choose(table, cells, other_readings, result)


def _choose(table: str, cells: dict[Key, tuple[list[Slot], int]], other_readings: dict, result: Interpretation) -> None:
    values = {key: count_value(slots[i].raw) for key, (slots, i) in cells.items()}
    candidates = {
        key: other_readings[slots[i].source][:_MOST_READINGS]
        for key, (slots, i) in cells.items()
        if slots[i].source in other_readings
    }
    while candidates and (choice := _best_choice(table, candidates, values, result.template)):
        for key, text in choice:
            _take(table, key, text, cells, result)
            values[key] = count_value(text)
            del candidates[key]


def _best_choice(table: str, candidates: dict, values: dict, template: str | None) -> tuple[tuple[Key, str], ...] | None:
    """The readings of one or two doubted cells under which the most identities that failed hold, when
    two of them do (a cell's row and its column), or when all those the cells take part in do (table 四's
    one identity per cell), else a cell read as no number kept adding up; None when no reading does, or two
    readings of a cell do as well."""
    imbalance = _imbalance(table, values, template)
    failing = sum(difference != 0 for difference in imbalance.values())
    takes = {key: _checks_of(key, table, values, template, imbalance) for key in candidates}
    options, trials = [], 0
    for group in _groups(takes, imbalance):
        takes_part = set().union(*(takes[key] for key in group))
        if all(imbalance[check] == 0 for check in takes_part):
            options += _unread_kept(group, candidates, takes_part, table, values, template)
            continue
        trials += prod(len(candidates[key]) for key in group)
        if trials > _MOST_TRIALS:
            break  # a page of doubted cells: the rest stay as read, flagged, rather than the search running on
        for texts in product(*(candidates[key] for key in group)):
            trial = _imbalance(table, values | {k: count_value(t) for k, t in zip(group, texts)}, template)
            gain = failing - sum(difference != 0 for difference in trial.values())
            if gain >= 2 or (gain >= 1 and all(trial[check] == 0 for check in takes_part)):
                options.append((gain, tuple(zip(group, texts))))
    if not options:
        return None
    most = max(gain for gain, _ in options)
    best = [choice for gain, choice in options if gain == most]
    readings = {}
    for choice in best:
        for key, text in choice:
            readings.setdefault(key, set()).add(text)
    return next((choice for choice in best if all(len(readings[key]) == 1 for key, _ in choice)), None)


def _unread_kept(group: tuple[Key, ...], candidates: dict, takes_part: set[Check], table: str, values: dict, template) -> list:
    """A cell read as no number ('?', 'a', '0-') whose row and column add up with it blank: its one reading
    that keeps them adding up (a 0 among the recogniser's readings, where each other would break them)."""
    if len(group) > 1 or values[group[0]] is not None:
        return []
    keeping = [
        text for text in candidates[group[0]] if _all_hold(takes_part, table, values | {group[0]: count_value(text)}, template)
    ]
    return [(0, ((group[0], keeping[0]),))] if len(keeping) == 1 else []


def _groups(takes: dict[Key, set[Check]], imbalance: dict[Check, int]) -> Iterator[tuple[Key, ...]]:
    """Each doubted cell alone, then each two that take part in one failing identity: a row or column with two
    misread cells adds up only when both are read."""
    yield from ((key,) for key in takes)
    for a, b in combinations(takes, 2):
        if any(imbalance[check] for check in takes[a] & takes[b]):
            yield a, b


def _take(table: str, key: Key, text: str, cells: dict, result: Interpretation) -> None:
    slots, i = cells[key]
    first = slots[i]
    slots[i] = Slot(text, first.source)
    detail = f"OCR read {first.raw!r}; its other reading {text!r} makes the row and column add up ({first.source})"
    result.note(table, "chosen_reading", "/".join(key), False, detail)


def _checks_of(key: Key, table: str, values: dict, template: str | None, imbalance: dict[Check, int]) -> set[Check]:
    """The identities a cell takes part in: those its value moves."""
    nudged = _imbalance(table, values | {key: (values[key] or 0) + _NUDGE}, template)
    return {check for check, difference in nudged.items() if difference != imbalance.get(check)}


def _all_hold(checks: set[Check], table: str, values: dict, template: str | None) -> bool:
    imbalance = _imbalance(table, values, template)
    return all(imbalance.get(check) == 0 for check in checks)


def _imbalance(table: str, values: dict[Key, int | None], template: str | None) -> dict[Check, int]:
    """Left side minus right side of every identity of the table, in each row or column it is checked in."""
    grid: dict[str, dict[str, int | None]] = {}
    for (row, column), value in values.items():
        grid.setdefault(row, {})[column] = value
    return {
        (identity.rule, scope): left - right
        for identity in identities(table)
        for scope, _, left, right in identity.evaluate(grid, template)
    }
