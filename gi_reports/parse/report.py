"""`read_report`: one file → a Report with its metadata, three tidy tables and its checks."""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import NotAReportError, NoTextLayerError, TruncatedReportError
from .checks import check_records, doubt_records
from .choosing import choose_readings
from .interpret import interpret
from .meta import extract_meta
from .readers import read_document
from .tables import DATA_TABLES, frame, records
from .tokens import tokenize

TABLE_NAMES = {
    "proactive": "table 二 (主动公开政府信息情况)",
    "applications": "table 三 (收到和处理政府信息公开申请情况)",
    "review_litigation": "table 四 (行政复议、行政诉讼情况)",
}


@dataclass
class Report:
    meta: dict
    proactive: pd.DataFrame
    applications: pd.DataFrame
    review_litigation: pd.DataFrame
    checks: pd.DataFrame

    @property
    def ok(self) -> bool:
        """True when every identity holds and nothing needed a second look."""
        return bool(self.checks["ok"].all())

    def problems(self) -> pd.DataFrame:
        return self.checks[~self.checks["ok"]]


def read_report(path: Path | str) -> Report:
    """Parse one annual report (txt, md, html, docx or pdf) into tidy tables."""
    meta, rows = parse_rows(path)
    return Report(meta, *(frame(name, rows[name]) for name in (*DATA_TABLES, "checks")))


def parse_rows(path: Path | str) -> tuple[dict, dict[str, list[tuple]]]:
    """The report's metadata and the plain rows of its tables and checks (what a build gathers).

    A reading that fails checks gives way to the document's second reading (OCR of the page
    images under a PDF's text layer) when that one fails fewer; the sources name the reading kept."""
    document = read_document(path)
    try:
        first = _reading(document)
    except (NotAReportError, TruncatedReportError):
        if (second := _second_reading(document)) is None:
            raise
        return _reading(second)
    if not _failures(first) or (second := _second_reading(document)) is None:
        return first
    try:
        other = _reading(second)
    except (NotAReportError, TruncatedReportError):
        return first
    return other if _failures(other) < _failures(first) else first


def _second_reading(document):
    try:
        return document.second_reading() if document.second_reading else None
    except NoTextLayerError:  # OCR is not installed
        return None


def _failures(reading: tuple[dict, dict[str, list[tuple]]]) -> int:
    return sum(not ok for _table, _rule, _scope, ok, _detail in reading[1]["checks"])


def _reading(document) -> tuple[dict, dict[str, list[tuple]]]:
    meta = extract_meta(document.title, document.text(), str(document.path))
    result = interpret(tokenize(document), year_hint=meta["year"])
    _require_tables(document.path, result)
    choose_readings(result, document.other_readings)
    rows = records(result)
    rows["checks"] = check_records(rows, result.template, result) + doubt_records(rows, document.doubts)
    meta.update(template=result.template, format=document.format, source=str(document.path))
    return meta, rows


def _require_tables(path: Path, result) -> None:
    found = {
        "proactive": bool(result.proactive),
        "applications": bool(result.applications),
        "review_litigation": bool(result.review),
    }
    missing = [TABLE_NAMES[name] for name, present in found.items() if not present]
    if len(missing) == len(found):
        raise NotAReportError(path, "none of the annual report's tables (二 主动公开, 三 依申请, 四 复议诉讼) was found")
    if missing:
        raise TruncatedReportError(path, f"missing {', '.join(missing)}; the file may be cut short")
