"""The notebooks are the source: each .ipynb is paired with a py:percent script (jupytext), the two say
the same, they are committed without outputs, and their cells only call gi_reports.analysis."""

import re
from html import unescape

import jupytext
import nbformat
import pytest

from gi_reports import config
from gi_reports.publish.render import PER_YEAR as PER_PAGE

from .conftest import ROOT, SITE_YEARS

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))


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


def test_a_notebook_without_parameters_reads_the_sample_dataset_built_outside_the_working_tree(sample_dataset):
    """What nbval runs: the default data_dir is the session's dataset in a temporary folder, with every report of data/raw."""
    from gi_reports import analysis

    assert ROOT not in analysis.resolve("data/processed").resolve().parents
    raw = sorted(p.relative_to(ROOT / "data" / "raw").as_posix() for p in (ROOT / "data" / "raw").rglob("*") if p.is_file())
    assert sorted(analysis.load_all("data/processed")["reports"]["path"]) == raw


def shown_text(html: str) -> str:
    """What a reader sees of a page: its text, without the styles, scripts and embedded images."""
    body = re.sub(r"<(style|script)\b.*?</\1>|<img [^>]*>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.fixture(scope="module")
def pages(site) -> dict[tuple[str, int | None], str]:
    """The text of every page of the session's one execution of the notebooks (tests/conftest.py)."""
    shown = {}
    for path in (site / "reports").glob("*/*.html"):
        year = None if path.parent.name == "trends" else int(path.parent.name)
        shown[path.stem, year] = shown_text(path.read_text(encoding="utf-8"))
    return shown


def test_every_notebook_is_executed_once_on_the_one_dataset(site, pages):
    """Every per-year page for each year of the dataset, the trends, and the agency profile, with
    every code cell run and no error (what nbval-lax checks of a notebook)."""
    assert set(pages) == {(name, year) for name in PER_PAGE for year in SITE_YEARS} | {("trends", None)}
    assert {*PER_PAGE, "trends", "agency_profile"} == {p.stem for p in NOTEBOOKS}
    profile = nbformat.read(site / "agency_profile.ipynb", as_version=4)
    code = [cell for cell in profile.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code)
    assert not [output for cell in code for output in cell.outputs if output.output_type == "error"]


def test_no_rendered_page_shows_a_rate_above_100_percent(pages):
    for (name, year), text in pages.items():
        rates = [float(r) for r in re.findall(r"(\d+(?:\.\d+)?)%", text)]
        assert all(rate <= 100 for rate in rates), (name, year)


def test_rendered_pages_list_the_reports_left_out(pages):
    outcomes = pages["application_outcomes", 2020]
    assert "2020/pingtan_2020.txt" in outcomes and "results_sum" in outcomes
    litigation = pages["review_litigation", 2023]
    assert "2023/hongze_001.pdf" in litigation and "2026/pingtan_012.txt" in litigation
    proactive = pages["disclosure_volumes", 2020]
    assert re.search(r"平潭综合实验区\s+\S+(\s+—){5}", proactive)  # its glued cells are unknown, not 0
    quality = pages["data_quality", 2023]
    assert "folder_year" in quality and "agency_year" in quality


def test_the_agency_profile_lists_every_report_of_its_agency(site):
    """平潭 (the notebook's default agency): its reports on 2020 and 2023, and the copy filed under 2026/."""
    from gi_reports.corpus.store import load

    reports = load(site / "processed", ("reports",))["reports"]
    agency = nbformat.read(config.NOTEBOOKS_DIR / "agency_profile.ipynb", as_version=4)
    default = next(c.source for c in agency.cells if "parameters" in c.metadata.get("tags", []))
    agency_id = re.search(r'agency = "(.*)"', default).group(1)
    profile = nbformat.read(site / "agency_profile.ipynb", as_version=4)
    shown = " ".join(
        output.get("data", {}).get("text/markdown", "") + shown_text(output.get("data", {}).get("text/html", ""))
        for cell in profile.cells
        for output in cell.get("outputs", [])
    )
    paths = sorted(reports.loc[reports["agency_id"] == agency_id, "path"])
    assert paths == ["2020/pingtan_2020.txt", "2023/pingtan_012.txt", "2026/pingtan_012.txt"]
    assert all(path in shown for path in paths)
