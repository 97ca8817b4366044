"""Render what changed: the analysis notebooks as offline HTML pages, the data files, the index.

`reports/<year>/` gets the per-year pages and that year's CSV files and workbook, `reports/trends/`
the page across years, `reports/gi_reports_data.zip` the whole dataset, and `reports/index.html`
links them all. An output is made again only when its key changed (see freshness.py), or when forced.
"""

import json
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .. import config
from ..analysis import years as dataset_years
from ..corpus.fingerprints import Fingerprints
from .exports import export_paths, write_archive, write_exports
from .freshness import FINGERPRINTS, Manifest, code_version, data_version, digest
from .index import write_index
from .pages import MAX_ROWS, RenderError, render_notebook

PER_YEAR = {
    "disclosure_volumes": "主动公开 · Proactive disclosure",
    "application_outcomes": "依申请公开 · Application outcomes",
    "review_litigation": "行政复议、行政诉讼 · Review and litigation",
    "data_quality": "数据质量 · Data quality",
    "geography": "地区、层级与同类比较 · Geography, levels and peers",
}
ACROSS_YEARS = {"trends": "趋势 · Trends over the years"}
# Pages that read every year: the trends, and data quality's carry-over chain from one year to the next.
READS_EVERY_YEAR = {"data_quality", "trends"}
ARCHIVE = Path("gi_reports_data.zip")


@dataclass(frozen=True)
class Task:
    outputs: tuple[Path, ...]  # relative to the reports folder; the first is the one a reader opens
    key: str
    make: Callable
    arguments: tuple


@dataclass(frozen=True)
class Rendered:
    path: Path
    seconds: float  # 0 when reused
    reused: bool


def provenance(processed_dir: Path) -> dict:
    """What a page's footer says about its data: from the dataset's datapackage.json."""
    package = processed_dir / "datapackage.json"
    described = json.loads(package.read_text(encoding="utf-8")) if package.exists() else {}
    versions = described.get("gi_reports", {})
    return {
        "data_dir": str(processed_dir),
        "data_created": described.get("created", "unknown"),
        "input_files": versions.get("input_files", "?"),
        "parser_version": versions.get("parser_version", "unknown"),
        "template_version": versions.get("template_version", "unknown"),
        "package_version": metadata.version("gi_reports"),
    }


def page_task(name: str, title: str, year: int | None, processed_dir: Path, out: Path, data: dict) -> Task:
    """The task for one page; `data` maps a year (None: every year) to the version of its data."""
    notebook = (config.NOTEBOOKS_DIR / f"{name}.ipynb").read_bytes()
    key = digest(notebook, code_version(), data[None if name in READS_EVERY_YEAR else year], str(MAX_ROWS))
    folder = Path("trends" if year is None else str(year))
    parameters = {"data_dir": str(processed_dir)} | ({} if year is None else {"year": year})
    heading = title if year is None else f"{year}年 {title}"
    page = folder / f"{name}.html"
    return Task((page,), key, render_notebook, (name, parameters, out / page, heading, provenance(processed_dir) | {"key": key}))


def plan(processed_dir: Path, out: Path, years: list[int] | None, lang: str = "zh") -> list[Task]:
    """Every output for `years` (default: every year built, and then the trends and the archive too);
    the data files' headers in `lang`."""
    built = dataset_years(processed_dir)
    missing = [year for year in years or [] if year not in built]
    if missing:
        have = ", ".join(map(str, built)) or "none"
        raise RenderError(f"no reports on {', '.join(map(str, missing))} in {processed_dir} (years built: {have})")
    fingerprints = Fingerprints(out / FINGERPRINTS)
    data = {year: data_version(processed_dir, year, fingerprints.sha256) for year in [None, *(years or built)]}
    fingerprints.save()
    tasks = []
    for year in years or built:
        tasks += [page_task(name, title, year, processed_dir, out, data) for name, title in PER_YEAR.items()]
        files = tuple(Path(str(year)) / p for p in export_paths(year))
        tasks.append(
            Task(files, digest(code_version(), data[year], lang), write_exports, (processed_dir, out / str(year), year, lang))
        )
    if not years:
        tasks += [page_task(name, title, None, processed_dir, out, data) for name, title in ACROSS_YEARS.items()]
        tasks.append(Task((ARCHIVE,), digest(code_version(), data[None]), write_archive, (processed_dir, out / ARCHIVE)))
    tasks.append(
        Task(
            (Path("index.html"),),
            digest(code_version(), data[None], *(str(t.outputs) for t in tasks)),
            write_index,
            (processed_dir, out, PER_YEAR, ACROSS_YEARS, ARCHIVE),
        )
    )
    return tasks


def timed(make: Callable, arguments: tuple) -> float:
    start = time.perf_counter()
    make(*arguments)
    return time.perf_counter() - start


def render_all(
    processed_dir: Path | str,
    out: Path | str,
    years: list[int] | None = None,
    workers: int | None = None,
    force: bool = False,
    lang: str = "zh",
) -> list[Rendered]:
    """Make every output of `plan` whose key changed (all of them when `force`), in parallel processes;
    the index last, since it links what the others wrote."""
    processed_dir, out = Path(processed_dir).resolve(), Path(out)
    if not (processed_dir / "reports").is_dir():
        raise RenderError(f"{processed_dir} holds no built dataset; run `gi-reports build` first")
    *tasks, index = plan(processed_dir, out, years, lang)
    out.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(out)
    stale = [t for t in tasks if force or not all(manifest.fresh(o, t.key) for o in t.outputs)]
    done = [Rendered(out / t.outputs[0], 0.0, True) for t in tasks if t not in stale]
    if stale:
        with ProcessPoolExecutor(min(len(stale), workers or os.cpu_count() or 1)) as pool:
            futures = [(t, pool.submit(timed, t.make, t.arguments)) for t in stale]
            for task, future in futures:
                done.append(Rendered(out / task.outputs[0], future.result(), False))
                for output in task.outputs:
                    manifest.record(output, task.key)
                manifest.save()
    if force or stale or not manifest.fresh(index.outputs[0], index.key):
        done.append(Rendered(out / index.outputs[0], timed(index.make, index.arguments), False))
        manifest.record(index.outputs[0], index.key)
        manifest.save()
    else:
        done.append(Rendered(out / index.outputs[0], 0.0, True))
    return done
