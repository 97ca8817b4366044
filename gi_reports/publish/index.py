"""reports/index.html, the landing page: per year, how many reports, how many pass every check,
which files failed, the headline figures, and links to every page and data file."""

import html
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pandas as pd

from ..analysis import quality, trends
from ..corpus.store import load
from .exports import export_paths

STYLE = """body{font-family:sans-serif;max-width:64em;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:right}
th:first-child,td:first-child{text-align:left}footer{color:#555;font-size:90%;border-top:1px solid #ddd;margin-top:2em}"""
FIGURES = {
    "reports": "报告 · reports",
    "passing": "全部校验通过 · pass every check",
    "failed": "未能读取 · files failed",
    "new_received": "新收申请 · new applications",
    "total_handled": "办结 · handled",
    "disclosure_rate": "公开率 · disclosure rate",
    "review_cases": "行政复议 · reviews",
    "litigation_cases": "行政诉讼 · lawsuits",
}


def year_figures(processed_dir: Path) -> pd.DataFrame:
    """One row per year: the counts and headline figures of the index table."""
    tables = load(processed_dir, ("reports", "applications", "review_litigation", "checks", "failures"))
    yearly = trends.yearly(tables)
    if yearly.empty:
        return pd.DataFrame(columns=["year", *FIGURES])
    reports = tables["reports"]
    yearly["passing"] = [int(((reports["year"] == y) & (reports["status"] == "ok")).sum()) for y in yearly["year"]]
    yearly["failed"] = [len(quality.year_failures(tables["failures"], int(y))) for y in yearly["year"]]
    return yearly[["year", *FIGURES]]


def link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href)}">{html.escape(text)}</a>'


def figures_table(figures: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(label)}</th>" for label in ["年度 · year", *FIGURES.values()])
    rows = []
    for row in figures.itertuples(index=False):
        cells = [link(f"#y{row.year}", str(row.year))]
        for column in FIGURES:
            value = getattr(row, column)
            cells.append("—" if pd.isna(value) else f"{value:.1%}" if column == "disclosure_rate" else f"{int(value):,}")
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def year_section(out: Path, year: int, titles: dict[str, str]) -> str:
    folder = out / str(year)
    pages = [link(f"{year}/{name}.html", title) for name, title in titles.items() if (folder / f"{name}.html").exists()]
    files = [link(f"{year}/{name}", name) for name in export_paths(year) if (folder / name).exists()]
    if not pages and not files:
        return ""
    items = "".join(f"<li>{p}</li>" for p in pages) + "<li>数据 · data: " + " · ".join(files) + "</li>"
    return f'<h2 id="y{year}">{year}年 · {year}</h2><ul>{items}</ul>'


def write_index(processed_dir: Path, out: Path, per_year: dict[str, str], across_years: dict[str, str], archive: Path) -> Path:
    """Write `out`/index.html from the dataset in `processed_dir` and the pages and files under `out`."""
    figures = year_figures(processed_dir)
    sections = [year_section(out, int(year), per_year) for year in figures["year"]]
    across = [
        link(f"trends/{name}.html", title) for name, title in across_years.items() if (out / "trends" / f"{name}.html").exists()
    ]
    if (out / archive).exists():
        across.append(link(archive.as_posix(), f"{archive.name}: 全部数据 (Parquet + datapackage.json) · the whole dataset"))
    made = datetime.now(UTC).isoformat(timespec="seconds")
    body = [
        "<h1>政府信息公开工作年度报告分析 · Government information disclosure annual reports</h1>",
        "<p>Every figure is summed from the reports' tables 二, 三 and 四; per-agency rows are in the data files of each year.</p>",
        figures_table(figures) if len(figures) else "<p>No reports built yet: run <code>gi-reports build</code>.</p>",
        ("<h2>多年 · Across years</h2><ul>" + "".join(f"<li>{a}</li>" for a in across) + "</ul>") if across else "",
        *sections,
        f"<footer>Made {made} by gi_reports {metadata.version('gi_reports')} from <code>{html.escape(str(processed_dir))}</code>.</footer>",
    ]
    page = out / "index.html"
    page.write_text(
        '<!doctype html>\n<html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>政府信息公开工作年度报告分析 · gi_reports</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(part for part in body if part)
        + "\n</body></html>\n",
        encoding="utf-8",
    )
    return page
