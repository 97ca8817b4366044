"""The token stream cut into the report's parts, and which template version its labels are from."""

from collections import Counter, defaultdict

from ..tokens import Kind, Token
from .model import SECTIONS, Interpretation


def prose(tokens: list[Token]) -> str:
    """The text around the tables, as written (what the agency says in its own sentences)."""
    return "".join("\n" if t.kind is Kind.ROW_END else t.text for t in tokens)


def split_sections(tokens: list[Token]) -> dict[str, list[Token]]:
    """Tokens grouped by the table they belong to; sections only ever move forward."""
    sections: dict[str, list[Token]] = defaultdict(list)
    current, start = "preamble", 0
    headings = [i for i, t in enumerate(tokens) if t.dimension == "section" and t.kind is Kind.LABEL]  # the rarer test first
    for i in headings:
        target = tokens[i].code
        # The outline in a report's introduction names every section; only a heading
        # after table 四 really ends the tables.
        if (
            target == "end"
            and current == "review_litigation"
            or (target != "end" and SECTIONS.index(target) > SECTIONS.index(current))
        ):
            if i > start:
                sections[current].extend(tokens[start:i])
            current, start = target, i
    if len(tokens) > start:
        sections[current].extend(tokens[start:])
    return sections


def note_tables_elsewhere(sections: dict[str, list[Token]], result: Interpretation) -> None:
    """Table 三's rows with figures outside its section: a second report in the file (two pasted into one
    page, a page saved twice), whose tables sections that only move forward cannot take. The first is read."""
    rows = {
        token.code
        for name, tokens in sections.items()
        if name != "applications"
        for token, after in zip(tokens, tokens[1:])
        if token.dimension == "row" and token.kind is Kind.LABEL and after.kind is Kind.VALUE
    }
    if len(rows) >= _ROWS_OF_A_TABLE:
        result.note(
            "report",
            "tables_repeated",
            "applications",
            False,
            f"{len(rows)} rows of table 三 again outside it (a second report?); the first is read",
        )


_ROWS_OF_A_TABLE = 3  # fewer could be a row quoted in the text


def detect_template(sections: dict[str, list[Token]], year_hint: int | None, result: Interpretation) -> str | None:
    """2019 or 2021, from the labels only one version has (本年制发件数, 政府集中采购, …)."""
    votes: Counter[str] = Counter(
        next(iter(token.templates))
        for name in ("proactive", "applications")
        for token in sections.get(name, [])
        if len(token.templates) == 1 and token.kind is Kind.LABEL
    )
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
