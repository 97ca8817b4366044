"""data/processed: the tidy tables of a whole corpus as Parquet, written atomically.

A build writes a complete new dataset beside the old one and swaps the folders with two
renames, so a reader never sees half a dataset and an interrupted build leaves the old one.
"""

import shutil
import tempfile
from pathlib import Path

import pandas as pd

TABLES = ("reports", "failures", "proactive", "applications", "review_litigation", "checks")


def write_dataset(tables: dict[str, pd.DataFrame], processed_dir: Path | str) -> None:
    processed_dir = Path(processed_dir)
    processed_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{processed_dir.name}-", dir=processed_dir.parent))
    staging.chmod(0o755)
    try:
        for name in TABLES:
            tables[name].to_parquet(staging / f"{name}.parquet", index=False)
        retired = processed_dir.with_name(f".{processed_dir.name}-retired")
        shutil.rmtree(retired, ignore_errors=True)
        if processed_dir.exists():
            processed_dir.rename(retired)
        staging.rename(processed_dir)
        shutil.rmtree(retired, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def load(processed_dir: Path | str, tables: tuple[str, ...] = TABLES) -> dict[str, pd.DataFrame]:
    """The tables of a built dataset, with the dtypes they were written with."""
    processed_dir = Path(processed_dir)
    if not (processed_dir / "reports.parquet").exists():
        raise FileNotFoundError(f"{processed_dir} holds no built dataset; run `gi-reports build` first")
    return {name: pd.read_parquet(processed_dir / f"{name}.parquet") for name in tables}
