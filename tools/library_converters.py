"""The Python libraries people call in a script to get text out of a report, each the way its docs show.

`python tools/library_converters.py NAME SRC OUT` writes what library call NAME makes of SRC. Run by
`tools/convert_fixtures.py` in a separate environment (`pip install pdfplumber pymupdf pymupdf4llm
docx2python beautifulsoup4 trafilatura`); gi_reports never imports these.
"""

import sys
from pathlib import Path


def pdfplumber_text(src: Path, layout: bool = False) -> str:
    import pdfplumber

    with pdfplumber.open(src) as pdf:
        return "\n".join(page.extract_text(layout=layout) or "" for page in pdf.pages)


def pymupdf_text(src: Path, sort: bool = False) -> str:
    import pymupdf

    with pymupdf.open(src) as pdf:
        return "".join(page.get_text(sort=sort) for page in pdf)


def pymupdf4llm_markdown(src: Path) -> str:
    import pymupdf4llm

    return pymupdf4llm.to_markdown(str(src))


def docx2python_text(src: Path) -> str:
    from docx2python import docx2python

    with docx2python(src) as document:
        return document.text


def soup_text(src: Path, separator: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(src.read_bytes(), "html.parser")
    return soup.get_text(separator)


def trafilatura_text(src: Path, output_format: str = "txt") -> str:
    import trafilatura

    return trafilatura.extract(src.read_text(encoding="utf-8"), output_format=output_format, include_tables=True) or ""


CALLS = {
    "pdfplumber": pdfplumber_text,
    "pdfplumber-layout": lambda src: pdfplumber_text(src, layout=True),
    "pymupdf": pymupdf_text,
    "pymupdf-sort": lambda src: pymupdf_text(src, sort=True),
    "pymupdf4llm": pymupdf4llm_markdown,
    "docx2python": docx2python_text,
    "bs4-newline": lambda src: soup_text(src, "\n"),
    "bs4-space": lambda src: soup_text(src, " "),
    "trafilatura": trafilatura_text,
    "trafilatura-md": lambda src: trafilatura_text(src, "markdown"),
}


if __name__ == "__main__":
    name, src, out = sys.argv[1:]
    Path(out).write_text(CALLS[name](Path(src)), encoding="utf-8")
