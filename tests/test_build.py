"""Building a corpus: every file accounted for, tables tied by report_id, dtypes survive Parquet."""

import shutil

import pandas as pd
import pytest

from gi_reports.build import build
from gi_reports.store import load

from .conftest import SEED_DIR


@pytest.fixture()
def raw_dir(tmp_path):
    raw = tmp_path / "raw" / "2020"
    raw.mkdir(parents=True)
    for path in SEED_DIR.glob("*.txt"):
        shutil.copy(path, raw)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "memo.txt").write_text("会议纪要：研究部署下半年工作。", encoding="utf-8")
    return tmp_path / "raw"


def test_every_file_is_parsed_or_failed_with_its_reason(raw_dir, tmp_path):
    tables = build(raw_dir, tmp_path / "processed", workers=2, progress=False)
    assert sorted(tables["reports"]["path"]) == sorted(f"2020/{p.name}" for p in SEED_DIR.glob("*.txt"))
    assert (tables["reports"]["status"] == "ok").all()
    failures = tables["failures"].set_index("path")
    assert failures.loc["2020/empty.txt", "error"] == "EmptyFileError"
    assert failures.loc["2020/memo.txt", "error"] == "NotAReportError"
    assert "none of the annual report's tables" in failures.loc["2020/memo.txt", "reason"]


def test_tables_round_trip_through_parquet_with_their_dtypes(raw_dir, tmp_path):
    built = build(raw_dir, tmp_path / "processed", workers=1, progress=False)
    loaded = load(tmp_path / "processed")
    for name, table in built.items():
        pd.testing.assert_frame_equal(loaded[name], table, check_dtype=True)
    apps = loaded["applications"]
    assert isinstance(apps["row"].dtype, pd.CategoricalDtype) and apps["row"].cat.ordered
    assert len(apps) == 5 * 23 * 7
    per_report = apps.groupby("report_id").size()
    assert set(per_report) == {23 * 7} and len(per_report) == 5  # seed 004 leaves whole rows blank: still one cell each
    assert set(loaded["checks"]["report_id"]) == set(loaded["reports"]["report_id"])


def test_a_rebuild_replaces_the_dataset_whole(raw_dir, tmp_path):
    processed = tmp_path / "processed"
    build(raw_dir, processed, workers=1, progress=False)
    for path in (raw_dir / "2020").glob("00[1-4]*.txt"):
        path.unlink()
    build(raw_dir, processed, workers=1, progress=False)
    assert len(load(processed)["reports"]) == 1
    assert not list(tmp_path.glob(".processed-*"))


def test_a_failed_write_leaves_the_previous_dataset(raw_dir, tmp_path, monkeypatch):
    processed = tmp_path / "processed"
    build(raw_dir, processed, workers=1, progress=False)
    before = load(processed)["reports"]

    def crash(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", crash)
    with pytest.raises(OSError, match="disk full"):
        build(raw_dir, processed, workers=1, progress=False)
    pd.testing.assert_frame_equal(load(processed)["reports"], before)
    assert not list(tmp_path.glob(".processed-*"))
