"""Parsed batches kept between builds, keyed by the files' content and the parser's version.

A build writes each batch here the moment it is parsed (atomically, by renaming a finished
folder), so a build killed half-way resumes from its last batch, and a rebuild parses only
the files whose bytes are new. A change to the parser itself starts a fresh cache. Each batch
lists its reports and the hash of each of its files: a batch that does not match (damaged,
or a file copied over from another batch) is dropped on read and its files parsed again.
"""

import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from ..schema import DATA_TABLES, arrow_schema
from .fingerprints import sha256

# What a file parses to depends on these alone; the build, analyses and publishing can change
# without reparsing a corpus.
PARSING = ("parse/", "template/", "config.py", "errors.py")
CONTENTS = "contents.json"  # a batch's report ids and the sha256 of each of its files
log = logging.getLogger(__name__)


@cache
def parser_version() -> str:
    """A hash of the code and templates that parsing depends on: cached results are only as good as these."""
    digest = hashlib.sha256()
    package = Path(str(resources.files("gi_reports")))
    for path in sorted(package.rglob("*")):
        name = path.relative_to(package).as_posix()
        if path.suffix in (".py", ".csv") and name.startswith(PARSING):
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class BatchCache:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.folder = self.root / parser_version()

    @contextmanager
    def locked(self, message: str) -> Iterator[None]:
        """Hold the cache (and the dataset built from it) for one build; a second build waits, saying why.
        The kernel releases the lock when its holder dies, however it dies."""
        self.root.parent.mkdir(parents=True, exist_ok=True)
        with open(self.root.with_name(f"{self.root.name}.lock"), "a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.seek(0)
                log.warning("%s (process %s); waiting for it to finish", message, lock.read().strip() or "?")
                fcntl.flock(lock, fcntl.LOCK_EX)
            lock.truncate(0)
            lock.write(str(os.getpid()))
            lock.flush()
            yield

    def batches(self, content_hash: Callable[[Path], str]) -> dict[str, Path]:
        """report_id → the batch folder holding its rows (parsed or failed); a batch that fails its
        check is removed, so its files are parsed again."""
        found = {}
        for batch in sorted(self.folder.glob("batch-*")):
            ids = _verified_ids(batch, content_hash)
            if ids is None:
                log.warning("cache batch %s is damaged; its files will be parsed again", batch)
                shutil.rmtree(batch, ignore_errors=True)
                continue
            found.update(dict.fromkeys(ids, batch))
        return found

    def write(self, tables: dict[str, pa.Table]) -> Path:
        """Store one parsed batch (tables of the declared schema); it becomes visible only once complete."""
        ids = sorted(tables["reports"]["report_id"].to_pylist() + tables["failures"]["report_id"].to_pylist())
        batch = self.folder / _batch_name(ids)
        self.folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=self.folder))
        try:
            for name, table in tables.items():
                pq.write_table(table.replace_schema_metadata(arrow_schema(name).metadata), staging / f"{name}.parquet")
            hashes = {path.name: sha256(path) for path in sorted(staging.glob("*.parquet"))}
            (staging / CONTENTS).write_text(json.dumps({"report_ids": ids, "files": hashes}))
            staging.rename(batch)
        except OSError:
            if not batch.is_dir():  # else a concurrent build stored the same batch: same files, same parser
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return batch

    def dataset(self, name: str, batches: list[Path]) -> ds.Dataset:
        """One table across many batches, read lazily with the declared schema."""
        return ds.dataset([str(batch / f"{name}.parquet") for batch in batches], schema=arrow_schema(name), format="parquet")

    def keep_only(self, batches: set[Path]) -> None:
        """Drop batches no current file needs and the caches of older parser versions."""
        for stale in self.root.glob("*"):
            if stale != self.folder:
                shutil.rmtree(stale, ignore_errors=True)
        for batch in self.folder.glob("*"):
            if batch not in batches:
                shutil.rmtree(batch, ignore_errors=True)


def _batch_name(ids: list[str]) -> str:
    return f"batch-{hashlib.sha256(''.join(ids).encode()).hexdigest()[:16]}"


def _verified_ids(batch: Path, content_hash: Callable[[Path], str]) -> list[str] | None:
    """The report ids of `batch` if it is whole: its name, list of ids and every file's hash agree."""
    try:
        contents = json.loads((batch / CONTENTS).read_text())
        ids, hashes = contents["report_ids"], contents["files"]
        expected = {f"{name}.parquet" for name in (*DATA_TABLES, "reports", "failures", "checks")}
        if batch.name != _batch_name(ids) or set(hashes) != expected:
            return None
        if any(content_hash(batch / name) != digest for name, digest in hashes.items()):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return ids
