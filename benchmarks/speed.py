"""Parse speed per format: `python benchmarks/speed.py [--reports N] [--runs R] [--pdf FILE ...]`.

Writes N synthetic reports per format (gi_reports.testing.synth), parses them R times on one core and
prints the median reports/second of the build's parse (rows, as a build gathers them), of
`read_report` (which also makes four DataFrames per report) and of the reader alone, beside the
read-and-split floor (read the bytes, decode, split lines) of the same files; for PDF also the reader's
seconds per page, on the synthetic files and on each real PDF given (default: the corpus PDF); and
peak memory. Times are this process's CPU time, so other work on the machine does not count.
"""

import argparse
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

import pypdfium2

from gi_reports import read_report
from gi_reports.parse.readers import read_document
from gi_reports.parse.report import parse_rows
from gi_reports.testing import synth

CORPUS_PDF = Path(__file__).resolve().parent.parent / "data" / "raw" / "2023" / "hongze_001.pdf"  # corpus 001.pdf


def timed(paths: list[Path], parse) -> float:
    """Files per CPU second."""
    start = time.process_time()
    for path in paths:
        parse(path)
    return len(paths) / (time.process_time() - start)


def pages(paths: list[Path]) -> int:
    return sum(len(pypdfium2.PdfDocument(str(path))) for path in paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf", type=Path, nargs="*", default=[CORPUS_PDF], help="real PDFs to time the reader on")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    rng = random.Random(0)
    reports = [synth.random_report(rng, rng.choice(["2019", "2021"])) for _ in range(args.reports)]

    def median(parse, paths) -> float:
        return statistics.median(timed(paths, parse) for _ in range(args.runs))

    print(f"median of {args.runs} runs, {args.reports} reports, one core; figures in reports (files) per second")
    print(f"{'format':<8}{'parse':>9}{'read_report':>13}{'reader':>9}{'floor':>9}{'parse/floor':>13}")
    per_page = []
    for fmt in synth.FORMATS:
        paths = [synth.write(r, folder / f"{i}.{fmt}") for i, r in enumerate(reports)]
        parse, full, reading = median(parse_rows, paths), median(read_report, paths), median(read_document, paths)
        floor = median(lambda p: p.read_bytes().decode("utf-8", errors="replace").splitlines(), paths)
        print(f"{fmt:<8}{parse:>9.1f}{full:>13.1f}{reading:>9.1f}{floor:>9,.0f}{floor / parse:>12.0f}×")
        if fmt == "pdf":
            per_page.append((f"synthetic ({len(paths)} files)", pages(paths) / len(paths), reading))
    per_page += [(path.name, pages([path]), median(read_document, [path] * 5)) for path in args.pdf]
    print(f"\nPDF reader{'pages/file':>32}{'files/s':>9}{'s/page':>9}")
    for name, page_count, rate in per_page:
        print(f"  {name:<30}{page_count:>10.1f}{rate:>9.1f}{1 / (rate * page_count):>9.4f}")
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
