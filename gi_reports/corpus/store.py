"""data/processed: the tidy tables of a whole corpus as Parquet, partitioned by year, written atomically.

Each table but `failures` is a folder `<table>/year=<year>/part-*.parquet` (hive layout, which
pandas, Arrow, DuckDB, Spark and Dask all read), so one year loads without touching the others.
A build writes a complete new dataset beside the old one and swaps the folders with two
renames: a reader never sees half a dataset and an interrupted build leaves the old one.
"""

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from ..parse.tables import dtypes

TABLES = ("reports", "failures", "proactive", "applications", "review_litigation", "checks")
BY_YEAR = ("reports", "proactive", "applications", "review_litigation", "checks")
YEAR = ds.HivePartitioning(pa.schema([("year", pa.int16())]))
KEYS = ("report_id", "year")
# Read as categoricals: a year of a national corpus repeats the same ids, cell texts ("0") and
# sources ("line 120") millions of times, and strings would take several times the memory.
REPEATED_TEXT = ("report_id", "raw", "source", "detail", "sub_label")
PARQUET = ds.ParquetFileFormat(read_options=ds.ParquetReadOptions(dictionary_columns=REPEATED_TEXT))


def write_dataset(write_tables: Callable[[Path], None], processed_dir: Path | str) -> None:
    """Let `write_tables(folder)` fill a staging folder, then swap it in for `processed_dir`."""
    processed_dir = Path(processed_dir)
    processed_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{processed_dir.name}-", dir=processed_dir.parent))
    staging.chmod(0o755)
    try:
        write_tables(staging)
        retired = processed_dir.with_name(f".{processed_dir.name}-retired")
        shutil.rmtree(retired, ignore_errors=True)
        if processed_dir.exists():
            processed_dir.rename(retired)
        staging.rename(processed_dir)
        shutil.rmtree(retired, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_table(data: pd.DataFrame | ds.Dataset | ds.Scanner, folder: Path, name: str) -> None:
    """One table into a staging folder: by year, or a single file for `failures`."""
    if name not in BY_YEAR:
        table = data if isinstance(data, pd.DataFrame) else data.to_table().to_pandas()
        table.to_parquet(folder / f"{name}.parquet", index=False)
        return
    if isinstance(data, pd.DataFrame):
        data = pa.Table.from_pandas(data, preserve_index=False)
    ds.write_dataset(
        data,
        folder / name,
        format="parquet",
        partitioning=YEAR,
        basename_template="part-{i}.parquet",
        existing_data_behavior="overwrite_or_ignore",
        max_rows_per_group=1 << 20,
        preserve_order=True,
    )


def load(
    processed_dir: Path | str, tables: tuple[str, ...] = TABLES, year: int | None = None, columns: list[str] | None = None
) -> dict[str, pd.DataFrame]:
    """The tables of a built dataset (of one `year` when given), with their canonical dtypes."""
    processed_dir = Path(processed_dir)
    if not (processed_dir / "reports").is_dir():
        raise FileNotFoundError(f"{processed_dir} holds no built dataset; run `gi-reports build` first")
    return {name: read_table(processed_dir, name, year, columns) for name in tables}


def read_table(processed_dir: Path, name: str, year: int | None = None, columns: list[str] | None = None) -> pd.DataFrame:
    if name not in BY_YEAR:
        return pd.read_parquet(processed_dir / f"{name}.parquet")
    dataset = ds.dataset(processed_dir / name, format=PARQUET if name != "reports" else "parquet", partitioning=YEAR)
    wanted = None if columns is None else [c for c in dataset.schema.names if c in (*KEYS, *columns)]
    table = dataset.to_table(columns=wanted, filter=None if year is None else ds.field("year") == year)
    frame = table.to_pandas()
    order = [c for c in KEYS if c in frame.columns] + [c for c in frame.columns if c not in KEYS]
    frame = frame[order]
    codes = {} if name == "reports" else dtypes(name)
    canonical = {c: t for c, t in codes.items() if c in frame.columns and c not in REPEATED_TEXT}
    return frame.astype(canonical)
