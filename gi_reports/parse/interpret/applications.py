"""Table 三 (收到和处理政府信息公开申请): 7 applicant columns per row; glued rows cut so the table adds up."""

from ...template import codes
from ...template.identities import children, identity, met
from ..splitting import best_combinations
from ..tokens import Kind, Token
from .cells import as_slots, fit, is_glued, numbers, settle, split_glued, take_values
from .model import APPLICANTS, Interpretation, Slot


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
        if not (token.kind is Kind.LABEL and token.dimension == "row"):
            i += 1
            continue
        taken, i = take_values(tokens, i + 1)
        if len(taken) < width and not any(t.kind is Kind.VALUE for t in taken):
            continue  # a label on its own (wrapped, or its numbers were detached)
        if token.code in rows or token.code in glued:
            result.note("applications", "duplicate_row", token.code, False, f"row printed twice; kept the first ({token.source})")
            continue
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
    result.applications = {code: rows[code] for code in codes.codes("row") if code in rows}


def resolve_glued_applications(
    fixed: dict[str, list[Slot]], glued: dict[str, list[Slot]], template: str, result: Interpretation
) -> dict[str, list[Slot]]:
    """Cut each glued row so that the table's identities hold; flag rows with no single reading."""
    candidates = {}
    for code, slots in glued.items():
        options = split_glued(slots, ["count"] * len(APPLICANTS))
        candidates[code] = [
            o for o in options if met({code: numbers(APPLICANTS, o)}, "applications", template, ("row_total",))
        ] or options
    known = {code: tuple(s.raw for s in slots) for code, slots in fixed.items()}
    best = best_combinations(candidates, lambda combination: application_identities_met({**known, **combination}, template))
    return {
        code: settle(result, "applications", code, slots, sorted({c[code] for c in best}) or candidates[code], len(APPLICANTS))
        for code, slots in glued.items()
    }


def result_rows(template: str, present: set[str]) -> list[str]:
    """The rows that add up to （七）总计 in this template, as printed by this report."""
    return identity("applications", "results_sum").sides(template, present)[0]


def application_identities_met(table: dict[str, tuple[str, ...]], template: str) -> int:
    """How many of the column identities hold (used to rank readings of glued rows)."""
    grid = {code: numbers(APPLICANTS, values) for code, values in table.items()}
    return met(grid, "applications", template, ("balance", "results_sum"))


def place_orphans(rows: dict[str, list[Slot]], orphans: list[list[Slot]], template: str, result: Interpretation) -> None:
    """Numbers whose labels a converter detached (corpus 006) go where the table has room.

    Whole rows fill the unlabelled rows in template order; a lone stray number fills the one
    cell the table left empty. Anything that does not fit exactly is reported, not placed.
    """
    width = len(APPLICANTS)
    strays = [s for o in orphans if len(fit(o, width)[0]) < width for s in o if s.raw]
    place_rows(rows, [o for o in orphans if len(fit(o, width)[0]) == width], template, result)
    if strays:
        place_strays(rows, strays, result)


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
    for code, orphan in zip(missing, orphans):
        rows[code] = fit(orphan, len(APPLICANTS))[0]
    result.note(
        "applications", "placed_by_order", "table", True, f"unlabelled rows placed in template order: {', '.join(missing)}"
    )


def derive_other_handling(rows: dict[str, list[Slot]], template: str, result: Interpretation) -> None:
    """2021: （六）其他处理 is the sum of its three sub-rows; keep it comparable with 2019."""
    subrows = children("row", template).get("other_handling", [])
    if not subrows or "other_handling" in rows or not all(c in rows for c in subrows):
        return
    derived = []
    for column in range(len(APPLICANTS)):
        values = [rows[c][column].raw for c in subrows]
        numbers = [int(v) for v in values if v.lstrip("-").isdigit()]
        derived.append(Slot(str(sum(numbers)) if numbers else "", "derived: sum of （六） 1–3"))
    rows["other_handling"] = derived
