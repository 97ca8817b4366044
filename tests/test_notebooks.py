"""The notebooks are the source: each .ipynb is paired with a py:percent script (jupytext), the two say
the same, they are committed without outputs, and their cells only call gi_reports.analysis."""

import re

import jupytext
import nbformat
import papermill
import pytest

from gi_reports import config

from .conftest import ROOT
from .test_analysis import dataset  # noqa: F401  (the mixed real corpus, as a fixture)

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))
PER_YEAR = [p.stem for p in NOTEBOOKS if p.stem != "trends"]


def cells(notebook) -> list[tuple[str, str, list[str]]]:
    return [(c.cell_type, c.source.strip(), c.metadata.get("tags", [])) for c in notebook.cells]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_and_its_script_say_the_same(path):
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata["jupytext"]["formats"] == "ipynb,py:percent"
    script = jupytext.read(path.with_suffix(".py"), fmt="py:percent")
    assert cells(script) == cells(notebook)


def test_every_script_has_its_notebook():
    assert sorted(p.stem for p in config.NOTEBOOKS_DIR.glob("*.py")) == [p.stem for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_committed_without_outputs_and_with_plain_cells(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert "has_data" not in cell.source  # an empty year is handled in gi_reports.analysis
    parameters = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1 and "import" not in parameters[0].source


def test_a_notebook_without_parameters_reads_the_sample_dataset_built_outside_the_working_tree():
    """What nbval runs: the default data_dir is the session's dataset in a temporary folder, with every report of data/raw."""
    from gi_reports import analysis

    assert ROOT not in analysis.resolve("data/processed").resolve().parents
    raw = sorted(p.relative_to(ROOT / "data" / "raw").as_posix() for p in (ROOT / "data" / "raw").rglob("*") if p.is_file())
    assert sorted(analysis.load_all("data/processed")["reports"]["path"]) == raw


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, dataset):  # noqa: F811
    """The per-year notebooks run on the mixed real corpus of test_analysis, for 2020 and 2023."""
    out = tmp_path_factory.mktemp("notebooks")
    pages = {}
    for year in (2020, 2023):
        for name in PER_YEAR:
            executed = out / f"{name}_{year}.ipynb"
            papermill.execute_notebook(
                str(config.NOTEBOOKS_DIR / f"{name}.ipynb"),
                str(executed),
                parameters={"year": year, "data_dir": str(dataset)},
                progress_bar=False,
                extra_arguments=["--log-level=CRITICAL"],
            )
            pages[name, year] = nbformat.read(executed, as_version=4)
    return pages


def shown_text(notebook) -> str:
    """What a reader sees of the outputs: markdown and the text of the HTML tables."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            parts.append(data.get("text/markdown", "") + re.sub(r"<[^>]+>", " ", data.get("text/html", "")))
    return " ".join(parts)


@pytest.mark.slow
def test_no_rendered_page_shows_a_rate_above_100_percent(rendered):
    for (name, year), notebook in rendered.items():
        rates = [float(r) for r in re.findall(r"(\d+(?:\.\d+)?)%", shown_text(notebook))]
        assert all(rate <= 100 for rate in rates), (name, year)


@pytest.mark.slow
def test_rendered_pages_list_the_reports_left_out(rendered):
    outcomes = shown_text(rendered["application_outcomes", 2020])
    assert "2020/pingtan_2020.txt" in outcomes and "results_sum" in outcomes
    litigation = shown_text(rendered["review_litigation", 2023])
    assert "2023/hongze_001.pdf" in litigation and "2026/pingtan_012.txt" in litigation
    proactive = shown_text(rendered["disclosure_volumes", 2020])
    assert re.search(r"平潭综合实验区\s+\S+(\s+—){5}", proactive)  # its glued cells are unknown, not 0
    quality = shown_text(rendered["data_quality", 2023])
    assert "folder_year" in quality and "agency_year" in quality
