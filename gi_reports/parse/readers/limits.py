"""Declared limits, checked before a reader unpacks anything: a small file must not inflate to gigabytes.

PDFium and zipfile inflate whatever a file asks for, so the sizes are measured first: a PDF's
Flate streams (not images, which a text reader never decodes) are inflated in bounded chunks
and counted; a DOCX's members are counted by the sizes its ZIP directory declares, which
zipfile also holds each member to when reading it.
"""

import re
import zipfile
import zlib
from pathlib import Path

from ...config import MAX_INFLATED_BYTES
from ...errors import ReportError

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_CHUNK = 1 << 24
_DEFLATE_MAX_RATIO = 1032  # zlib's bound: one compressed byte never inflates to more than this


def check_pdf_streams(path: Path) -> None:
    """Raise when the PDF's text, font and page streams inflate to more than MAX_INFLATED_BYTES."""
    if path.stat().st_size * _DEFLATE_MAX_RATIO <= MAX_INFLATED_BYTES:
        return  # not even the whole file could inflate past the limit (a report under 190 kB)
    data = path.read_bytes()
    streams = sorted(_flate_streams(data), key=len, reverse=True)  # the largest first: they bound the rest soonest
    left = sum(map(len, streams))
    total = 0
    for compressed in streams:
        if total + left * _DEFLATE_MAX_RATIO <= MAX_INFLATED_BYTES:
            return  # what is left cannot inflate past the limit: skip inflating it (most of a PDF's check)
        total += _inflated_size(compressed, MAX_INFLATED_BYTES - total)
        left -= len(compressed)
        if total > MAX_INFLATED_BYTES:
            raise ReportError(path, f"its streams inflate to more than {MAX_INFLATED_BYTES / 1e6:.0f} MB (a compression bomb?)")


def _flate_streams(data: bytes):
    """The compressed bytes of each Flate stream that is not an image."""
    for match in _STREAM.finditer(data):
        start = match.end()
        header = data[max(0, match.start() - 1024) : match.start()].rpartition(b"obj")[2]  # this object's dictionary
        if b"/FlateDecode" not in header or _IMAGE.search(header):
            continue
        end = data.find(b"endstream", start)
        yield data[start : end if end > 0 else len(data)]


def _inflated_size(compressed: bytes, budget: int) -> int:
    """Bytes `compressed` inflates to, counting no further than just past `budget`; 0 if it is not zlib data."""
    inflater = zlib.decompressobj()
    size = 0
    try:
        while compressed and size <= budget:
            size += len(inflater.decompress(compressed, _CHUNK))
            compressed = inflater.unconsumed_tail
    except zlib.error:
        pass  # damaged or not Flate after all: PDFium reports what it cannot read
    return size


def check_zip_members(path: Path, archive: zipfile.ZipFile, names: tuple[str, ...]) -> None:
    """Raise when the members a reader opens declare more than MAX_INFLATED_BYTES between them."""
    declared = sum(archive.getinfo(name).file_size for name in names if name in archive.NameToInfo)
    if declared > MAX_INFLATED_BYTES:
        raise ReportError(path, f"it unpacks to {declared / 1e6:.0f} MB, more than a report can be (a zip bomb?)")
