"""Table 四 (行政复议、行政诉讼): three proceedings × five outcomes, 15 cells.

Most reports print them as one row; some print one small table per proceeding under its own
heading (沭阳县人民政府 2025), and then the headings, not the order, say which is which.
"""

from functools import cache

from ...template.identities import identity
from ..splitting import readings_adding_up
from ..tokens import Kind, Token
from .cells import as_slots, fit, is_glued, numbers, settle, split_glued, take_values, with_cells_between
from .model import OUTCOMES, PROCEEDINGS, REVIEW_WIDTH, Interpretation, Slot


def review_groups_met(reading: tuple[str, ...]) -> int:
    """How many proceedings of a reading of the 15 cells add up to their 总计: those whose five cells, weighed by
    the identity's sides (+1 on the left, -1 on the right), sum to 0; the weights are made once, not a grid per reading."""
    width, weights = len(OUTCOMES), _outcome_weights()
    return sum(
        not sum(w * v for w, v in zip(weights, numbers(OUTCOMES, reading[i * width : (i + 1) * width]).values()))
        for i in range(len(PROCEEDINGS))
    )


@cache
def _outcome_weights() -> tuple[int, ...]:
    left, right = identity("review_litigation", "review_total").sides(None, set())  # the same in every template
    return tuple(left.count(o) - right.count(o) for o in OUTCOMES)


def best_scored(options: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The readings under which the most proceedings add up."""
    scores = [review_groups_met(o) for o in options]
    top = max(scores, default=0)
    return [o for o, score in zip(options, scores) if score == top]


def read_review(tokens: list[Token], result: Interpretation) -> None:
    runs = value_runs(tokens)
    if not runs:
        return
    runs = without_strays(runs, result)
    if len(runs) >= len(PROCEEDINGS) and all(is_one_proceeding(slots) for _, slots in runs):
        result.review = read_by_heading(runs, result)
        return
    runs = with_parts_joined(runs, result)
    row, overflow = fit(runs[0][1], REVIEW_WIDTH)
    if overflow:
        doubt_every_proceeding(result, "extra_cells", f"{len(overflow)} cells beyond the 15 of table 四")
    if is_glued(row, REVIEW_WIDTH):
        # the readings under which every proceeding adds up to its 总计, else those under which the most do
        options = readings_adding_up([s.raw for s in row], [len(OUTCOMES)] * len(PROCEEDINGS)) or best_scored(
            split_glued(row, ["count"] * REVIEW_WIDTH)
        )
        row = settle(result, "review_litigation", PROCEEDINGS, row, options, REVIEW_WIDTH)
    elif len(row) < REVIEW_WIDTH:
        doubt_every_proceeding(result, "missing_cells", f"{len(row)} cells for {REVIEW_WIDTH}")
    note_repeated_table([slots for _, slots in runs[1:]], row, result)
    result.review = row


def without_strays(runs: list[tuple[str, list[Slot]]], result: Interpretation) -> list[tuple[str, list[Slot]]]:
    """The runs without those before the first that holds the whole table too short for even a proceeding's
    five cells: figures in the header (an OCR'd 行政诉讼 read as '45政诉讼', a footnote mark), not the table."""
    whole = next((i for i, (_, slots) in enumerate(runs) if reach(slots) >= REVIEW_WIDTH), 0)
    strays = {i for i, (_, slots) in enumerate(runs[:whole]) if reach(slots) < len(OUTCOMES)}
    for i in sorted(strays):
        slots = runs[i][1]
        detail = f"numbers too few for a proceeding skipped: {' '.join(s.raw for s in slots)!r} ({slots[0].source})"
        result.note("review_litigation", "stray_figures", "table", True, detail)
    return [run for i, run in enumerate(runs) if i not in strays]


def with_parts_joined(runs: list[tuple[str, list[Slot]]], result: Interpretation) -> list[tuple[str, list[Slot]]]:
    """The runs with the first ones joined into one, when the table is printed in parts of whole proceedings
    (行政复议's five cells, then 行政诉讼's ten: a converter that lost the table's grid prints each header block
    with its figures) that together fill its 15 cells, in the template's order."""
    width, parts = len(OUTCOMES), []
    for _, slots in runs:
        part = _without_blank_edges(slots)
        if len(part) % width or not all(slot.raw for slot in part):
            return runs
        parts.append(part)
        filled = sum(map(len, parts))
        if filled < REVIEW_WIDTH:
            continue
        if filled == REVIEW_WIDTH and len(parts) > 1:
            sizes = "+".join(str(len(part)) for part in parts)
            result.note("review_litigation", "parts_joined", "table", True, f"table 四 printed in parts of {sizes} cells")
            return [(runs[0][0], [slot for part in parts for slot in part]), *runs[len(parts) :]]
        return runs
    return runs


def _without_blank_edges(slots: list[Slot]) -> list[Slot]:
    start, end = 0, len(slots)
    while start < end and not slots[start].raw:
        start += 1
    while end > start and not slots[end - 1].raw:
        end -= 1
    return slots[start:end]


def reach(slots: list[Slot]) -> int:
    """How many cells a run can fill: its cells, or its digits when they are glued."""
    return max(len(slots), sum(c.isdigit() for slot in slots for c in slot.raw))


def doubt_every_proceeding(result: Interpretation, rule: str, detail: str) -> None:
    """Flag each proceeding's row: when the one run of 15 cells is miscounted, no cell's place is sure, and
    an all-blank proceeding would still add up (0 = 0)."""
    for proceeding in PROCEEDINGS:
        result.note("review_litigation", rule, proceeding, False, detail)


def note_repeated_table(later: list[list[Slot]], row: list[Slot], result: Interpretation) -> None:
    """A second whole table 四 with other numbers (a page saved over another, a draft left in): which one the
    agency filed is not known, so the first is read and the report flagged."""
    printed = [s.raw for s in row]
    for slots in later:
        again = [s.raw for s in fit(slots, REVIEW_WIDTH)[0]]
        if len(again) == REVIEW_WIDTH and again != printed:
            detail = f"a second table 四 ({slots[0].source}); the first is read"
            result.note("review_litigation", "tables_repeated", "table", False, detail)
            return


def is_one_proceeding(slots: list[Slot]) -> bool:
    row, overflow = fit(slots, len(OUTCOMES))
    return len(row) == len(OUTCOMES) and not overflow


def value_runs(tokens: list[Token]) -> list[tuple[str, list[Slot]]]:
    """Each run of numbers in the section, with the text printed since the run before it."""
    runs, heading, i = [], [], 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind is Kind.VALUE:
            taken, i = with_cells_between(tokens, *take_values(tokens, i, stop_at_row_end=False), REVIEW_WIDTH)
            runs.append(("".join(heading), as_slots(taken)))
            heading = []
            continue
        if token.kind in (Kind.TEXT, Kind.LABEL):
            heading.append(token.text)
        i += 1
    return runs


def proceeding_named(heading: str) -> str | None:
    if "复议后起诉" in heading:
        return "litigation_after_review"
    if "直接起诉" in heading:
        return "litigation_direct"
    if "复议" in heading and "起诉" not in heading:
        return "admin_review"
    return None


def read_by_heading(runs: list[tuple[str, list[Slot]]], result: Interpretation) -> list[Slot]:
    """One sub-table of five per proceeding: placed by the proceeding its heading names."""
    width = len(OUTCOMES)
    placed = {proceeding_named(heading): fit(slots, width)[0] for heading, slots in runs}
    if set(placed) != set(PROCEEDINGS) or len(runs) != len(PROCEEDINGS):
        headings = "; ".join(f"{heading[-20:]!r}: {len(slots)} cells" for heading, slots in runs)
        doubt_every_proceeding(
            result, "unplaced_rows", f"runs of numbers whose headings don't name one proceeding each: {headings}"
        )
        return [Slot("", runs[0][1][0].source)] * REVIEW_WIDTH
    result.note("review_litigation", "placed_by_heading", "table", True, "one sub-table per proceeding, placed by its heading")
    return [slot for proceeding in PROCEEDINGS for slot in placed[proceeding]]
