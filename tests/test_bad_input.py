"""Bad input fails clearly: its own exception type, the file named, the reason given."""

from pathlib import Path

import pytest

from gi_reports import read_report
from gi_reports.errors import (
    EmptyFileError,
    EncodingError,
    LimitExceeded,
    NotAReportError,
    ReportError,
    TruncatedReportError,
    UnsupportedFormatError,
)
from gi_reports.parse import readers
from gi_reports.parse.readers import read_bytes

from .conftest import SEED_DIR

SEED = SEED_DIR / "001_293c52a418def646.txt"  # encodable in GBK (seed 000 has a U+00A0)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError, match="empty.txt: the file is empty"):
        read_report(path)


def test_whitespace_only_file_is_empty(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n\t\n", encoding="utf-8")
    with pytest.raises(EmptyFileError):
        read_report(path)


def test_text_that_is_not_a_report(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("关于开展2020年度安全生产检查的通知\n各单位：请于月底前完成自查。", encoding="utf-8")
    with pytest.raises(NotAReportError, match="notice.txt: none of the annual report's tables"):
        read_report(path)


def test_truncated_report_names_the_missing_tables(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "cut.txt"
    path.write_text(text[: text.index("四、政府信息公开行政复议")], encoding="utf-8")
    with pytest.raises(TruncatedReportError, match=r"cut.txt: missing table 四 \(行政复议、行政诉讼情况\)"):
        read_report(path)


def test_binary_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(UnsupportedFormatError, match="binary content"):
        read_report(path)


def test_undecodable_text(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("政府信息公开".encode()[:-1] + b"\xff\xfe\xfd" * 10)
    with pytest.raises(EncodingError, match="neither UTF-8 nor GB18030"):
        read_report(path)


def test_missing_file_is_a_report_error(tmp_path):
    with pytest.raises(ReportError, match="cannot be opened"):
        read_report(tmp_path / "nowhere.txt")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_legacy_encodings_parse_to_the_same_tables(tmp_path, encoding, seed_reports):
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    report = read_report(path)
    expected = seed_reports[SEED.name]
    assert report.applications["value"].tolist() == expected.applications["value"].tolist()
    assert report.proactive["value"].tolist() == expected.proactive["value"].tolist()
    assert report.meta["agency"] == expected.meta["agency"]


def test_a_file_longer_than_its_stated_size_is_read_whole():
    """/proc files state size 0 (as a file still being written may state less than it holds)."""
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("no /proc")
    data = read_bytes(status)
    assert data.startswith(b"Name:") and b"\nPid:" in data and data.endswith(b"\n")


def test_a_file_over_the_byte_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    with pytest.raises(LimitExceeded, match="MAX_FILE_BYTES"):
        read_bytes(path)
    path.write_bytes(b"x" * 10)
    assert read_bytes(path) == b"x" * 10
