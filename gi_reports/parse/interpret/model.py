"""What the interpreter finds: cells as printed, with where they came from, and what it noticed."""

from dataclasses import dataclass, field
from typing import NamedTuple

from ...template import codes

SECTIONS = ("preamble", "proactive", "applications", "review_litigation", "end")
APPLICANTS = codes.codes("applicant")
OUTCOMES = codes.codes("outcome")
PROCEEDINGS = codes.codes("proceeding")
REVIEW_WIDTH = len(PROCEEDINGS) * len(OUTCOMES)


class Slot(NamedTuple):  # tuples, not frozen dataclasses: a report makes hundreds of each
    """One cell as found: its text and where it came from."""

    raw: str
    source: str


class Finding(NamedTuple):
    """Something the interpreter noticed; ok=False means a reader should look at it."""

    table: str
    rule: str
    scope: str
    ok: bool
    detail: str


class ProactiveCell(NamedTuple):
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
