"""Rendering for reviewers: every notebook executes with papermill, shows the right figures, embeds
its charts, and the index, workbook and CSV files are written beside them."""

import re

import openpyxl
import pytest

from gi_reports.cli import main
from gi_reports.corpus.build import build
from gi_reports.publish.render import PER_YEAR, render_notebook

from .conftest import copy_seeds


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The seeds (all on 2020) built and the whole set rendered, as `gi-reports render` does."""
    root = tmp_path_factory.mktemp("render")
    copy_seeds(root / "raw" / "2020")
    build(root / "raw", root / "processed", workers=1, progress=False)
    assert main(["render", "--processed-dir", str(root / "processed"), "--out", str(root / "reports")]) == 0
    return root


def page(rendered, name: str) -> str:
    folder = "trends" if name == "trends" else "2020"
    return (rendered / "reports" / folder / f"{name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [*PER_YEAR, "trends"])
def test_every_notebook_renders_with_embedded_charts_and_no_code(rendered, name):
    html = page(rendered, name)
    assert "data:image/png;base64," in html  # charts travel inside the page: it opens offline
    assert "Traceback" not in html and "import matplotlib" not in html  # code hidden, nothing failed


def test_the_rendered_figures_are_those_of_the_data(rendered):
    assert re.search(r"新收申请 <strong>14</strong> 件, 办结 <strong>15</strong> 件", page(rendered, "application_outcomes"))
    assert "处理决定合计 <strong>269</strong> 件" in page(
        rendered, "disclosure_volumes"
    )  # 103 licensing + 80 other + 86 penalties
    assert "复议和诉讼 <strong>4</strong> 件" in page(rendered, "review_litigation")
    assert "5 of 5 reports pass every check." in page(rendered, "data_quality")


def test_index_links_every_rendered_page(rendered):
    index = (rendered / "reports" / "index.html").read_text(encoding="utf-8")
    for name in PER_YEAR:
        assert f'href="2020/{name}.html"' in index
    assert 'href="trends/trends.html"' in index and 'href="2020/per_agency_2020.xlsx"' in index


def test_per_agency_workbook_and_csv_have_chinese_headers_and_totals(rendered):
    workbook = openpyxl.load_workbook(rendered / "reports" / "2020" / "per_agency_2020.xlsx")
    assert workbook.sheetnames == ["依申请公开", "主动公开", "复议诉讼"]
    rows = list(workbook["依申请公开"].values)
    assert rows[0][:3] == ("发布机关", "层级", "本年新收政府信息公开申请数量")
    assert rows[-2][0] == "合计（5/5 份报告）" and rows[-2][2] == 14 and len(rows) == 1 + 5 + 2
    assert rows[-1][0] == "其中有数字的报告" and rows[-1][2] == 5  # how many reports each sum covers
    csv = (rendered / "reports" / "2020" / "per_agency_2020_applications.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf") and "发布机关".encode() in csv  # the BOM makes Excel read UTF-8


def test_a_year_without_reports_says_so(rendered, tmp_path):
    html = render_notebook("application_outcomes", {"year": 2031, "data_dir": str(rendered / "processed")}, tmp_path).read_text(
        encoding="utf-8"
    )
    assert "No reports on 2031" in html and "gi-reports build" in html
