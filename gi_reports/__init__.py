"""gi_reports: China's government information disclosure annual reports as tidy, checked data.

`read_report` is imported on first use, so that loading a built dataset (`gi_reports.corpus.store.load`)
or the analyses never imports the parser.
"""

__all__ = ["Report", "ReportError", "read_report"]


def __getattr__(name: str):
    if name in ("Report", "read_report"):
        from .parse import report

        return getattr(report, name)
    if name == "ReportError":
        from .errors import ReportError

        return ReportError
    raise AttributeError(f"module 'gi_reports' has no attribute {name!r}")
