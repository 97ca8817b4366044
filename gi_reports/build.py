"""Build a corpus: parse every file under data/raw, write every table to data/processed.

Each file ends up in exactly one place: `reports` (parsed; status ok or warnings) or
`failures` (with the reason). One bad file never stops the others.
"""

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from .checks import COLUMNS as CHECK_COLUMNS
from .errors import ReportError
from .interpret import Interpretation
from .report import Report, read_report
from .store import write_dataset
from .tables import applications_table, proactive_table, review_table

REPORT_COLUMNS = ["report_id", "path", "format", "template", "agency", "year", "region", "level", "status", "problems"]
FAILURE_COLUMNS = ["path", "error", "reason"]


@dataclass
class Parsed:
    path: str
    report_id: str
    report: Report | None = None
    error: str = ""
    reason: str = ""


def raw_files(raw_dir: Path) -> list[Path]:
    """Every report file under `raw_dir` (hidden files and folders left out), in a stable order."""
    return sorted(
        p for p in raw_dir.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(raw_dir).parts)
    )


def parse_file(path: Path, raw_dir: Path) -> Parsed:
    relative = path.relative_to(raw_dir).as_posix()
    report_id = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    try:
        return Parsed(relative, report_id, report=read_report(path))
    except ReportError as error:
        return Parsed(relative, report_id, error=type(error).__name__, reason=error.reason)
    except Exception as error:  # a bug of ours must not sink the batch; it is recorded, not hidden
        return Parsed(relative, report_id, error=type(error).__name__, reason=f"internal error: {error}")


def build(
    raw_dir: Path | str, processed_dir: Path | str, workers: int | None = None, progress: bool = True
) -> dict[str, pd.DataFrame]:
    """Parse everything under `raw_dir` and write the dataset to `processed_dir`."""
    raw_dir, processed_dir = Path(raw_dir), Path(processed_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"{raw_dir} is not a folder of reports")
    files = raw_files(raw_dir)
    workers = workers or os.cpu_count() or 1
    bar = tqdm(total=len(files), unit="report", desc="parsing", disable=not progress)
    if workers == 1 or len(files) < 4:
        results = []
        for path in files:
            results.append(parse_file(path, raw_dir))
            bar.update()
    else:
        with ProcessPoolExecutor(workers) as pool:
            results = []
            for parsed in pool.map(parse_file, files, [raw_dir] * len(files), chunksize=max(1, len(files) // (workers * 8))):
                results.append(parsed)
                bar.update()
    bar.close()
    tables = assemble(results)
    write_dataset(tables, processed_dir)
    return tables


def assemble(results: list[Parsed]) -> dict[str, pd.DataFrame]:
    """One set of tables for many reports, tied together by `report_id`."""
    parsed = [r for r in results if r.report is not None]
    reports = pd.DataFrame(
        [
            (
                r.report_id,
                r.path,
                r.report.meta["format"],
                r.report.meta["template"],
                r.report.meta["agency"],
                r.report.meta["year"],
                r.report.meta["region"],
                r.report.meta["level"],
                "ok" if r.report.ok else "warnings",
                int((~r.report.checks["ok"]).sum()),
            )
            for r in parsed
        ],
        columns=REPORT_COLUMNS,
    ).astype({"year": "Int16", "problems": "Int32"})
    for column in ("report_id", "path", "format", "template", "agency", "region", "level", "status"):
        reports[column] = reports[column].astype("string")
    failures = pd.DataFrame([(r.path, r.error, r.reason) for r in results if r.report is None], columns=FAILURE_COLUMNS).astype(
        "string"
    )
    tables = {"reports": reports, "failures": failures}
    for name in ("proactive", "applications", "review_litigation", "checks"):
        frames = [getattr(r.report, name).assign(report_id=r.report_id) for r in parsed]
        tables[name] = _with_id_first(pd.concat(frames, ignore_index=True) if frames else _empty(name))
    return tables


def _with_id_first(frame: pd.DataFrame) -> pd.DataFrame:
    frame["report_id"] = frame["report_id"].astype("string")
    return frame[["report_id", *[c for c in frame.columns if c != "report_id"]]]


def _empty(name: str) -> pd.DataFrame:
    """An empty table with the right columns and dtypes, for a corpus where nothing parsed."""
    if name == "checks":
        return pd.DataFrame({c: pd.Series(dtype="bool" if c == "ok" else "string") for c in CHECK_COLUMNS}).assign(report_id="")
    blank = Interpretation(template=None)
    table = {"proactive": proactive_table, "applications": applications_table, "review_litigation": review_table}[name](blank)
    return table.assign(report_id=pd.Series(dtype="string"))
