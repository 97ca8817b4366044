"""Generated hostile variants, parsed under a time and memory cap: `python benchmarks/hostile_variants.py [--build]`.

Writes the variants of `gi_reports.testing.hostile` (of data/raw's reports and of synthetic ones) into
a temporary folder, parses each in a forked child (10 s, 2 GB more address space) and prints the count
per kind and outcome, then every crash (an exception that is not a ReportError), hang, memory blow-up,
and wrong value that no check flagged. `--build` also builds the folder and checks every file is
accounted for.
"""

import argparse
import collections
import os
import pickle
import random
import resource
import signal
import sys
import tempfile
import time
from pathlib import Path

from gi_reports import config
from gi_reports.errors import LimitExceeded
from gi_reports.testing import hostile, synth

ROOT = Path(__file__).resolve().parent.parent
SECONDS, MEMORY = 10, 2_000_000_000


def variants(folder: Path, kinds: list[str]) -> list[hostile.Variant]:
    raw = sorted(p for p in (ROOT / "data" / "raw").rglob("*") if p.is_file())
    rng = random.Random(14)
    made = []
    if "bytes" in kinds:
        for n, source in enumerate(raw):
            made += hostile.byte_variants(source, raw[(n + 1) % len(raw)], folder, rng)
    for template in ("2019", "2021"):
        report = synth.random_report(random.Random(int(template)), template)
        sub = folder / f"synth-{template}"
        sub.mkdir()
        if "structure" in kinds:
            made += hostile.structure_variants(report, sub)
        if "number" in kinds:
            made += hostile.number_variants(synth.write(report, sub / f"synth-{template}.txt"), sub)
    if "number" in kinds:
        for source in sorted((ROOT / "data" / "raw" / "2020").glob("00*.txt")):
            made += hostile.number_variants(source, folder)
    return made


def run_child(variant: hostile.Variant) -> tuple[tuple[str, str], float, float]:
    """((outcome, detail), seconds, peak MB) of parsing `variant` in a forked child bounded by SECONDS and MEMORY."""
    from gi_reports.corpus.limits import within_limits

    read, write = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        soft = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize() + MEMORY
        resource.setrlimit(resource.RLIMIT_AS, (soft, resource.RLIM_INFINITY))
        config.MAX_SECONDS = SECONDS
        try:
            result = within_limits(str(variant.path), lambda path: hostile.outcome(variant))
        except LimitExceeded as error:
            result = ("HANG" if error.limit == "MAX_SECONDS" else "MEMORY", str(error))
        except BaseException as error:
            result = ("CRASH", f"{type(error).__name__}: {error}")
        with os.fdopen(write, "wb") as out:
            pickle.dump(result, out)
        os._exit(0)
    os.close(write)
    os.set_blocking(read, False)
    data, deadline = b"", time.monotonic() + SECONDS + 20
    while (done := os.wait4(pid, os.WNOHANG))[0] == 0:
        data += _drain(read)
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            done = os.wait4(pid, 0)
            os.close(read)
            return ("HANG", "killed: no answer"), time.monotonic() - start, done[2].ru_maxrss / 1024
        time.sleep(0.02)
    data += _drain(read)
    os.close(read)
    seconds, peak = time.monotonic() - start, done[2].ru_maxrss / 1024
    return (pickle.loads(data) if data else ("KILLED", f"wait status {done[1]}")), seconds, peak


def _drain(fd: int) -> bytes:
    chunks = []
    try:
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    except BlockingIOError:
        pass
    return b"".join(chunks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="also build the variants' folder")
    parser.add_argument("--kinds", nargs="*", default=["bytes", "structure", "number"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "raw"
        folder.mkdir()
        made = variants(folder, args.kinds)
        counts, bad, slowest, peak = collections.Counter(), [], [], 0.0
        for variant in made:
            (outcome, detail), seconds, mb = run_child(variant)
            counts[variant.kind, outcome] += 1
            peak = max(peak, mb)
            slowest.append((seconds, variant.name))
            if outcome in hostile.BAD:
                bad.append(f"{outcome:7} {variant.kind:9} {variant.name}: {detail[:160]}")
        print(f"{len(made)} variants; children's peak {peak:.0f} MB; slowest {max(slowest)[0]:.1f} s ({max(slowest)[1]})")
        for (kind, outcome), count in sorted(counts.items()):
            print(f"  {kind:9} {outcome:16} {count}")
        print(f"{len(bad)} bad:" if bad else "nothing crashed, hung, blew up or passed a wrong value unflagged")
        print("\n".join(bad))
        if args.build:
            _build(folder, made)


def _build(folder: Path, made: list[hostile.Variant]) -> None:
    from gi_reports.corpus.build import build

    files = [p for p in folder.rglob("*") if p.is_file()]
    result = build(folder, Path(folder).parent / "processed", workers=2, progress=False)
    internal = result.failures[result.failures["reason"].str.startswith("internal error")]
    print(
        f"build: {len(files)} files, {len(result.reports)} reports + {len(result.failures)} failures; {len(internal)} internal errors"
    )
    for failure in internal.itertuples():
        print(f"  {failure.path}: {failure.reason[:160]}")


if __name__ == "__main__":
    sys.exit(main())
