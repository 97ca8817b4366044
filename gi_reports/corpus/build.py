"""Build a corpus: parse every file under data/raw, write every table to data/processed.

Every path under the raw folder ends up in exactly one place: `reports` (parsed; status ok or
warnings) or `failures` (with the reason: unreadable, a link out of the folder, beyond a limit
of `gi_reports.config`, not a report...). One bad file never stops the others: each is parsed
under the per-file limits, and a worker process that dies of one is replaced. Files are parsed
in batches on local processes or a Dask cluster; the worker that parses a batch stores it in the
cache at once (so a killed build resumes, and only the batch's folder travels back to this process),
and only files with new bytes are parsed (so a rebuild is cheap).
One build at a time writes a given output folder; a second one waits for it.
"""

import errno
import hashlib
import math
import os
import stat
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from tqdm.auto import tqdm

from .. import config
from ..errors import BuildError, LimitExceeded, NoYearError, ReportError
from ..parse.report import parse_rows
from ..parse.tables import arrow_table
from ..schema import DATA_TABLES, TABLES, arrow_schema, dtypes, from_columns, to_arrow
from .cache import BatchCache, parser_version
from .datapackage import write_datapackage
from .fingerprints import Fingerprints, digest
from .identity import flag_identity
from .limits import start_worker, within_limits
from .store import load, remove_staging, write_dataset, write_table

MAX_BATCH = 200


@dataclass(frozen=True)
class RawFile:
    path: str  # relative to the raw folder, with forward slashes
    location: str  # absolute path, for the process that parses it
    sha256: str  # of the file's bytes
    report_id: str  # the first 16 hex digits of sha256


@dataclass
class BuildResult:
    reports: pd.DataFrame
    failures: pd.DataFrame
    parsed: int  # files parsed in this build
    reused: int  # files whose bytes were already parsed by an earlier build


def raw_files(raw_dir: Path) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Every report file under `raw_dir` in a stable order (hidden files and folders left out), and
    (path, error, reason) for every other path there: nothing under the folder goes unlisted.
    Paths are plain strings: a national corpus lists a million, and pathlib would cost more than the listing."""
    root = raw_dir.resolve()
    files, refused = [], []

    def unlistable(error: OSError) -> None:
        refused.append((error.filename, "UnreadableFileError", f"folder cannot be listed: {error.strerror}"))

    for folder, folders, names in os.walk(root, onerror=unlistable):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        linked_folders = [f for f in folders if os.path.islink(os.path.join(folder, f))]  # os.walk does not enter them
        for name in [*linked_folders, *sorted(n for n in names if not n.startswith("."))]:
            path = os.path.join(folder, name)
            if problem := _refusal(path, root):
                refused.append((path, *problem))
            else:
                files.append(path)
    return files, sorted((Path(path).relative_to(root).as_posix(), *problem) for path, *problem in refused)


def _refusal(path: str, root: Path) -> tuple[str, str] | None:
    """(error, reason) when `path` is not a file the build reads; links are followed only within the raw folder."""
    try:
        info = os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "UnreadableFileError", "a link that loops back on itself"
        if os.path.islink(path):
            return "UnreadableFileError", f"a link to {os.readlink(path)}, which does not exist"
        return "UnreadableFileError", f"cannot be opened: {error.strerror}"
    if os.path.islink(path):
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(root):
            return "OutsideRawFolderError", f"a link to {target}, outside the raw folder: copy the file in instead"
        if stat.S_ISDIR(info.st_mode):
            return "LinkedFolder", f"a link to the folder {target.relative_to(root).as_posix()}/, whose files are counted there"
    if not stat.S_ISREG(info.st_mode):
        return "UnreadableFileError", "not a regular file (a pipe, socket or device)"
    if info.st_size > config.MAX_FILE_BYTES:
        return "LimitExceeded", f"{info.st_size / 1e6:.0f} MB is more than a report can be (limit MAX_FILE_BYTES)"
    return None


def inventory(raw_dir: Path, content_hash: Callable[[str], str]) -> tuple[list[RawFile], pd.DataFrame]:
    """Every file with its content hash; a second copy of the same bytes, and a path that cannot be
    read, are recorded as failures, not parsed."""
    paths, refused = raw_files(raw_dir)
    files, failures, first = [], [], {}
    prefix = len(os.path.join(raw_dir.resolve(), ""))
    for path in paths:
        relative = path[prefix:].replace(os.sep, "/")
        try:
            digest = content_hash(path)
        except OSError as error:
            refused.append((relative, "UnreadableFileError", f"cannot be opened: {error.strerror}"))
            continue
        report_id = digest[:16]
        if report_id in first:
            failures.append((report_id, relative, "DuplicateFile", f"the same bytes as {first[report_id]}; counted once"))
            continue
        first[report_id] = relative
        location = os.path.realpath(path) if os.path.islink(path) else path  # its folders are real: os.walk enters no link
        files.append(RawFile(relative, location, digest, report_id))
    # A path that was never read has no content hash; its id is the hash of the path.
    failures += [(hashlib.sha256(relative.encode()).hexdigest()[:16], relative, *problem) for relative, *problem in refused]
    return files, failures_frame(failures)


def parse_batch(files: list[RawFile]) -> dict[str, pa.Table]:
    """Parse a batch of files, each within the per-file limits, into one set of tables."""
    parsed, failures = [], []
    for file in files:
        try:
            meta, rows = within_limits(file.location, parse_rows)
            if meta["year"] is None:
                raise NoYearError(file.path, "neither its title nor its text says the year it reports on")
            parsed.append((file, meta, rows))
        except ReportError as error:
            failures.append(failure(file, error))
        except Exception as error:  # a bug of ours must not sink the batch; it is recorded, not hidden
            failures.append((file.report_id, file.path, type(error).__name__, f"internal error: {error}"))
    return batch_tables(parsed, failures)


def parse_into(cache: BatchCache, files: list[RawFile]) -> Path:
    """Parse a batch and store it in `cache`, where the worker runs: its tables never cross processes."""
    return cache.write(parse_batch(files))


def failure(file: RawFile, error: ReportError) -> tuple:
    return (file.report_id, file.path, type(error).__name__, error.reason)


def batch_tables(parsed: list[tuple[RawFile, dict, dict]], failures: list[tuple]) -> dict[str, pa.Table]:
    """The tables of a batch from each parsed file's (file, metadata, rows), each made once per batch,
    column by column, straight into Arrow: a frame per report would cost more than the parse."""
    rows: dict[str, list[tuple]] = {name: [] for name in (*DATA_TABLES, "checks")}
    keys: dict[str, dict[str, list]] = {name: {"report_id": [], "year": []} for name in rows}
    reports: dict[str, list] = {column: [] for column in TABLES["reports"].names}
    for file, meta, tables in parsed:
        problems = sum(not check[3] for check in tables["checks"])
        about = {"report_id": file.report_id, "path": file.path, "sha256": file.sha256}
        about |= {"status": "warnings" if problems else "ok", "problems": problems}
        for column, values in reports.items():  # metadata keys the schema does not declare are left out
            values.append(about[column] if column in about else meta.get(column))
        for name, table_rows in tables.items():
            rows[name] += table_rows
            keys[name]["report_id"] += [file.report_id] * len(table_rows)
            keys[name]["year"] += [meta["year"]] * len(table_rows)
    failed = dict(zip(TABLES["failures"].names, zip(*failures, strict=True) if failures else [()] * 4, strict=True))
    batch = {"reports": from_columns("reports", reports), "failures": from_columns("failures", failed)}
    return batch | {name: arrow_table(name, rows[name], **keys[name]) for name in rows}


def failures_frame(failures: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(failures, columns=TABLES["failures"].names).astype(dtypes("failures"))


def build(
    raw_dir: Path | str,
    processed_dir: Path | str,
    workers: int | None = None,
    progress: bool = True,
    scheduler: str | None = None,
    batch_size: int | None = None,
) -> BuildResult:
    """Parse what is new under `raw_dir` and write the whole dataset to `processed_dir`.

    `scheduler` is the address of a Dask distributed scheduler (e.g. tcp://host:8786) whose
    workers see `raw_dir` and the build cache beside `processed_dir` at the same paths (each stores
    what it parses there); without it, `workers` local processes do the work.
    """
    raw_dir, processed_dir = Path(raw_dir), Path(processed_dir)
    if not raw_dir.is_dir():
        raise BuildError(f"{raw_dir} is not a folder of reports")
    cache = BatchCache(processed_dir.parent / ".build-cache" / processed_dir.name)
    with cache.locked(f"another build is writing {processed_dir}"):
        remove_staging(processed_dir)  # left by a build that was killed
        fingerprints = Fingerprints(cache.root.with_name(f"{cache.root.name}.fingerprints.json"))
        files, refused = inventory(raw_dir, fingerprints.sha256)
        cached = cache.batches(fingerprints.sha256)
        todo = [f for f in files if f.report_id not in cached]
        workers = workers or os.cpu_count() or 1
        size = batch_size or max(1, min(MAX_BATCH, math.ceil(len(todo) / (workers * 4))))
        batches = [todo[i : i + size] for i in range(0, len(todo), size)]
        bar = tqdm(total=len(todo), unit="report", desc=f"parsing ({len(files) - len(todo)} unchanged)", disable=not progress)
        processes = None if workers == 1 or not batches else min(workers, len(batches))
        with _executor(processes, scheduler) as (executor, slots, renew):
            for files_done, batch in _run(executor, slots, cache, batches, renew):
                cached.update(dict.fromkeys(files_done, batch))
                bar.update(len(files_done))
        bar.close()
        current = {f.report_id: f.path for f in files}
        needed = {cached[report_id] for report_id in current}
        inputs = _inputs_key(needed, current, refused)
        if fingerprints.values.get("inputs") == inputs and fingerprints.values.get("dataset") == _dataset_key(
            processed_dir, fingerprints.sha256
        ):
            result = BuildResult(*load(processed_dir, ("reports", "failures")).values(), parsed=0, reused=0)
        else:
            result = assemble(cache, cached, current, refused, processed_dir)
            fingerprints.remember("inputs", inputs)
            fingerprints.remember("dataset", _dataset_key(processed_dir, fingerprints.sha256))
        cache.keep_only(needed)
        fingerprints.save()
    result.parsed, result.reused = len(todo), len(files) - len(todo)
    return result


def _inputs_key(batches: set[Path], current: dict[str, str], refused: pd.DataFrame) -> str:
    """What the dataset is made from: the cached batches, where each file is now, the files refused,
    and the code that assembles them (the parser's version is in the batches' folder)."""
    return digest(*sorted(map(str, batches)), *map(str, sorted(current.items())), refused.to_json(), *_assembly_code())


def _assembly_code() -> list[bytes]:
    package = Path(__file__).resolve().parent.parent
    return [p.read_bytes() for p in sorted([*(package / "corpus").glob("*.py"), package / "schema.py"])]


def _dataset_key(processed_dir: Path, content_hash: Callable[[Path], str]) -> str | None:
    """The files of the dataset as they are now, or None when there is none: a dataset edited or
    removed since the last build is built again."""
    if not (processed_dir / "datapackage.json").is_file():
        return None
    files = sorted(p for p in processed_dir.rglob("*") if p.is_file())
    return digest(*(f"{p.relative_to(processed_dir)}:{content_hash(p)}" for p in files))


@contextmanager
def _executor(processes: int | None, scheduler: str | None) -> Iterator[tuple[Executor | None, int, Callable | None]]:
    """A Dask cluster's executor, a local process pool, or None for parsing in this process (`processes`
    None); how many parallel slots it has; and, for the local pool, how to replace it once a worker died."""
    if scheduler:
        from distributed import Client

        with Client(scheduler) as client:
            yield client.get_executor(), max(1, sum(client.nthreads().values())), None
        return
    if processes is None:
        yield None, 1, None
        return
    pools = [ProcessPoolExecutor(processes, initializer=start_worker)]

    def renew() -> Executor:
        pools[-1].shutdown(wait=False, cancel_futures=True)
        pools.append(ProcessPoolExecutor(processes, initializer=start_worker))
        return pools[-1]

    try:
        yield pools[0], processes, renew
    finally:
        pools[-1].shutdown(cancel_futures=True)


def _run(
    executor: Executor | None, slots: int, cache: BatchCache, batches: list[list[RawFile]], renew: Callable[[], Executor] | None
) -> Iterator[tuple[list[str], Path]]:
    """(report ids, cached batch) for each batch as soon as it is stored. At most two batches per slot
    are in flight, so a slot never waits for work and memory stays flat however large the corpus.

    A worker that dies (killed by a limit, or a crash in C code) takes the pool down with every batch
    in flight; those files are then parsed one at a time in a new pool, so the one that kills a worker
    again is known for sure, and recorded as a failure."""
    if executor is None:
        for batch in batches:
            yield [f.report_id for f in batch], parse_into(cache, batch)
        return
    queue, suspects = deque(batches), deque()
    in_flight: dict[Future, tuple[list[RawFile], float]] = {}
    while queue or suspects or in_flight:
        while (suspects or queue) and len(in_flight) < (1 if suspects else 2 * slots):
            batch = suspects.popleft() if suspects else queue.popleft()
            in_flight[executor.submit(parse_into, cache, batch)] = (batch, time.monotonic())
        done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
        broken = []
        for future in done:
            batch, started = in_flight.pop(future)
            if isinstance(future.exception(), BrokenProcessPool) and renew is not None:
                broken.append((batch, started))
            else:
                yield [f.report_id for f in batch], future.result()
        if not broken:
            continue
        wait(in_flight)  # the pool is gone: what was still running fails too
        for future, (batch, started) in list(in_flight.items()):
            del in_flight[future]
            if isinstance(future.exception(), BrokenProcessPool):
                broken.append((batch, started))
            else:
                yield [f.report_id for f in batch], future.result()
        if len(broken) == 1 and len(broken[0][0]) == 1:
            (file,), started = broken[0]
            died = failure(file, _worker_died(file, time.monotonic() - started))
            yield [file.report_id], cache.write(batch_tables([], [died]))
        else:
            suspects.extend([file] for batch, _ in broken for file in batch)
        executor = renew()


def _worker_died(file: RawFile, seconds: float) -> LimitExceeded:
    limit = "MAX_SECONDS" if seconds >= config.MAX_SECONDS else "MAX_MEMORY_BYTES"
    return LimitExceeded(file.location, limit, f"the process parsing it died after {seconds:.0f} s")


def assemble(
    cache: BatchCache, cached: dict[str, Path], current: dict[str, str], refused: pd.DataFrame, processed_dir: Path
) -> BuildResult:
    """The dataset from the cached batches of the files present now, swapped in whole.

    Its tables are streamed from the cache into their files, each table by a thread of its own (Arrow
    reads, compresses and writes outside the GIL); only the rows of a batch that also holds files no
    longer present are filtered.
    """
    scan = _Scan(cached, current)
    reports = _current_paths(scan.frame(cache, "reports"), current).sort_values("path", ignore_index=True)
    reports, identity_checks = flag_identity(reports)
    failures = pd.concat([_current_paths(scan.frame(cache, "failures"), current), refused], ignore_index=True)
    failures = failures.astype(dtypes("failures")).sort_values("path", ignore_index=True)

    def rows(name: str) -> Iterator[pa.RecordBatch]:
        yield from scan.batches(cache, name)
        if name == "checks":
            yield from to_arrow(name, identity_checks).to_batches()

    def write_tables(folder: Path) -> None:
        files = {"reports": write_table(reports, folder, "reports"), "failures": write_table(failures, folder, "failures")}
        names = (*DATA_TABLES, "checks")
        with ThreadPoolExecutor(min(len(names), os.cpu_count() or 1)) as threads:
            files |= dict(zip(names, threads.map(lambda name: write_table(rows(name), folder, name), names), strict=True))
        write_datapackage(folder, files, input_files=len(current) + len(refused), parser_version=parser_version())

    write_dataset(write_tables, processed_dir)
    return BuildResult(reports, failures, parsed=0, reused=0)


class _Scan:
    """The rows of the files present now, from their cached batches in a stable order."""

    def __init__(self, cached: dict[str, Path], current: dict[str, str]):
        needed = {cached[report_id] for report_id in current}
        self.partial = {batch for report_id, batch in cached.items() if batch in needed and report_id not in current}
        self.whole = sorted(needed - self.partial)
        self.wanted = pc.field("report_id").isin(list(current))

    def batches(self, cache: BatchCache, name: str) -> Iterator[pa.RecordBatch]:
        yield from cache.dataset(name, self.whole).to_batches()
        if self.partial:
            yield from cache.dataset(name, sorted(self.partial)).to_batches(filter=self.wanted)

    def frame(self, cache: BatchCache, name: str) -> pd.DataFrame:
        table = pa.Table.from_batches(list(self.batches(cache, name)), schema=arrow_schema(name))
        return table.to_pandas().astype(dtypes(name))


def _current_paths(table: pd.DataFrame, current: dict[str, str]) -> pd.DataFrame:
    """A file moved or renamed since it was parsed is listed where it is now."""
    return table.assign(path=table["report_id"].map(current).astype("string"))
