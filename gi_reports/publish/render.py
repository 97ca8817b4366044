"""Execute the analysis notebooks with papermill and render them to standalone HTML.

`reports/<year>/` gets the per-year notebooks and the per-agency workbook, `reports/trends/` the
notebook across years, and `reports/index.html` links everything rendered so far.
"""

import html
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from .. import config
from ..analysis import load_year
from ..analysis import years as dataset_years
from .exports import write_exports

PER_YEAR = {
    "disclosure_volumes": "主动公开 · Proactive disclosure",
    "application_outcomes": "依申请公开 · Application outcomes",
    "review_litigation": "行政复议、行政诉讼 · Review and litigation",
    "data_quality": "数据质量 · Data quality",
    "geography": "地区、层级与同类比较 · Geography, levels and peers",
}
ACROSS_YEARS = {"trends": "趋势 · Trends over the years"}


def render_notebook(name: str, parameters: dict, out_dir: Path) -> Path:
    """Run notebooks/<name>.ipynb with `parameters`; write <out_dir>/<name>.html (code hidden)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / f"{name}.ipynb"
    papermill.execute_notebook(
        str(config.NOTEBOOKS_DIR / f"{name}.ipynb"),
        str(executed),
        parameters=parameters,
        progress_bar=False,
        # A kernel's own log (a TCP warning at start, an interrupt at shutdown) is noise here:
        # an error in a notebook reaches us as papermill's exception, with its traceback.
        extra_arguments=["--log-level=CRITICAL"],
    )
    exporter = HTMLExporter(exclude_input=True)
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    page = out_dir / f"{name}.html"
    page.write_text(body, encoding="utf-8")
    return page


def render_all(processed_dir: Path, out: Path, years: list[int] | None = None, workers: int | None = None) -> list[Path]:
    """The per-year set for each year (default: every year in the dataset), trends when no year is
    picked, the per-agency exports, and the index. Notebooks run in parallel processes."""
    data_dir = str(Path(processed_dir).resolve())
    jobs = [
        (name, {"year": year, "data_dir": data_dir}, out / str(year))
        for year in years or dataset_years(data_dir)
        for name in PER_YEAR
    ]
    if not years:
        jobs += [(name, {"data_dir": data_dir}, out / "trends") for name in ACROSS_YEARS]
    with ProcessPoolExecutor(workers or min(len(jobs), os.cpu_count() or 1) or 1) as pool:
        pages = list(pool.map(render_notebook, *zip(*jobs))) if jobs else []
    for year in sorted({int(parameters["year"]) for _, parameters, _ in jobs if "year" in parameters}):
        pages += write_exports(load_year(data_dir, year), out / str(year), year)
    pages.append(write_index(out))
    return pages


def write_index(out: Path) -> Path:
    """reports/index.html: every rendered notebook and workbook under `out`, by year."""
    sections = []
    for folder in sorted((p for p in out.iterdir() if p.is_dir()), key=lambda p: (not p.name.isdigit(), p.name)):
        titles = {**PER_YEAR, **ACROSS_YEARS}
        links = [
            f'<li><a href="{folder.name}/{name}.html">{html.escape(title)}</a></li>'
            for name, title in titles.items()
            if (folder / f"{name}.html").exists()
        ]
        links += [f'<li><a href="{folder.name}/{p.name}">{p.name}</a></li>' for p in sorted(folder.glob("*.xlsx"))]
        heading = f"{folder.name}年 · {folder.name}" if folder.name.isdigit() else "多年 · Across years"
        if links:
            sections.append(f"<h2>{heading}</h2>\n<ul>\n" + "\n".join(links) + "\n</ul>")
    page = out / "index.html"
    page.write_text(
        '<!doctype html>\n<html lang="zh"><head><meta charset="utf-8">'
        "<title>政府信息公开工作年度报告分析 · gi_reports</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}</style></head><body>\n"
        "<h1>政府信息公开工作年度报告分析 · Government information disclosure annual reports</h1>\n"
        + "\n".join(sections)
        + "\n</body></html>\n",
        encoding="utf-8",
    )
    return page
