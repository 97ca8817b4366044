"""Execute the analysis notebooks with papermill and render them to standalone HTML."""

from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from . import config
from .store import load

PER_YEAR = ("application_outcomes",)


def render_notebook(name: str, parameters: dict, out_dir: Path) -> Path:
    """Run notebooks/<name>.ipynb with `parameters`; write <out_dir>/<name>.html (code hidden)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / f"{name}.ipynb"
    papermill.execute_notebook(
        str(config.NOTEBOOKS_DIR / f"{name}.ipynb"),
        str(executed),
        parameters=parameters,
        cwd=str(config.ROOT),
        progress_bar=False,
    )
    exporter = HTMLExporter(exclude_input=True)
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    html = out_dir / f"{name}.html"
    html.write_text(body, encoding="utf-8")
    return html


def render_all(processed_dir: Path, out: Path, years: list[int] | None = None) -> list[Path]:
    """Every per-year notebook for each year (default: every year in the dataset)."""
    if years is None:
        years = sorted(int(y) for y in load(processed_dir, ("reports",))["reports"]["year"].dropna().unique())
    return [
        render_notebook(name, {"year": year, "data_dir": str(Path(processed_dir).resolve())}, out / str(year))
        for year in years
        for name in PER_YEAR
    ]
