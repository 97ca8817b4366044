"""Fuzzing (issue #14): arbitrary bytes and mutated real reports give a Report or a package error,
within the per-file limits; and every change to a number an identity covers is caught by a check."""

import copy
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gi_reports import read_report
from gi_reports.corpus.build import build
from gi_reports.corpus.limits import within_limits
from gi_reports.errors import GiReportsError
from gi_reports.parse.interpret import APPLICANTS, OUTCOMES, PROCEEDINGS
from gi_reports.template.codes import codes
from gi_reports.testing import synth

from .conftest import CORPUS_RAW, SEED_FILES

FUZZ = settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SUFFIXES = (".txt", ".md", ".html", ".pdf", ".docx")
REAL_REPORTS = sorted(CORPUS_RAW.values()) + SEED_FILES[:2]


def parse_or_refuse(path: Path) -> None:
    """Parse `path` under the per-file time and memory limits; any error but the package's fails the test."""
    try:
        within_limits(str(path), read_report)
    except GiReportsError:
        pass


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_give_a_report_or_a_package_error(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    parse_or_refuse(path)


@st.composite
def mutations(draw, size: int) -> list[tuple[str, int, int, bytes]]:
    """A few edits of a file of `size` bytes: cut, delete, insert or overwrite a stretch."""
    edits = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "delete", "insert", "overwrite"]))
        at = draw(st.integers(0, max(0, size - 1)))
        edits.append((kind, at, draw(st.integers(1, 512)), draw(st.binary(min_size=1, max_size=64))))
    return edits


def mutate(data: bytes, edits: list[tuple[str, int, int, bytes]]) -> bytes:
    for kind, at, length, insert in edits:
        at = min(at, len(data))
        if kind == "cut":
            data = data[:at]
        elif kind == "delete":
            data = data[:at] + data[at + length :]
        elif kind == "insert":
            data = data[:at] + insert * (length // len(insert) + 1) + data[at:]
        else:
            data = data[:at] + insert + data[at + len(insert) :]
    return data


@FUZZ
@given(data=st.data(), original=st.sampled_from(REAL_REPORTS))
def test_mutated_real_reports_give_a_report_or_a_package_error(tmp_path, data, original):
    raw = original.read_bytes()
    path = tmp_path / original.name
    path.write_bytes(mutate(raw, data.draw(mutations(len(raw)))))
    parse_or_refuse(path)


def test_a_build_of_broken_files_accounts_for_each_with_a_package_error(tmp_path):
    """The same under the build's own limits: every file is a report or a failure, and no failure is a bug of ours."""
    raw = tmp_path / "raw"
    raw.mkdir()
    rng = random.Random(14)
    for n, original in enumerate(REAL_REPORTS * 3):
        data = original.read_bytes()
        edits = [
            (
                rng.choice(["cut", "delete", "insert", "overwrite"]),
                rng.randrange(len(data)),
                rng.randint(1, 512),
                rng.randbytes(8),
            )
        ]
        (raw / f"{n:02d}{original.suffix}").write_bytes(mutate(data, edits))
    result = build(raw, tmp_path / "processed", workers=2, progress=False)
    assert len(result.reports) + len(result.failures) == len(REAL_REPORTS) * 3
    internal = result.failures[result.failures["reason"].str.startswith("internal error")]
    assert internal.empty, internal.to_dict("records")


ROWS = sorted(set(codes("row", "2019")) | set(codes("row", "2021")))
CELLS = [("applications", row, column) for row in ROWS for column in range(len(APPLICANTS))] + [
    ("review", proceeding, outcome) for proceeding in PROCEEDINGS for outcome in range(len(OUTCOMES))
]


@settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 2**32),
    template=st.sampled_from(["2019", "2021"]),
    fmt=st.sampled_from(["txt", "html"]),  # writing DOCX and PDF takes seconds: below, once each
    cell=st.sampled_from(CELLS),
    change=st.integers(-20, 20).filter(bool),
)
def test_the_checks_catch_every_changed_number_an_identity_covers(tmp_path, seed, template, fmt, cell, change):
    report = synth.random_report(random.Random(seed), template)
    table, row, column = cell
    values = report.applications if table == "applications" else report.review
    if row not in values:
        return  # a row of the other template
    assert read_report(synth.write(report, tmp_path / f"whole.{fmt}")).ok
    changed = copy.deepcopy(report)
    (changed.applications if table == "applications" else changed.review)[row][column] += change
    parsed = read_report(synth.write(changed, tmp_path / f"changed.{fmt}"))
    assert not parsed.ok, f"{table} {row} column {column} changed by {change} passed every check"


@pytest.mark.parametrize("fmt", ["txt", "html", "docx", "pdf"])
def test_a_changed_total_is_caught_in_every_format(tmp_path, fmt):
    report = synth.random_report(random.Random(7), "2021")
    report.review["admin_review"][-1] += 1
    assert "review_total" in set(read_report(synth.write(report, tmp_path / f"r.{fmt}")).problems()["rule"])
