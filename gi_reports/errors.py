"""Errors a user can act on: each names the file and says what is wrong with it."""

from pathlib import Path


class GiReportsError(Exception):
    """Every error `parse`, `build` and `load` raise on purpose: nothing else should escape them."""


class ReportError(GiReportsError):
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


class DamagedFileError(ReportError):
    """The file says it is a PDF, DOCX or HTML page, but its reader cannot make sense of its content."""


class NoTextLayerError(ReportError):
    """A PDF whose pages carry no text (a scan): it needs OCR first."""


class NotAReportError(ReportError):
    """Readable, but none of the template's tables is there."""


class TruncatedReportError(ReportError):
    """Some of the template's tables are there, others are missing."""


class NoYearError(ReportError):
    """A report whose title and text never say the year it is on: a dataset of years cannot hold it."""


class UnreadableFileError(ReportError):
    """The path cannot be read as a file: no permission, a folder, a dangling or looping link."""


class OutsideRawFolderError(ReportError):
    """A link under the raw folder that points outside it: a build reads only what the folder holds."""


class LimitExceeded(ReportError):
    """The file is beyond one of the declared limits of `gi_reports.config` (size, cells, time, memory)."""

    def __init__(self, path: Path | str, limit: str, reason: str):
        self.limit = limit
        super().__init__(path, f"{reason} (limit {limit})")


class BuildError(GiReportsError):
    """A build cannot start or finish: no raw folder, or another build is writing the same output."""


class DatasetError(GiReportsError):
    """A built dataset cannot be loaded as asked: missing, a table or year absent, or a damaged file."""
