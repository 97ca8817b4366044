"""`read_report`: one file → a Report with its metadata, three tidy tables and its checks."""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .checks import run_checks
from .errors import NotAReportError, TruncatedReportError
from .interpret import interpret
from .meta import extract_meta
from .readers import read_document
from .tables import applications_table, proactive_table, review_table
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
    document = read_document(path)
    text = document.text()
    meta = extract_meta(document.title, text)
    result = interpret(tokenize(document), year_hint=meta["year"])
    _require_tables(document.path, result)
    applications = applications_table(result)
    review = review_table(result)
    proactive = proactive_table(result)
    checks = run_checks(applications, review, result.template, result)
    meta.update(template=result.template, format=document.format, source=str(document.path))
    return Report(meta, proactive, applications, review, checks)


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
