"""Table 三 (收到和处理政府信息公开申请): 7 applicant columns per row; glued rows cut so the table adds up."""

import functools
import itertools

from ...template import codes
from ...template.identities import children, identity
from ..splitting import ColumnTerms, best_combinations, readings_adding_up
from ..tokens import Kind, Token
from .cells import (
    as_slots,
    fit,
    is_glued,
    numbers,
    settle,
    split_glued,
    take_values,
    with_cells_between,
    without_blank_beside_shared_cell,
)
from .model import APPLICANTS, Interpretation, Slot

RANKING_RULES = ("balance", "results_sum")  # the identities a reading of glued rows is ranked by


def read_applications(tokens: list[Token], template: str, result: Interpretation) -> None:
    width = len(APPLICANTS)
    rows: dict[str, list[Slot]] = {}
    glued: dict[str, list[Slot]] = {}
    orphans: list[list[Slot]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind is Kind.VALUE:
            taken, i = take_values(tokens, i)
            orphans.append(as_slots(taken))
            continue
        if not (token.dimension == "row" and token.kind is Kind.LABEL):
            i += 1
            continue
        taken, i = with_cells_between(tokens, *take_values(tokens, i + 1), width)
        if len(taken) < width and not any(t.kind is Kind.VALUE for t in taken):
            continue  # a label on its own (wrapped, or its numbers were detached)
        if token.code in rows or token.code in glued:
            result.note("applications", "duplicate_row", token.code, False, f"row printed twice; kept the first ({token.source})")
            continue
        if parted := without_blank_beside_shared_cell(taken, width):
            taken = parted
            result.note(
                "applications",
                "shared_cell",
                token.code,
                True,
                "two figures in one cell beside an empty one: read as the two cells",
            )
        row, overflow = fit(as_slots(taken), width)
        if overflow:
            orphans.append(overflow)
        if is_glued(row, width):
            glued[token.code] = row
        else:
            if len(row) < width:
                result.note("applications", "missing_cells", token.code, False, f"{len(row)} cells for {width} columns")
            rows[token.code] = row
    if glued:
        rows.update(resolve_glued_applications(rows, glued, template, result))
    place_orphans(rows, orphans, template, result)
    derive_other_handling(rows, template, result)
    note_missing_rows(rows, template, result)
    result.applications = {code: rows[code] for code in codes.codes("row") if code in rows}


def note_missing_rows(rows: dict[str, list[Slot]], template: str, result: Interpretation) -> None:
    """A row of the template that no label or placement filled: its cells are lost, not zero."""
    if not rows:
        return
    expected = ["new_received", "carried_over", *result_rows(template, set(rows)), "total_handled", "carried_forward"]
    for code in expected:
        if code not in rows:
            result.note("applications", "missing_row", code, False, "the template's row was not found; its cells are lost")


def resolve_glued_applications(
    fixed: dict[str, list[Slot]], glued: dict[str, list[Slot]], template: str, result: Interpretation
) -> dict[str, list[Slot]]:
    """Cut each glued row so that the table's identities hold; flag rows with no single reading."""
    candidates = {
        code: readings_adding_up([s.raw for s in slots], [len(APPLICANTS)]) or split_glued(slots, ["count"] * len(APPLICANTS))
        for code, slots in glued.items()
    }  # the readings whose six columns add up to 总计 (identity row_total), else every reading
    known = {code: tuple(s.raw for s in slots) for code, slots in fixed.items()}
    best = best_combinations(candidates, identities_met_with(known, set(glued), template))
    return {
        code: settle(result, "applications", (code,), slots, sorted({c[code] for c in best}) or candidates[code], len(APPLICANTS))
        for code, slots in glued.items()
    }


def result_rows(template: str, present: set[str]) -> list[str]:
    """The rows that add up to （七）总计 in this template, as printed by this report."""
    return identity("applications", "results_sum").sides(template, present)[0]


def identities_met_with(known: dict[str, tuple[str, ...]], glued: set[str], template: str) -> ColumnTerms:
    """How many of the column identities (RANKING_RULES) hold on the known rows with a combination of readings of
    the others (the glued rows' readings, unlabelled rows in one order), the known rows summed once: an identity
    holds in a column where its left side less its right is 0, a sum over rows, so each of the thousands of
    combinations only adds its own rows' terms (exact integers)."""
    sides = [identity("applications", rule).sides(template, set(known) | glued) for rule in RANKING_RULES]

    def terms(code: str, reading: tuple[str, ...]) -> list[int]:
        values = numbers(APPLICANTS, reading)
        return [(left.count(code) - right.count(code)) * values.get(c, 0) for left, right in sides for c in APPLICANTS]

    fixed = [terms(code, reading) for code, reading in known.items() if code not in glued]
    base = [sum(column) for column in zip(*fixed)] if fixed else [0] * (len(sides) * len(APPLICANTS))
    return ColumnTerms(base, functools.cache(terms))


def place_orphans(rows: dict[str, list[Slot]], orphans: list[list[Slot]], template: str, result: Interpretation) -> None:
    """Numbers whose labels a converter detached (corpus 006) go where the table has room.

    Whole rows fill the unlabelled rows (a run of several whole rows, as pdftotext prints the
    numbers of a column of labels, is cut into its rows); a lone stray number fills the one
    cell the table left empty. Anything that does not fit exactly is reported, not placed.
    """
    width = len(APPLICANTS)
    orphans = [part for orphan in orphans for part in whole_rows(orphan, width)]
    strays = [s for o in orphans if len(fit(o, width)[0]) < width for s in o if s.raw]
    place_rows(rows, [o for o in orphans if len(fit(o, width)[0]) == width], template, result)
    if strays:
        place_strays(rows, strays, result)


def whole_rows(slots: list[Slot], width: int) -> list[list[Slot]]:
    if len(slots) > width and len(slots) % width == 0:
        return [slots[i : i + width] for i in range(0, len(slots), width)]
    return [slots]


def place_strays(rows: dict[str, list[Slot]], strays: list[Slot], result: Interpretation) -> None:
    empty = [(code, column) for code, slots in rows.items() for column, slot in enumerate(slots) if slot.raw == ""]
    found = ", ".join(f"{s.raw!r} ({s.source})" for s in strays)
    if len(strays) == 1 and len(empty) == 1:
        code, column = empty[0]
        rows[code][column] = Slot(strays[0].raw, f"{strays[0].source} (displaced cell)")
        result.note(
            "applications",
            "placed_stray",
            f"{code}/{APPLICANTS[column]}",
            True,
            f"the table's only empty cell takes the stray number {found}",
        )
    else:
        result.note("applications", "unplaced_values", "table", False, f"numbers outside any row: {found}")


def place_rows(rows: dict[str, list[Slot]], orphans: list[list[Slot]], template: str, result: Interpretation) -> None:
    if not orphans:
        return
    missing = [
        c
        for c in ["new_received", "carried_over", *result_rows(template, set(rows)), "total_handled", "carried_forward"]
        if c not in rows
    ]
    if len(orphans) != len(missing):
        result.note(
            "applications",
            "unplaced_rows",
            "table",
            False,
            f"{len(orphans)} rows of numbers without a label, {len(missing)} rows missing",
        )
        return
    placed = placement_order(rows, missing, orphans, template)
    if placed is None:
        result.note(
            "applications",
            "unplaced_rows",
            "table",
            False,
            f"{len(orphans)} rows of numbers without a label fit the {len(missing)} missing rows in more than one way",
        )
        return
    order, adds_up = placed
    for code, index in zip(missing, order):
        rows[code] = fit(orphans[index], len(APPLICANTS))[0]
    in_print_order = list(order) == sorted(order)
    if in_print_order or adds_up:
        how = "in the order printed" if in_print_order else "in the one order under which the table adds up"
        result.note("applications", "placed_by_order", "table", True, f"unlabelled rows placed {how}: {', '.join(missing)}")
        return
    for position, (code, index) in enumerate(zip(missing, order)):  # moved where more identities hold, not all
        if index != position:
            result.note(
                "applications",
                "placed_out_of_order",
                code,
                False,
                "an unlabelled row placed out of the printed order, where more identities hold; the table still does not add up",
            )


MAX_REORDERED = 6  # unlabelled rows whose every order is tried (6! = 720 readings)


def placement_order(
    rows: dict[str, list[Slot]], missing: list[str], orphans: list[list[Slot]], template: str
) -> tuple[tuple[int, ...], bool] | None:
    """Which orphan fills each missing row, and whether every ranking identity then holds: of the orders under
    which the most identities hold, the one closest to the printed order (converters print a column of labels,
    then its numbers, but not always in the table's order); None when two such orders are equally close."""
    if len(orphans) > MAX_REORDERED:
        return tuple(range(len(orphans))), False
    known = {code: tuple(s.raw for s in slots) for code, slots in rows.items()}
    score = identities_met_with(known, set(missing), template)  # the known rows summed once, not once per order
    readings = [tuple(s.raw for s in fit(orphan, len(APPLICANTS))[0]) for orphan in orphans]
    scored = []
    for order in itertools.permutations(range(len(orphans))):
        inversions = sum(a > b for a, b in itertools.combinations(order, 2))
        scored.append((-score({code: readings[i] for code, i in zip(missing, order)}), inversions, order))
    scored.sort()
    if len(scored) > 1 and scored[0][:2] == scored[1][:2]:
        return None
    return scored[0][2], -scored[0][0] == len(RANKING_RULES) * len(APPLICANTS)


def derive_other_handling(rows: dict[str, list[Slot]], template: str, result: Interpretation) -> None:
    """2021: （六）其他处理 is the sum of its three sub-rows; keep it comparable with 2019."""
    subrows = children("row", template).get("other_handling", [])
    if not subrows or "other_handling" in rows or not all(len(rows.get(c, [])) == len(APPLICANTS) for c in subrows):
        return  # a sub-row missing, or short of cells (flagged as such): its sum is not known
    derived = []
    for column in range(len(APPLICANTS)):
        values = [rows[c][column].raw for c in subrows]
        numbers = [int(v) for v in values if v.lstrip("-").isdigit()]
        derived.append(Slot(str(sum(numbers)) if numbers else "", "derived: sum of （六） 1–3"))
    rows["other_handling"] = derived
