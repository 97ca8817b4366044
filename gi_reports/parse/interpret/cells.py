"""A row's cells from the token stream; glued rows cut into cells and settled from their readings."""

import re
from collections.abc import Sequence
from functools import lru_cache

from ..splitting import agreed, describe, readings
from ..tokens import Kind, Token, opens_with_ordinal
from .model import Interpretation, Slot


def take_values(tokens: list[Token], start: int, stop_at_row_end: bool = True) -> tuple[list[Token], int]:
    """The value and blank cells from `start` on, up to the next label or text.

    A row end stops the run once a value has been seen; before that it is skipped, since
    a wrapped label often sits on a line of its own above its numbers.
    """
    taken: list[Token] = []
    seen_value = False
    i, end = start, len(tokens)
    while i < end:
        token = tokens[i]
        kind = token.kind
        if kind is _VALUE:
            taken.append(token)
            seen_value = True
        elif kind is _BLANK:
            taken.append(token)
        elif kind is not _ROW_END or (stop_at_row_end and seen_value):
            break
        i += 1
    return taken, i


_VALUE, _BLANK, _ROW_END = Kind.VALUE, Kind.BLANK, Kind.ROW_END  # looked up once, not at every token


SPLIT_FROM = " (split from "  # what a source gets when its glued cells are split: the cells keep the glued cell's source


def glued_source(source: str) -> str:
    """The source of the glued cell a split cell came from (the source itself when it was not split)."""
    return source.partition(SPLIT_FROM)[0]


_CELL_BOUNDARY = re.compile(r" |(?<=\d)(?=-)")


_WORD_CELL = 12  # characters
_MISREAD_CELL = 2  # characters: an OCR misreading of a figure (基 for 1), never a label's rest
_MOST_WORD_CELLS = 2  # in a row of numbers; a row of more words is a header (类别 | 数据1 | 数据2 …)


def with_word_cell(tokens: list[Token], taken: list[Token], i: int, width: int) -> tuple[list[Token], int]:
    """`taken` and the text that stopped it, when the row is short of `width` and that text is a cell of words
    where a number belongs (不适用, 本年度未开展政府集中采购项目), to be flagged, not a sign that the digits before
    it are glued cells (`17` cut into 1 and 7): a few words with no number after them, or words of any length
    that end the row (the next heading opens with its ordinal, or follows a row end)."""
    if len(taken) >= width or i >= len(tokens) or tokens[i].kind is not Kind.TEXT:
        return taken, i
    text = tokens[i].text
    after, _ = take_values(tokens, i + 1)
    if len(text) <= _WORD_CELL and not any(t.kind is Kind.VALUE for t in after):
        return [*taken, tokens[i]], i + 1
    if taken and not opens_with_ordinal(text) and _ends_row(tokens, i + 1):
        return [*taken, tokens[i]], i + 1
    return with_cells_between(tokens, taken, i, width)


def with_cells_between(tokens: list[Token], taken: list[Token], i: int, width: int) -> tuple[list[Token], int]:
    """`taken` and the rest of its row, when words stand in up to two cells between its numbers (`0 | x | 0`, `3件`,
    a figure misread by OCR as `基`) and with the numbers after them the row has exactly `width` cells: each such
    cell keeps its place, to be flagged as not a count, and the numbers after it stay in their columns instead of
    being lost."""
    if len(taken) >= width or i >= len(tokens) or tokens[i].kind is not Kind.TEXT:
        return taken, i
    text = tokens[i].text
    if len(text) > (_WORD_CELL if taken else _MISREAD_CELL) or opens_with_ordinal(text):
        return taken, i  # words right after the label are its wrapped rest, unless as short as a misread figure
    if i + 1 < len(tokens) and tokens[i + 1].kind is _ROW_END:
        # the words end the line, and the numbers after them are another row's; as short as a misread figure
        # in the row's last cell ('相' for 13 in 总计), they are that cell
        fills_row = len(fit(as_slots(taken), width)[0]) == width - 1 and len(text) <= _MISREAD_CELL
        return ([*taken, tokens[i]], i + 1) if fills_row else (taken, i)
    after, end = take_values(tokens, i + 1)
    row, end = with_cells_between(tokens, [*taken, tokens[i], *after], end, width)
    cells, overflow = fit(as_slots(row), width)
    words = sum(token.kind is Kind.TEXT for token in row)
    return (row, end) if len(cells) == width and not overflow and words <= _MOST_WORD_CELLS else (taken, i)


def _ends_row(tokens: list[Token], i: int) -> bool:
    while i < len(tokens) and tokens[i].kind is Kind.BLANK:
        i += 1
    return i < len(tokens) and tokens[i].kind is Kind.ROW_END


def as_slots(taken: list[Token]) -> list[Slot]:
    """Cells from value tokens; a space or a minus sign a text dump kept between digits is a cell boundary.
    Words standing in a cell (`13-`, `3 件`) stay that one cell."""
    slots = []
    for token in taken:
        text = token.text
        if token.kind is not _VALUE or not (" " in text or "-" in text[1:]):  # one cell, the most common case
            slots.append(_new(Slot, (text, token.source)))
        else:
            slots.extend(_new(Slot, (piece, token.source)) for piece in _CELL_BOUNDARY.split(text))
    return slots


_new = tuple.__new__  # Slot's own __new__ is a Python function; tuple's makes the same tuple faster


def fit(slots: list[Slot], width: int) -> tuple[list[Slot], list[Slot]]:
    """Trim blank cells (empty label columns before, padding after) beyond `width`; return (row, overflow)."""
    while len(slots) > width and slots[0].raw == "":
        slots = slots[1:]
    while len(slots) > width and slots[-1].raw == "":
        slots = slots[:-1]
    return slots[:width], slots[width:]


def without_blank_beside_shared_cell(taken: list[Token], width: int) -> list[Token] | None:
    """`taken` without the empty cell beside the one cell that holds two figures (`| 320 | | 295<br>1543 |`), when
    that leaves the row exactly `width` cells: a converter's column finder put one column's figure in its neighbour's
    cell, and either way round the empty cell is the one its figure left. None when the row is not so."""
    if len(fit(as_slots(taken), width)[0]) != width or not fit(as_slots(taken), width)[1]:
        return None
    shared = [i for i, t in enumerate(taken) if t.kind is _VALUE and len(as_slots([t])) == 2]
    if len(shared) != 1:
        return None
    at = shared[0]
    beside = [i for i in (at - 1, at + 1) if 0 < i < len(taken) - 1 and taken[i].kind is _BLANK and not taken[i].text]
    if len(beside) != 1:
        return None
    parted = taken[: beside[0]] + taken[beside[0] + 1 :]
    cells, overflow = fit(as_slots(parted), width)
    return parted if len(cells) == width and not overflow else None


def is_glued(slots: list[Slot], width: int) -> bool:
    return len(slots) < width and all(s.raw and s.raw.lstrip("-")[:1].isdigit() for s in slots)


def numbers(columns: tuple[str, ...] | list[str], reading: tuple[str, ...]) -> dict[str, int]:
    """A reading of a row as column code → number, for the identities (a blank, or a cell that is not
    a count, counts as 0: the checks flag it). The dict is shared between callers: read it, never change it."""
    return _numbers(tuple(columns), reading)


@lru_cache(maxsize=1 << 16)  # glued rows are scored in every combination with the others: the same readings again and again
def _numbers(columns: tuple[str, ...], reading: tuple[str, ...]) -> dict[str, int]:
    return {column: int(text) if text and text.lstrip("-").isdigit() else 0 for column, text in zip(columns, reading)}


def split_glued(slots: list[Slot], kinds: list[str]) -> list[tuple[str, ...]]:
    return readings([s.raw for s in slots], kinds)


def settle(
    result: Interpretation,
    table: str,
    scopes: Sequence[str],
    slots: list[Slot],
    options: list[tuple[str, ...]],
    width: int,
    evidence: tuple[str, ...] = (),
) -> list[Slot]:
    """The cells of a glued row from the readings left: all of them when one reading is left;
    otherwise the cells every reading agrees on, the rest missing and the row flagged (each of
    `scopes`: the rows the glued cells stand for)."""
    pieces = [s.raw for s in slots]
    source = f"{slots[0].source}{SPLIT_FROM}{' '.join(pieces)!r})"
    because = "".join(f"; {e}" for e in evidence)
    if len(options) == 1:
        for scope in scopes:
            result.note(table, "glued_split", scope, True, f"{' '.join(pieces)} → {' / '.join(options[0])}{because}")
        return [Slot(part, source) for part in options[0]]
    cells = agreed(options) if options else (None,) * width
    settled = sum(cell is not None for cell in cells)
    kept = f"; {settled} of {width} cells agree in every reading and are kept" if settled else ""
    for scope in scopes:
        result.note(table, "ambiguous", scope, False, f"{describe(pieces, options)}{kept}{because}")
    return [Slot(cell or "", source) for cell in cells]
