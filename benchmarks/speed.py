"""Parse speed per format: `python benchmarks/speed.py [--reports N] [--runs R] [--pdf FILE ...] [--real DIR ...]`.

Writes N synthetic reports per format (gi_reports.testing.synth), parses them R times on one core and
prints the median reports/second of the build's parse (rows, as a build gathers them), of
`read_report` (which also makes four DataFrames per report) and of the reader alone, beside the
read-and-split floor (read the bytes, decode, split lines) of the same files; then the milliseconds
each step of that parse takes per report, for the synthetic text and HTML files and for the real ones
under --real (default: the corpus in data/raw and the converter outputs of tests/fixtures/converted);
for PDF also the reader's seconds per page, on the synthetic files and on each real PDF given (default:
the corpus PDF); and peak memory. Times are this process's CPU time, so other work on the machine does
not count.
"""

import argparse
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

import pypdfium2

from gi_reports import ReportError, read_report
from gi_reports.parse import report
from gi_reports.parse.readers import read_document
from gi_reports.parse.report import parse_rows
from gi_reports.testing import synth

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PDF = ROOT / "data" / "raw" / "2023" / "hongze_001.pdf"  # corpus 001.pdf
REAL = (ROOT / "data" / "raw", ROOT / "tests" / "fixtures" / "converted")
# The steps of parse_rows, as the report module calls them; "rest" is what parse_rows spends around them.
STEPS = {"read_document": "read", "extract_meta": "meta", "tokenize": "tokenize", "interpret": "interpret"}
STEPS |= {"records": "records", "check_records": "checks"}
TEXT_SUFFIXES = {"txt": (".txt", ".md"), "html": (".html", ".htm")}


def timed(paths: list[Path], parse) -> float:
    """Files per CPU second."""
    start = time.process_time()
    for path in paths:
        parse(path)
    return len(paths) / (time.process_time() - start)


def step_times(paths: list[Path], runs: int) -> dict[str, float]:
    """CPU milliseconds per report in each step of `parse_rows` (median of `runs`), timed by wrapping
    the report module's own step functions, so the parse timed is the real one."""
    spent = dict.fromkeys(STEPS, 0.0)

    def timer(name: str, step):
        def timed_step(*args, **kwargs):
            start = time.process_time()
            try:
                return step(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - start

        return timed_step

    originals = {name: getattr(report, name) for name in STEPS}
    per_run = []
    try:
        for name, step in originals.items():
            setattr(report, name, timer(name, step))
        for _ in range(runs):
            spent.update(dict.fromkeys(STEPS, 0.0))
            total = 1 / timed(paths, parse_rows)
            per_run.append({**spent, "rest": total * len(paths) - sum(spent.values()), "parse": total * len(paths)})
    finally:
        for name, step in originals.items():
            setattr(report, name, step)
    return {name: statistics.median(run[name] for run in per_run) * 1000 / len(paths) for name in per_run[0]}


def parseable(folders: list[Path], suffixes: tuple[str, ...]) -> list[Path]:
    """The report files under `folders` that parse (refusals and cut-short files are not timed)."""
    found = []
    for path in sorted(p for folder in folders for p in folder.rglob("*") if p.suffix.lower() in suffixes):
        try:
            parse_rows(path)
        except ReportError:
            continue
        found.append(path)
    return found


def pages(paths: list[Path]) -> int:
    return sum(len(pypdfium2.PdfDocument(str(path))) for path in paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf", type=Path, nargs="*", default=[CORPUS_PDF], help="real PDFs to time the reader on")
    parser.add_argument("--real", type=Path, nargs="*", default=list(REAL), help="folders of real text and HTML reports")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    rng = random.Random(0)
    reports = [synth.random_report(rng, rng.choice(["2019", "2021"])) for _ in range(args.reports)]

    def median(parse, paths) -> float:
        return statistics.median(timed(paths, parse) for _ in range(args.runs))

    print(f"median of {args.runs} runs, {args.reports} reports, one core; figures in reports (files) per second")
    print(f"{'format':<8}{'parse':>9}{'read_report':>13}{'reader':>9}{'floor':>9}{'parse/floor':>13}")
    per_page, by_step = [], []
    for fmt in synth.FORMATS:
        paths = [synth.write(r, folder / f"{i}.{fmt}") for i, r in enumerate(reports)]
        if fmt in TEXT_SUFFIXES:
            by_step.append((f"synthetic {fmt}", len(paths), step_times(paths, args.runs)))
        parse, full, reading = median(parse_rows, paths), median(read_report, paths), median(read_document, paths)
        floor = median(lambda p: p.read_bytes().decode("utf-8", errors="replace").splitlines(), paths)
        print(f"{fmt:<8}{parse:>9.1f}{full:>13.1f}{reading:>9.1f}{floor:>9,.0f}{floor / parse:>12.0f}×")
        if fmt == "pdf":
            per_page.append((f"synthetic ({len(paths)} files)", pages(paths) / len(paths), reading))
    for fmt, suffixes in TEXT_SUFFIXES.items():
        if real := parseable(args.real, suffixes):
            by_step.append((f"real {fmt}", len(real), step_times(real, args.runs)))
    columns = {**STEPS, "rest": "rest", "parse": "parse"}
    print(f"\nms per report{'files':>14}" + "".join(f"{label:>11}" for label in columns.values()) + f"{'parse/s':>9}")
    for name, count, times in by_step:
        print(f"  {name:<16}{count:>9}" + "".join(f"{times[c]:>11.3f}" for c in columns) + f"{1000 / times['parse']:>9.0f}")
    per_page += [(path.name, pages([path]), median(read_document, [path] * 5)) for path in args.pdf]
    print(f"\nPDF reader{'pages/file':>32}{'files/s':>9}{'s/page':>9}")
    for name, page_count, rate in per_page:
        print(f"  {name:<30}{page_count:>10.1f}{rate:>9.1f}{1 / (rate * page_count):>9.4f}")
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
