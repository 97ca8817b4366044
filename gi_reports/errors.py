"""Errors a user can act on: each names the file and says what is wrong with it."""

from pathlib import Path


class ReportError(Exception):
    """A file could not be read as a government information disclosure annual report."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class EmptyFileError(ReportError):
    """The file has no bytes, or no text once decoded."""


class UnsupportedFormatError(ReportError):
    """Not a format gi_reports reads (or binary content behind a text extension)."""


class EncodingError(ReportError):
    """Text that is neither UTF-8 nor GB18030/GBK."""


class NoTextLayerError(ReportError):
    """A PDF whose pages carry no text (a scan): it needs OCR first."""


class NotAReportError(ReportError):
    """Readable, but none of the template's tables is there."""


class TruncatedReportError(ReportError):
    """Some of the template's tables are there, others are missing."""
