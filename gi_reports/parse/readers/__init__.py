"""Readers: one per file format, each turning a file into the document model.

The format is decided by the content first (a `.html` that is really a PDF is read as a PDF),
the extension only tells text from markdown.
"""

import zipfile
from pathlib import Path

from ...config import MAX_FILE_BYTES
from ...errors import EmptyFileError, NoTextLayerError, ReportError, UnsupportedFormatError
from ..document import Document
from .decode import decode
from .html import read_html
from .text import read_text

_HTML_MARKS = (b"<!doctype html", b"<html", b"<body", b"<table", b"<head", b"<meta", b"<div")


_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def sniff(path: Path, data: bytes) -> str:
    """pdf, image, docx, html, md or txt, from the bytes (extension only to tell md from txt)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(_IMAGE_MAGIC):
        return "image"
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
    """The document model of a report file, or of a folder of its page images (a scan)."""
    path = Path(path)
    if path.is_dir():
        return read_scanned(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ReportError(path, f"cannot be opened: {error.strerror}") from None
    if size == 0:
        raise EmptyFileError(path, "the file is empty")
    if size > MAX_FILE_BYTES:
        raise UnsupportedFormatError(
            path, f"{size / 1e6:.0f} MB is more than a report can be ({MAX_FILE_BYTES / 1e6:.0f} MB limit)"
        )
    data = path.read_bytes()
    format = sniff(path, data)
    if format == "pdf":
        from .pdf import read_pdf

        return read_pdf(path)
    if format == "image":
        return read_scanned(path)
    if format == "docx":
        from .docx import read_docx

        return read_docx(path)
    text = decode(path, data)
    if format == "html":
        return read_html(path, text)
    return read_text(path, text, format)


def read_scanned(path: Path) -> Document:
    """A scan read by OCR, which is an optional extra: without it, say how to install it."""
    try:
        from .scan import read_scan
    except ImportError as error:
        raise NoTextLayerError(
            path, f"a scan with no text layer, and OCR is not installed ({error.name}): pip install 'gi_reports[scans]'"
        ) from None
    return read_scan(path)
