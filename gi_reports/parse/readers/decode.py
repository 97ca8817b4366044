"""Bytes → text for text and HTML reports: UTF-8 (with or without BOM), GB18030/GBK, UTF-16 with BOM."""

import codecs
import re
from pathlib import Path

from ...errors import EmptyFileError, EncodingError, UnsupportedFormatError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
# GB2312 and GBK are subsets of GB18030; decoding with the superset reads all three.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936"}


def decode(path: Path, data: bytes) -> str:
    """The text of `data`; the encoding comes from a BOM, an HTML meta charset, or trial.

    A BOM is trusted only when the bytes after it decode: tools prepend a UTF-8 BOM to GBK files."""
    if not data.strip():
        raise EmptyFileError(path, "the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                if encoding.startswith("utf-16"):
                    raise EncodingError(path, "starts with a UTF-16 byte-order mark but is not UTF-16 text") from None
                data = data[len(bom) :]
    if b"\x00" in data[:4096]:
        raise UnsupportedFormatError(path, "binary content (NUL bytes), not text, HTML, DOCX or PDF")
    declared = _META_CHARSET.search(data[:4096])
    candidates = ["utf-8", "gb18030"]
    if declared and declared.group(1).decode("ascii").lower() in _GB_FAMILY:
        candidates.reverse()
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise EncodingError(path, "text is neither UTF-8 nor GB18030/GBK; re-save it as UTF-8")
