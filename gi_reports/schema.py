"""The dataset's schema, declared once: every table of data/processed, its columns, types, codes and key.

The build writes with it, `load` reads with it, and the data package (datapackage.json) that ships with
the data is generated from it, so a column is described in exactly one place. Nothing here imports the
parser: a notebook that loads data needs only this and pandas.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .template import codes


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, code, count, number, flag, year
    en: str
    zh: str
    dimension: str | None = None  # for codes: the dimension of template/codes.csv whose codes it holds
    required: bool = False


@dataclass(frozen=True)
class TableSchema:
    name: str
    en: str
    zh: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    by_year: bool = True  # stored as <name>/<year>/part-*.parquet, the year also inside each file

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


_ID = Column("report_id", "text", "The report: the first 16 hex digits of the SHA-256 of its file's bytes", "报告标识：文件内容 SHA-256 的前 16 位", required=True)  # fmt: skip
_YEAR = Column("year", "year", "The year the report is on (from its text)", "报告所属年度（据报告正文）", required=True)
_VALUE_TEXT = (
    Column("raw", "text", "The cell's text as found in the file", "单元格原文"),
    Column("source", "text", "Where in the file the cell was found (line, or page/table/row/column)", "单元格在文件中的位置"),
)
_COUNT = Column(
    "value", "count", "The count as printed. Empty: blank, unreadable or ambiguous", "数量；空：空白、无法识别或有歧义"
)
_CHECK_OK = "True when the identity holds (or the finding needs no look)"

TABLES = {
    t.name: t
    for t in (
        TableSchema(
            "reports",
            "One row per report parsed: who published it, on which year, in which template and format, and its status",
            "每份已解析报告一行：发布机关、年度、模板、格式与状态",
            (
                _ID,
                _YEAR,
                Column("path", "text", "The file, relative to the raw folder", "文件路径（相对原始数据目录）", required=True),
                Column("sha256", "text", "SHA-256 of the file's bytes", "文件内容的 SHA-256"),
                Column("format", "text", "File format as read: txt, md, html, docx or pdf", "文件格式"),
                Column("template", "text", "National template version: 2019 or 2021", "年度报告模板版本（2019 或 2021）"),
                Column("agency", "text", "The publishing body, as printed", "发布机关（按原文）"),
                Column(
                    "agency_name",
                    "text",
                    "The body's full name, abbreviations and misprints resolved (淮安市洪泽区人民政府)",
                    "机关规范全称",
                ),
                Column(
                    "agency_id",
                    "text",
                    "The body across years and spellings: today's division code / body ('?/' + name where unplaced)",
                    "机关标识（跨年度、跨写法不变）",
                ),
                Column("province", "text", "Province the body is in", "所在省级行政区"),
                Column("city", "text", "Prefecture the body is in (a municipality is its own)", "所在地级行政区"),
                Column("county", "text", "County the body is in", "所在县级行政区"),
                Column(
                    "division_code",
                    "text",
                    "GB/T 2260 code of the most specific division known, as of the report's year",
                    "行政区划代码（报告年度）",
                ),
                Column("level", "code", "Level of the government the body belongs to", "所属政府层级", dimension="level"),
                Column("kind", "text", "government, general_office, department, township, zone or other", "机关类别"),
                Column("department", "text", "A department's normalised type (司法局, 发展和改革委员会)", "部门类别（规范名）"),
                Column(
                    "agency_flags", "text", "ambiguous, unplaced, agency_name_corrected: what the place rests on", "机关识别标记"
                ),
                Column(
                    "status",
                    "text",
                    "ok: every check holds; warnings: some check needs a look",
                    "ok：全部校验通过；warnings：有需核查项",
                ),  # fmt: skip
                Column("problems", "count", "Number of checks that need a look", "需核查的校验项数"),
            ),
            key=("report_id",),
        ),
        TableSchema(
            "failures",
            "One row per input file that could not be parsed, with why",
            "每个无法解析的输入文件一行，附原因",
            (
                Column(
                    "report_id",
                    "text",
                    "SHA-256 prefix of the file's bytes (empty where it could not be read)",
                    "文件内容 SHA-256 前 16 位",
                ),  # fmt: skip
                Column("path", "text", "The file, relative to the raw folder", "文件路径（相对原始数据目录）", required=True),
                Column("error", "text", "Kind of failure (e.g. NotAReportError, DuplicateFile)", "失败类别"),
                Column("reason", "text", "What is wrong, in words", "失败原因"),
            ),
            by_year=False,
        ),
        TableSchema(
            "proactive",
            "Table 二 (主动公开政府信息情况): one row per item × metric cell",
            "表二 主动公开政府信息情况：每个事项 × 指标一行",
            (
                _ID,
                _YEAR,
                Column("item", "code", "Row of table 二", "表二事项", dimension="item", required=True),
                Column(
                    "sub_label",
                    "text",
                    "An agency's own sub-row, as written (empty for the template's rows)",
                    "机关自设的子项（原文）",
                ),  # fmt: skip
                Column("metric", "code", "Column of table 二", "表二指标", dimension="metric", required=True),
                Column(
                    "value",
                    "number",
                    "The figure as printed; money in yuan. Empty: blank or unreadable",
                    "数值（金额折算为元）；空：空白或无法识别",
                ),  # fmt: skip
                *_VALUE_TEXT,
            ),
            key=("report_id", "item", "sub_label", "metric"),
        ),
        TableSchema(
            "applications",
            "Table 三 (收到和处理政府信息公开申请情况): one row per row × applicant cell",
            "表三 收到和处理政府信息公开申请情况：每行 × 申请人类别一行",
            (
                _ID,
                _YEAR,
                Column("row", "code", "Row of table 三", "表三行", dimension="row", required=True),
                Column("applicant", "code", "Applicant column of table 三", "申请人类别", dimension="applicant", required=True),
                _COUNT,
                *_VALUE_TEXT,
            ),
            key=("report_id", "row", "applicant"),
        ),
        TableSchema(
            "review_litigation",
            "Table 四 (政府信息公开行政复议、行政诉讼情况): one row per proceeding × outcome cell",
            "表四 行政复议、行政诉讼情况：每类程序 × 结果一行",
            (
                _ID,
                _YEAR,
                Column("proceeding", "code", "Proceeding", "程序", dimension="proceeding", required=True),
                Column("outcome", "code", "Outcome", "结果", dimension="outcome", required=True),
                _COUNT,
                *_VALUE_TEXT,
            ),
            key=("report_id", "proceeding", "outcome"),
        ),
        TableSchema(
            "checks",
            "Every identity checked and everything the parser noticed, per report",
            "每份报告的勾稽校验及解析发现",
            (
                _ID,
                _YEAR,
                Column("table", "text", "Table the check is about", "所涉表格"),
                Column(
                    "rule",
                    "text",
                    "The identity or finding (e.g. balance, results_sum, row_total, review_total, ambiguous)",
                    "校验规则或发现",
                ),  # fmt: skip
                Column("scope", "text", "Column, row or proceeding the check covers", "校验范围"),
                Column("ok", "flag", _CHECK_OK, "是否通过"),
                Column("detail", "text", "The figures compared, in words", "比较的数字"),
            ),
        ),
    )
}
DATA_TABLES = ("proactive", "applications", "review_litigation")

_ARROW = {"text": pa.string(), "count": pa.int32(), "number": pa.float64(), "flag": pa.bool_(), "year": pa.int16()}
_PANDAS = {"count": pd.Int32Dtype(), "number": pd.Float64Dtype(), "flag": pd.BooleanDtype(), "year": pd.Int16Dtype()}


@cache
def arrow_schema(name: str) -> pa.Schema:
    """The Arrow schema every file of table `name` is written with (never inferred from a batch)."""
    fields = []
    for column in TABLES[name].columns:
        kind = pa.dictionary(pa.int16(), pa.string(), ordered=True) if column.kind == "code" else _ARROW[column.kind]
        fields.append(pa.field(column.name, kind, nullable=not column.required))
    # pandas' own metadata, so that a plain pandas.read_parquet gives nullable counts and categoricals back
    empty = pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes(name).items()})
    return pa.schema(fields, metadata=pa.Schema.from_pandas(empty, preserve_index=False).metadata)


@cache
def dtypes(name: str) -> dict[str, object]:
    """pandas dtypes: codes as ordered categoricals of the template's codes, nullable numbers, Arrow strings."""
    text = pd.StringDtype("pyarrow")
    return {c.name: codes.dtype(c.dimension) if c.kind == "code" else _PANDAS.get(c.kind, text) for c in TABLES[name].columns}


def to_arrow(name: str, frame: pd.DataFrame) -> pa.Table:
    """A frame of table `name` as Arrow with the declared schema (columns in declared order)."""
    frame = frame[TABLES[name].names].astype(dtypes(name))
    return pa.Table.from_pandas(frame, schema=arrow_schema(name), preserve_index=False)


def from_columns(name: str, columns: dict[str, Sequence]) -> pa.Table:
    """Table `name` as Arrow from plain Python columns (any subset of its own, in declared order): each
    column converted once, straight to its declared type; a code outside the template's is missing,
    as in a categorical."""
    declared = [(c, f) for c, f in zip(TABLES[name].columns, arrow_schema(name), strict=True) if c.name in columns]
    arrays = [_array(column, field.type, columns[column.name]) for column, field in declared]
    return pa.table(arrays, schema=pa.schema([field for _, field in declared]))


def _array(column: Column, kind: pa.DataType, values: Sequence) -> pa.Array:
    if column.dimension is None:
        return pa.array(values, kind)
    dictionary = _codes(column.dimension)
    indices = pc.index_in(pa.array(values, pa.string()), value_set=dictionary).cast(kind.index_type)
    return pa.DictionaryArray.from_arrays(indices, dictionary, ordered=True)


@cache
def _codes(dimension: str) -> pa.Array:
    """Every code of a dimension: the dictionary of each Arrow column of it, as they are the categories of pandas'."""
    return pa.array(codes.codes(dimension), pa.string())


def to_pandas(name: str, table: pa.Table) -> pd.DataFrame:
    """An Arrow table of `name`'s schema as pandas with the declared dtypes, each column converted
    once: codes straight to the shared categorical dtype (pyarrow's own conversion rebuilds the
    categories of every column of every table, which costs more than parsing a report)."""
    declared = dtypes(name)
    columns = {}
    for field, column in zip(table.schema, table.itercolumns(), strict=True):
        dtype = declared[field.name]
        if isinstance(dtype, pd.CategoricalDtype):
            indices = pc.fill_null(column.combine_chunks().indices, -1).to_numpy()
            columns[field.name] = pd.Categorical.from_codes(indices, dtype=dtype)
        else:
            columns[field.name] = dtype.__from_arrow__(column)
    return pd.DataFrame(columns, copy=False)
