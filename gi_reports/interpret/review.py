"""Table 四 (行政复议、行政诉讼): one row of 15 cells, three proceedings × five outcomes."""

from ..tokens import Kind, Token
from .cells import as_slots, fit, is_glued, row_sum_holds, settle, split_glued, take_values
from .model import OUTCOMES, REVIEW_WIDTH, Interpretation


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
