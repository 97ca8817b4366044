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
from gi_reports.analysis.proactive import DECISION_ITEMS
from gi_reports.cli import main
from gi_reports.corpus.build import build
from gi_reports.publish import kernel
from gi_reports.publish.pages import render_notebook
from gi_reports.publish.render import PER_YEAR, plan, provenance
from gi_reports.testing import synth

from .conftest import ROOT, SAMPLES, SEED_FILES, SEED_LABELS, SITE_YEARS, label

PAGE_LIMIT = 2 * 2**20


SEEDS = [label(p) for p in SEED_LABELS]
HANDLED = 6  # the 总计 column of table 三


def seeds_sum(table: str, row: str, column: int) -> int:
    return sum(seed[table][row][column] or 0 for seed in SEEDS)


def page(site, name: str, year: int = 2020) -> str:
    folder = "trends" if name == "trends" else str(year)
    return (site / "reports" / folder / f"{name}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tables(site):
    from gi_reports.corpus.store import load

    return load(site / "processed")


@pytest.mark.parametrize("name", [*PER_YEAR, "trends"])
def test_every_notebook_renders_with_embedded_charts_and_no_code(site, name):
    html = page(site, name)
    assert "data:image/png;base64," in html  # charts travel inside the page: it opens offline
    assert "Traceback" not in html and "import matplotlib" not in html  # code hidden, nothing failed


@pytest.mark.parametrize("name", [*PER_YEAR, "trends"])
def test_every_page_opens_offline_says_what_it_is_and_where_it_came_from(site, name):
    html = page(site, name)
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=\"https?:", html)  # no require.js, MathJax, CDN CSS
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title.endswith(PER_YEAR.get(name, "趋势 · Trends over the years")) and title != "Notebook"
    assert '<a href="../index.html">' in html
    footer = re.search(r'<footer class="gi-provenance">(.*?)</footer>', html, re.S).group(1)
    versions = provenance(site / "processed")
    assert versions["parser_version"] in footer and f"gi_reports {versions['package_version']}" in footer
    alts = [re.search(r'alt="([^"]*)"', img).group(1) for img in re.findall(r"<img [^>]*>", html)]
    assert alts and all(alt.startswith("Chart: ") and len(alt) > len("Chart: ") for alt in alts)
    assert len(html.encode()) < PAGE_LIMIT


def unlabelled(tables: dict, table: str, year: int, **cells) -> int:
    """The known cells of `table` summed over the year's reports without labels (pingtan_2020 in 2020)."""
    seeds = {p.name for p in SEED_FILES}
    reports = tables["reports"]
    others = reports[(reports["year"] == year) & ~reports["path"].str.split("/").str[-1].isin(seeds)]["report_id"]
    rows = tables[table][tables[table]["report_id"].isin(others)]
    for column, wanted in cells.items():
        rows = rows[rows[column].isin(wanted)]
    return int(rows["value"].sum())


def test_the_rendered_figures_are_those_of_the_labels(site, tables):
    """2020's figures: table 三's over the five seeds (pingtan_2020's results do not add up), table 二's
    and 四's over the seeds and pingtan_2020's known cells (its glued decisions are unknown, not 0)."""
    new, handled = seeds_sum("applications", "new_received", HANDLED), seeds_sum("applications", "total_handled", HANDLED)
    assert f"新收申请 <strong>{new}</strong> 件, 办结 <strong>{handled}</strong> 件" in page(site, "application_outcomes")
    decisions = sum(seed["proactive"].get(item, {}).get("decisions") or 0 for seed in SEEDS for item in DECISION_ITEMS)
    decisions += unlabelled(tables, "proactive", 2020, item=DECISION_ITEMS, metric=["decisions"])
    assert f"处理决定合计 <strong>{decisions}</strong> 件" in page(site, "disclosure_volumes")
    cases = sum(seed["review_litigation"][proceeding][-1] for seed in SEEDS for proceeding in seed["review_litigation"])
    assert f"复议和诉讼 <strong>{cases}</strong> 件" in page(site, "review_litigation")  # the dispute rate's: 三 and 四 pass


def test_the_2023_figures_are_those_of_the_labels_and_count_the_agency_filed_twice_once(site):
    labels = [label(ROOT / s["label"]) for s in SAMPLES if s["file"].startswith("data/raw/2023/")]
    new = sum(report["applications"]["new_received"][HANDLED] for report in labels)
    handled = sum(report["applications"]["total_handled"][HANDLED] for report in labels)
    shown = page(site, "application_outcomes", 2023)
    assert f"新收申请 <strong>{new}</strong> 件, 办结 <strong>{handled}</strong> 件" in shown


@pytest.mark.parametrize("year", SITE_YEARS)
def test_the_quality_page_counts_the_reports_without_a_failed_check(site, tables, year):
    reports = tables["reports"][tables["reports"]["year"] == year]
    failed = set(tables["checks"].loc[~tables["checks"]["ok"], "report_id"])
    passing = len(set(reports["report_id"]) - failed)
    assert f"{passing} of {len(reports)} reports pass every check." in page(site, "data_quality", year)


def test_index_is_a_landing_page_with_the_figures_and_every_link(site, tables):
    index = (site / "reports" / "index.html").read_text(encoding="utf-8")
    assert "<title>政府信息公开工作年度报告分析 · gi_reports</title>" in index
    for year in SITE_YEARS:
        for name in PER_YEAR:
            assert f'href="{year}/{name}.html"' in index
        for data in [
            f"per_agency_{year}.xlsx",
            *(f"per_agency_{year}_{t}.csv" for t in ("applications", "proactive", "review_litigation")),
        ]:
            assert f'href="{year}/{data}"' in index
    assert 'href="trends/trends.html"' in index and 'href="gi_reports_data.zip"' in index
    row = re.search(r'<tr><td><a href="#y2020">2020</a></td>(.*?)</tr>', index).group(1)
    # table 三's figures over the seeds (pingtan_2020 left out), 四's over the seeds and pingtan_2020
    granted = seeds_sum("applications", "granted", HANDLED) + seeds_sum("applications", "partially_granted", HANDLED)
    handled = seeds_sum("applications", "total_handled", HANDLED)
    reviews = sum(seed["review_litigation"]["admin_review"][-1] for seed in SEEDS)
    reviews += unlabelled(tables, "review_litigation", 2020, proceeding=["admin_review"], outcome=["total"])
    lawsuits = sum(seed["review_litigation"][p][-1] for seed in SEEDS for p in ("litigation_direct", "litigation_after_review"))
    lawsuits += unlabelled(
        tables, "review_litigation", 2020, proceeding=["litigation_direct", "litigation_after_review"], outcome=["total"]
    )
    passing = int(((tables["reports"]["year"] == 2020) & (tables["reports"]["status"] == "ok")).sum())
    # reports, passing every check, failed files, new applications, handled, disclosure rate, reviews, lawsuits
    expected = [len(SEEDS), passing, 0, seeds_sum("applications", "new_received", HANDLED), handled]
    assert re.findall(r"<td>(.*?)</td>", row) == [*map(str, expected), f"{granted / handled:.1%}", str(reviews), str(lawsuits)]


def test_workbook_has_a_readme_one_row_per_report_and_totals_apart(site, tables):
    workbook = openpyxl.load_workbook(site / "reports" / "2020" / "per_agency_2020.xlsx")
    assert workbook.sheetnames == ["说明", "依申请公开", "主动公开", "复议诉讼", "合计"]
    sheet = workbook["依申请公开"]
    rows = list(sheet.values)
    assert rows[0][:13] == (
        *("年度", "报告标识", "发布机关", "机关规范全称", "机关标识", "省", "市", "县", "行政区划代码"),
        *("层级", "模板", "校验状态", "文件"),
    )
    on_2020 = sorted(tables["reports"].loc[tables["reports"]["year"] == 2020, "path"])
    assert sorted(row[12] for row in rows[1:]) == on_2020 and all(row[0] == 2020 for row in rows[1:])  # no totals row
    assert sheet.freeze_panes == "D2"
    new = rows[0].index("本年新收政府信息公开申请数量·总计")
    # every report of the year, pingtan_2020 too: the data files hold what the reports say
    received = seeds_sum("applications", "new_received", HANDLED)
    received += unlabelled(tables, "applications", 2020, row=["new_received"], applicant=["total"])
    assert sum(row[new] or 0 for row in rows[1:]) == received
    rate = rows[0].index("公开率（予以公开+部分公开）/总计")
    assert sheet.cell(row=2, column=rate + 1).number_format == "0.0%"
    totals = {(r[0], r[1]): r[2] for r in workbook["合计"].values}
    assert totals[("依申请公开", "本年新收政府信息公开申请数量·总计")] == received
    readme = [r[0] for r in workbook["说明"].values]
    assert "报告标识" in readme and "文件" in readme


def test_csv_files_are_utf8_with_bom_and_keep_blank_cells_blank(site):
    path = site / "reports" / "2020" / "per_agency_2020_applications.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM makes Excel read UTF-8
    table = pd.read_csv(path, encoding="utf-8-sig")
    assert sorted(table["文件"]) == sorted(f"2020/{p.name}" for p in (site / "raw" / "2020").iterdir())
    processed = pd.read_parquet(site / "processed" / "applications")
    blank = processed[processed["value"].isna() & (processed["applicant"] == "total")]
    if len(blank):  # an unknown cell stays unknown in the export, never 0
        assert table.isna().to_numpy().any()


def test_english_headers(site, tmp_path):
    from gi_reports.publish.exports import write_exports

    workbook, csv, *_ = write_exports(site / "processed", tmp_path, 2020, lang="en")
    assert openpyxl.load_workbook(workbook).sheetnames[0] == "README"
    assert pd.read_csv(csv, encoding="utf-8-sig").columns[:3].tolist() == ["year", "report_id", "agency"]
    assert "new_received/total" in pd.read_csv(csv, encoding="utf-8-sig").columns


def test_a_second_render_with_nothing_changed_makes_nothing(site, capsys):
    capsys.readouterr()
    assert main(["render", "--processed-dir", str(site / "processed"), "--out", str(site / "reports")]) == 0
    assert "0 made in" in capsys.readouterr().out


def test_a_page_is_made_again_only_when_its_data_or_notebook_changed(site, tmp_path, monkeypatch):
    """A new report on 2021 changes the 2021 pages and those that read every year, not 2020's."""
    raw = tmp_path / "raw"
    shutil.copytree(site / "raw", raw)
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
        *(f"{year}/data_quality.html" for year in SITE_YEARS),  # its carry-over chain reads every year
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
        f"{year}/review_litigation.html" for year in (*SITE_YEARS, 2021)
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


def test_a_year_without_reports_says_so(site, tmp_path, log_execution):
    processed = site / "processed"
    log_execution("render 2031/application_outcomes.html")
    html = render_notebook(
        "application_outcomes", {"year": 2031, "data_dir": str(processed)}, tmp_path / "p.html", "2031", provenance(processed)
    ).read_text(encoding="utf-8")
    assert "No reports on 2031" in html and "gi-reports build" in html


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium) for screenshots")
@pytest.mark.parametrize("name", ["index", *PER_YEAR, "trends"])
def test_screenshot_of_each_page_shows_content(site, tmp_path, name):
    import subprocess

    from PIL import Image

    target = site / "reports" / ("index.html" if name == "index" else f"{'trends' if name == 'trends' else '2020'}/{name}.html")
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
