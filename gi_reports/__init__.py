"""gi_reports: China's government information disclosure annual reports as tidy, checked data."""

from .errors import ReportError
from .parse.report import Report, read_report

__all__ = ["Report", "ReportError", "read_report"]
