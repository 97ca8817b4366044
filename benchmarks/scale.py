"""Building a national corpus: `python benchmarks/scale.py [--reports 10000 100000] [--workers 2]`.

For each size, writes that many synthetic reports in the mix of formats agencies publish (MIX: most
as web pages, then PDF and Word attachments, some plain text; all on one year, every file unique),
then prints:
- the wall time, reports/s and peak memory (resident, summed over the build's process and its
  workers, sampled) of `gi_reports.corpus.build` (fresh, in its own process), split into the
  inventory, the parse and the final assembly;
- the same for a rebuild with nothing changed (it must parse nothing);
- the time and memory to load that one year and run the application-outcomes analysis;
- side by side, the time merely to read and split the same bytes, per core, and the parse alone
  (the same files parsed in this process, one core), so the build's overhead beyond parsing shows.
"""

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gi_reports.parse.report import parse_rows
from gi_reports.testing import synth

POOL = 400  # distinct reports; the rest are copies made unique by a marker the parsers ignore
MIX = {"html": 40, "pdf": 30, "docx": 15, "txt": 15}  # percent of files

BUILD = """
import json, resource, sys, threading, time
import psutil
from gi_reports.corpus import build as module

peak, phases = [0], {}
def sample():
    me = psutil.Process()
    while True:
        try:
            peak[0] = max(peak[0], sum(p.memory_info().rss for p in [me, *me.children(recursive=True)]))
        except psutil.Error:
            pass
        time.sleep(0.5)  # psutil lists every process of the machine to find the children: not too often
threading.Thread(target=sample, daemon=True).start()

def timed(name, function):
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            phases[name] = phases.get(name, 0) + time.perf_counter() - start
    return run
module.inventory, module.assemble = timed("inventory", module.inventory), timed("assemble", module.assemble)
start = time.perf_counter()
result = module.build(sys.argv[1], sys.argv[2], workers=int(sys.argv[3]), progress=False)
print(json.dumps({"seconds": time.perf_counter() - start, "parsed": result.parsed, "reused": result.reused,
  "reports": len(result.reports), "failures": len(result.failures), "tree_mb": peak[0] / 2**20, **phases,
  "main_cpu": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), "workers_cpu": sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])}))
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


def formats(count: int) -> list[str]:
    """`count` formats in the proportions of MIX, interleaved."""
    slots = [fmt for fmt, share in MIX.items() for _ in range(share)]
    return [slots[(i * 37) % len(slots)] for i in range(count)]  # 37 is prime to 100: every slot once per 100


def unique(fmt: str, data: bytes, n: int) -> bytes:
    """The bytes made unique by a marker each format ignores: a line, a comment, a zip comment."""
    if fmt == "docx":  # the zip's end record is its last 22 bytes; its last field is the comment's length
        comment = str(n).encode()
        return data[:-2] + len(comment).to_bytes(2, "little") + comment
    marker = {"txt": f"\n编号：{n}\n", "html": f"\n<!-- {n} -->\n", "pdf": f"\n% {n}\n"}[fmt]
    return data + marker.encode()


def write_corpus(folder: Path, size: int, year: int) -> None:
    rng = random.Random(0)
    folder.mkdir(parents=True)
    pool = []
    for fmt in formats(min(POOL, size)):
        report = synth.random_report(rng, rng.choice(["2019", "2021"]), year=year)
        path = synth.write(report, folder / f"pool.{fmt}")
        pool.append((fmt, path.read_bytes()))
        path.unlink()
    for n in range(size):
        fmt, data = pool[n % len(pool)]
        shard = folder / str(year) / f"{n // 1000:04d}"
        shard.mkdir(parents=True, exist_ok=True)
        (shard / f"{n:07d}.{fmt}").write_bytes(unique(fmt, data, n))


def run(code: str, *args) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def per_second(paths: list[Path], work) -> float:
    """Files per CPU second of this process."""
    start = time.process_time()
    for path in paths:
        work(path)
    return len(paths) / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--year", type=int, default=2023)
    args = parser.parse_args()
    mix = ", ".join(f"{share}% {fmt}" for fmt, share in MIX.items())
    for size in args.reports:
        with tempfile.TemporaryDirectory() as tmp:
            raw, processed = Path(tmp) / "raw", Path(tmp) / "processed"
            start = time.perf_counter()
            write_corpus(raw, size, args.year)
            print(f"\n== {size:,} reports ({mix}; {args.workers} workers); corpus written in {time.perf_counter() - start:.0f} s")
            fresh = run(BUILD, raw, processed, args.workers)
            rate = size / fresh["seconds"]
            parse = fresh["seconds"] - fresh["inventory"] - fresh["assemble"]
            print(
                f"fresh build:     {fresh['seconds']:7.1f} s  {rate:8.0f} reports/s  ({rate / args.workers:.0f} per core)  "
                f"peak RSS {fresh['tree_mb']:.0f} MB (build and workers); {fresh['reports']:,} reports, {fresh['failures']} failures"
            )
            print(
                f"  of which:      inventory {fresh['inventory']:.1f} s, parse {parse:.1f} s, assembly {fresh['assemble']:.1f} s; "
                f"CPU {fresh['main_cpu']:.0f} s in the main process (its memory sampler included), {fresh['workers_cpu']:.0f} s in the workers"
            )
            again = run(BUILD, raw, processed, args.workers)
            print(f"unchanged build: {again['seconds']:7.1f} s  parsed {again['parsed']}, reused {again['reused']:,}")
            loaded = run(LOAD, processed, args.year)
            print(
                f"load one year:   {loaded['load_s']:7.1f} s  analysis {loaded['analysis_s']:.2f} s  "
                f"{loaded['reports']:,} reports, tables {loaded['frames_mb']:.0f} MB in memory, peak RSS {loaded['peak_mb']:.0f} MB"
            )
            sample = sorted(raw.rglob("*.*"))[: max(1, min(size, 1000))]
            alone = per_second(sample, parse_rows)
            print(
                f"parse alone:     {alone:7.0f} reports/s on one core ({len(sample)} files): the build runs at "
                f"{rate / args.workers / alone:.0%} of it per core; the workers' CPU is {size / alone / fresh['workers_cpu']:.0%} parsing"
            )
            floor = per_second(sorted(raw.rglob("*.*")), lambda p: p.read_bytes().decode("utf-8", errors="replace").splitlines())
            print(f"read-and-split floor: {floor:,.0f} files/s on one core; parse per core is {floor / alone:.1f}× slower")


if __name__ == "__main__":
    main()
