"""Parsed batches kept between builds, keyed by the files' content and the parser's version.

A build writes each batch here the moment it is parsed (atomically, by renaming a finished
folder), so a build killed half-way resumes from its last batch, and a rebuild parses only
the files whose bytes are new. A change to the parser itself starts a fresh cache.
"""

import hashlib
import shutil
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from ..schema import arrow_schema, to_arrow

# What a file parses to depends on these alone; the build, analyses and publishing can change
# without reparsing a corpus.
PARSING = ("parse/", "template/", "config.py", "errors.py")


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

    def batches(self) -> dict[str, Path]:
        """report_id → the batch folder holding its rows (parsed or failed)."""
        found = {}
        for batch in sorted(self.folder.glob("batch-*")):
            for name in ("reports", "failures"):
                for report_id in pq.read_table(batch / f"{name}.parquet", columns=["report_id"])["report_id"].to_pylist():
                    found[report_id] = batch
        return found

    def write(self, tables: dict[str, pd.DataFrame]) -> Path:
        """Store one parsed batch; it becomes visible only once complete."""
        ids = sorted([*tables["reports"]["report_id"], *tables["failures"]["report_id"]])
        batch = self.folder / f"batch-{hashlib.sha256(''.join(ids).encode()).hexdigest()[:16]}"
        self.folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=self.folder))
        try:
            for name, table in tables.items():
                pq.write_table(to_arrow(name, table), staging / f"{name}.parquet")
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
