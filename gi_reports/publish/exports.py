"""The data of one year for spreadsheet users: one CSV per table and one Excel workbook, and the
whole dataset as a zip.

One row per report, with who published it and the file it came from, then every cell of the table
as a column (blank where the report printed nothing or the cell could not be read: unknown, never
0). Totals are on a sheet of their own, never a row among the data. Headers are Chinese or English;
the CSV files carry a byte-order mark so that Excel opens them as UTF-8.
"""

import zipfile
from pathlib import Path

import pandas as pd

from ..analysis import load_year, ratio
from ..schema import TABLES
from ..template import codes

CELLS = {"applications": ("row", "applicant"), "proactive": ("item", "metric"), "review_litigation": ("proceeding", "outcome")}
WHO = (
    "year",
    "report_id",
    "agency",
    "agency_name",
    "agency_id",
    "province",
    "city",
    "county",
    "division_code",
    "level",
    "template",
    "status",
    "path",
)
HEADERS = {
    "zh": {
        "year": "年度",
        "report_id": "报告标识",
        "agency": "发布机关",
        "agency_name": "机关规范全称",
        "agency_id": "机关标识",
        "province": "省",
        "city": "市",
        "county": "县",
        "division_code": "行政区划代码",
        "level": "层级",
        "template": "模板",
        "status": "校验状态",
        "path": "文件",
        "disclosure_rate": "公开率（予以公开+部分公开）/总计",
    },
    "en": {column: column for column in (*WHO, "disclosure_rate")},
}
SHEETS = {
    "zh": {"readme": "说明", "applications": "依申请公开", "proactive": "主动公开", "review_litigation": "复议诉讼", "totals": "合计"},
    "en": {"readme": "README", "applications": "Applications", "proactive": "Proactive", "review_litigation": "Review and litigation", "totals": "Totals"},
}  # fmt: skip
RATE_DEFINITION = {
    "zh": "（予以公开 + 部分公开）/ 办理结果总计，均取总计列；无办结申请时为空",
    "en": "(granted + partially granted) / total handled, all in the 总计 column; blank when nothing was handled",
}


def export_paths(year: int) -> list[str]:
    """The files `write_exports` writes for `year`, the workbook first."""
    return [f"per_agency_{year}.xlsx", *(f"per_agency_{year}_{name}.csv" for name in CELLS)]


def cell_header(name: str, first: str, second: str, lang: str) -> str:
    a, b = CELLS[name]
    return f"{codes.label(a, first, lang)}·{codes.label(b, second, lang)}" if lang == "zh" else f"{first}/{second}"


def per_report(data: dict[str, pd.DataFrame], name: str, lang: str = "zh") -> pd.DataFrame:
    """One row per report of `data`: who and where from, then each cell of table `name`, in template order."""
    a, b = CELLS[name]
    table = data[name]
    cells = table.groupby(["report_id", a, b], observed=True)["value"].sum(min_count=1).unstack([a, b])
    order = [(x, y) for x in codes.codes(a) for y in codes.codes(b) if (x, y) in cells.columns]
    cells = cells.reindex(columns=pd.MultiIndex.from_tuples(order, names=[a, b]))
    cells.columns = [cell_header(name, x, y, lang) for x, y in order]
    who = data["reports"].set_index("report_id")[[c for c in WHO if c != "report_id"]].copy()
    who["level"] = who["level"].map(lambda level: codes.label("level", level, lang) if pd.notna(level) else pd.NA)
    wide = who.join(cells, how="left").reset_index()[[*WHO, *cells.columns]]
    if name == "applications":
        granted, partial, handled = (
            wide.get(cell_header(name, row, "total", lang)) for row in ("granted", "partially_granted", "total_handled")
        )
        if handled is not None:
            wide["disclosure_rate"] = [
                ratio(g + p, h) if pd.notna(g + p + h) else pd.NA for g, p, h in zip(granted, partial, handled)
            ]
    return wide.rename(columns=HEADERS[lang])


def totals(tables: dict[str, pd.DataFrame], lang: str = "zh") -> pd.DataFrame:
    """Per table and column: the sum over reports and how many reports have a figure there."""
    rows = []
    for name, table in tables.items():
        for column in table.columns[len(WHO) :]:
            if column != HEADERS[lang]["disclosure_rate"]:
                rows.append((SHEETS[lang][name], column, table[column].sum(min_count=1), int(table[column].notna().sum())))
    header = ("表", "列", "合计", "有数值的报告数") if lang == "zh" else ("table", "column", "total", "reports with a figure")
    return pd.DataFrame(rows, columns=header)


def readme(tables: dict[str, pd.DataFrame], year: int, lang: str = "zh") -> pd.DataFrame:
    """What each sheet and column holds, in words."""
    zh = lang == "zh"
    described = TABLES["reports"]
    rows = [
        ("", f"{year}年政府信息公开工作年度报告数据，每份报告一行。" if zh else f"Annual reports on {year}, one row per report."),
        ("", "空白表示未知（报告未填、无法识别或有歧义），不等于 0；详见 checks 表。" if zh else "A blank cell is unknown (not printed, unreadable or ambiguous), never 0; see the checks table."),
        ("", f"合计见“{SHEETS[lang]['totals']}”表。" if zh else f"Totals are on the sheet '{SHEETS[lang]['totals']}'."),
    ]  # fmt: skip
    rows += [(HEADERS[lang][c], described.column(c).zh if zh else described.column(c).en) for c in WHO]
    rows.append((HEADERS[lang]["disclosure_rate"], RATE_DEFINITION[lang]))
    for name in tables:
        a, b = CELLS[name]
        what = (
            f"{TABLES[name].zh}：列名为“{TABLES[name].column(a).zh}·{TABLES[name].column(b).zh}”"
            if zh
            else f"{TABLES[name].en}: columns are {a}/{b} codes (see datapackage.json)"
        )
        rows.append((SHEETS[lang][name], what))
    return pd.DataFrame(rows, columns=["列" if zh else "column", "说明" if zh else "meaning"])


def write_exports(processed_dir: Path, out_dir: Path, year: int, lang: str = "zh") -> list[Path]:
    """The CSV files and the workbook of `export_paths(year)` in `out_dir`."""
    data = load_year(processed_dir, year)
    tables = {name: per_report(data, name, lang) for name in CELLS}
    out_dir.mkdir(parents=True, exist_ok=True)
    workbook, *csvs = (out_dir / p for p in export_paths(year))
    for path, table in zip(csvs, tables.values()):
        table.to_csv(path, index=False, encoding="utf-8-sig")
    write_workbook(workbook, tables, year, lang)
    return [workbook, *csvs]


def write_workbook(path: Path, tables: dict[str, pd.DataFrame], year: int, lang: str) -> None:
    """README sheet first, a sheet per table with its header frozen, the totals last; rates as percentages."""
    import xlsxwriter

    sheets = SHEETS[lang]
    # Written row by row in constant memory: a national year is a million cells per sheet.
    with xlsxwriter.Workbook(path, {"constant_memory": True}) as book:
        header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        percent = book.add_format({"num_format": "0.0%"})
        guide = write_sheet(book, sheets["readme"], readme(tables, year, lang), header)
        guide.set_column(0, 0, 30, wrap)
        guide.set_column(1, 1, 90, wrap)
        rate = HEADERS[lang]["disclosure_rate"]
        for name, table in tables.items():
            sheet = write_sheet(book, sheets[name], table, header, {rate: percent}, freeze=(1, 3))  # header, year, report, agency
            sheet.set_column(2, 2, 36)
            sheet.autofilter(0, 0, len(table), len(table.columns) - 1)
        summed = write_sheet(book, sheets["totals"], totals(tables, lang), header, freeze=(1, 0))
        summed.set_column(1, 1, 50)


def write_sheet(book, name: str, table: pd.DataFrame, header, formats: dict | None = None, freeze: tuple[int, int] = (1, 0)):
    """`table` as a sheet of `book`: the header row, then one row per row; blank where a value is missing.
    Column formats and panes are set before the rows, as constant-memory mode needs."""
    sheet = book.add_worksheet(name)
    for column, cell_format in (formats or {}).items():
        if column in table.columns:
            position = table.columns.get_loc(column)
            sheet.set_column(position, position, 14, cell_format)
    sheet.freeze_panes(*freeze)
    sheet.write_row(0, 0, list(table.columns), header)
    for number, row in enumerate(table.astype(object).itertuples(index=False), start=1):
        sheet.write_row(number, 0, [None if pd.isna(value) else value for value in row])
    return sheet


def write_archive(processed_dir: Path, path: Path) -> Path:
    """data/processed as one zip (its datapackage.json describes every file in it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".zip.partial")
    # Parquet is compressed already: stored, not deflated again, so the zip costs little more than a copy.
    with zipfile.ZipFile(partial, "w") as archive:
        for file in sorted(p for p in processed_dir.rglob("*") if p.is_file()):
            packed = zipfile.ZIP_STORED if file.suffix == ".parquet" else zipfile.ZIP_DEFLATED
            archive.write(file, Path(processed_dir.name) / file.relative_to(processed_dir), compress_type=packed)
    partial.replace(path)
    return path
