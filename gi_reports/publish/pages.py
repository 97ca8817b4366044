"""One notebook → one standalone HTML page: executed by papermill, code hidden, nothing from the network.

Every page has its title, a link back to the index, and a footer that says when, by which version
and from which data it was made.
"""

from datetime import UTC, datetime
from pathlib import Path

from .. import config

TEMPLATES = Path(__file__).resolve().parent / "templates"
MAX_ROWS = 50  # rows of a table on a page; every row is in the data files beside it
SETUP_TAG = "page-setup"


class RenderError(Exception):
    """A year with no data, a folder with no dataset, or a notebook that failed: said in one line."""


def with_page_setup(notebook, max_rows: int):
    """The notebook with a cell after its parameters that prepares the kernel for a page (see kernel.py)."""
    import nbformat

    setup = nbformat.v4.new_code_cell(
        f"from gi_reports.publish.kernel import prepare_for_page\nprepare_for_page(max_rows={max_rows})",
        metadata={"tags": [SETUP_TAG]},
    )
    tags = [cell.get("metadata", {}).get("tags", []) for cell in notebook.cells]
    after = next((i + 1 for i, t in enumerate(tags) if "parameters" in t), 0)
    notebook.cells.insert(after, setup)
    return notebook


def execute(name: str, parameters: dict, max_rows: int = MAX_ROWS):
    """notebooks/<name>.ipynb run with `parameters`; an error in a cell raises papermill's exception."""
    # Imported here, not at the top (nor nbformat, nbconvert below): they take seconds to import,
    # which a render with nothing to do should not pay.
    import nbformat
    import papermill

    notebook = with_page_setup(nbformat.read(config.NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4), max_rows)
    return papermill.execute_notebook(
        notebook,
        None,
        parameters=parameters,
        progress_bar=False,
        # A kernel's own log (a TCP warning at start, an interrupt at shutdown) is noise here:
        # an error in a notebook reaches us as papermill's exception, with its traceback.
        extra_arguments=["--log-level=CRITICAL"],
    )


def to_html(notebook, title: str, provenance: dict) -> str:
    """The executed notebook as a page, code hidden; `provenance` fills the footer (see the template)."""
    from nbconvert import HTMLExporter

    notebook.metadata["title"] = title
    exporter = HTMLExporter(template_name="gi_reports", extra_template_basedirs=[str(TEMPLATES)], exclude_input=True)
    page = {"made": datetime.now(UTC).isoformat(timespec="seconds"), "index_href": "../index.html", **provenance}
    body, _ = exporter.from_notebook_node(notebook, resources={"page": page})
    return body


def render_notebook(name: str, parameters: dict, page: Path, title: str, provenance: dict, max_rows: int = MAX_ROWS) -> Path:
    """Run notebooks/<name>.ipynb with `parameters` and write it to `page`."""
    from papermill.exceptions import PapermillExecutionError

    try:
        executed = execute(name, parameters, max_rows)
    except PapermillExecutionError as error:
        raise RenderError(
            f"{page}: the notebook {name} failed in cell {error.exec_count}: {error.ename}: {error.evalue}"
        ) from None
    html = to_html(executed, title, provenance)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(html, encoding="utf-8")
    return page
