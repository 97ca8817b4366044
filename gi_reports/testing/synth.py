"""Synthetic annual reports: random but consistent values, written in every format we read.

`random_report` draws values for which every identity of the template holds; `write` lays the
three tables out as agencies do (merged header and label cells, banner rows) in txt, html, docx
or pdf. `as_label` gives the truth in the label-file format, so a parsed file can be compared
with `gi_reports.evaluation.compare`. Used by the round-trip tests and the benchmarks.
"""

import copy
import random
from dataclasses import dataclass, field
from pathlib import Path

from ..template import codes as code_dictionary
from ..template.codes import codes

RESULTS = "三、本年度办理结果"  # the heading of the block of result rows in table 三


def application_label(code: str, template: str) -> tuple[str, str, str]:
    """The printed label of a row of table 三 as (section, group, leaf), from template/codes.csv; empty
    parts are merged away in the layout (一、本年新收… spans all three, （一）予以公开 the last two)."""
    label = code_dictionary.printed("row", code, template)
    table = code_dictionary.code_table()
    role, group = table.loc[(table["dimension"] == "row") & (table["code"] == code), ["role", "group"]].iloc[0]
    if role in ("supply", "demand"):
        return label, "", ""
    if role == "total":
        return RESULTS, label, ""
    heading = code_dictionary.printed("result_group", group, template)
    return RESULTS, heading, "" if label == heading else label


FORMATS = ("txt", "html", "docx", "pdf")
# Word and WPS embed the fonts they use, as here (SimHei, shipped by mplfonts); "STSong-Light" writes the
# other kind of file: a font left to the viewer, its characters coded in UCS-2 (as OFD converters write).
PDF_FONTS = {"SimHei": "SimHei.ttf", "STSong-Light": None}
PDF_FONT = "SimHei"
PDF_COLUMNS = {4: [140, 80, 80, 80], 10: [50, 60, 60] + [29] * 7, 15: [25] * 15}  # points, on A5 with 20pt margins


@dataclass
class SyntheticReport:
    agency: str
    year: int
    template: str
    proactive: dict[str, dict[str, float]] = field(default_factory=dict)
    applications: dict[str, list[int]] = field(default_factory=dict)
    review: dict[str, list[int]] = field(default_factory=dict)


def random_report(rng: random.Random, template: str = "2019", year: int | None = None) -> SyntheticReport:
    """Values for which every identity of the template holds."""
    year = year or (rng.choice([2019, 2020]) if template == "2019" else rng.randint(2021, 2025))
    agency = rng.choice(["青阳街道办事处", "滨江区社发局", "沭阳县发展和改革局", "长街镇人民政府", "洪泽区人民政府"])
    report = SyntheticReport(agency=agency, year=year, template=template)
    for _, metrics, items in code_dictionary.proactive_layout(template):
        for item in items:
            report.proactive[item] = {metric: _proactive_value(rng, metric, template) for metric in metrics}
    leaves = [c for c in codes("row", template) if c not in ("new_received", "carried_over", "total_handled", "carried_forward")]
    if template == "2021":
        leaves.remove("other_handling")
    columns = {code: [] for code in ["new_received", "carried_over", *leaves, "total_handled", "carried_forward"]}
    for _ in range(6):
        results = {code: _small(rng) for code in leaves}
        handled = sum(results.values())
        forward, over = _small(rng), _small(rng)
        over = min(over, handled + forward)
        for code, value in results.items():
            columns[code].append(value)
        columns["total_handled"].append(handled)
        columns["carried_forward"].append(forward)
        columns["carried_over"].append(over)
        columns["new_received"].append(handled + forward - over)
    report.applications = {code: [*values, sum(values)] for code, values in columns.items()}
    for proceeding in codes("proceeding"):
        parts = [_small(rng) for _ in range(4)]
        report.review[proceeding] = [*parts, sum(parts)]
    return report


# Faults an agency's report really has, for tests and for trying the checks. Each returns a copy
# whose values are what gets printed (the parser must return exactly these) and the check that
# must then fail; "truncated" is a fault of the file, made by `truncate`.
FAULTS = ("broken_total", "blanks", "truncated")


def with_fault(report: SyntheticReport, rng: random.Random, fault: str) -> tuple[SyntheticReport, str]:
    """A copy of `report` with `fault` in its printed values, and the rule that must flag it."""
    faulty = copy.deepcopy(report)
    if fault == "broken_total":
        faulty.applications["total_handled"][-1] += rng.randint(1, 5)  # （七）总计 no longer sums the results
        return faulty, "results_sum"
    if fault == "blanks":
        row = rng.choice([c for c in faulty.applications if c not in ("new_received", "total_handled", "other_handling")])
        column = rng.randrange(6)
        if faulty.applications[row][column] == 0:
            faulty.applications[row][-1] += 1  # the total counted something in the cell left blank
        faulty.applications[row][column] = None
        return faulty, "row_total"
    raise ValueError(f"{fault!r} is a fault of the file: use truncate(); faults of the values are {FAULTS[:2]}")


def zeros_left_blank(report: SyntheticReport) -> SyntheticReport:
    """A copy whose table 三 prints its zeros as empty cells, as many agencies do (corpus 004); the
    identities still hold, an empty cell counting for nothing."""
    blank = copy.deepcopy(report)
    blank.applications = {code: [None if v == 0 else v for v in values] for code, values in report.applications.items()}
    return blank


def truncate(path: Path, fraction: float = 0.45) -> Path:
    """Cut a written report short, as an interrupted download does."""
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


def _small(rng: random.Random) -> int:
    return rng.choice([0, 0, 0, 0, 1, 2, 3, 5, 8, 13, 21, 120])


def _proactive_value(rng: random.Random, metric: str, template: str) -> float:
    if metric == "amount_yuan":
        return rng.randint(0, 99_999_999) * (100 if template == "2021" else 1) / 100
    if metric == "change":
        return rng.choice([0, 0, 1, -1, 3])
    return rng.choice([0, 1, 5, 17, 230, 4119])


def as_label(report: SyntheticReport) -> dict:
    """The truth, in the label-file format of the spec."""
    applications = dict(report.applications)
    if report.template == "2021":
        applications.pop("other_handling", None)
    return {
        "file": "",
        "agency": report.agency,
        "year": report.year,
        "template": report.template,
        "proactive": report.proactive,
        "applications": applications,
        "review_litigation": report.review,
    }


# ---------------------------------------------------------------- layout


@dataclass
class Span:
    """One printed cell: its text and how many rows and columns it covers."""

    text: str
    rows: int = 1
    cols: int = 1


def tables(report: SyntheticReport, restart_at: str | None = None) -> list[tuple[str, list[list[Span]]]]:
    """The three tables as printed: (heading, rows of spanning cells), merged cells as agencies merge them."""
    return [
        ("二、主动公开政府信息情况", proactive_rows(report)),
        ("三、收到和处理政府信息公开申请情况", application_rows(report, restart_at)),
        ("四、政府信息公开行政复议、行政诉讼情况", review_rows(report)),
    ]


def proactive_rows(report: SyntheticReport) -> list[list[Span]]:
    rows = []
    for banner, metrics, items in code_dictionary.proactive_layout(report.template):
        headers = [code_dictionary.printed("metric", metric, report.template) for metric in metrics]
        rows.append([Span(banner, cols=4)])
        rows.append([Span("信息内容"), *[Span(header) for header in headers], *[Span("") for _ in range(3 - len(headers))]])
        for item in items:
            label = code_dictionary.printed("item", item, report.template)
            cells = [_format(metric, value, report.template) for metric, value in report.proactive[item].items()]
            rows.append([Span(label), *[Span(c) for c in cells], *[Span("") for _ in range(3 - len(cells))]])
    return rows


def _format(metric: str, value: float, template: str) -> str:
    if metric != "amount_yuan":
        return str(int(value))
    if template == "2021":
        return f"{value / 10000:.4f}"  # the template's unit is 万元
    return f"{value:.2f}元"


def application_rows(report: SyntheticReport, restart_at: str | None = None) -> list[list[Span]]:
    """Table 三; `restart_at` prints the merged labels again from that row on, as after a page break."""
    header = [
        [
            Span("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rows=3, cols=3),
            Span("申请人情况", cols=7),
        ],
        [Span("自然人", rows=2), Span("法人或其他组织", cols=5), Span("总计", rows=2)],
        [Span(text) for text in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
    ]
    order = [c for c in codes("row") if c in report.applications]
    labels = {code: application_label(code, report.template) for code in order}
    restart = order.index(restart_at) if restart_at in order else len(order)
    body = []
    for i, code in enumerate(order):
        section, group, leaf = labels[code]
        end = restart if i < restart else len(order)
        starts_block = i in (0, restart)
        row: list[Span] = []
        if not group:
            row.append(Span(section, cols=3))
        else:
            if starts_block or labels[order[i - 1]][0] != section:
                row.append(Span(section, rows=_run(labels, order, i, end, 0)))
            if not leaf:
                row.append(Span(group, cols=2))
            else:
                if starts_block or labels[order[i - 1]][1] != group:
                    row.append(Span(group, rows=_run(labels, order, i, end, 1)))
                row.append(Span(leaf))
        row.extend(Span("" if v is None else str(v)) for v in report.applications[code])
        body.append(row)
    return header + body


def _run(labels: dict[str, tuple[str, str, str]], order: list[str], start: int, end: int, part: int) -> int:
    """How many rows from `start` share the same section (part 0) or group (part 1) label."""
    label = labels[order[start]][part]
    n = 0
    while start + n < end and labels[order[start + n]][part] == label:
        n += 1
    return n


def review_rows(report: SyntheticReport) -> list[list[Span]]:
    outcomes = list(code_dictionary.labels("outcome").values())
    return [
        [Span("行政复议", cols=5), Span("行政诉讼", cols=10)],
        [*[Span(o, rows=2) for o in outcomes], Span("未经复议直接起诉", cols=5), Span("复议后起诉", cols=5)],
        [Span(o) for o in outcomes * 2],
        [Span(str(v)) for proceeding in codes("proceeding") for v in report.review[proceeding]],
    ]


def placements(rows: list[list[Span]]) -> list[tuple[int, int, Span]]:
    """Where each printed cell starts (row, column), skipping positions covered by cells above."""
    width = sum(span.cols for span in rows[0])
    taken = [[False] * width for _ in rows]
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for span in row:
            while taken[r][c]:
                c += 1
            placed.append((r, c, span))
            for dr in range(span.rows):
                for dc in range(span.cols):
                    taken[r + dr][c + dc] = True
            c += span.cols
    return placed


def grid(rows: list[list[Span]]) -> list[list[tuple[str, bool]]]:
    """Spanning rows → a full grid of (text, is_a_merged_copy)."""
    width = sum(span.cols for span in rows[0])
    out = [[("", True)] * width for _ in rows]
    for r, c, span in placements(rows):
        for dr in range(span.rows):
            for dc in range(span.cols):
                out[r + dr][c + dc] = (span.text, bool(dr or dc))
    return out


def title(report: SyntheticReport) -> str:
    return f"{report.agency}{report.year}年政府信息公开工作年度报告"


# ---------------------------------------------------------------- writers


def write(report: SyntheticReport, path: Path, fmt: str | None = None, encoding: str = "utf-8") -> Path:
    """Write `report` as txt (tab cells), html, docx or pdf, chosen by `fmt` or the suffix."""
    fmt = fmt or path.suffix.lstrip(".")
    writer = {"txt": _write_text, "html": _write_html, "docx": _write_docx, "pdf": _write_pdf}[fmt]
    writer(report, path, encoding)
    return path


def _write_text(report: SyntheticReport, path: Path, encoding: str) -> None:
    lines = [title(report), "", "一、总体情况", "本年度政府信息公开工作有序开展。", ""]
    for heading, rows in tables(report):
        lines.append(heading)
        for row in grid(rows):
            lines.extend(f"\t{'' if merged else text}" for text, merged in row)
            lines.append("")
        lines.append("")
    lines.append("五、存在的主要问题及改进情况")
    path.write_text("\n".join(lines), encoding=encoding)


def _write_html(report: SyntheticReport, path: Path, encoding: str) -> None:
    from html import escape

    parts = [f'<html><head><meta charset="{encoding}"><title>{escape(title(report))}</title></head><body>']
    parts.append('<div class="nav"><a href="/">首页</a> &gt; 政府信息公开年报</div>')
    parts.append(f"<h1>{escape(title(report))}</h1><p>一、总体情况</p><p>本年度政府信息公开工作有序开展。</p>")
    for heading, rows in tables(report):
        parts.append(f"<p><strong>{escape(heading)}</strong></p><table border=1>")
        for row in rows:
            cells = "".join(
                f'<td rowspan="{s.rows}" colspan="{s.cols}"><p><span>{escape(s.text) or "&nbsp;"}</span></p></td>' for s in row
            )
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    parts.append("<p>五、存在的主要问题及改进情况</p></body></html>")
    path.write_bytes("\n".join(parts).encode(encoding))


def _write_docx(report: SyntheticReport, path: Path, encoding: str) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = title(report)
    document.add_paragraph(title(report))
    document.add_paragraph("一、总体情况")
    for heading, rows in tables(report):
        document.add_paragraph(heading)
        table = document.add_table(rows=len(rows), cols=sum(span.cols for span in rows[0]))
        for r, c, span in placements(rows):
            cell = table.cell(r, c)
            if span.rows > 1 or span.cols > 1:
                cell = cell.merge(table.cell(r + span.rows - 1, c + span.cols - 1))
            cell.text = span.text
    document.add_paragraph("五、存在的主要问题及改进情况")
    document.save(str(path))


def write_unruled_pdf(report: SyntheticReport, path: Path, ruled: tuple[str, ...] = ()) -> Path:
    """The PDF with its tables drawn without ruling lines, as Word tables with borders removed export;
    the tables whose headings start with one of `ruled` ("二") keep theirs, so a page mixes both."""
    _write_pdf(report, path, "utf-8", ruled=ruled)
    return path


def _write_pdf(report: SyntheticReport, path: Path, encoding: str, ruled: tuple[str, ...] | None = None) -> None:
    """A5 pages and a CJK font, so table 三 breaks across a page as real reports do; `ruled` names
    (by the start of their headings) the tables drawn with rules, None all of them."""
    from importlib import resources

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        file = PDF_FONTS[PDF_FONT] and str(resources.files("mplfonts") / "fonts" / PDF_FONTS[PDF_FONT])
        pdfmetrics.registerFont(TTFont(PDF_FONT, file) if file else UnicodeCIDFont(PDF_FONT))
    style = ParagraphStyle("cjk", fontName=PDF_FONT, fontSize=6, leading=8, wordWrap="CJK")
    story = [Paragraph(title(report), style), Paragraph("一、总体情况", style)]
    for heading, rows in tables(report, restart_at="unavailable_not_held"):
        story.append(Paragraph(heading, style))
        data = [["" if merged else Paragraph(text, style) for text, merged in row] for row in grid(rows)]
        commands = [("GRID", (0, 0), (-1, -1), 0.4, colors.black)] if ruled is None or heading.startswith(ruled) else []
        commands += [
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ]
        commands += [
            ("SPAN", (c, r), (c + s.cols - 1, r + s.rows - 1)) for r, c, s in placements(rows) if s.rows > 1 or s.cols > 1
        ]
        story.append(Table(data, colWidths=PDF_COLUMNS[len(data[0])], style=TableStyle(commands)))
    story.append(Paragraph("五、存在的主要问题及改进情况", style))
    SimpleDocTemplate(str(path), pagesize=A5, leftMargin=20, rightMargin=20).build(story)
