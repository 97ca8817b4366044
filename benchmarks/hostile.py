"""Hostile input, case by case (issue #14): `python benchmarks/hostile.py [--cases NAME ...]`.

Each case runs in a child process bounded as the issue tried them (60 s, 4 GB of address space)
and prints its outcome, wall time and the child's peak memory. Only the public API is used
(read_report, build, load), so the same script measures an older checkout the same way
(`PYTHONPATH=/path/to/old/checkout python benchmarks/hostile.py`).
"""

import argparse
import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "data" / "raw" / "2020").glob("00*.txt"))
SEED = ROOT / "data" / "raw" / "2020" / "001_293c52a418def646.txt"
MADE = 37  # seed 001: table 二, 规范性文件, 本年新制作数量, printed "1"
SECONDS, MEMORY = 60, 4_000_000_000


def seed_with(work: Path, text: str) -> Path:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[MADE - 1] = f"\t{text}"
    path = work / "edited.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def raw_with_seeds(work: Path) -> Path:
    raw = work / "raw" / "2020"
    raw.mkdir(parents=True)
    for path in SEEDS:
        shutil.copy(path, raw)
    return raw.parent


def outcome_of_parse(path: Path) -> str:
    from gi_reports import read_report

    try:
        report = read_report(path)
    except Exception as error:
        return f"{type(error).__name__}: {str(error).split(': ', 1)[-1][:70]}"
    made = report.proactive.query("item == 'normative_documents' and metric == 'made'")["value"].tolist()
    flags = sorted(set(report.problems()["rule"]))
    return f"parsed; 规范性文件 made={made}; flags={','.join(flags) or 'none'}"


def outcome_of_build(raw: Path, processed: Path, **options) -> str:
    from gi_reports.corpus.build import build

    result = build(raw, processed, progress=False, **options)
    failures = "; ".join(f"{f.path}: {f.error}" for f in result.failures.itertuples())
    return f"{len(result.reports)} reports, {len(result.failures)} failures ({failures[:150]})"


def number(work: Path, text: str) -> str:
    return outcome_of_parse(seed_with(work, text))


def span_bomb(work: Path) -> str:
    path = work / "bomb.html"
    path.write_text("<html><body><table><tr>" + '<td colspan="1000" rowspan="1000">x</td>' * 50 + "</tr></table></body></html>")
    return outcome_of_parse(path)


def text_199mb(work: Path) -> str:
    path, block = work / "huge.txt", SEED.read_bytes() * 100
    with path.open("wb") as f:
        while f.tell() < 199_000_000:
            f.write(block)
    return outcome_of_parse(path)


def line_1mb(work: Path) -> str:
    path = work / "line.txt"
    path.write_text("规章 0 0 0 " * 80_000, encoding="utf-8")
    return outcome_of_parse(path)


def bom_gbk(work: Path) -> str:
    path = work / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SEED.read_text(encoding="utf-8").encode("gbk"))
    return outcome_of_parse(path)


def folder(work: Path) -> str:
    (work / "report.txt").mkdir()
    return outcome_of_parse(work / "report.txt")


def no_permission(work: Path) -> str:
    path = work / "locked.txt"
    shutil.copy(SEED, path)
    path.chmod(0)
    return outcome_of_parse(path)


def build_many_texts(work: Path) -> str:
    raw = raw_with_seeds(work)
    lines = SEED.read_text(encoding="utf-8").split("\n")
    decimals = [f"\t{line[1:]}.{i}" if line[1:].isdigit() else line for i, line in enumerate(lines)]
    (raw / "2020" / "decimals.txt").write_text("\n".join(decimals), encoding="utf-8")
    first = outcome_of_build(raw, work / "processed", workers=2)
    (raw / "2020" / "decimals.txt").unlink()
    return f"{first}; after deleting it: {outcome_of_build(raw, work / 'processed', workers=2)}"


def build_span_bomb(work: Path) -> str:
    raw = raw_with_seeds(work)
    cells = '<td colspan="1000" rowspan="1000">x</td>' * 50
    (raw / "2020" / "bomb.html").write_text(f"<html><body><table><tr>{cells}</tr></table></body></html>")
    return outcome_of_build(raw, work / "processed", workers=2)


def build_bad_paths(work: Path) -> str:
    raw = raw_with_seeds(work)
    (raw / "2020" / SEEDS[0].name).chmod(0)
    (raw / "2020" / "loop.txt").symlink_to(raw / "2020" / "loop.txt")
    (raw / "2020" / "dangling.txt").symlink_to(work / "gone.txt")
    shutil.copy(SEED, work / "outside.txt")
    (raw / "2020" / "outside.txt").symlink_to(work / "outside.txt")
    (raw / "2021").mkdir()
    (raw / "2021" / "x.txt").write_text("x")
    (raw / "2021").chmod(0)
    return outcome_of_build(raw, work / "processed", workers=1)


def build_no_year(work: Path) -> str:
    raw = raw_with_seeds(work)
    (raw / "2020" / "yearless.txt").write_text(re.sub(r"20\d\d年", "本年", SEED.read_text(encoding="utf-8")), encoding="utf-8")
    return outcome_of_build(raw, work / "processed", workers=1)


def build_twice_at_once(work: Path) -> str:
    raw = raw_with_seeds(work)
    code = (
        f"from gi_reports.corpus.build import build; build({str(raw)!r}, {str(work / 'processed')!r}, workers=1, progress=False)"
    )
    children = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(2)]
    codes = [child.wait() for child in children]
    errors = [line[:80] for child in children for line in child.stderr.read().strip().splitlines()[-1:]]
    if any(codes):
        return f"exit codes {codes}: {errors}"
    return f"exit codes {codes}; then {outcome_of_build(raw, work / 'processed', workers=1)}"


def build_damaged_cache(work: Path) -> str:
    raw = raw_with_seeds(work)
    outcome_of_build(raw, work / "processed", workers=1, batch_size=2)
    batches = sorted((work / ".build-cache" / "processed").glob("*/batch-*"))
    (batches[0] / "applications.parquet").write_bytes(b"PAR1 damaged")
    try:
        return outcome_of_build(raw, work / "processed", workers=1, batch_size=2)
    except Exception as error:
        return f"{type(error).__name__}: {str(error)[:80]}"


def build_swapped_cache(work: Path) -> str:
    from gi_reports.corpus.store import load

    raw = raw_with_seeds(work)
    outcome_of_build(raw, work / "processed", workers=1, batch_size=2)
    batches = sorted((work / ".build-cache" / "processed").glob("*/batch-*"))
    for name in ("reports", "applications"):
        shutil.copy(batches[0] / f"{name}.parquet", batches[1] / f"{name}.parquet")
    outcome_of_build(raw, work / "processed", workers=1, batch_size=2)
    loaded = load(work / "processed")
    return (
        f"{loaded['reports']['report_id'].nunique()} distinct reports of 5, {len(loaded['applications'])} cells of {5 * 23 * 7}"
    )


def build_killed(work: Path) -> str:
    raw = raw_with_seeds(work)
    slow = (
        "import sys, time\nfrom gi_reports.corpus import build as b\nreal = b.parse_rows\n"
        "b.parse_rows = lambda p: (time.sleep(30), real(p))[1]\n"
        f"b.build({str(raw)!r}, {str(work / 'processed')!r}, workers=2, progress=False)"
    )
    main = subprocess.Popen([sys.executable, "-c", slow])
    workers, deadline = [], time.monotonic() + SECONDS / 2
    while len(workers) < 2 and time.monotonic() < deadline:  # the pool's two forks, not a helper it may start
        time.sleep(0.5)
        workers = [p.parent.name for p in Path("/proc").glob("[0-9]*/stat") if _parent(p) == str(main.pid) and _forked(p.parent)]
    time.sleep(3)  # until they are busy parsing: an idle worker notices its parent is gone by itself
    main.kill()
    main.wait()
    time.sleep(1)
    alive = [pid for pid in workers if _state(pid) not in ("Z", "gone")]
    for pid in alive:
        os.kill(int(pid), signal.SIGKILL)
    return f"{len(workers)} workers, {len(alive)} still running after kill -9 of the build"


def _forked(process: Path) -> bool:
    """A worker forked from the build runs the build's own command line."""
    try:
        return "b.build(" in (process / "cmdline").read_text()
    except OSError:
        return False


def _parent(stat: Path) -> str:
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[1]
    except OSError:
        return ""


def _state(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def load_damaged(work: Path, damage: str) -> str:
    from gi_reports.corpus.store import load

    raw = raw_with_seeds(work)
    shutil.copy(ROOT / "data" / "raw" / "2021" / "pingtan_010.txt", raw / "2020")
    outcome_of_build(raw, work / "processed", workers=1)
    processed = work / "processed"
    if damage == "table":
        shutil.rmtree(processed / "review_litigation")
    elif damage == "part":
        (processed / "applications" / "2020" / "part-0.parquet").write_bytes(b"garbage")
    else:
        shutil.rmtree(processed / "applications" / "2021")
    try:
        loaded = load(processed, year=2021 if damage == "year" else None)
    except Exception as error:
        return f"{type(error).__name__}: {str(error).split(': ', 1)[-1][:80]}"
    return f"loaded; {len(loaded['applications'])} application cells"


CASES = {
    "1,234": lambda w: number(w, "1,234"),
    "1.2e3": lambda w: number(w, "1.2e3"),
    "１，２３４": lambda w: number(w, "１，２３４"),
    "一千": lambda w: number(w, "一千"),
    "-5": lambda w: number(w, "-5"),
    "10^30": lambda w: number(w, "1" + "0" * 30),
    "12①": lambda w: number(w, "12①"),
    "12¹": lambda w: number(w, "12¹"),
    "12*": lambda w: number(w, "12*"),
    "3千": lambda w: number(w, "3千"),
    "约12": lambda w: number(w, "约12"),
    "12\\u200b": lambda w: number(w, "12\u200b"),
    "span bomb html": span_bomb,
    "199 MB text": text_199mb,
    "1 MB line": line_1mb,
    "BOM + GBK": bom_gbk,
    "a folder": folder,
    "chmod 000 file": no_permission,
    "build: >127 texts": build_many_texts,
    "build: span bomb": build_span_bomb,
    "build: bad paths": build_bad_paths,
    "build: no year": build_no_year,
    "build: two at once": build_twice_at_once,
    "build: damaged cache": build_damaged_cache,
    "build: swapped cache": build_swapped_cache,
    "build: kill -9": build_killed,
    "load: no table": lambda w: load_damaged(w, "table"),
    "load: corrupt part": lambda w: load_damaged(w, "part"),
    "load: deleted year": lambda w: load_damaged(w, "year"),
}


def _bounded() -> None:
    """In the child: the issue's 4 GB, and, when root, file modes obeyed (chmod 000 means unreadable)."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP


def run(name: str) -> tuple[str, float, float]:
    """(outcome, seconds, peak MB of the child and its own children)."""
    with tempfile.TemporaryDirectory() as work:
        start = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, __file__, "--child", name, work],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_bounded,
            start_new_session=True,  # its workers too can be killed on a timeout
        )
        try:
            out, err = child.communicate(timeout=SECONDS)
            outcome = out.decode().strip() or f"died: {err.decode().strip().splitlines()[-1:]}"
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            outcome = f"killed after {SECONDS} s"
        seconds = time.monotonic() - start
        for path in Path(work).rglob("*"):  # let the clean-up remove what the case made unreadable
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
    import resource

    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return outcome, seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="*", default=list(CASES), help="which cases (default: all)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, work = args.child
        try:
            print(CASES[name](Path(work)))
        except Exception as error:
            print(f"{type(error).__name__}: {str(error)[:100]}")
        return
    print(f"{'case':22} {'seconds':>8} {'peak MB':>8}  outcome")
    for name in args.cases:
        outcome, seconds, peak = subprocess_run(name)
        print(f"{name:22} {seconds:8.1f} {peak:8.0f}  {outcome}", flush=True)


def subprocess_run(name: str) -> tuple[str, float, float]:
    """Each case in a fresh measuring process, so that peak memory is the case's own."""
    out = subprocess.run([sys.executable, __file__, "--measure", name], capture_output=True, text=True)
    outcome, seconds, peak = out.stdout.rstrip("\n").rsplit("\t", 2)
    return outcome, float(seconds), float(peak)


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--measure":
    print("\t".join(map(str, run(sys.argv[2]))))
elif __name__ == "__main__":
    main()
