"""Readers: one per file format, each turning a file into the document model.

The format is decided by the content first (a `.html` that is really a PDF is read as a PDF),
the extension only tells text from markdown.
"""

import errno
import os
import re
import stat
import zipfile
from pathlib import Path

from ...config import MAX_FILE_BYTES, MAX_TEXT_BYTES
from ...errors import (
    DamagedFileError,
    EmptyFileError,
    LimitExceeded,
    NoTextLayerError,
    ReportError,
    UnreadableFileError,
    UnsupportedFormatError,
)
from ..document import Document
from .decode import decode
from .html import read_html
from .text import markdown_text, read_text

_PAGE_MARKS = (b"<!doctype html", b"<html", b"<?xml", b"<body", b"<head", b"<meta")
_TAG_START = re.compile(rb"<(?:[a-z][a-z0-9]*(?::[a-z]+)?[\s/>]|!--)")
_CLOSING_TAG = re.compile(rb"</(?:p|div|span|td|tr|table|font|h[1-6]|li|o:p)>", re.IGNORECASE)
_MARKDOWN = (".md", ".markdown")
# Word's "single file web page": mail headers, then the page as a multipart/related message.
_MIME_ARCHIVE = re.compile(rb"\A(?:[\w-]+:.*\r?\n(?:[ \t].*\r?\n)*)*?Content-Type:\s*multipart/related", re.IGNORECASE)
_SNIFF_BYTES = 1 << 20
_FRAGMENT_TAGS = 3  # closing tags in the first MB that make a file without <html> a fragment of HTML


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")  # a scan's page images
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def sniff(path: Path, data: bytes) -> str:
    """pdf, image, docx, mht, html, md or txt, from the bytes (extension only to tell md from txt)."""
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
    if _MIME_ARCHIVE.search(data[:4096]):
        return "mht"
    if _looks_like_html(path, data[:_SNIFF_BYTES]):
        return "html"
    return "md" if path.suffix.lower() in _MARKDOWN else "txt"


def _looks_like_html(path: Path, head: bytes) -> bool:
    """A page, a fragment (Word's `<p style=...>`, pandoc's body), XHTML, or a `.txt` that is HTML.

    Markdown may hold a few HTML blocks, so a `.md` is HTML only when it says it is a whole page
    or holds HTML tables.
    """
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(start.startswith(mark) for mark in _PAGE_MARKS) or b"<html" in head[:4096].lower():
        return True
    if path.suffix.lower() in _MARKDOWN:
        # pandoc writes a table with merged cells into markdown as a raw HTML table
        return b"<table" in head.lower() and b"</td>" in head.lower()
    if path.suffix.lower() in (".htm", ".html", ".xhtml", ".shtml") and _TAG_START.match(start):
        return True
    return len(_CLOSING_TAG.findall(head)) >= _FRAGMENT_TAGS and (bool(_TAG_START.match(start)) or b"<table" in head.lower())


def read_document(path: Path | str) -> Document:
    """The document model of a report file, or of a folder of its page images (a scan)."""
    path = Path(path)
    if path.is_dir() and _holds_page_images(path):
        return read_scanned(path)
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
    if format == "image":
        return read_scanned(path)
    if format == "docx":
        from .docx import read_docx

        return read_docx(path)
    if format == "mht":
        from .mht import read_mht

        return read_mht(path, data)
    text = decode(path, data)
    if path.suffix.lower() in _MARKDOWN:
        text = markdown_text(text)
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
            # read(MAX_FILE_BYTES + 1) alone would allocate 200 MB for every file: ask for the size it
            # has, and read on to the limit only if it grew since
            size = min(info.st_size, MAX_FILE_BYTES) + 1
            data = file.read(size)
            if len(data) == size:
                data += file.read(MAX_FILE_BYTES + 1 - size)
    except OSError as error:
        reason = "a link that loops back on itself" if error.errno == errno.ELOOP else os.strerror(error.errno or 0).lower()
        raise UnreadableFileError(path, f"cannot be opened: {reason}") from None
    if not data:
        raise EmptyFileError(path, "the file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise LimitExceeded(path, "MAX_FILE_BYTES", f"more than {MAX_FILE_BYTES / 1e6:.0f} MB")
    return data


def read_scanned(path: Path, reader: str = "OCR") -> Document:
    """A scan read by OCR, which is an optional extra: without it, say how to install it.

    `reader` names the reading in every cell's source (say, that it replaced another OCR's text layer).
    """
    try:
        from .scan import read_scan
    except ImportError as error:
        raise NoTextLayerError(
            path, f"a scan with no text layer, and OCR is not installed ({error.name}): pip install 'gi_reports[scans]'"
        ) from None
    return read_scan(path, reader)


def _holds_page_images(folder: Path) -> bool:
    """A folder is one scanned report when it holds page images (read in file-name order)."""
    return any(p.suffix.lower() in IMAGE_SUFFIXES for p in folder.iterdir() if p.is_file())
