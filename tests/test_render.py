"""Rendering for reviewers: every notebook executes with papermill into a page that opens offline,
says what it is and where it came from, and shows the right figures; the data files and the index
are written beside the pages; a second render with nothing changed makes nothing."""

import random
import re
import shutil
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest

from gi_reports import config
from gi_reports.cli import main
from gi_reports.corpus.build import build
from gi_reports.publish import kernel
from gi_reports.publish.pages import render_notebook
from gi_reports.publish.render import PER_YEAR, plan, provenance
from gi_reports.testing import synth

from .conftest import copy_seeds

PAGE_LIMIT = 2 * 2**20


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


@pytest.mark.parametrize("name", [*PER_YEAR, "trends"])
def test_every_page_opens_offline_says_what_it_is_and_where_it_came_from(rendered, name):
    html = page(rendered, name)
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=\"https?:", html)  # no require.js, MathJax, CDN CSS
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title.endswith(PER_YEAR.get(name, "趋势 · Trends over the years")) and title != "Notebook"
    assert '<a href="../index.html">' in html
    footer = re.search(r'<footer class="gi-provenance">(.*?)</footer>', html, re.S).group(1)
    versions = provenance(rendered / "processed")
    assert versions["parser_version"] in footer and f"gi_reports {versions['package_version']}" in footer
    alts = [re.search(r'alt="([^"]*)"', img).group(1) for img in re.findall(r"<img [^>]*>", html)]
    assert alts and all(alt.startswith("Chart: ") and len(alt) > len("Chart: ") for alt in alts)
    assert len(html.encode()) < PAGE_LIMIT


def test_the_rendered_figures_are_those_of_the_data(rendered):
    assert re.search(r"新收申请 <strong>14</strong> 件, 办结 <strong>15</strong> 件", page(rendered, "application_outcomes"))
    assert "处理决定合计 <strong>269</strong> 件" in page(
        rendered, "disclosure_volumes"
    )  # 103 licensing + 80 other + 86 penalties
    assert "复议和诉讼 <strong>4</strong> 件" in page(rendered, "review_litigation")
    assert "5 of 5 reports pass every check." in page(rendered, "data_quality")


def test_index_is_a_landing_page_with_the_figures_and_every_link(rendered):
    index = (rendered / "reports" / "index.html").read_text(encoding="utf-8")
    assert "<title>政府信息公开工作年度报告分析 · gi_reports</title>" in index
    for name in PER_YEAR:
        assert f'href="2020/{name}.html"' in index
    for data in [
        "per_agency_2020.xlsx",
        *(f"per_agency_2020_{t}.csv" for t in ("applications", "proactive", "review_litigation")),
    ]:
        assert f'href="2020/{data}"' in index
    assert 'href="trends/trends.html"' in index and 'href="gi_reports_data.zip"' in index
    row = re.search(r'<tr><td><a href="#y2020">2020</a></td>(.*?)</tr>', index).group(1)
    # reports, passing every check, failed files, new applications, handled, disclosure rate, reviews, lawsuits
    assert re.findall(r"<td>(.*?)</td>", row) == ["5", "5", "0", "14", "15", "86.7%", "3", "1"]


def test_workbook_has_a_readme_one_row_per_report_and_totals_apart(rendered):
    workbook = openpyxl.load_workbook(rendered / "reports" / "2020" / "per_agency_2020.xlsx")
    assert workbook.sheetnames == ["说明", "依申请公开", "主动公开", "复议诉讼", "合计"]
    sheet = workbook["依申请公开"]
    rows = list(sheet.values)
    assert rows[0][:13] == (
        *("年度", "报告标识", "发布机关", "机关规范全称", "机关标识", "省", "市", "县", "行政区划代码"),
        *("层级", "模板", "校验状态", "文件"),
    )
    assert len(rows) == 1 + 5 and all(row[0] == 2020 for row in rows[1:])  # no totals row among the data
    assert sheet.freeze_panes == "D2"
    new = rows[0].index("本年新收政府信息公开申请数量·总计")
    assert sum(row[new] for row in rows[1:]) == 14
    rate = rows[0].index("公开率（予以公开+部分公开）/总计")
    assert sheet.cell(row=2, column=rate + 1).number_format == "0.0%"
    totals = {(r[0], r[1]): r[2] for r in workbook["合计"].values}
    assert totals[("依申请公开", "本年新收政府信息公开申请数量·总计")] == 14
    readme = [r[0] for r in workbook["说明"].values]
    assert "报告标识" in readme and "文件" in readme


def test_csv_files_are_utf8_with_bom_and_keep_blank_cells_blank(rendered):
    path = rendered / "reports" / "2020" / "per_agency_2020_applications.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM makes Excel read UTF-8
    table = pd.read_csv(path, encoding="utf-8-sig")
    assert len(table) == 5 and set(table["文件"]) == {f"2020/{p.name}" for p in (rendered / "raw" / "2020").iterdir()}
    processed = pd.read_parquet(rendered / "processed" / "applications")
    blank = processed[processed["value"].isna() & (processed["applicant"] == "total")]
    if len(blank):  # an unknown cell stays unknown in the export, never 0
        assert table.isna().to_numpy().any()


def test_english_headers(rendered, tmp_path):
    from gi_reports.publish.exports import write_exports

    workbook, csv, *_ = write_exports(rendered / "processed", tmp_path, 2020, lang="en")
    assert openpyxl.load_workbook(workbook).sheetnames[0] == "README"
    assert pd.read_csv(csv, encoding="utf-8-sig").columns[:3].tolist() == ["year", "report_id", "agency"]
    assert "new_received/total" in pd.read_csv(csv, encoding="utf-8-sig").columns


def test_a_second_render_with_nothing_changed_makes_nothing(rendered, capsys):
    capsys.readouterr()
    assert main(["render", "--processed-dir", str(rendered / "processed"), "--out", str(rendered / "reports")]) == 0
    assert "0 made in" in capsys.readouterr().out


def test_a_page_is_made_again_only_when_its_data_or_notebook_changed(rendered, tmp_path, monkeypatch):
    """A new report on 2021 changes the 2021 pages and those that read every year, not 2020's."""
    raw = tmp_path / "raw"
    shutil.copytree(rendered / "raw", raw)
    rng = random.Random(3)
    (raw / "2021").mkdir()
    synth.write(synth.random_report(rng, "2021", year=2021), raw / "2021" / "a.txt")
    build(raw, tmp_path / "processed", workers=1, progress=False)
    before = {t.outputs[0].as_posix(): t.key for t in plan(tmp_path / "processed", tmp_path / "reports", None)}
    synth.write(synth.random_report(rng, "2021", year=2021), raw / "2021" / "b.txt")
    build(raw, tmp_path / "processed", workers=1, progress=False)
    after = {t.outputs[0].as_posix(): t.key for t in plan(tmp_path / "processed", tmp_path / "reports", None)}
    changed = {path for path in after if after[path] != before[path]}
    assert changed == {
        *(f"2021/{name}.html" for name in PER_YEAR),
        "2021/per_agency_2021.xlsx",
        "2020/data_quality.html",  # its carry-over chain reads every year
        "trends/trends.html",
        "gi_reports_data.zip",
        "index.html",
    }
    notebooks = tmp_path / "notebooks"
    shutil.copytree(config.NOTEBOOKS_DIR, notebooks)
    edited = nbformat.read(notebooks / "review_litigation.ipynb", as_version=4)
    edited.cells.append(nbformat.v4.new_markdown_cell("One more sentence."))
    nbformat.write(edited, notebooks / "review_litigation.ipynb")
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", notebooks)
    edited_keys = {t.outputs[0].as_posix(): t.key for t in plan(tmp_path / "processed", tmp_path / "reports", None)}
    assert {path for path in after if after[path] != edited_keys[path]} == {
        "2020/review_litigation.html",
        "2021/review_litigation.html",
    }


def test_a_long_table_is_cut_to_max_rows_on_the_page():
    agencies = pd.DataFrame({"agency": [f"机关{i}" for i in range(10_000)], "new_received": range(10_000)})
    with pd.option_context("styler.render.max_rows", None, "display.max_rows", 60, "display.min_rows", 10):
        kernel.prepare_for_page(max_rows=50)
        html = agencies.style.to_html()
    assert html.count("<tr>") <= 52 and "机关49" in html and "机关50" not in html
    assert len(html) < 20_000
    assert kernel.styled_table(agencies.style, 50).endswith(
        "The first 50 of 10,000 rows; every row is in this year's data files (CSV, Excel).</em></p>"
    )
    assert "The first" not in kernel.styled_table(agencies.head(50).style, 50)


def test_a_chart_is_described_by_its_titles():
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots()
    ax.set(title="2020年 办理结果 · outcomes", xlabel="件 (applications)")
    assert kernel.chart_description(figure) == "Chart: 2020年 办理结果 · outcomes · 件 (applications)"
    plt.close(figure)


def test_a_year_without_reports_says_so(rendered, tmp_path):
    processed = rendered / "processed"
    html = render_notebook(
        "application_outcomes", {"year": 2031, "data_dir": str(processed)}, tmp_path / "p.html", "2031", provenance(processed)
    ).read_text(encoding="utf-8")
    assert "No reports on 2031" in html and "gi-reports build" in html


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium) for screenshots")
@pytest.mark.parametrize("name", ["index", *PER_YEAR, "trends"])
def test_screenshot_of_each_page_shows_content(rendered, tmp_path, name):
    import subprocess

    from PIL import Image

    target = (
        rendered / "reports" / ("index.html" if name == "index" else f"{'trends' if name == 'trends' else '2020'}/{name}.html")
    )
    png = tmp_path / f"{name}.png"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--screenshot={png}",
            "--window-size=1280,1000",
            target.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    image = Image.open(png).convert("L")
    assert image.size == (1280, 1000)
    inked = sum(count for level, count in enumerate(image.histogram()) if level < 200) / (1280 * 1000)
    assert inked > 0.005  # text and charts, not a blank or error page


def test_a_per_agency_table_on_a_page_is_its_ends_and_a_note_of_the_rest():
    from gi_reports.publish.tables import top_and_bottom

    agencies = pd.DataFrame({"agency": [f"机关{i}" for i in range(1000)], "new_received": range(1000, 0, -1)})
    shown = top_and_bottom(agencies, 5, "per_agency_2020.xlsx")
    assert shown["agency"].tolist()[:5] == [f"机关{i}" for i in range(5)] and shown["agency"].tolist()[-1] == "机关999"
    assert shown["agency"][5] == "… 另有 990 行 · 990 more rows in per_agency_2020.xlsx …" and pd.isna(shown["new_received"][5])
    assert top_and_bottom(agencies.head(10), 5).equals(agencies.head(10))


def test_a_bar_chart_of_ten_thousand_agencies_draws_the_largest_and_says_so():
    import matplotlib.pyplot as plt

    from gi_reports.publish import charts

    agencies = pd.DataFrame({"agency": [f"机关{i}" for i in range(10_000)], "share": [i / 10_000 for i in range(10_000)]})
    figure = charts.bar_chart(agencies, "agency", "share", "blank cells", "share", most=30)
    (ax,) = figure.axes
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "机关9999" and len(ax.get_yticklabels()) == 30
    assert any("The 30 largest of 10,000 shown." in t.get_text() for t in ax.texts)
    plt.close(figure)
