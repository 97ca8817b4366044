"""Word's single-file web page (`.mht`/`.mhtml`, "save as web page, single file"): MIME multipart
around the HTML that Word would have saved; the HTML part is read as any HTML report."""

import email
from email import policy
from pathlib import Path

from ...errors import UnsupportedFormatError
from ..document import Document
from .decode import decode
from .html import read_html


def read_mht(path: Path, data: bytes) -> Document:
    message = email.message_from_bytes(data, policy=policy.compat32)
    part = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
    if part is None:
        raise UnsupportedFormatError(path, "a MIME web archive with no HTML part")
    html = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    try:
        text = html.decode(charset) if charset else decode(path, html)
    except (LookupError, UnicodeDecodeError):
        text = decode(path, html)
    return read_html(path, text)
