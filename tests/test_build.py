"""Building a corpus: every file accounted for, tables tied by report_id, dtypes survive Parquet,
batches resume after a crash, rebuilds parse only what changed, and a Dask cluster can do the work."""

import os
import shutil

import distributed
import pandas as pd
import pytest

from gi_reports.corpus import build as build_module
from gi_reports.corpus.build import build
from gi_reports.corpus.store import load

from .conftest import SEED_FILES

SEEDS = SEED_FILES


@pytest.fixture()
def raw_dir(tmp_path):
    raw = tmp_path / "raw" / "2020"
    raw.mkdir(parents=True)
    for path in SEEDS:
        shutil.copy(path, raw)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "memo.txt").write_text("会议纪要：研究部署下半年工作。", encoding="utf-8")
    return tmp_path / "raw"


@pytest.fixture()
def parse_calls(monkeypatch):
    """The paths the build parses, in order."""
    calls = []
    real = build_module.parse_rows

    def counting(location):
        calls.append(location.rsplit("/", 1)[-1])
        return real(location)

    monkeypatch.setattr(build_module, "parse_rows", counting)
    return calls


def test_every_file_is_parsed_or_failed_with_its_reason(raw_dir, tmp_path):
    result = build(raw_dir, tmp_path / "processed", workers=2, progress=False)
    assert sorted(result.reports["path"]) == [f"2020/{p.name}" for p in SEEDS], result.failures.to_string()
    assert (result.reports["status"] == "ok").all()
    failures = result.failures.set_index("path")
    assert failures.loc["2020/empty.txt", "error"] == "EmptyFileError"
    assert failures.loc["2020/memo.txt", "error"] == "NotAReportError"
    assert "none of the annual report's tables" in failures.loc["2020/memo.txt", "reason"]
    assert result.parsed == 7 and result.reused == 0


def test_tables_load_with_compact_dtypes_partitioned_by_year(raw_dir, tmp_path):
    shutil.copy(SEEDS[0].parent.parent / "2021" / "pingtan_010.txt", raw_dir)
    processed = tmp_path / "processed"
    build(raw_dir, processed, workers=1, progress=False)
    assert sorted(p.name for p in (processed / "applications").iterdir()) == ["2020", "2021"]
    loaded = load(processed)
    apps = loaded["applications"]
    assert isinstance(apps["row"].dtype, pd.CategoricalDtype) and apps["row"].cat.ordered
    assert list(apps["row"].cat.categories[:2]) == ["new_received", "carried_over"]
    assert str(apps["value"].dtype) == "Int32" and str(apps["year"].dtype) == "Int16"
    seeds = apps[apps["year"] == 2020]
    assert len(seeds) == 5 * 23 * 7
    assert set(seeds.groupby("report_id").size()) == {23 * 7}  # seed 004 leaves whole rows blank: still one cell each
    assert set(loaded["checks"]["report_id"]) == set(loaded["reports"]["report_id"])
    one_year = load(processed, year=2021)
    assert set(one_year["reports"]["year"]) == {2021} and set(one_year["applications"]["year"]) == {2021}
    assert len(one_year["applications"]) == 26 * 7  # 2021 template: the 23 rows of 2019 plus the three （六） sub-rows


def test_an_unchanged_rebuild_parses_nothing_and_changes_are_picked_up(raw_dir, tmp_path, parse_calls):
    processed = tmp_path / "processed"
    first = build(raw_dir, processed, workers=1, progress=False)
    assert len(parse_calls) == 7
    parse_calls.clear()
    again = build(raw_dir, processed, workers=1, progress=False)
    assert parse_calls == [] and again.parsed == 0 and again.reused == 7
    pd.testing.assert_frame_equal(again.reports, first.reports)

    (raw_dir / "2020" / SEEDS[0].name).write_text(SEEDS[1].read_text(encoding="utf-8") + "\n", encoding="utf-8")  # changed
    (raw_dir / "2020" / SEEDS[3].name).unlink()  # deleted
    (raw_dir / "2020" / SEEDS[4].name).rename(raw_dir / "2020" / "moved.txt")  # same bytes, new name
    result = build(raw_dir, processed, workers=1, progress=False)
    assert parse_calls == [SEEDS[0].name]
    assert sorted(load(processed)["reports"]["path"]) == sorted(
        ["2020/moved.txt", f"2020/{SEEDS[0].name}", f"2020/{SEEDS[1].name}", f"2020/{SEEDS[2].name}"]
    )
    assert len(load(processed)["applications"]) == 4 * 23 * 7
    assert result.parsed == 1 and result.reused == 5  # 4 reports and the 2 failures, less the changed file


def test_the_same_bytes_twice_are_counted_once(raw_dir, tmp_path):
    shutil.copy(SEEDS[0], raw_dir / "2020" / "copy.txt")
    result = build(raw_dir, tmp_path / "processed", workers=1, progress=False)
    assert len(result.reports) == 5
    duplicate = result.failures.set_index("path").loc["2020/copy.txt"]
    assert duplicate["error"] == "DuplicateFile" and SEEDS[0].name in duplicate["reason"]


def test_a_build_killed_half_way_resumes_from_its_last_batch(raw_dir, tmp_path, monkeypatch, parse_calls):
    processed = tmp_path / "processed"
    counting = build_module.parse_rows

    def killed_at_the_sixth_file(location):
        if len(parse_calls) == 5:
            raise KeyboardInterrupt
        return counting(location)

    monkeypatch.setattr(build_module, "parse_rows", killed_at_the_sixth_file)
    with pytest.raises(KeyboardInterrupt):  # batches of 2: two were finished, the third was cut off
        build(raw_dir, processed, workers=1, progress=False, batch_size=2)
    assert not processed.exists()  # nothing half-written where readers look
    monkeypatch.setattr(build_module, "parse_rows", counting)
    parse_calls.clear()
    result = build(raw_dir, processed, workers=1, progress=False, batch_size=2)
    assert result.reused == 4 and result.parsed == 3 and len(parse_calls) == 3
    assert len(result.reports) + len(result.failures) == 7


def test_a_failed_write_leaves_the_previous_dataset(raw_dir, tmp_path, monkeypatch):
    processed = tmp_path / "processed"
    build(raw_dir, processed, workers=1, progress=False)
    before = load(processed)["reports"]

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("gi_reports.corpus.store.pq.ParquetWriter", crash)
    (raw_dir / "2020" / "another.txt").write_text("另一份会议纪要。", encoding="utf-8")  # so the dataset is written again
    with pytest.raises(OSError, match="disk full"):
        build(raw_dir, processed, workers=1, progress=False)
    pd.testing.assert_frame_equal(load(processed)["reports"], before)
    assert not list(tmp_path.glob(".processed-*"))


def test_a_dask_cluster_builds_the_same_dataset(raw_dir, tmp_path):
    local = build(raw_dir, tmp_path / "local", workers=1, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = build(raw_dir, tmp_path / "dask", progress=False, scheduler=cluster.scheduler_address, batch_size=2)
    assert on_dask.parsed == 7
    pd.testing.assert_frame_equal(on_dask.reports, local.reports)
    cells = ["report_id", "row", "applicant"]
    on_dask_cells, local_cells = (
        load(tmp_path / name)["applications"].sort_values(cells, ignore_index=True) for name in ("dask", "local")
    )
    pd.testing.assert_frame_equal(on_dask_cells, local_cells)


def test_a_rebuild_with_nothing_changed_writes_nothing_and_a_touched_file_is_not_parsed(raw_dir, tmp_path, parse_calls):
    processed = tmp_path / "processed"
    build(raw_dir, processed, workers=1, progress=False)
    written = {p: p.stat().st_mtime_ns for p in processed.rglob("*")}
    touched = raw_dir / "2020" / SEEDS[2].name
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 5_000_000_000))  # same bytes
    parse_calls.clear()
    again = build(raw_dir, processed, workers=1, progress=False)
    assert parse_calls == [] and again.reused == 7
    assert {p: p.stat().st_mtime_ns for p in processed.rglob("*")} == written  # the dataset was not written again
    assert sorted(again.reports["path"]) == sorted(load(processed)["reports"]["path"])

    touched.write_bytes(touched.read_bytes().replace(b"2020", b"2021", 1))  # same size, new bytes
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10_000_000_000))
    build(raw_dir, processed, workers=1, progress=False)
    assert parse_calls == [SEEDS[2].name]


def test_a_dataset_edited_since_the_build_is_built_again(raw_dir, tmp_path):
    processed = tmp_path / "processed"
    build(raw_dir, processed, workers=1, progress=False)
    (processed / "reports.parquet").write_bytes(b"damaged")
    build(raw_dir, processed, workers=1, progress=False)
    assert len(load(processed)["reports"]) == len(SEEDS)
