"""Regenerate `tests/fixtures/converted/`: real reports run through the converters users run.

Users rarely hold an agency's original file: they hold what poppler, LibreOffice, pandoc, mupdf,
docx2txt, iconv or a Python library made of it. This script runs those tools (Debian: poppler-utils,
libreoffice-writer-nogui, pandoc, mupdf-tools, docx2txt, w3m, lynx, html2text; iconv is in libc-bin;
PyPI, in a separate environment given by CONVERTERS_PYTHON: markitdown[pdf,docx] pdfminer.six pdfplumber
pymupdf pymupdf4llm docx2python mammoth beautifulsoup4 trafilatura lxml_html_clean inscriptis markdownify
html2text) on the labelled corpus reports and on synthetic reports of both templates, and writes each output
with a manifest row: fixture, source, label file, converter, the exact command, the tool's version.
Tests and benchmarks read the committed outputs; they never need the converters.

    CONVERTERS_PYTHON=/path/to/venv/bin/python python tools/convert_fixtures.py
"""

import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gi_reports.testing import synth

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "converted"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
PROFILE = Path(tempfile.gettempdir()) / "gi_reports_lo_profile"  # LibreOffice refuses to share a profile
SOFFICE = ["soffice", f"-env:UserInstallation=file://{PROFILE}", "--headless"]
HTML_IN_WRITER = "--infilter=HTML (StarWriter)"  # else LibreOffice opens HTML in Writer/Web, which exports no text
PYTHON = os.environ.get("CONVERTERS_PYTHON", sys.executable)  # the environment holding the PyPI converters
LIBRARY = ("{python}", str(ROOT / "tools" / "library_converters.py"))


@dataclass(frozen=True)
class Converter:
    name: str
    package: str  # the Debian package whose version is recorded, or pypi:NAME
    inputs: tuple[str, ...]  # source formats it takes
    ext: str
    command: tuple[str, ...]  # {src} {out} {outdir} {stem} {python} {bin} are filled in


CONVERTERS = (
    Converter("pdftotext-layout", "poppler-utils", ("pdf",), "txt", ("pdftotext", "-layout", "-enc", "UTF-8", "{src}", "{out}")),
    Converter("pdftotext", "poppler-utils", ("pdf",), "txt", ("pdftotext", "-enc", "UTF-8", "{src}", "{out}")),
    Converter("pdftotext-raw", "poppler-utils", ("pdf",), "txt", ("pdftotext", "-raw", "-enc", "UTF-8", "{src}", "{out}")),
    Converter(
        "pdftohtml",
        "poppler-utils",
        ("pdf",),
        "html",
        ("pdftohtml", "-s", "-i", "-noframes", "-q", "-enc", "UTF-8", "{src}", "{out}"),
    ),
    Converter("mutool-txt", "mupdf-tools", ("pdf",), "txt", ("mutool", "draw", "-q", "-F", "txt", "-o", "{out}", "{src}")),
    Converter(
        "lo-txt",
        "libreoffice-writer-nogui",
        ("html", "docx"),
        "txt",
        (*SOFFICE, HTML_IN_WRITER, "--convert-to", "txt:Text (encoded):UTF8", "--outdir", "{outdir}", "{src}"),
    ),
    Converter(
        "lo-docx",
        "libreoffice-writer-nogui",
        ("html",),
        "docx",
        (*SOFFICE, HTML_IN_WRITER, "--convert-to", "docx:MS Word 2007 XML", "--outdir", "{outdir}", "{src}"),
    ),
    Converter(
        "lo-pdf",
        "libreoffice-writer-nogui",
        ("html", "docx"),
        "pdf",
        (*SOFFICE, HTML_IN_WRITER, "--convert-to", "pdf:writer_pdf_Export", "--outdir", "{outdir}", "{src}"),
    ),
    Converter(
        "lo-html",
        "libreoffice-writer-nogui",
        ("docx",),
        "html",
        (*SOFFICE, "--convert-to", "html:HTML (StarWriter)", "--outdir", "{outdir}", "{src}"),
    ),
    Converter("pandoc-md", "pandoc", ("docx", "html"), "md", ("pandoc", "-t", "markdown", "-o", "{out}", "{src}")),
    Converter("pandoc-gfm", "pandoc", ("docx", "html"), "md", ("pandoc", "-t", "gfm", "-o", "{out}", "{src}")),
    Converter("pandoc-html", "pandoc", ("docx", "md"), "html", ("pandoc", "-t", "html", "-o", "{out}", "{src}")),
    Converter("pandoc-docx", "pandoc", ("md",), "docx", ("pandoc", "-t", "docx", "-o", "{out}", "{src}")),
    Converter("docx2txt", "docx2txt", ("docx",), "txt", ("docx2txt", "{src}", "{out}")),
    # What a browser's "save as text" gives: the page as rendered, tables drawn in characters.
    Converter(
        "w3m-dump",
        "w3m",
        ("html",),
        "txt",
        ("sh", "-c", 'w3m -dump -cols 200 -O UTF-8 -T text/html "$0" > "$1"', "{src}", "{out}"),
    ),
    Converter(
        "lynx-dump",
        "lynx",
        ("html",),
        "txt",
        ("sh", "-c", 'lynx -dump -nolist -width=200 -display_charset=utf-8 "$0" > "$1"', "{src}", "{out}"),
    ),
    Converter(
        "html2text", "html2text", ("html",), "txt", ("sh", "-c", 'html2text -utf8 -nobs -width 200 "$0" > "$1"', "{src}", "{out}")
    ),
    # Python tools, as their READMEs show them: Microsoft's markitdown for every format, then one per format.
    Converter(
        "markitdown", "pypi:markitdown", ("pdf", "docx", "html"), "md", ("{python}", "-m", "markitdown", "{src}", "-o", "{out}")
    ),
    Converter("pdfminer", "pypi:pdfminer.six", ("pdf",), "txt", ("{python}", "{bin}/pdf2txt.py", "-o", "{out}", "{src}")),
    Converter("pdfplumber", "pypi:pdfplumber", ("pdf",), "txt", (*LIBRARY, "pdfplumber", "{src}", "{out}")),
    Converter("pdfplumber-layout", "pypi:pdfplumber", ("pdf",), "txt", (*LIBRARY, "pdfplumber-layout", "{src}", "{out}")),
    Converter("pymupdf", "pypi:pymupdf", ("pdf",), "txt", (*LIBRARY, "pymupdf", "{src}", "{out}")),
    Converter("pymupdf-sort", "pypi:pymupdf", ("pdf",), "txt", (*LIBRARY, "pymupdf-sort", "{src}", "{out}")),
    Converter("pymupdf4llm", "pypi:pymupdf4llm", ("pdf",), "md", (*LIBRARY, "pymupdf4llm", "{src}", "{out}")),
    Converter("docx2python", "pypi:docx2python", ("docx",), "txt", (*LIBRARY, "docx2python", "{src}", "{out}")),
    Converter("mammoth-html", "pypi:mammoth", ("docx",), "html", ("{python}", "{bin}/mammoth", "{src}", "{out}")),
    Converter(
        "mammoth-md", "pypi:mammoth", ("docx",), "md", ("{python}", "{bin}/mammoth", "--output-format=markdown", "{src}", "{out}")
    ),
    Converter("bs4-newline", "pypi:beautifulsoup4", ("html",), "txt", (*LIBRARY, "bs4-newline", "{src}", "{out}")),
    Converter("bs4-space", "pypi:beautifulsoup4", ("html",), "txt", (*LIBRARY, "bs4-space", "{src}", "{out}")),
    Converter("trafilatura", "pypi:trafilatura", ("html",), "txt", (*LIBRARY, "trafilatura", "{src}", "{out}")),
    Converter("trafilatura-md", "pypi:trafilatura", ("html",), "md", (*LIBRARY, "trafilatura-md", "{src}", "{out}")),
    Converter("inscriptis", "pypi:inscriptis", ("html",), "txt", ("{python}", "{bin}/inscript", "{src}", "-o", "{out}")),
    Converter(
        "markdownify",
        "pypi:markdownify",
        ("html",),
        "md",
        ("sh", "-c", '"$0" "$1" "$2" > "$3"', "{python}", "{bin}/markdownify", "{src}", "{out}"),
    ),
    Converter(
        "html2text-py",
        "pypi:html2text",
        ("html",),
        "md",
        ("sh", "-c", '"$0" -m html2text "$1" utf-8 > "$2"', "{python}", "{src}", "{out}"),
    ),
)
# Converters run again on another converter's output (a PDF that LibreOffice made of a page).
SECOND_PASS = (("lo-pdf", "pdftotext-layout"), ("lo-pdf", "pdftohtml"))
# Re-encodings of text outputs, as a Windows user's editor or a crawler saves them.
REENCODINGS = (("pdftotext-layout", "gb18030"), ("lo-txt", "gbk"), ("pdftohtml", "gb18030"))


@dataclass(frozen=True)
class Source:
    name: str
    path: Path
    label: Path


def synthetic_sources() -> list[Source]:
    """Both templates, written by our own code as DOCX, HTML and PDF from known values: once with
    every cell filled, once with table 三's zeros left blank (as corpus 004), that one also as a PDF
    whose table 二 is ruled and the rest borderless."""
    folder = OUT / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    (OUT / "labels").mkdir(parents=True, exist_ok=True)
    sources = []
    for template, seed, blank in (("2019", 11, False), ("2021", 12, False), ("2019", 13, True), ("2021", 14, True)):
        report = synth.random_report(random.Random(seed), template)
        made = f"synth.random_report(Random({seed}), {template!r})"
        if blank:
            report, made = synth.zeros_left_blank(report), f"synth.zeros_left_blank({made})"
        name = f"synth-{template}" + ("-blank" if blank else "")
        for fmt in ("docx", "html", "pdf"):
            sources.append(_synthetic(name, synth.write(report, folder / f"{name}.{fmt}"), report, made))
        if blank:
            path = synth.write_unruled_pdf(report, folder / f"{name}-mixed.pdf", ruled=("二",))
            sources.append(_synthetic(f"{name}-mixed", path, report, f"{made}, written by write_unruled_pdf(ruled=('二',))"))
    return sources


def _synthetic(name: str, path: Path, report: synth.SyntheticReport, made: str) -> Source:
    label = OUT / "labels" / f"{name}.json"
    label.write_text(
        json.dumps({**synth.as_label(report), "id": name, "file": name, "notes": made}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    return Source(name, path, label)


def corpus_sources() -> list[Source]:
    """The labelled corpus reports in a format a converter takes (001.pdf, 004.html, 006.md)."""
    samples = {r["corpus_file"]: ROOT / r["file"] for r in csv.DictReader((ROOT / "data" / "samples.csv").open(encoding="utf-8"))}
    sources = []
    for label_path in sorted((CORPUS / "labels").glob("*.json")):
        file = json.loads(label_path.read_text(encoding="utf-8"))["file"]
        path = samples[file]
        if path.suffix.lstrip(".") in {"pdf", "html", "md", "docx"}:
            sources.append(Source(f"corpus-{label_path.stem}", path, label_path))
    return sources


def version(package: str) -> str:
    if package.startswith("pypi:"):
        package = package.removeprefix("pypi:")
        query = [PYTHON, "-c", f"import importlib.metadata as m; print(m.version({package!r}))"]
    else:
        query = ["dpkg-query", "-W", "-f", "${Version}", package]
    run = subprocess.run(query, capture_output=True, text=True)
    return f"{package} {run.stdout.strip() or 'unknown'}"


def convert(converter: Converter, source: Source) -> tuple[Path, list[str]]:
    folder = OUT / converter.name
    folder.mkdir(parents=True, exist_ok=True)
    fmt = source.path.suffix.lstrip(".")
    out = folder / f"{source.name}.{fmt}-to.{converter.ext}"
    with tempfile.TemporaryDirectory() as scratch:
        made = Path(scratch) / f"{source.path.stem}.{converter.ext}"
        fields = {
            "src": str(source.path),
            "out": str(made),
            "outdir": scratch,
            "stem": source.path.stem,
            "python": PYTHON,
            "bin": str(Path(PYTHON).parent),
        }
        command = [part.format(**fields) for part in converter.command]
        if fmt != "html":
            command = [part for part in command if part != HTML_IN_WRITER]
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        shutil.move(made, out)
    shown = [_relative(part, source, scratch) for part in command]
    return out, shown


def _relative(part: str, source: Source, scratch: str) -> str:
    return (
        part.replace(str(source.path), str(source.path.relative_to(ROOT)))
        .replace(scratch, "OUTDIR")
        .replace(str(PROFILE), "PROFILE")
        .replace(str(Path(PYTHON).parent), "BIN")
        .replace(f"{ROOT}/", "")
    )


def reencode(path: Path, encoding: str) -> tuple[Path, list[str]]:
    folder = OUT / f"iconv-{encoding}"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / path.name
    command = ["iconv", "-f", "UTF-8", "-t", f"{encoding.upper()}//TRANSLIT", str(path)]
    out.write_bytes(subprocess.run(command, check=True, capture_output=True).stdout)
    return out, [*command[:-1], str(path.relative_to(ROOT))]


def main() -> None:
    for folder in OUT.iterdir() if OUT.exists() else []:
        if folder.is_dir() and folder.name not in ("sources", "labels"):
            shutil.rmtree(folder)
    sources = synthetic_sources() + corpus_sources()
    rows = []
    made: dict[str, list[Path]] = {}
    for converter in CONVERTERS:
        for source in sources:
            if source.path.suffix.lstrip(".") not in converter.inputs:
                continue
            out, command = convert(converter, source)
            made.setdefault(converter.name, []).append(out)
            rows.append(_row(out, source, converter.name, command, version(converter.package)))
    for first, second in SECOND_PASS:
        converter = next(c for c in CONVERTERS if c.name == second)
        for path in made[first]:
            origin = _origin(path, sources)
            chained = Converter(f"{first}+{second}", converter.package, converter.inputs, converter.ext, converter.command)
            out, command = convert(chained, Source(path.name.removesuffix(path.suffix), path, origin.label))
            rows.append(_row(out, origin, chained.name, command, version(converter.package)))
    for converter_name, encoding in REENCODINGS:
        for path in made[converter_name]:
            source = _origin(path, sources)
            out, command = reencode(path, encoding)
            rows.append(_row(out, source, f"{converter_name}+iconv-{encoding}", command, version("libc-bin")))
    with (OUT / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} converted fixtures in {OUT.relative_to(ROOT)}")


def _origin(path: Path, sources: list[Source]) -> Source:
    """The labelled source a converter output was made from (its name starts with the source's)."""
    return next(s for s in sources if path.name.startswith(f"{s.name}."))


def _row(out: Path, source: Source, converter: str, command: list[str], tool_version: str) -> dict:
    return {
        "file": str(out.relative_to(OUT)),
        "source": str(source.path.relative_to(ROOT)),
        "label": str(source.label.relative_to(ROOT)),
        "converter": converter,
        "command": subprocess.list2cmdline(command),
        "version": tool_version,
    }


if __name__ == "__main__":
    main()
