"""data/processed: the tidy tables of a whole corpus as Parquet, one folder per year, written atomically.

Each table but `failures` is a folder `<table>/<year>/part-0.parquet` whose files hold the `year`
column themselves, so the plain call of every tool reads them with the same rows and types
(`pandas.read_parquet(folder)`, pyarrow, DuckDB and Polars over `**/*.parquet`), and one year
loads without touching the others. Every file is written with the schema of `gi_reports.schema`,
never one inferred from the data. A build writes a complete new dataset beside the old one and
swaps the folders with two renames: a reader never sees half a dataset.
"""

import json
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from ..errors import DatasetError
from ..schema import TABLES, arrow_schema, dtypes, to_arrow

KEYS = ("report_id", "year")
# Read as categoricals: a year of a national corpus repeats the same ids, cell texts ("0") and
# sources ("line 120") millions of times, and strings would take several times the memory.
REPEATED_TEXT = ("report_id", "raw", "source", "detail", "sub_label")


def write_dataset(write_tables: Callable[[Path], None], processed_dir: Path | str) -> None:
    """Let `write_tables(folder)` fill a staging folder, then swap it in for `processed_dir`."""
    processed_dir = Path(processed_dir)
    processed_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(processed_dir), dir=processed_dir.parent))
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


def remove_staging(processed_dir: Path) -> None:
    """Remove the staging folders a killed build left beside `processed_dir` (only while no build is writing it)."""
    for leftover in processed_dir.parent.glob(f"{_staging_prefix(processed_dir)}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _staging_prefix(processed_dir: Path) -> str:
    return f".{processed_dir.name}-"


def write_table(data: pd.DataFrame | Iterable[pa.RecordBatch], folder: Path, name: str) -> list[Path]:
    """One table into a staging folder, streamed batch by batch: one file per year, or a single
    file for `failures`. Returns the files written."""
    schema = arrow_schema(name)
    batches = to_arrow(name, data).to_batches() if isinstance(data, pd.DataFrame) else data
    if not TABLES[name].by_year:
        path = folder / f"{name}.parquet"
        with pq.ParquetWriter(path, schema) as writer:
            writer.write_table(pa.Table.from_batches(list(batches), schema=schema))
        return [path]
    writers: dict[int, pq.ParquetWriter] = {}
    try:
        for batch in batches:
            for year in pc.unique(batch.column("year")).to_pylist():
                if year not in writers:
                    (folder / name / str(year)).mkdir(parents=True)
                    writers[year] = pq.ParquetWriter(folder / name / str(year) / "part-0.parquet", schema)
                writers[year].write_batch(batch.filter(pc.equal(batch.column("year"), year)).cast(schema))
    finally:
        for writer in writers.values():
            writer.close()
    (folder / name).mkdir(exist_ok=True)  # an empty table is an empty folder, not a missing one
    return sorted(folder / name / str(year) / "part-0.parquet" for year in writers)


def load(
    processed_dir: Path | str, tables: tuple[str, ...] = tuple(TABLES), year: int | None = None, columns: list[str] | None = None
) -> dict[str, pd.DataFrame]:
    """The tables of a built dataset (of one `year` when given), with their canonical dtypes.

    Raises DatasetError when the dataset, a table or a file its datapackage.json lists is missing,
    or a file cannot be read: a damaged dataset never loads as fewer rows."""
    processed_dir = Path(processed_dir)
    if not (processed_dir / "reports").is_dir():
        raise DatasetError(f"{processed_dir} holds no built dataset; run `gi-reports build` first")
    unknown = [name for name in tables if name not in TABLES]
    if unknown:
        raise DatasetError(f"no table {', '.join(unknown)} in a dataset; the tables are {', '.join(TABLES)}")
    listed = _listed_files(processed_dir)
    return {name: read_table(processed_dir, name, year, columns, listed.get(name)) for name in tables}


def _listed_files(processed_dir: Path) -> dict[str, list[str]]:
    """table → the files datapackage.json says the build wrote (paths relative to the dataset)."""
    try:
        package = json.loads((processed_dir / "datapackage.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise DatasetError(f"{processed_dir}/datapackage.json cannot be read ({error}); rebuild the dataset") from None
    return {r["name"]: [r["path"]] if isinstance(r["path"], str) else r["path"] for r in package.get("resources", [])}


def read_table(
    processed_dir: Path, name: str, year: int | None = None, columns: list[str] | None = None, listed: list[str] | None = None
) -> pd.DataFrame:
    schema = TABLES[name]
    wanted = schema.names if columns is None else [c for c in schema.names if c in (*KEYS, *columns)]
    if not schema.by_year:
        files = [processed_dir / f"{name}.parquet"]
    else:
        folder = processed_dir / name if year is None else processed_dir / name / str(year)
        files = sorted(folder.glob("**/*.parquet")) if folder.is_dir() else []
        if not (processed_dir / name).is_dir():
            raise DatasetError(f"{processed_dir} has no table {name!r}; rebuild the dataset")
    prefix = "" if year is None or not schema.by_year else f"{name}/{year}/"
    missing = [f for f in listed or [] if f.startswith(prefix) and not (processed_dir / f).is_file()]
    missing += [str(f.relative_to(processed_dir)) for f in files if not f.is_file()]
    if missing:
        raise DatasetError(f"{processed_dir} is damaged: {', '.join(missing)} is missing; rebuild the dataset")
    repeated = [c for c in REPEATED_TEXT if c in wanted and name != "reports"]
    parquet = ds.ParquetFileFormat(read_options=ds.ParquetReadOptions(dictionary_columns=repeated))
    if files:
        try:
            table = ds.dataset([str(f) for f in files], format=parquet).to_table(columns=wanted)
        except (OSError, pa.ArrowException) as error:
            raise DatasetError(f"{processed_dir}: table {name!r} cannot be read ({error}); rebuild the dataset") from None
        frame = table.to_pandas()
    else:
        frame = pd.DataFrame({c: pd.Series(dtype="category" if c in repeated else object) for c in wanted})
    canonical = {c: t for c, t in dtypes(name).items() if c in frame.columns and c not in repeated}
    return frame.astype(canonical)
