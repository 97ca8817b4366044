"""Table 二 (主动公开): rows by item label, columns by the metric headers printed before them.

Table 二 has no totals, so a glued row is cut by the report's own sentences where they state its
figures, and by a rule of thumb only where that leaves a single reading.
"""

from collections.abc import Callable
from typing import NamedTuple

from ...template import codes
from ..statements import Statement, about
from ..tokens import Kind, Token
from .cells import as_slots, fit, is_glued, settle, split_glued, take_values, with_word_cell
from .model import Interpretation, ProactiveCell, Slot


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


def header_unit(token: Token) -> str:
    """The money unit a column header states; where a wrap cut it off (`本年收费金额（单` / `位：万元）`),
    the 2021 template's own 万元 for 收费金额, which only that template prints."""
    if "万元" in token.text:
        return "万元"
    if "元" in token.text or token.code != "amount_yuan" or token.templates != {"2021"}:
        return "元"
    return "万元"


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
            header.append((token.code, header_unit(token)))
            header_open = True
            i += 1
            continue
        if token.kind in (Kind.BLANK, Kind.ROW_END):
            i += 1
            continue
        header_open = False
        if token.kind is Kind.LABEL and token.dimension == "item":
            item = token.code
            taken, i = with_word_cell(tokens, *take_values(tokens, i + 1), len(header))
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


def note_missing_cells(template: str, result: Interpretation) -> None:
    """A row or cell of the template that was not found: its cells are lost, not zero. A row whose own header
    was lost takes the columns of the header above it (行政许可 read under 本年制发件数…): its numbers are kept as
    read, but the cells the template gives it are missing, and said so."""
    found = {(cell.item, cell.metric) for cell in result.proactive}
    if not found:
        return
    read_items = {item for item, _ in found}
    for item in codes.codes("item", template):
        if item not in read_items:
            result.note("proactive", "missing_row", item, False, "the template's row was not found; its cells are lost")
            continue
        lost = [metric for metric in codes.proactive_metrics(item, template) if (item, metric) not in found]
        if lost:
            columns = [metric for f_item, metric in found if f_item == item]
            result.note(
                "proactive",
                "missing_cells",
                item,
                False,
                f"no {'、'.join(codes.printed('metric', m, template) for m in lost)} cell: the row was read under "
                f"{'、'.join(codes.printed('metric', m, template) for m in columns)}, so its own header was lost or not printed",
            )


def add_proactive_row(
    item: str,
    sub_label: str | None,
    header: list[tuple[str, str]],
    slots: list[Slot],
    said: list[Statement],
    result: Interpretation,
) -> None:
    scope = item if sub_label is None else f"{item}:{sub_label}"
    if any(cell.item == item and cell.sub_label == sub_label for cell in result.proactive):
        # table 二 printed again (other numbers, a page saved over another): which the agency filed is not known
        result.note("proactive", "duplicate_row", scope, False, f"row printed twice; kept the first ({slots[0].source})")
        return
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
    return settle(result, "proactive", (scope,), slots, options, len(metrics), evidence)


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
