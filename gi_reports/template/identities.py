"""The accounting identities of the template, declared once in `identities.csv` and evaluated here.

The interpreter ranks readings of glued rows by how many identities they meet, the checks report
the ones that fail, and both ask this module, so the two can never drift apart. A side of an identity
is a list of selectors over the codes of one dimension (`along`) of `codes.csv`: a code, `role:R`
(every code with that role in the report's template), or `leaves:R` (the same, but a code of which
any sub-row is printed counts through its sub-rows: 2021's （六） when its 1–3 are there).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from . import read
from .codes import code_table, codes

Grid = Mapping[str, Mapping[str, int | None]]  # a table's row code → column code → value (None: blank)
# The two dimensions of each table with identities: what its grid is keyed by, rows first.
DIMENSIONS = {"applications": ("row", "applicant"), "review_litigation": ("proceeding", "outcome")}


@dataclass(frozen=True)
class Identity:
    table: str
    rule: str
    along: str  # the dimension whose codes the two sides sum
    across: str  # the dimension the identity is repeated over, once per code
    left: tuple[str, ...]
    right: tuple[str, ...]
    left_label: str
    right_label: str
    en: str

    def sides(self, template: str | None, present: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The codes summed on each side, for a report of `template` that printed the `present` codes."""
        return _sides(self.table, self.rule, template, frozenset(present))

    def evaluate(self, grid: Grid, template: str | None) -> list[tuple[str, bool, int, int]]:
        """(across code, holds, left sum, right sum) for each across code: every column, or every row the
        report printed. A blank counts as 0, as the agencies that leave cells blank mean it."""
        along_rows = DIMENSIONS[self.table][0] == self.along
        left, right = self.sides(template, set(grid) if along_rows else set())
        results = []
        if along_rows:  # the sides are rows, added up in every column
            left_rows, right_rows = [grid.get(c, {}) for c in left], [grid.get(c, {}) for c in right]
            for scope in codes(self.across):
                left_sum = sum([row.get(scope) or 0 for row in left_rows])  # a list sums faster than a generator
                right_sum = sum([row.get(scope) or 0 for row in right_rows])
                results.append((scope, left_sum == right_sum, left_sum, right_sum))
            return results
        for scope in codes(self.across):  # the sides are columns, added up in every printed row
            if (row := grid.get(scope)) is not None:
                left_sum, right_sum = sum([row.get(c) or 0 for c in left]), sum([row.get(c) or 0 for c in right])
                results.append((scope, left_sum == right_sum, left_sum, right_sum))
        return results

    def detail(self, left_sum: int, right_sum: int) -> str:
        return f"{self.left_label} = {left_sum}, {self.right_label} = {right_sum}"


@lru_cache(maxsize=1 << 12)  # asked for every reading of a glued row, with the same rows present
def _sides(table: str, rule: str, template: str | None, present: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    identity = _identity(table, rule)
    printed = frozenset(c for c in present if _parent(identity.along, template, c))  # only sub-rows change the sides
    return (
        _expand(identity.left, identity.along, template, printed),
        _expand(identity.right, identity.along, template, printed),
    )


@cache
def identities(table: str) -> tuple[Identity, ...]:
    """The identities of one table (applications, review_litigation), in declared order."""
    rows = read("identities.csv")
    return tuple(
        Identity(
            r.table, r.rule, r.along, r.across, tuple(r.left.split()), tuple(r.right.split()), r.left_label, r.right_label, r.en
        )
        for r in rows[rows["table"] == table].itertuples(index=False)
    )


def identity(table: str, rule: str) -> Identity:
    return _identity(table, rule)


@cache
def _identity(table: str, rule: str) -> Identity:
    return next(i for i in identities(table) if i.rule == rule)


def met(grid: Grid, table: str, template: str | None, rules: tuple[str, ...]) -> int:
    """How many (identity, scope) pairs of `rules` hold on `grid`: the score of a reading of glued digits."""
    return sum(holds for rule in rules for _, holds, *_ in identity(table, rule).evaluate(grid, template))


def children(dimension: str, template: str | None) -> dict[str, list[str]]:
    """parent code → its sub-rows in `template` (2021: other_handling → other_no_correction, other_no_fee, other_other)."""
    found: dict[str, list[str]] = {}
    for code, parent in _codes_of(dimension, template):
        if parent:
            found.setdefault(parent, []).append(code)
    return found


def with_role(dimension: str, role: str, template: str | None = None) -> list[str]:
    """The codes of `dimension` with `role`, in template order (every template when None)."""
    return list(_with_role(dimension, role, template))


@cache  # the checks ask for the same roles several times per report; a DataFrame filter each time was most of parse time
def _with_role(dimension: str, role: str, template: str | None) -> tuple[str, ...]:
    table = code_table()
    rows = table[(table["dimension"] == dimension) & (table["role"] == role)]
    if template is not None:
        rows = rows[rows["templates"].map(lambda ts: template in ts)]
    return tuple(rows["code"])


@cache
def _codes_of(dimension: str, template: str | None) -> tuple[tuple[str, str], ...]:
    table = code_table()
    rows = table[(table["dimension"] == dimension) & table["templates"].map(lambda ts: template is None or template in ts)]
    return tuple(zip(rows["code"], rows["parent"]))


@cache  # asked for every reading of a glued row: thousands of times for one report
def _expand(selectors: tuple[str, ...], dimension: str, template: str | None, present: frozenset[str]) -> tuple[str, ...]:
    codes: list[str] = []
    for selector in selectors:
        kind, _, role = selector.partition(":")
        if not role:
            codes.append(selector)
        elif kind == "role":
            codes += [c for c in with_role(dimension, role, template) if not _parent(dimension, template, c)]
        else:  # leaves: a printed parent counts through its printed sub-rows
            subrows = children(dimension, template)
            for code in with_role(dimension, role, template):
                if _parent(dimension, template, code):
                    continue
                below = subrows.get(code, [])
                codes += below if present & set(below) else [code]
    return tuple(codes)


def _parent(dimension: str, template: str | None, code: str) -> str:
    return _parents(dimension, template).get(code, "")


@cache
def _parents(dimension: str, template: str | None) -> dict[str, str]:
    return dict(_codes_of(dimension, template))
