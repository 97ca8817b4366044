"""Template interpreter: a report's token stream → the cells of tables 二, 三 and 四.

Rows are found by their labels, never by position, so an agency's extra sub-rows, a label
repeated after a page break or a blank cell shift nothing. What the label catalogue and the
code dictionary say about each template version is data; this module only reads the stream.
Where a text dump glued cells together, the template's identities (and, for table 二, the
report's own sentences) choose the reading; cells on which the readings left still differ are
left missing and flagged, never guessed.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from . import codes
from .splitting import agreed, best_combinations, describe, readings
from .statements import Statement, about, statements
from .tokens import Kind, Token

SECTIONS = ("preamble", "proactive", "applications", "review_litigation", "end")
APPLICANTS = codes.codes("applicant")
OUTCOMES = codes.codes("outcome")
PROCEEDINGS = codes.codes("proceeding")
REVIEW_WIDTH = len(PROCEEDINGS) * len(OUTCOMES)
OTHER_SUBROWS = ("other_no_correction", "other_no_fee", "other_other")


@dataclass(frozen=True)
class Slot:
    """One cell as found: its text and where it came from."""

    raw: str
    source: str


@dataclass(frozen=True)
class Finding:
    """Something the interpreter noticed; ok=False means a reader should look at it."""

    table: str
    rule: str
    scope: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class ProactiveCell:
    item: str
    sub_label: str | None
    metric: str
    unit: str  # the unit the column header states: 元 or 万元
    slot: Slot


@dataclass
class Interpretation:
    template: str | None
    proactive: list[ProactiveCell] = field(default_factory=list)
    applications: dict[str, list[Slot]] = field(default_factory=dict)
    review: list[Slot] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def note(self, table: str, rule: str, scope: str, ok: bool, detail: str) -> None:
        self.findings.append(Finding(table, rule, scope, ok, detail))


def interpret(tokens: list[Token], year_hint: int | None = None) -> Interpretation:
    sections = split_sections(tokens)
    result = Interpretation(template=None)
    result.template = detect_template(sections, year_hint, result)
    template = result.template or "2019"
    said = statements(prose(sections.get("preamble", [])) + "\n" + prose(sections.get("end", [])))
    read_proactive(sections.get("proactive", []), said, result)
    read_applications(sections.get("applications", []), template, result)
    read_review(sections.get("review_litigation", []), result)
    return result


def prose(tokens: list[Token]) -> str:
    """The text around the tables, as written (what the agency says in its own sentences)."""
    return "".join("\n" if t.kind is Kind.ROW_END else t.text for t in tokens)


def split_sections(tokens: list[Token]) -> dict[str, list[Token]]:
    """Tokens grouped by the table they belong to; sections only ever move forward."""
    sections: dict[str, list[Token]] = defaultdict(list)
    current = "preamble"
    for token in tokens:
        if token.kind is Kind.LABEL and token.dimension == "section":
            target = token.code
            # The outline in a report's introduction names every section; only a heading
            # after table 四 really ends the tables.
            if (
                target == "end"
                and current == "review_litigation"
                or (target != "end" and SECTIONS.index(target) > SECTIONS.index(current))
            ):
                current = target
        sections[current].append(token)
    return sections


def detect_template(sections: dict[str, list[Token]], year_hint: int | None, result: Interpretation) -> str | None:
    """2019 or 2021, from the labels only one version has (本年制发件数, 政府集中采购, …)."""
    votes: Counter[str] = Counter()
    for name in ("proactive", "applications"):
        for token in sections.get(name, []):
            if token.kind is Kind.LABEL and len(token.templates) == 1:
                votes[next(iter(token.templates))] += 1
    if len(votes) == 1:
        return next(iter(votes))
    if len(votes) == 2:
        winner = votes.most_common(1)[0][0]
        result.note("report", "template", "labels", False, f"labels of both template versions: {dict(votes)}; read as {winner}")
        return winner
    if year_hint is not None:
        guess = "2021" if year_hint >= 2021 else "2019"
        result.note(
            "report", "template", "labels", False, f"no label specific to one template; {guess} assumed from the year {year_hint}"
        )
        return guess
    return None


def take_values(tokens: list[Token], start: int, stop_at_row_end: bool = True) -> tuple[list[Token], int]:
    """The value and blank cells from `start` on, up to the next label or text.

    A row end stops the run once a value has been seen; before that it is skipped, since
    a wrapped label often sits on a line of its own above its numbers.
    """
    taken: list[Token] = []
    i = start
    while i < len(tokens):
        token = tokens[i]
        if token.kind is Kind.ROW_END:
            if stop_at_row_end and any(t.kind is Kind.VALUE for t in taken):
                break
        elif token.kind in (Kind.VALUE, Kind.BLANK):
            taken.append(token)
        else:
            break
        i += 1
    return taken, i


_CELL_BOUNDARY = re.compile(r" |(?<=\d)(?=-)")


def as_slots(taken: list[Token]) -> list[Slot]:
    """Cells from value tokens; a space or a minus sign a text dump kept between digits is a cell boundary."""
    slots = []
    for token in taken:
        if token.kind is Kind.BLANK:
            slots.append(Slot(token.text, token.source))
        else:
            slots.extend(Slot(piece, token.source) for piece in _CELL_BOUNDARY.split(token.text))
    return slots


def fit(slots: list[Slot], width: int) -> tuple[list[Slot], list[Slot]]:
    """Trim blank cells (empty label columns before, padding after) beyond `width`; return (row, overflow)."""
    while len(slots) > width and slots[0].raw == "":
        slots = slots[1:]
    while len(slots) > width and slots[-1].raw == "":
        slots = slots[:-1]
    return slots[:width], slots[width:]


def is_glued(slots: list[Slot], width: int) -> bool:
    return len(slots) < width and all(s.raw and s.raw.lstrip("-")[:1].isdigit() for s in slots)


def split_glued(slots: list[Slot], kinds: list[str]) -> list[tuple[str, ...]]:
    return readings([s.raw for s in slots], kinds)


def settle(
    result: Interpretation,
    table: str,
    scope: str,
    slots: list[Slot],
    options: list[tuple[str, ...]],
    width: int,
    evidence: tuple[str, ...] = (),
) -> list[Slot]:
    """The cells of a glued row from the readings left: all of them when one reading is left;
    otherwise the cells every reading agrees on, the rest missing and the row flagged."""
    pieces = [s.raw for s in slots]
    source = f"{slots[0].source} (split from {' '.join(pieces)!r})"
    because = "".join(f"; {e}" for e in evidence)
    if len(options) == 1:
        result.note(table, "glued_split", scope, True, f"{' '.join(pieces)} → {' / '.join(options[0])}{because}")
        return [Slot(part, source) for part in options[0]]
    cells = agreed(options) if options else (None,) * width
    settled = sum(cell is not None for cell in cells)
    kept = f"; {settled} of {width} cells agree in every reading and are kept" if settled else ""
    result.note(table, "ambiguous", scope, False, f"{describe(pieces, options)}{kept}{because}")
    return [Slot(cell or "", source) for cell in cells]


# ---------------------------------------------------------------- table 二


# Readings of a glued table-二 row that the template alone cannot decide; a rule of thumb
# picks one only where agencies almost always print it so (本年增/减 is 0 in nearly every
# report; newly made and newly published normative documents are usually the same count).
class RuleOfThumb(NamedTuple):
    says: str
    holds: Callable[[tuple[str, ...]], bool]


_NO_CHANGE = RuleOfThumb("rule of thumb: 本年增/减 is 0", lambda r: r[1] == "0")
PROACTIVE_RULES: dict[tuple[str, ...], RuleOfThumb] = {
    ("prior_items", "change", "decisions"): _NO_CHANGE,
    ("prior_items", "change"): _NO_CHANGE,
    ("made", "published", "total_published"): RuleOfThumb("rule of thumb: 新制作 = 新公开", lambda r: r[0] == r[1]),
}


# The kind of text each column's cells can hold, for cutting a glued row.
CELL_KINDS = {"amount_yuan": "amount", "change": "signed"}


def read_proactive(tokens: list[Token], said: list[Statement], result: Interpretation) -> None:
    header: list[tuple[str, str]] = []
    header_open = False
    item: str | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind is Kind.LABEL and token.dimension == "metric":
            if not header_open:
                header = []
            header.append((token.code, "万元" if "万元" in token.text else "元"))
            header_open = True
            i += 1
            continue
        if token.kind in (Kind.BLANK, Kind.ROW_END):
            i += 1
            continue
        header_open = False
        if token.kind is Kind.LABEL and token.dimension == "item":
            item = token.code
            taken, i = take_values(tokens, i + 1)
            if any(t.kind is Kind.VALUE for t in taken) or len(taken) >= len(header) > 0:
                add_proactive_row(item, None, header, as_slots(taken), said, result)
            continue
        if token.kind is Kind.TEXT and item is not None:
            # An agency's own sub-row under an item (seed 001: 行政检查, 行政确认).
            taken, after = take_values(tokens, i + 1)
            if any(t.kind is Kind.VALUE for t in taken):
                add_proactive_row(item, token.text, header, as_slots(taken), said, result)
                i = after
                continue
        i += 1


def add_proactive_row(
    item: str,
    sub_label: str | None,
    header: list[tuple[str, str]],
    slots: list[Slot],
    said: list[Statement],
    result: Interpretation,
) -> None:
    scope = item if sub_label is None else f"{item}:{sub_label}"
    if not header:
        result.note("proactive", "header", scope, False, "numbers with no column header before them")
        return
    row, overflow = fit(slots, len(header))
    if overflow:
        result.note(
            "proactive", "extra_cells", scope, False, f"{len(overflow)} cells beyond the header: {[s.raw for s in overflow]}"
        )
    if is_glued(row, len(header)):
        row = resolve_glued_proactive(item, scope, [m for m, _ in header], row, said, result)
    elif len(row) < len(header):
        result.note("proactive", "missing_cells", scope, False, f"{len(row)} cells for {len(header)} columns")
    for (metric, unit), slot in zip(header, row):
        result.proactive.append(ProactiveCell(item, sub_label, metric, unit, slot))


def resolve_glued_proactive(
    item: str, scope: str, metrics: list[str], slots: list[Slot], said: list[Statement], result: Interpretation
) -> list[Slot]:
    options = split_glued(slots, [CELL_KINDS.get(m, "count") for m in metrics])
    options, evidence = corroborate(options, item, metrics, said)
    rule = PROACTIVE_RULES.get(tuple(metrics))
    if rule and len(options) > 1:
        # Only a rule that leaves one reading is used; it never settles a cell of a row it can't settle.
        ruled = [o for o in options if rule.holds(o)]
        if len(ruled) == 1:
            options, evidence = ruled, (*evidence, rule.says)
    return settle(result, "proactive", scope, slots, options, len(metrics), evidence)


def corroborate(
    options: list[tuple[str, ...]], item: str, metrics: list[str], said: list[Statement]
) -> tuple[list[tuple[str, ...]], tuple[str, ...]]:
    """Keep the readings that give what the report's own text states about this row.

    A statement that no reading gives is reported and set aside: the table, not the prose,
    is what the agency filed.
    """
    evidence = []
    for column, metric in enumerate(metrics):
        for statement in about(said, item, metric, metrics):
            agreeing = [o for o in options if o[column] == str(statement.value)]
            if not agreeing:
                evidence.append(f"the report's text says {statement.clause!r}, which no reading gives")
            elif len(agreeing) < len(options):
                evidence.append(f"the report's text says {statement.clause!r}")
                options = agreeing
    return options, tuple(evidence)


# ---------------------------------------------------------------- table 三


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


def row_sum_holds(reading: tuple[str, ...]) -> bool:
    return sum(int(x) for x in reading[:-1]) == int(reading[-1])


def resolve_glued_applications(
    fixed: dict[str, list[Slot]], glued: dict[str, list[Slot]], template: str, result: Interpretation
) -> dict[str, list[Slot]]:
    """Cut each glued row so that the table's identities hold; flag rows with no single reading."""
    candidates = {}
    for code, slots in glued.items():
        options = split_glued(slots, ["count"] * len(APPLICANTS))
        candidates[code] = [o for o in options if row_sum_holds(o)] or options
    known = {code: tuple(s.raw for s in slots) for code, slots in fixed.items()}
    best = best_combinations(candidates, lambda combination: application_identities_met({**known, **combination}, template))
    return {
        code: settle(result, "applications", code, slots, sorted({c[code] for c in best}) or candidates[code], len(APPLICANTS))
        for code, slots in glued.items()
    }


def result_rows(template: str, present: set[str]) -> list[str]:
    """The rows that add up to （七）总计 in this template, as printed by this report."""
    rows = [
        c for c in codes.codes("row", template) if c not in ("new_received", "carried_over", "total_handled", "carried_forward")
    ]
    if template == "2021":
        if any(c in present for c in OTHER_SUBROWS):
            rows.remove("other_handling")
        else:
            rows = [c for c in rows if c not in OTHER_SUBROWS]
    return rows


def application_identities_met(table: dict[str, tuple[str, ...]], template: str) -> int:
    """How many of the column identities hold (used to rank readings of glued rows)."""

    def cell(code: str, column: int) -> int:
        values = table.get(code)
        return int(values[column]) if values and values[column] not in ("", None) else 0

    parts = result_rows(template, set(table))
    met = 0
    for column in range(len(APPLICANTS)):
        handled = cell("total_handled", column)
        met += cell("new_received", column) + cell("carried_over", column) == handled + cell("carried_forward", column)
        met += handled == sum(cell(code, column) for code in parts)
    return met


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
    if template != "2021" or "other_handling" in rows or not all(c in rows for c in OTHER_SUBROWS):
        return
    derived = []
    for column in range(len(APPLICANTS)):
        values = [rows[c][column].raw for c in OTHER_SUBROWS]
        numbers = [int(v) for v in values if v.lstrip("-").isdigit()]
        derived.append(Slot(str(sum(numbers)) if numbers else "", "derived: sum of （六） 1–3"))
    rows["other_handling"] = derived


# ---------------------------------------------------------------- table 四


def review_groups_met(reading: tuple[str, ...]) -> int:
    width = len(OUTCOMES)
    groups = [reading[i : i + width] for i in range(0, len(reading), width)]
    return sum(row_sum_holds(g) for g in groups)


def read_review(tokens: list[Token], result: Interpretation) -> None:
    first_value = next((i for i, t in enumerate(tokens) if t.kind is Kind.VALUE), None)
    if first_value is None:
        return
    taken, _ = take_values(tokens, first_value, stop_at_row_end=False)
    row, overflow = fit(as_slots(taken), REVIEW_WIDTH)
    if overflow:
        result.note("review_litigation", "extra_cells", "table", False, f"{len(overflow)} cells beyond the 15 of table 四")
    if is_glued(row, REVIEW_WIDTH):
        options = split_glued(row, ["count"] * REVIEW_WIDTH)
        top = max((review_groups_met(o) for o in options), default=0)
        options = [o for o in options if review_groups_met(o) == top]
        row = settle(result, "review_litigation", "table", row, options, REVIEW_WIDTH)
    elif len(row) < REVIEW_WIDTH:
        result.note("review_litigation", "missing_cells", "table", False, f"{len(row)} cells for {REVIEW_WIDTH}")
    result.review = row
