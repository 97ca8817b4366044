"""Parse speed per format: `python benchmarks/speed.py [--reports N] [--runs R]`.

Writes N synthetic reports per format (gi_reports.synth), parses them R times on one core and
prints the median reports/second, the read-and-split floor for text, and peak memory (RSS).
"""

import argparse
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from gi_reports import read_report, synth
from gi_reports.readers import read_document


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
    print(f"{'format':<8}{'reports/s':>11}{'documents/s':>13}   (median of {args.runs} runs, {args.reports} reports, one core)")
    for fmt in synth.FORMATS:
        paths = [synth.write(r, folder / f"{i}.{fmt}") for i, r in enumerate(reports)]
        full = statistics.median(timed(paths, read_report) for _ in range(args.runs))
        reading = statistics.median(timed(paths, read_document) for _ in range(args.runs))
        print(f"{fmt:<8}{full:>11.1f}{reading:>13.1f}")
    text_paths = sorted(folder.glob("*.txt"))
    floor = statistics.median(timed(text_paths, lambda p: p.read_text(encoding="utf-8").split("\n")) for _ in range(args.runs))
    print(f"read-and-split floor (txt): {floor:,.0f} files/s")
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
