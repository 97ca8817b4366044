"""Fingerprints: a file's hash is reused only while its size and time are unchanged; the content decides."""

import hashlib
import json
import os

import pytest

from gi_reports.corpus.fingerprints import RACY_NS, Fingerprints


def age(path, seconds):
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - int(seconds * 1e9)))


def test_a_hash_is_remembered_by_stat_and_redone_when_the_stat_changes(tmp_path):
    report, memo = tmp_path / "a.txt", tmp_path / "fingerprints.json"
    report.write_bytes(b"2023 report")
    age(report, 60)
    assert Fingerprints(memo).sha256(report) == hashlib.sha256(b"2023 report").hexdigest()
    fingerprints = Fingerprints(memo)
    fingerprints.sha256(report)
    fingerprints.save()
    mtime = report.stat().st_mtime_ns
    report.write_bytes(b"2024 report")  # same size
    os.utime(report, ns=(mtime, mtime))  # and the same time: the remembered hash is trusted
    assert Fingerprints(memo).sha256(report) == hashlib.sha256(b"2023 report").hexdigest()
    age(report, 1)  # any other time: hashed again
    assert Fingerprints(memo).sha256(report) == hashlib.sha256(b"2024 report").hexdigest()


def test_a_file_modified_just_now_or_not_asked_about_is_not_remembered(tmp_path):
    old, new, memo = tmp_path / "old.txt", tmp_path / "new.txt", tmp_path / "fingerprints.json"
    old.write_bytes(b"old")
    new.write_bytes(b"new")
    age(old, 2 * RACY_NS / 1e9)
    fingerprints = Fingerprints(memo)
    fingerprints.sha256(old), fingerprints.sha256(new)
    fingerprints.save()
    assert list(json.loads(memo.read_text())["files"]) == [str(old)]
    forgetting = Fingerprints(memo)
    forgetting.sha256(new)
    forgetting.save()
    assert json.loads(memo.read_text())["files"] == {}


def test_a_file_that_cannot_be_read_is_not_remembered(tmp_path):
    readable = tmp_path / "readable.txt"
    readable.write_bytes(b"report")
    age(readable, 60)
    memo = Fingerprints(tmp_path / "fingerprints.json")
    memo.sha256(readable)
    with pytest.raises(OSError):
        memo.sha256(tmp_path)  # a folder: its stat works, reading it does not
    memo.save()
    assert list(json.loads((tmp_path / "fingerprints.json").read_text())["files"]) == [str(readable)]
