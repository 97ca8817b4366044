"""Build a corpus: parse every file under data/raw, write every table to data/processed.

Each file ends up in exactly one place: `reports` (parsed; status ok or warnings) or
`failures` (with the reason). One bad file never stops the others. Files are parsed in
batches on local processes or a Dask cluster; each finished batch goes to the cache at once
(so a killed build resumes), and only files with new bytes are parsed (so a rebuild is cheap).
"""

import hashlib
import math
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import pandas as pd
import pyarrow.compute as pc
import pyarrow.dataset as ds
from tqdm.auto import tqdm

from ..errors import ReportError
from ..parse.report import parse_rows
from ..parse.tables import frame
from ..schema import DATA_TABLES, TABLES, dtypes, to_arrow
from .cache import BatchCache, parser_version
from .datapackage import write_datapackage
from .identity import flag_identity
from .store import write_dataset, write_table

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


def raw_files(raw_dir: Path) -> list[Path]:
    """Every report file under `raw_dir` (hidden files and folders left out), in a stable order."""
    return sorted(
        p for p in raw_dir.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(raw_dir).parts)
    )


def inventory(raw_dir: Path) -> tuple[list[RawFile], pd.DataFrame]:
    """Every file with its content hash; a second copy of the same bytes is recorded, not counted twice."""
    files, duplicates, first = [], [], {}
    for path in raw_files(raw_dir):
        with path.open("rb") as f:
            sha256 = hashlib.file_digest(f, "sha256").hexdigest()
        report_id = sha256[:16]
        relative = path.relative_to(raw_dir).as_posix()
        if report_id in first:
            duplicates.append((report_id, relative, "DuplicateFile", f"the same bytes as {first[report_id]}; counted once"))
            continue
        first[report_id] = relative
        files.append(RawFile(relative, str(path.resolve()), sha256, report_id))
    return files, failures_frame(duplicates)


def parse_batch(files: list[RawFile]) -> dict[str, pd.DataFrame]:
    """Parse a batch of files into one set of tables (made once per batch, for speed)."""
    reports, failures = [], []
    rows: dict[str, list[tuple]] = {name: [] for name in (*DATA_TABLES, "checks")}
    keys: dict[str, dict[str, list]] = {name: {"report_id": [], "year": []} for name in rows}
    for file in files:
        try:
            meta, tables = parse_rows(file.location)
        except ReportError as error:
            failures.append((file.report_id, file.path, type(error).__name__, error.reason))
            continue
        except Exception as error:  # a bug of ours must not sink the batch; it is recorded, not hidden
            failures.append((file.report_id, file.path, type(error).__name__, f"internal error: {error}"))
            continue
        problems = sum(not check[3] for check in tables["checks"])
        status = "warnings" if problems else "ok"
        reports.append(
            {
                **meta,
                "report_id": file.report_id,
                "path": file.path,
                "sha256": file.sha256,
                "status": status,
                "problems": problems,
            }
        )
        for name, table_rows in tables.items():
            rows[name] += table_rows
            keys[name]["report_id"] += [file.report_id] * len(table_rows)
            keys[name]["year"] += [meta["year"]] * len(table_rows)
    batch = {"reports": reports_frame(reports), "failures": failures_frame(failures)}
    for name in rows:
        batch[name] = frame(name, rows[name], report_id=keys[name]["report_id"], year=keys[name]["year"])
    return batch


def reports_frame(reports: list[dict]) -> pd.DataFrame:
    """The reports table from one dict per report (metadata keys the schema does not declare are left out)."""
    names = TABLES["reports"].names
    return pd.DataFrame([[r.get(c) for c in names] for r in reports], columns=names).astype(dtypes("reports"))


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
    workers see `raw_dir` at the same path; without it, `workers` local processes do the work.
    """
    raw_dir, processed_dir = Path(raw_dir), Path(processed_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"{raw_dir} is not a folder of reports")
    files, duplicates = inventory(raw_dir)
    cache = BatchCache(processed_dir.parent / ".build-cache" / processed_dir.name)
    cached = cache.batches()
    todo = [f for f in files if f.report_id not in cached]
    workers = workers or os.cpu_count() or 1
    size = batch_size or max(1, min(MAX_BATCH, math.ceil(len(todo) / (workers * 4))))
    batches = [todo[i : i + size] for i in range(0, len(todo), size)]
    bar = tqdm(total=len(todo), unit="report", desc=f"parsing ({len(files) - len(todo)} unchanged)", disable=not progress)
    with _executor(workers if len(batches) > 1 else 1, scheduler) as (executor, slots):
        for files_done, tables in _run(executor, slots, batches):
            batch = cache.write(tables)
            cached.update(dict.fromkeys(files_done, batch))
            bar.update(len(files_done))
    bar.close()
    current = {f.report_id: f.path for f in files}
    needed = {cached[report_id] for report_id in current}
    result = assemble(cache, sorted(needed), current, duplicates, processed_dir)
    cache.keep_only(needed)
    result.parsed, result.reused = len(todo), len(files) - len(todo)
    return result


@contextmanager
def _executor(workers: int, scheduler: str | None) -> Iterator[tuple[Executor | None, int]]:
    """A Dask cluster's executor, a local process pool, or None for parsing in this process; and
    how many parallel slots it has."""
    if scheduler:
        from distributed import Client

        with Client(scheduler) as client:
            yield client.get_executor(), max(1, sum(client.nthreads().values()))
    elif workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            yield pool, workers
    else:
        yield None, 1


def _run(executor: Executor | None, slots: int, batches: list[list[RawFile]]) -> Iterator[tuple[list[str], dict]]:
    """(report ids, tables) for each batch as soon as it is done. At most two batches per slot are
    in flight, so memory stays flat however large the corpus: a finished batch is written and dropped."""
    if executor is None:
        for batch in batches:
            yield [f.report_id for f in batch], parse_batch(batch)
        return
    queue, in_flight = iter(batches), {}

    def submit_next() -> None:
        if (batch := next(queue, None)) is not None:
            in_flight[executor.submit(parse_batch, batch)] = batch

    for _ in range(2 * slots):
        submit_next()
    while in_flight:
        done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
        for future in done:
            batch = in_flight.pop(future)
            yield [f.report_id for f in batch], future.result()
            submit_next()


def assemble(
    cache: BatchCache, batches: list[Path], current: dict[str, str], duplicates: pd.DataFrame, processed_dir: Path
) -> BuildResult:
    """The dataset from the cached batches of the files present now, swapped in whole."""
    wanted = pc.field("report_id").isin(list(current))
    reports = _current_paths(_read(cache, "reports", batches, wanted), current).sort_values("path", ignore_index=True)
    reports, identity_checks = flag_identity(reports)
    failures = pd.concat([_current_paths(_read(cache, "failures", batches, wanted), current), duplicates], ignore_index=True)
    failures = failures.astype(dtypes("failures")).sort_values("path", ignore_index=True)

    def write_tables(folder: Path) -> None:
        files = {"reports": write_table(reports, folder, "reports"), "failures": write_table(failures, folder, "failures")}
        for name in (*DATA_TABLES, "checks"):
            found = cache.dataset(name, batches).to_batches(filter=wanted)
            corpus_wide = to_arrow(name, identity_checks).to_batches() if name == "checks" else []
            files[name] = write_table(chain(found, corpus_wide), folder, name)
        write_datapackage(folder, files, input_files=len(current) + len(duplicates), parser_version=parser_version())

    write_dataset(write_tables, processed_dir)
    return BuildResult(reports, failures, parsed=0, reused=0)


def _read(cache: BatchCache, name: str, batches: list[Path], wanted: ds.Expression) -> pd.DataFrame:
    return cache.dataset(name, batches).to_table(filter=wanted).to_pandas().astype(dtypes(name))


def _current_paths(table: pd.DataFrame, current: dict[str, str]) -> pd.DataFrame:
    """A file moved or renamed since it was parsed is listed where it is now."""
    return table.assign(path=table["report_id"].map(current).astype("string"))
