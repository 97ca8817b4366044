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

from gi_reports import config, read_report
from gi_reports.errors import LimitExceeded, ReportError
from gi_reports.testing import hostile, synth
from gi_reports.testing.evaluation import report_cells

ROOT = Path(__file__).resolve().parent.parent
SECONDS, MEMORY = 10, 2_000_000_000
BAD = ("CRASH", "HANG", "MEMORY", "KILLED", "SILENT")


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
            made += _number_variants(synth.write(report, sub / f"synth-{template}.txt"), sub)
    if "number" in kinds:
        for source in sorted((ROOT / "data" / "raw" / "2020").glob("00*.txt")):
            made += _number_variants(source, folder)
    return made


def _number_variants(source: Path, folder: Path) -> list[hostile.Variant]:
    report = read_report(source)
    assert report.ok, f"{source} is not a clean source for number variants"
    values, sources = report_cells(report), report_cells(report, "source")
    truth = {key: int(value) for key, value in values.items() if str(value) != "<NA>" and float(value).is_integer()}
    return list(hostile.number_variants(source, truth, {key: sources[key] for key in truth}, folder))


def parse(path: Path) -> dict:
    """In the child: the outcome of read_report, and the cells it read."""
    try:
        report = read_report(path)
    except LimitExceeded as error:
        return {"outcome": {"MAX_SECONDS": "HANG", "MAX_MEMORY_BYTES": "MEMORY"}.get(error.limit, "error"), "error": str(error)}
    except ReportError as error:
        return {"outcome": "error", "error": f"{type(error).__name__}: {error}"}
    except Exception as error:  # what this script looks for
        return {"outcome": "CRASH", "error": f"{type(error).__name__}: {error}"}
    cells = {key: (None if str(value) == "<NA>" else float(value)) for key, value in report_cells(report).items()}
    return {"outcome": "parsed", "ok": report.ok, "cells": cells, "rules": sorted(set(report.problems()["rule"]))}


def run_child(path: Path) -> tuple[dict, float, float]:
    """(result, seconds, peak MB) of parsing `path` in a forked child bounded by SECONDS and MEMORY."""
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
            result = within_limits(str(path), parse)
        except LimitExceeded as error:
            result = {"outcome": {"MAX_SECONDS": "HANG"}.get(error.limit, "MEMORY"), "error": str(error)}
        except BaseException as error:
            result = {"outcome": "CRASH", "error": f"{type(error).__name__}: {error}"}
        with os.fdopen(write, "wb") as out:
            pickle.dump(result, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        deadline = time.monotonic() + SECONDS + 20
        data = b""
        while time.monotonic() < deadline:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            data += _drain(pipe)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            done, status, usage = os.wait4(pid, 0)
            return {"outcome": "HANG", "error": "killed: no answer"}, time.monotonic() - start, usage.ru_maxrss / 1024
        data += pipe.read()
    seconds = time.monotonic() - start
    if not data:
        return {"outcome": "KILLED", "error": f"status {status}"}, seconds, usage.ru_maxrss / 1024
    return pickle.loads(data), seconds, usage.ru_maxrss / 1024


def _drain(pipe) -> bytes:
    os.set_blocking(pipe.fileno(), False)
    try:
        return pipe.read() or b""
    except BlockingIOError:
        return b""


def judge(variant: hostile.Variant, result: dict) -> str:
    """The outcome, with SILENT when a parse no check flagged reads a value other than expected (or the
    variant had to be flagged)."""
    if result["outcome"] != "parsed":
        return result["outcome"] if result["outcome"] in BAD else "error"
    if result["ok"]:
        wrong = [
            f"{'/'.join(key)}={result['cells'].get(key)} not {value}"
            for key, value in variant.expect.cells.items()
            if result["cells"].get(key) is not None and (value is None or abs(result["cells"][key] - value) > 0.005)
        ]
        if wrong:
            result["error"] = "; ".join(wrong[:3])
            return "SILENT"
        if variant.expect.flagged:
            edited = variant.expect.cell
            result["error"] = (
                f"parsed with every check passing; {'/'.join(edited)}={result['cells'].get(edited)}"
                if edited
                else "parsed with every check passing"
            )
            return "SILENT"
    return "parsed ok" if result["ok"] else "parsed, flagged"


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
            result, seconds, mb = run_child(variant.path)
            outcome = judge(variant, result)
            counts[variant.kind, outcome] += 1
            peak = max(peak, mb)
            slowest.append((seconds, variant.name))
            if outcome in BAD:
                bad.append(f"{outcome:7} {variant.kind:9} {variant.name}: {result.get('error', '')[:160]}")
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
