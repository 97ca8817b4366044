"""data/processed as a product: every common tool opens every table with the same rows, the data package
describes it and validates, and a value can be traced back to its file and cell."""

import hashlib
import json
import shutil

import duckdb
import frictionless
import pandas as pd
import polars as pl
import pyarrow.dataset as ds
import pytest

from gi_reports.corpus.build import build
from gi_reports.schema import TABLES

from .conftest import ROOT, SEED_FILES

BY_YEAR = [name for name, table in TABLES.items() if table.by_year]


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    (raw / "2020").mkdir()
    for path in SEED_FILES:
        shutil.copy(path, raw / "2020")
    shutil.copytree(ROOT / "data" / "raw" / "2021", raw / "2021")
    (raw / "2021" / "notes.txt").write_text("会议纪要", encoding="utf-8")
    out = tmp_path_factory.mktemp("data") / "processed"
    build(raw, out, workers=1, progress=False)
    return raw, out


@pytest.mark.parametrize("name", BY_YEAR)
def test_every_tool_reads_each_table_with_the_same_rows_and_types(processed, name):
    _, out = processed
    table = pd.read_parquet(out / name)
    assert str(table["year"].dtype) == "Int16" and set(table["year"]) == {2020, 2021}
    glob = str(out / name / "**" / "*.parquet")
    assert ds.dataset(out / name, partitioning="hive").count_rows() == len(table)
    duck = duckdb.sql(f"select year, count(*) as n from read_parquet('{glob}', hive_partitioning=true) group by year").df()
    assert dict(zip(duck["year"], duck["n"])) == table["year"].value_counts().to_dict()
    assert pl.read_parquet(glob).shape == table.shape
    if "value" in table:
        assert str(table["value"].dtype) in ("Int32", "Float64")


def test_applications_read_by_pandas_hold_the_printed_counts(processed):
    _, out = processed
    apps = pd.read_parquet(out / "applications")
    seed = apps[(apps["row"] == "new_received") & (apps["applicant"] == "total")]
    assert len(seed) == 6 and isinstance(apps["row"].dtype, pd.CategoricalDtype)


def test_the_data_package_describes_every_table_and_validates_against_the_files(processed):
    _, out = processed
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["gi_reports"]["input_files"] == 5 + 1 + 1
    assert {r["name"] for r in package["resources"]} == set(TABLES)
    applications = next(r for r in package["resources"] if r["name"] == "applications")
    row = next(f for f in applications["schema"]["fields"] if f["name"] == "row")
    assert row["constraints"]["enum"][:2] == ["new_received", "carried_over"]
    assert {"code": "carried_forward", "zh": "结转下年度继续办理", "en": "Carried forward to next year"} in row["codes"]
    assert applications["schema"]["primaryKey"] == ["report_id", "row", "applicant"]
    for described in package["resources"]:
        paths = described["path"] if isinstance(described["path"], list) else [described["path"]]
        rows = 0
        for path in paths:  # frictionless reads one part of a multi-file resource: validate each part
            part = frictionless.Resource({**described, "path": path}, basepath=str(out))
            report = frictionless.validate(part)
            assert report.valid, (path, [e.message for task in report.tasks for e in task.errors][:3])
            rows += report.tasks[0].stats["rows"]
        assert rows == len(pd.read_parquet(out / (described["name"] if described["name"] != "failures" else "failures.parquet")))


@pytest.mark.parametrize(
    ("table", "where"),
    [
        ("applications", {"row": "new_received", "applicant": "total"}),
        ("proactive", {"item": "licensing", "metric": "decisions"}),
        ("review_litigation", {"proceeding": "admin_review", "outcome": "total"}),
    ],
)
def test_a_value_of_each_table_is_traced_back_to_its_file_and_cell(processed, table, where):
    raw, out = processed
    reports = pd.read_parquet(out / "reports").set_index("report_id")
    cells = pd.read_parquet(out / table)
    chosen = cells[(cells["year"] == 2021)]
    for column, code in where.items():
        chosen = chosen[chosen[column] == code]
    cell = chosen.iloc[0]
    report = reports.loc[cell["report_id"]]
    file = raw / report["path"]
    assert hashlib.sha256(file.read_bytes()).hexdigest() == report["sha256"]
    assert report["sha256"].startswith(cell["report_id"])
    assert cell["raw"] and cell["raw"] in file.read_text(encoding="utf-8") and cell["source"]
    assert float(cell["value"]) == float(cell["raw"])


def test_failures_say_which_file_and_why(processed):
    _, out = processed
    failures = pd.read_parquet(out / "failures.parquet")
    assert failures.set_index("path").loc["2021/notes.txt", "error"] == "NotAReportError"


def test_loading_data_imports_no_parser_code():
    import subprocess
    import sys

    code = "import sys; from gi_reports.corpus.store import load; import gi_reports.analysis; print(any(m.startswith('gi_reports.parse') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
