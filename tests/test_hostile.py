"""Hostile and broken input (issue #14): bounded, accounted for, never a silently wrong number.

Each test is one case of the issue, tried as a hostile user would: the build goes on, the file
is listed with the limit or reason it hit, and only the package's own errors come out.
"""

import ctypes
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from gi_reports import config, read_report
from gi_reports.cli import main
from gi_reports.corpus import build as build_module
from gi_reports.corpus.build import build
from gi_reports.corpus.cache import BatchCache
from gi_reports.corpus.store import load
from gi_reports.errors import DatasetError, LimitExceeded, UnreadableFileError
from gi_reports.testing import synth
from gi_reports.testing.evaluation import compare

from .conftest import SEED_DIR, SEED_FILES, copy_seeds

SEED = SEED_DIR / "001_293c52a418def646.txt"  # tab cells, one per line; every identity holds
PR_CAPBSET_DROP = 24


def seed_with(line: int, text: str, tmp_path, name: str = "edited.txt"):
    """Seed 001 with the cell on `line` (1-based) printed as `text`."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[line - 1].startswith("\t") and lines[line - 1][1:].isdigit()
    lines[line - 1] = f"\t{text}"
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def cell_line(table: pd.DataFrame, row: str, applicant: str) -> int:
    """The line of seed 001 that holds a cell of table 三, from the source the parser kept."""
    return int(table.set_index(["row", "applicant"]).loc[(row, applicant), "source"].removeprefix("line "))


def _drop_root_file_access() -> None:
    """In the child, before exec: root without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH obeys file modes like anyone."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_unprivileged(code: str, cwd) -> subprocess.CompletedProcess:
    """`code` in a child that a chmod 000 file or folder stops, even when the tests run as root."""
    drop = _drop_root_file_access if os.geteuid() == 0 else None
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, preexec_fn=drop, capture_output=True, text=True)


# Numbers: every form read right, or the cell flagged.

MADE = 37  # seed 001: table 二, 规范性文件, 本年新制作数量 (printed "1")


@pytest.mark.parametrize(
    "printed, value",
    [
        ("1,234", 1234),
        ("１，２３４", 1234),
        ("1.2e3", 1200),
        ("12E2", 1200),
        ("１２\u200b", 12),  # a zero-width space left by a web page
        ("\ufeff12", 12),
    ],
)
def test_every_number_form_in_a_table_two_cell_is_read_right(tmp_path, printed, value):
    report = read_report(seed_with(MADE, printed, tmp_path))
    cell = report.proactive.set_index(["item", "metric"]).loc[("normative_documents", "made")]
    assert cell["value"] == value
    assert report.ok


@pytest.mark.parametrize("printed, value", [("一千", 1000), ("两百零五", 205), ("二十三", 23), ("零", 0), ("〇", 0)])
def test_a_count_spelt_in_chinese_numerals_is_read_and_flagged(tmp_path, printed, value):
    report = read_report(seed_with(MADE, printed, tmp_path))
    cell = report.proactive.set_index(["item", "metric"]).loc[("normative_documents", "made")]
    assert cell["value"] == value
    assert list(report.problems()[["rule", "scope"]].itertuples(index=False, name=None)) == [
        ("chinese_numeral", "normative_documents/made")
    ]


@pytest.mark.parametrize("printed", ["二〇二〇", "二零二零", "三五", "〇〇七", "一点"])
def test_chinese_digits_with_no_places_are_missing_and_flagged_not_read_as_a_count(tmp_path, seed_reports, printed):
    """cn2an reads 二〇二〇 (a year) as 2020 and 三五 ("three or five") as 35: they spell no count."""
    report = read_report(seed_with(MADE, printed, tmp_path))
    cell = report.proactive.set_index(["item", "metric"]).loc[("normative_documents", "made")]
    assert pd.isna(cell["value"]) and cell["raw"] == printed
    assert list(report.problems()[["rule", "scope"]].itertuples(index=False, name=None)) == [
        ("not_a_number", "normative_documents/made")
    ]
    apps = seed_reports[SEED.name].applications
    report = read_report(seed_with(cell_line(apps, row="granted", applicant="total"), printed, tmp_path))
    assert pd.isna(report.applications.set_index(["row", "applicant"]).loc[("granted", "total"), "value"])
    assert ("not_a_number", "granted/total") in set(report.problems()[["rule", "scope"]].itertuples(index=False, name=None))


@pytest.mark.parametrize(
    "printed",
    [
        "1,2345",
        "12,34",
        "1.5",
        "1.2e-3",
        "12*",
        "12①",
        "12¹",
        "12₂",
        "12[1]",
        "12(注)",
        "12注1",
        "3千",
        "1.2千",
        "约12",
        "<5",
        "超过10",
        "12元/次",
        "5件/人",
        "3~5",
        "3至5",
        "3/5",
        "12abc",
        "12?",
        "12@",
        "1e400",
        "1e999999999",
    ],
)
def test_a_malformed_number_is_missing_and_flagged_not_cut_short(tmp_path, printed):
    report = read_report(seed_with(MADE, printed, tmp_path))
    cell = report.proactive.set_index(["item", "metric"]).loc[("normative_documents", "made")]
    assert pd.isna(cell["value"]) and cell["raw"] == printed
    problems = report.problems()
    assert list(problems[["rule", "scope"]].itertuples(index=False, name=None)) == [("not_a_number", "normative_documents/made")]


@pytest.mark.parametrize("printed", ["3①", "3¹", "3*"])
def test_a_footnote_marker_in_table_three_is_flagged_not_read_as_a_digit(tmp_path, seed_reports, printed):
    """NFKC makes ① and ¹ the digit 1: `3①` used to be read as 31."""
    apps = seed_reports[SEED.name].applications
    report = read_report(seed_with(cell_line(apps, row="granted", applicant="total"), printed, tmp_path))
    cell = report.applications.set_index(["row", "applicant"]).loc[("granted", "total")]
    assert pd.isna(cell["value"]) and cell["raw"] == printed
    assert ("not_a_number", "granted/total") in set(report.problems()[["rule", "scope"]].itertuples(index=False, name=None))


PIPE_SEED = SEED_DIR / "003_3d7f49656f87c6b8.txt"  # a pipe table: 三 one row per line, 四 its 15 cells on one line


@pytest.mark.parametrize("printed", ["x", "三", "3件", "不详", "—1"])
def test_words_in_a_cell_between_numbers_keep_the_row_and_its_other_cells(tmp_path, printed):
    """`0 | 0 | x | 0 | 0 | 0 | 0`: the cell is missing and flagged where it stands; the six numbers around it stay in
    their columns (they used to be taken for a glued row and lost with it, in table 三 the row, in table 四 all 15)."""
    lines = PIPE_SEED.read_text(encoding="utf-8").split("\n")
    partly = next(i for i, line in enumerate(lines) if line.startswith("(二)部分公开"))
    review = next(i for i, line in enumerate(lines) if line.startswith("五、")) - 1
    lines[partly] = lines[partly].replace("| 0 | 0 | 0 | 0 | 0 | 0 | 0 |", f"| 0 | 0 | {printed} | 0 | 0 | 0 | 0 |")
    lines[review] = lines[review].replace("0 | 0 | 0 |", f"0 | {printed} | 0 |", 1)
    path = tmp_path / "edited.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = read_report(path)
    row = report.applications.query("row == 'partially_granted'").set_index("applicant")
    assert list(row["raw"]) == ["0", "0", printed, "0", "0", "0", "0"]
    assert row["value"].isna().tolist() == [False, False, True, False, False, False, False]
    review_cells = report.review_litigation.set_index(["proceeding", "outcome"])
    assert list(review_cells["raw"]) == ["0", printed, *["0"] * 13]
    assert review_cells["value"].isna().sum() == 1
    assert set(report.problems()[["rule", "scope"]].itertuples(index=False, name=None)) == {
        ("not_a_number", "partially_granted/research_institution"),
        ("not_a_number", "admin_review/corrected"),
    }


def test_a_figure_misread_as_a_word_in_the_first_cell_keeps_the_row_but_a_row_of_words_is_no_row(tmp_path):
    """OCR reads a row's first figure as `基`: the row keeps its seven cells, that one missing and flagged. A row
    of words under a label (`类别 | 数据1 | … | 数据6`, a header) is not taken for a row of numbers."""
    lines = PIPE_SEED.read_text(encoding="utf-8").split("\n")
    partly = next(i for i, line in enumerate(lines) if line.startswith("(二)部分公开"))
    lines[partly] = lines[partly].replace("| 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "| 基 | 0 | 0 | 0 | 0 | 0 | 0 |")
    path = tmp_path / "edited.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = read_report(path)
    row = report.applications.query("row == 'partially_granted'")
    assert list(row["raw"]) == ["基", *["0"] * 6] and row["value"].isna().sum() == 1
    assert list(report.problems()[["rule", "scope"]].itertuples(index=False, name=None)) == [
        ("not_a_number", "partially_granted/natural_person")
    ]
    lines[partly] = lines[partly].split("|")[0] + "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 |"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = read_report(path)
    assert report.applications.query("row == 'partially_granted'").empty
    assert "not_a_number" not in set(report.problems()["rule"])


PROCUREMENT = synth.random_report(random.Random(5), "2019")  # its amount cell's header says 元


def procurement_amount_printed(printed: str, tmp_path) -> Path:
    """The synthetic report with its 政府集中采购 amount cell printed as `printed`."""
    path = synth.write(PROCUREMENT, tmp_path / "clean.txt")
    cells = read_report(path).proactive.set_index(["item", "metric"])
    line = int(cells.loc[("procurement", "amount_yuan"), "source"].removeprefix("line "))
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = f"\t{printed}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "printed",
    ["3千元", "1.5千万元", "12亿元", "12百万元", "12万余元", "约12万元", "不适用", "暂无", "12元/次", "3~5", "3/5", "二〇二〇"],
)
def test_an_amount_in_a_unit_or_words_the_template_has_not_is_flagged_not_misread(tmp_path, printed):
    """`3千元` used to be read as 3 yuan, `12亿元` as 12; a word cell made the 17 projects beside it glued cells, 1 and 7;
    in the table's last cell, the text after `12元` in `12元/次` (or `3` in `3~5`) was dropped and the figure read alone."""
    path = procurement_amount_printed(printed, tmp_path)
    report = read_report(path)
    cells = report.proactive.set_index(["item", "metric"])
    assert (
        pd.isna(cells.loc[("procurement", "amount_yuan"), "value"])
        and cells.loc[("procurement", "amount_yuan"), "raw"] == printed
    )
    assert cells.loc[("procurement", "projects"), "value"] == PROCUREMENT.proactive["procurement"]["projects"]
    assert list(report.problems()[["rule", "scope"]].itertuples(index=False, name=None)) == [
        ("not_a_number", "procurement/amount_yuan")
    ]


@pytest.mark.parametrize("printed", ["1.2345678", "12.345元"])
def test_an_amount_finer_than_a_fen_is_kept_as_printed(tmp_path, printed):
    """Amounts were rounded to the fen: 12.345元 became 12.34 with nothing to say so."""
    path = procurement_amount_printed(printed, tmp_path)
    cell = read_report(path).proactive.set_index(["item", "metric"]).loc[("procurement", "amount_yuan")]
    assert cell["raw"] == printed
    assert cell["value"] == float(printed.removesuffix("元"))


def test_a_circled_number_alone_is_not_read_as_its_digits(tmp_path):
    report = read_report(seed_with(MADE, "⑫", tmp_path))
    made = report.proactive.set_index(["item", "metric"]).loc[[("normative_documents", "made")], "value"]
    assert made.isna().all() and not report.ok


def test_a_long_word_cell_ending_a_table_two_row_is_flagged_not_read_as_glued_digits(tmp_path):
    """17 projects and an amount cell of fifteen words: the words were taken for the next heading, and 17 cut into 1 and 7."""
    path = procurement_amount_printed("本年度无此类情况故不适用本项统计", tmp_path)
    cells = read_report(path).proactive.set_index(["item", "metric"])
    line = int(cells.loc[("procurement", "projects"), "source"].removeprefix("line "))
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = "\t17"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = read_report(path)
    cells = report.proactive.set_index(["item", "metric"])
    assert cells.loc[("procurement", "projects"), "value"] == 17
    assert pd.isna(cells.loc[("procurement", "amount_yuan"), "value"])
    assert cells.loc[("procurement", "amount_yuan"), "raw"] == "本年度无此类情况故不适用本项统计"
    assert list(report.problems()[["rule", "scope"]].itertuples(index=False, name=None)) == [
        ("not_a_number", "procurement/amount_yuan")
    ]


HTML_REPORT = synth.random_report(random.Random(2021), "2021")


def test_html_after_the_first_closing_html_tag_is_read(tmp_path):
    """libxml2 stops at </html>: a table 三 saved after it, with other numbers, was dropped with no flag."""
    html = synth.write(HTML_REPORT, tmp_path / "a.html").read_text(encoding="utf-8")
    other = synth.write(synth.random_report(random.Random(7), "2021"), tmp_path / "b.html").read_text(encoding="utf-8")
    start = other.index("<p><strong>三、")
    path = tmp_path / "appended.html"
    path.write_text(html + other[start : other.index("</table>", start)] + "</table>", encoding="utf-8")
    report = read_report(path)
    assert list(report.problems()["rule"]) == ["tables_repeated"]
    assert compare(synth.as_label(HTML_REPORT), report)[1] == []


def test_a_second_table_four_with_other_numbers_is_flagged_and_the_first_is_read(tmp_path):
    html = synth.write(HTML_REPORT, tmp_path / "a.html").read_text(encoding="utf-8")
    review = html[html.rindex("<table") : html.rindex("</table>") + len("</table>")]
    path = tmp_path / "twice.html"
    path.write_text(html.replace(review, review + review.replace("<span>0</span>", "<span>1</span>")), encoding="utf-8")
    report = read_report(path)
    assert list(report.problems()[["rule", "scope"]].itertuples(index=False, name=None)) == [("tables_repeated", "table")]
    assert compare(synth.as_label(HTML_REPORT), report)[1] == []


def test_a_second_table_two_with_other_numbers_is_flagged_and_the_first_is_read(tmp_path):
    """Its rows were kept twice over, with nothing to say so, and a reader of the tidy table saw either set."""
    html = synth.write(HTML_REPORT, tmp_path / "a.html").read_text(encoding="utf-8")
    other = synth.write(synth.random_report(random.Random(7), "2021"), tmp_path / "b.html").read_text(encoding="utf-8")
    start = other.index("<p><strong>二、")
    path = tmp_path / "twice.html"
    path.write_text(
        html.replace("<p><strong>三、", other[start : other.index("</table>", start) + 8] + "<p><strong>三、"), encoding="utf-8"
    )
    report = read_report(path)
    assert set(report.problems()["rule"]) == {"duplicate_row"}
    assert not report.proactive.duplicated(["item", "sub_label", "metric"]).any()
    assert compare(synth.as_label(HTML_REPORT), report)[1] == []


def test_a_page_padded_with_megabytes_of_whitespace_is_read(tmp_path):
    """Ten MB in one text node passed libxml2's limit: the page was cut there without a word."""
    html = synth.write(HTML_REPORT, tmp_path / "a.html").read_text(encoding="utf-8")
    path = tmp_path / "padded.html"
    path.write_text(html.replace("<p><strong>三", " \n" * 6_000_000 + "<p><strong>三"), encoding="utf-8")
    report = read_report(path)
    assert report.ok and compare(synth.as_label(HTML_REPORT), report)[1] == []


def test_html_nested_past_the_parser_limit_is_refused_not_cut_short(tmp_path):
    """libxml2 stops at 256 levels and returns what it read: the tables after were lost as 'not a report'."""
    html = synth.write(HTML_REPORT, tmp_path / "a.html").read_text(encoding="utf-8")
    path = tmp_path / "deep.html"
    path.write_text(html.replace("<p><strong>四", "<span>" * 300 + "<p><strong>四"), encoding="utf-8")
    with pytest.raises(LimitExceeded, match="Excessive depth"):
        read_report(path)


def test_two_reports_in_one_file_are_flagged_and_the_first_is_read(tmp_path):
    first, second = (synth.random_report(random.Random(seed), "2021", 2022) for seed in (1, 2))
    text = synth.write(first, tmp_path / "a.txt").read_text(encoding="utf-8")
    path = tmp_path / "two.txt"
    path.write_text(text + "\n" + synth.write(second, tmp_path / "b.txt").read_text(encoding="utf-8"), encoding="utf-8")
    report = read_report(path)
    assert list(report.problems()["rule"]) == ["tables_repeated"]
    assert compare(synth.as_label(first), report)[1] == []


def test_thousands_separators_in_table_three_keep_the_identities(tmp_path, seed_reports):
    """A thousand more applications received and carried forward, printed `1,0xx`: every identity still holds."""
    apps = seed_reports[SEED.name].applications.set_index(["row", "applicant"])
    lines = SEED.read_text(encoding="utf-8").split("\n")
    cells = [(row, column) for row in ("new_received", "carried_forward") for column in ("natural_person", "total")]
    for cell in cells:
        lines[int(apps.loc[cell, "source"].removeprefix("line ")) - 1] = f"\t{apps.loc[cell, 'value'] + 1000:,}"
    path = tmp_path / "thousands.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = read_report(path)
    values = report.applications.set_index(["row", "applicant"])["value"]
    assert [values[cell] for cell in cells] == [apps.loc[cell, "value"] + 1000 for cell in cells]
    assert report.ok


@pytest.mark.parametrize("printed, detail", [("-5", "negative"), ("1000000000000000000000000000000", "more than 1e+09")])
def test_implausible_counts_are_flagged(tmp_path, printed, detail):
    report = read_report(seed_with(MADE, printed, tmp_path))
    implausible = report.problems().query("rule == 'implausible'")
    assert list(implausible["scope"]) == ["normative_documents/made"] and detail in implausible["detail"].iloc[0]


def test_a_negative_count_in_table_three_is_flagged(tmp_path, seed_reports):
    apps = seed_reports[SEED.name].applications
    line = cell_line(apps, row="granted", applicant="total")
    report = read_report(seed_with(line, "-3", tmp_path))
    assert "granted/total" in set(report.problems().query("rule == 'implausible'")["scope"])


# Readers: bounded, and only the package's errors.


def test_a_span_bomb_is_refused_by_its_limit(tmp_path):
    cells = '<td colspan="1000" rowspan="1000">x</td>' * 50  # 2 KB that would expand to 50 million cells
    path = tmp_path / "bomb.html"
    path.write_text(f"<html><body><table><tr>{cells}</tr></table></body></html>")
    with pytest.raises(LimitExceeded, match="bomb.html: .*MAX_SPAN_AREA") as error:
        read_report(path)
    assert error.value.limit == "MAX_SPAN_AREA"


def test_a_text_file_beyond_the_size_limit_is_refused_without_parsing(tmp_path):
    path = tmp_path / "huge.txt"
    block = SEED.read_bytes()
    with path.open("wb") as f:
        for _ in range(config.MAX_TEXT_BYTES // len(block) + 1):
            f.write(block)
    with pytest.raises(LimitExceeded, match="MAX_TEXT_BYTES"):
        read_report(path)


@pytest.mark.slow  # a process parses a megabyte against the time limit
def test_a_megabyte_on_one_line_parses_within_the_time_limit(tmp_path):
    """catalogue.find used to search back to the line's start for every label: 1 MB took 80 s."""
    from gi_reports.corpus.limits import within_limits
    from gi_reports.errors import NotAReportError

    path = tmp_path / "one_line.txt"
    path.write_text("规章 0 0 0 " * 65_000, encoding="utf-8")
    with pytest.raises(NotAReportError):
        within_limits(str(path), read_report)


def test_a_hundred_thousand_lines_of_whitespace_parse_in_linear_time(tmp_path):
    """Each whitespace line copied the run of them before it: 100,000 took a quarter of a minute, 3 million hung."""
    text = synth.write(HTML_REPORT, tmp_path / "clean.txt").read_text(encoding="utf-8")
    path = tmp_path / "padded.txt"
    path.write_text(text.replace("三、", " \n\t" * 100_000 + "三、", 1), encoding="utf-8")
    start = time.process_time()
    report = read_report(path)
    assert time.process_time() - start < 5
    assert report.ok and compare(synth.as_label(HTML_REPORT), report)[1] == []


def test_a_utf8_bom_over_gbk_bytes_is_read_as_gbk(tmp_path, seed_reports):
    path = tmp_path / "bom_gbk.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SEED.read_text(encoding="utf-8").encode("gbk"))
    report = read_report(path)
    assert report.applications["value"].tolist() == seed_reports[SEED.name].applications["value"].tolist()


def test_a_folder_is_a_report_error(tmp_path):
    (tmp_path / "report.txt").mkdir()
    with pytest.raises(UnreadableFileError, match="report.txt: is a folder"):
        read_report(tmp_path / "report.txt")


def test_a_pipe_is_refused_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(UnreadableFileError, match="not a regular file"):
        read_report(tmp_path / "pipe.txt")


def test_a_file_without_read_permission_is_a_report_error(tmp_path):
    folder = tmp_path
    shutil.copy(SEED, folder / "locked.txt")
    (folder / "locked.txt").chmod(0)
    child = run_unprivileged(
        """
        from gi_reports import read_report
        from gi_reports.errors import UnreadableFileError
        try:
            read_report("locked.txt")
        except UnreadableFileError as error:
            print(error)
        """,
        folder,
    )
    assert child.stdout.strip() == "locked.txt: cannot be opened: permission denied", child.stderr


# The build: every path accounted for, limits per file, the build goes on.


def test_every_path_under_the_raw_folder_is_accounted_for(tmp_path):
    raw = copy_seeds(tmp_path / "raw" / "2020").parent
    outside = tmp_path / "elsewhere.txt"
    shutil.copy(SEED, outside)
    (raw / "2020" / "loop.txt").symlink_to(raw / "2020" / "loop.txt")
    (raw / "2020" / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (raw / "2020" / "outside.txt").symlink_to(outside)
    (raw / "2020" / "inside.txt").symlink_to(raw / "2020" / SEED.name)
    (raw / "linked").symlink_to(raw / "2020", target_is_directory=True)
    (raw / "escape").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(raw / "2020" / "pipe.txt")
    result = build(raw, tmp_path / "processed", workers=1, progress=False)
    failures = result.failures.set_index("path")
    assert len(result.reports) == 5
    assert failures.loc["2020/loop.txt", "reason"] == "a link that loops back on itself"
    assert "which does not exist" in failures.loc["2020/dangling.txt", "reason"]
    assert failures.loc["2020/outside.txt", "error"] == "OutsideRawFolderError"
    assert failures.loc["escape", "error"] == "OutsideRawFolderError"
    assert failures.loc["linked", "error"] == "LinkedFolder"
    assert failures.loc["2020/inside.txt", "error"] == "DuplicateFile"  # read through the link: the same bytes
    assert failures.loc["2020/pipe.txt", "reason"] == "not a regular file (a pipe, socket or device)"


def test_unreadable_files_and_folders_are_failures_not_a_crash(tmp_path):
    folder = tmp_path
    raw = copy_seeds(folder / "raw" / "2020").parent
    (raw / "2020" / SEED.name).chmod(0)
    (raw / "2021").mkdir()
    (raw / "2021" / "hidden.txt").write_text("x")
    (raw / "2021").chmod(0)
    child = run_unprivileged(
        """
        from gi_reports.corpus.build import build
        result = build("raw", "out/processed", workers=1, progress=False)
        print(len(result.reports))
        print(result.failures[["path", "error", "reason"]].to_csv(index=False))
        """,
        folder,
    )
    assert child.returncode == 0, child.stderr
    count, failures = child.stdout.split("\n", 1)
    assert count == "4"
    assert f"2020/{SEED.name},UnreadableFileError,cannot be opened: Permission denied" in failures
    assert "2021,UnreadableFileError,folder cannot be listed: Permission denied" in failures


def test_a_report_with_many_distinct_texts_builds_beside_normal_ones_and_leaves_cleanly(tmp_path):
    """Every number printed with a decimal: more than 127 distinct raw texts (once an ArrowInvalid for every build)."""
    raw = copy_seeds(tmp_path / "raw" / "2020").parent
    lines = SEED.read_text(encoding="utf-8").split("\n")
    decimals = [f"\t{line[1:]}.{i}" if line[1:].isdigit() else line for i, line in enumerate(lines, start=1)]
    (raw / "2020" / "decimals.txt").write_text("\n".join(decimals), encoding="utf-8")
    processed = tmp_path / "processed"
    result = build(raw, processed, workers=2, progress=False)
    reports = result.reports.set_index("path")
    assert reports.loc["2020/decimals.txt", "status"] == "warnings" and len(reports) == 6
    apps = load(processed)["applications"]
    report_id = reports.loc["2020/decimals.txt", "report_id"]
    odd = apps[apps["report_id"] == report_id]
    assert odd["value"].isna().all() and odd["raw"].nunique() > 127
    (raw / "2020" / "decimals.txt").unlink()
    again = build(raw, processed, workers=2, progress=False)
    assert sorted(again.reports["path"]) == sorted(f"2020/{p.name}" for p in SEED_FILES)
    assert set(load(processed)["applications"]["report_id"]) == set(again.reports["report_id"])


@pytest.fixture()
def hostile_parse(monkeypatch):
    """parse_rows, except for files named to misbehave: a forked worker inherits the patch."""
    real = build_module.parse_rows

    def parse(location):
        name = os.path.basename(location)
        if name == "greedy.txt":
            return bytearray(2 * config.MAX_MEMORY_BYTES)
        if name == "slow.txt":
            time.sleep(30)
        if name == "crash.txt":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(location)

    monkeypatch.setattr(build_module, "parse_rows", parse)
    monkeypatch.setattr(config, "MAX_SECONDS", 3)


@pytest.mark.slow  # waits out MAX_SECONDS in a worker
def test_a_file_beyond_a_limit_is_a_failure_and_the_build_goes_on(tmp_path, hostile_parse):
    raw = copy_seeds(tmp_path / "raw" / "2020").parent
    for name in ("greedy.txt", "slow.txt", "crash.txt"):
        (raw / "2020" / name).write_text(f"{name}: 政府信息公开工作年度报告", encoding="utf-8")
    result = build(raw, tmp_path / "processed", workers=2, progress=False, batch_size=4)
    assert sorted(result.reports["path"]) == sorted(f"2020/{p.name}" for p in SEED_FILES)
    failures = result.failures.set_index("path")
    assert (failures["error"] == "LimitExceeded").all() and len(failures) == 3
    assert "MAX_MEMORY_BYTES" in failures.loc["2020/greedy.txt", "reason"]
    assert "MAX_SECONDS" in failures.loc["2020/slow.txt", "reason"]
    assert "the process parsing it died" in failures.loc["2020/crash.txt", "reason"]


@pytest.mark.slow  # a build waits on another's lock
def test_a_report_that_never_says_its_year_is_a_failure_and_the_build_goes_on(tmp_path):
    """Its year left the batch's required `year` column empty: the whole build died on writing it."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / "good.txt")
    (raw / "yearless.txt").write_text(re.sub(r"20\d\d年", "本年", SEED.read_text(encoding="utf-8")), encoding="utf-8")
    result = build(raw, tmp_path / "processed", workers=1, progress=False)
    assert list(result.reports["path"]) == ["good.txt"]
    assert result.failures[["path", "error", "reason"]].values.tolist() == [
        ["yearless.txt", "NoYearError", "neither its title nor its text says the year it reports on"]
    ]


def test_a_second_build_waits_for_the_first_and_both_finish(tmp_path, caplog):
    raw = copy_seeds(tmp_path / "raw" / "2020").parent
    processed = tmp_path / "processed"
    cache = BatchCache(processed.parent / ".build-cache" / processed.name)
    held, release, results = threading.Event(), threading.Event(), []

    def first_build() -> None:
        with cache.locked("test holds the lock"):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=first_build)
    holder.start()
    held.wait(30)
    second = threading.Thread(target=lambda: results.append(build(raw, processed, workers=1, progress=False)))
    second.start()
    time.sleep(1)
    assert not results  # still waiting
    release.set()
    holder.join()
    second.join(60)
    assert len(results[0].reports) == 5
    assert "another build is writing" in caplog.text


@pytest.mark.slow  # two build processes race
def test_two_builds_at_once_into_one_folder_both_succeed(tmp_path):
    raw = copy_seeds(tmp_path / "raw" / "2020").parent
    code = f"from gi_reports.corpus.build import build; build({str(raw)!r}, {str(tmp_path / 'processed')!r}, workers=1, progress=False)"
    children = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(2)]
    assert [child.wait(120) for child in children] == [0, 0], [child.stderr.read() for child in children]
    assert len(load(tmp_path / "processed")["reports"]) == 5


def test_a_damaged_cache_batch_is_parsed_again(tmp_path):
    raw = copy_seeds(tmp_path / "raw" / "2020").parent
    processed = tmp_path / "processed"
    first = build(raw, processed, workers=1, progress=False, batch_size=2)
    batches = sorted((tmp_path / ".build-cache" / "processed").glob("*/batch-*"))
    (batches[0] / "applications.parquet").write_bytes(b"PAR1 not really")
    again = build(raw, processed, workers=1, progress=False, batch_size=2)
    assert again.parsed == len(batch_ids(batches[0])) and again.reused == 5 - again.parsed
    pd.testing.assert_frame_equal(again.reports, first.reports)
    assert len(load(processed)["applications"]) == 5 * 23 * 7


def test_a_batch_file_copied_over_another_is_detected(tmp_path):
    raw = copy_seeds(tmp_path / "raw" / "2020").parent
    processed = tmp_path / "processed"
    build(raw, processed, workers=1, progress=False, batch_size=2)
    batches = sorted((tmp_path / ".build-cache" / "processed").glob("*/batch-*"))
    for name in ("reports", "applications"):
        shutil.copy(batches[0] / f"{name}.parquet", batches[1] / f"{name}.parquet")
    again = build(raw, processed, workers=1, progress=False, batch_size=2)
    assert again.parsed == len(batch_ids(batches[1]))
    loaded = load(processed)
    assert loaded["reports"]["report_id"].is_unique and len(loaded["reports"]) == 5
    assert loaded["applications"].groupby("report_id", observed=True).size().tolist() == [23 * 7] * 5


def batch_ids(batch: Path) -> list[str]:
    return json.loads((batch / "contents.json").read_text())["report_ids"]


SLOW_BUILD = """
import sys, time
from gi_reports.corpus import build as build_module
real = build_module.parse_rows
def slow(location):
    time.sleep(30)  # far longer than the test waits: only a worker that dies with the build is gone in time
    return real(location)
build_module.parse_rows = slow
build_module.build(sys.argv[1], sys.argv[2], workers=2, progress=False)
"""


@pytest.mark.slow  # a build process killed while its workers parse
def test_a_killed_build_leaves_no_workers_and_its_leftovers_are_cleaned(tmp_path):
    raw = copy_seeds(tmp_path / "raw" / "2020").parent
    processed = tmp_path / "processed"
    main_process = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, str(raw), str(processed)])
    deadline = time.monotonic() + 60
    while len(workers := _children(main_process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(workers) == 2
    time.sleep(3)  # until they are busy parsing: an idle worker notices its parent is gone by itself
    main_process.kill()
    main_process.wait()
    time.sleep(1)
    assert [pid for pid in workers if _stat(Path(f"/proc/{pid}/stat"))[0] != "Z"] == []
    (tmp_path / ".processed-x1y2z3").mkdir()  # what a kill during the final write leaves
    build(raw, processed, workers=1, progress=False)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".processed")) == []


def _children(pid: int) -> list[int]:
    """The build's forked workers (they run its command line), not a helper process it may start."""
    return [int(p.parent.name) for p in Path("/proc").glob("[0-9]*/stat") if _stat(p)[1] == str(pid) and _forked(p.parent)]


def _forked(process: Path) -> bool:
    try:
        return "build_module.build(" in (process / "cmdline").read_text()
    except OSError:
        return False


def _stat(path: Path) -> list[str]:
    """(state, parent pid, ...) from /proc/<pid>/stat, or nothing for a process that is gone."""
    try:
        return path.read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return ["Z", ""]


# load(): a damaged dataset says so.


@pytest.fixture()
def built(tmp_path):
    shutil.copy(SEED_DIR.parent / "2021" / "pingtan_010.txt", copy_seeds(tmp_path / "raw" / "2020"))
    build(tmp_path / "raw", tmp_path / "processed", workers=1, progress=False)
    return tmp_path / "processed"


def test_load_of_a_missing_table_is_a_dataset_error(built):
    shutil.rmtree(built / "review_litigation")
    with pytest.raises(DatasetError, match="no table 'review_litigation'"):
        load(built)
    with pytest.raises(DatasetError, match="no table nonsense"):
        load(built, tables=("nonsense",))


def test_load_of_a_corrupt_part_is_a_dataset_error(built):
    (built / "applications" / "2020" / "part-0.parquet").write_bytes(b"garbage")
    with pytest.raises(DatasetError, match="table 'applications' cannot be read"):
        load(built, tables=("applications",))


def test_load_of_a_deleted_year_is_an_error_not_zero_rows(built):
    shutil.rmtree(built / "applications" / "2021")
    with pytest.raises(DatasetError, match="applications/2021/part-0.parquet is missing"):
        load(built, year=2021)
    assert len(load(built, year=2020)["applications"]) == 5 * 23 * 7


# The command line: one line, exit 2, never a traceback.


@pytest.mark.parametrize("command", [["parse", "{tmp}"], ["parse", "{tmp}/nowhere.txt"], ["build", "{tmp}/nowhere", "{tmp}/out"]])
def test_the_cli_reports_bad_input_in_one_line(tmp_path, capsys, command):
    assert main([part.format(tmp=tmp_path) for part in command]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.slow  # some sixty files, written with python-docx and reportlab and parsed under the limits
def test_generated_hostile_files_crash_nothing_and_pass_no_wrong_value(tmp_path):
    """The variants of gi_reports.testing.hostile (benchmarks/hostile_variants.py runs them all): broken
    HTML, DOCX, PDF and MHT files, and odd spellings of the numbers of a seed."""
    from gi_reports.corpus.limits import within_limits
    from gi_reports.testing import hostile

    report = synth.random_report(random.Random(2021), "2021")
    variants = [*hostile.structure_variants(report, tmp_path), *hostile.number_variants(SEED, tmp_path)]
    outcomes = {v.name: within_limits(str(v.path), lambda path, v=v: hostile.outcome(v)) for v in variants}
    assert {name: result for name, result in outcomes.items() if result[0] in hostile.BAD} == {}
    assert outcomes["html: two reports in one page"] == ("parsed, flagged", "tables_repeated")
    assert outcomes["docx: deflate bomb in document.xml"][0] == "error"
