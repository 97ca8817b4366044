"""Parsed reports against hand-checked labels (`labels/*.json`, format in the spec)."""

import json
import math
from dataclasses import dataclass
from pathlib import Path

from ..parse.report import Report
from ..template.codes import codes
from ..template.identities import children

Key = tuple[str, str, str]  # (table, row, column)


@dataclass(frozen=True)
class Mismatch:
    table: str
    row: str
    column: str
    expected: object
    got: object


def load_labels(folder: Path | str) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.json"))]


def expected_cells(label: dict) -> dict[Key, object]:
    cells: dict[Key, object] = {}
    for item, metrics in label["proactive"].items():
        for metric, value in metrics.items():
            cells[("proactive", item, metric)] = value
    for row, values in label["applications"].items():
        for applicant, value in zip(codes("applicant"), values):
            cells[("applications", row, applicant)] = value
    for proceeding, values in label["review_litigation"].items():
        for outcome, value in zip(codes("outcome"), values):
            cells[("review_litigation", proceeding, outcome)] = value
    return cells


def report_cells(report: Report, column: str = "value") -> dict[Key, object]:
    """Each cell's value (or its `raw` text or `source`) by (table, row, column)."""
    cells: dict[Key, object] = {}
    for row in report.proactive.itertuples():
        item = row.item if row.sub_label is None or _missing(row.sub_label) else f"{row.item}:{row.sub_label}"
        cells[("proactive", item, row.metric)] = getattr(row, column)
    for row in report.applications.itertuples():
        cells[("applications", row.row, row.applicant)] = getattr(row, column)
    for row in report.review_litigation.itertuples():
        cells[("review_litigation", row.proceeding, row.outcome)] = getattr(row, column)
    return cells


def compare(label: dict, report: Report) -> tuple[int, list[Mismatch]]:
    """(cells compared, mismatches) over every cell the label holds."""
    expected = expected_cells(label)
    got = report_cells(report)
    mismatches = [
        Mismatch(table, row, column, value, _plain(got.get((table, row, column), "absent")))
        for (table, row, column), value in expected.items()
        if not _same(value, got.get((table, row, column), "absent"))
    ]
    return len(expected), mismatches


def unflagged(report: Report, mismatches: list[Mismatch]) -> list[Mismatch]:
    """The mismatches on rows the report flags nowhere. A flag names its row by code (`total_handled/total`);
    a table-二 row that a stray text gave a sub-label (`other_services:曲`) is still that item's row, and a flag
    on a parent row (a lost （六）其他处理) names its sub-rows too."""
    flagged_rows = {_item(scope.split("/")[0]) for scope in report.problems()["scope"]}
    flagged_rows |= {sub for parent, subs in children("row", None).items() if parent in flagged_rows for sub in subs}
    return [m for m in mismatches if _item(m.row) not in flagged_rows]


def _item(row: str) -> str:
    return row.split(":")[0]


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "<NA>"


def _plain(value):
    return None if _missing(value) else value


def _same(expected, got) -> bool:
    if isinstance(got, str):
        return False
    if _missing(expected) or _missing(got):
        return _missing(expected) and _missing(got)
    return abs(float(expected) - float(got)) < 0.005
