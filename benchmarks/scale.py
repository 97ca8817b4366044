"""Building a national corpus: `python benchmarks/scale.py [--reports 10000 100000] [--workers 2]`.

For each size, writes that many synthetic reports (half text, half HTML, all on one year, every
file unique), then prints:
- the wall time, reports/s and peak memory of `gi_reports.corpus.build` (fresh, in its own process);
- the same for a rebuild with nothing changed (it must parse nothing);
- the time and memory to load that one year and run the application-outcomes analysis;
- side by side, the time merely to read and split the same bytes, per core.
"""

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gi_reports.testing import synth

POOL = 400  # distinct reports; the rest are copies made unique by a trailing line

BUILD = """
import json, resource, sys, time
from gi_reports.corpus.build import build
start = time.perf_counter()
result = build(sys.argv[1], sys.argv[2], workers=int(sys.argv[3]), progress=False)
print(json.dumps({"seconds": time.perf_counter() - start, "parsed": result.parsed, "reused": result.reused,
  "reports": len(result.reports), "failures": len(result.failures),
  "parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
  "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

LOAD = """
import json, resource, sys, time
from gi_reports import analysis
from gi_reports.analysis import applications
start = time.perf_counter()
data = analysis.load_year(sys.argv[1], int(sys.argv[2]))
loaded = time.perf_counter()
applications.volumes(data); applications.disclosure_rates(data)
applications.result_composition(data); applications.per_agency(data)
print(json.dumps({"load_s": loaded - start, "analysis_s": time.perf_counter() - loaded, "reports": len(data["reports"]),
  "frames_mb": sum(t.memory_usage(deep=True).sum() for t in data.values()) / 2**20,
  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def write_corpus(folder: Path, size: int, year: int) -> None:
    rng = random.Random(0)
    folder.mkdir(parents=True)
    pool = []
    for i in range(min(POOL, size)):
        fmt = ("txt", "html")[i % 2]
        report = synth.random_report(rng, rng.choice(["2019", "2021"]), year=year)
        pool.append((fmt, synth.write(report, folder / f"pool.{fmt}").read_bytes()))
    (folder / "pool.txt").unlink(missing_ok=True)
    (folder / "pool.html").unlink(missing_ok=True)
    for n in range(size):
        fmt, data = pool[n % len(pool)]
        marker = f"\n<!-- {n} -->\n" if fmt == "html" else f"\n编号：{n}\n"
        shard = folder / str(year) / f"{n // 1000:04d}"
        shard.mkdir(parents=True, exist_ok=True)
        (shard / f"{n:07d}.{fmt}").write_bytes(data + marker.encode())


def run(code: str, *args) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def read_and_split(raw: Path) -> float:
    """Files per second for the least any parser must do: read the bytes, decode, split lines."""
    paths = sorted(raw.rglob("*.*"))
    start = time.perf_counter()
    for path in paths:
        path.read_bytes().decode("utf-8").splitlines()
    return len(paths) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--year", type=int, default=2023)
    args = parser.parse_args()
    for size in args.reports:
        with tempfile.TemporaryDirectory() as tmp:
            raw, processed = Path(tmp) / "raw", Path(tmp) / "processed"
            start = time.perf_counter()
            write_corpus(raw, size, args.year)
            print(
                f"\n== {size:,} reports (txt and html, {args.workers} workers); corpus written in {time.perf_counter() - start:.0f} s"
            )
            fresh = run(BUILD, raw, processed, args.workers)
            rate = size / fresh["seconds"]
            print(
                f"fresh build:     {fresh['seconds']:7.1f} s  {rate:8.0f} reports/s  ({rate / args.workers:.0f} per core)  "
                f"peak RSS {fresh['parent_mb']:.0f} MB (main), {fresh['worker_mb']:.0f} MB (largest worker); "
                f"{fresh['reports']:,} reports, {fresh['failures']} failures"
            )
            again = run(BUILD, raw, processed, args.workers)
            print(f"unchanged build: {again['seconds']:7.1f} s  parsed {again['parsed']}, reused {again['reused']:,}")
            loaded = run(LOAD, processed, args.year)
            print(
                f"load one year:   {loaded['load_s']:7.1f} s  analysis {loaded['analysis_s']:.2f} s  "
                f"{loaded['reports']:,} reports, tables {loaded['frames_mb']:.0f} MB in memory, peak RSS {loaded['peak_mb']:.0f} MB"
            )
            floor = read_and_split(raw)
            print(
                f"read-and-split floor: {floor:,.0f} files/s on one core; parse per core is {floor / (rate / args.workers):.1f}× slower"
            )


if __name__ == "__main__":
    main()
