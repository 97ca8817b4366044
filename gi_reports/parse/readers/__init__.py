"""Readers: one per file format, each turning a file into the document model.

The format is decided by the content first (a `.html` that is really a PDF is read as a PDF),
the extension only tells text from markdown.
"""

import errno
import os
import stat
import zipfile
from pathlib import Path

from ...config import MAX_FILE_BYTES, MAX_TEXT_BYTES
from ...errors import DamagedFileError, EmptyFileError, LimitExceeded, ReportError, UnreadableFileError, UnsupportedFormatError
from ..document import Document
from .decode import decode
from .html import read_html
from .text import read_text

_HTML_MARKS = (b"<!doctype html", b"<html", b"<body", b"<table", b"<head", b"<meta", b"<div")


def sniff(path: Path, data: bytes) -> str:
    """pdf, docx, html, md or txt, from the bytes (extension only to tell md from txt)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            raise UnsupportedFormatError(path, "a damaged ZIP archive (truncated DOCX?)") from None
        raise UnsupportedFormatError(path, "a ZIP archive that is not a Word document")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormatError(path, "a legacy binary .doc/.xls file; save it as DOCX or PDF")
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(head.startswith(mark) for mark in _HTML_MARKS) or b"<html" in data[:4096].lower():
        return "html"
    return "md" if path.suffix.lower() == ".md" else "txt"


def read_document(path: Path | str) -> Document:
    path = Path(path)
    data = read_bytes(path)
    format = sniff(path, data)
    if format in ("txt", "md", "html") and len(data) > MAX_TEXT_BYTES:
        raise LimitExceeded(path, "MAX_TEXT_BYTES", f"{len(data) / 1e6:.0f} MB of {format} is more than a report can be")
    try:
        return _read(path, data, format)
    except (ReportError, MemoryError):
        raise
    except Exception as error:  # what a library raises on a damaged file is still about the file
        raise DamagedFileError(path, f"cannot be read as {format} ({type(error).__name__}: {error})") from error


def _read(path: Path, data: bytes, format: str) -> Document:
    if format == "pdf":
        from .pdf import read_pdf

        return read_pdf(path)
    if format == "docx":
        from .docx import read_docx

        return read_docx(path)
    text = decode(path, data)
    if format == "html":
        return read_html(path, text)
    return read_text(path, text, format)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, at most MAX_FILE_BYTES of them; anything that is not a readable regular file is a ReportError."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFileError(path, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
            raise UnreadableFileError(path, "is not a regular file (a pipe, socket or device)")
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        reason = "a link that loops back on itself" if error.errno == errno.ELOOP else os.strerror(error.errno or 0).lower()
        raise UnreadableFileError(path, f"cannot be opened: {reason}") from None
    if not data:
        raise EmptyFileError(path, "the file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise LimitExceeded(path, "MAX_FILE_BYTES", f"more than {MAX_FILE_BYTES / 1e6:.0f} MB")
    return data
