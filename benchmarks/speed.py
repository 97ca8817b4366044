"""Parse speed per format: `python benchmarks/speed.py [--reports N] [--runs R]`.

Writes N synthetic reports per format (gi_reports.testing.synth), parses them R times on one core and
prints the median reports/second of the build's parse (rows, as a build gathers them), of
`read_report` (which also makes four DataFrames per report) and of the reader alone, beside the
read-and-split floor (read the bytes, decode, split lines) of the same files; and peak memory.
"""

import argparse
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from gi_reports import read_report
from gi_reports.parse.readers import read_document
from gi_reports.parse.report import parse_rows
from gi_reports.testing import synth


def timed(paths: list[Path], parse) -> float:
    start = time.perf_counter()
    for path in paths:
        parse(path)
    return len(paths) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    rng = random.Random(0)
    reports = [synth.random_report(rng, rng.choice(["2019", "2021"])) for _ in range(args.reports)]
    print(f"median of {args.runs} runs, {args.reports} reports, one core; figures in reports (files) per second")
    print(f"{'format':<8}{'parse':>9}{'read_report':>13}{'reader':>9}{'floor':>9}{'parse/floor':>13}")
    for fmt in synth.FORMATS:
        paths = [synth.write(r, folder / f"{i}.{fmt}") for i, r in enumerate(reports)]

        def median(parse, paths=paths) -> float:
            return statistics.median(timed(paths, parse) for _ in range(args.runs))

        parse, full, reading = median(parse_rows), median(read_report), median(read_document)
        floor = median(lambda p: p.read_bytes().decode("utf-8", errors="replace").splitlines())
        print(f"{fmt:<8}{parse:>9.1f}{full:>13.1f}{reading:>9.1f}{floor:>9,.0f}{floor / parse:>12.0f}×")
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
