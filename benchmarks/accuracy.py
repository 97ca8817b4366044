"""Accuracy on hand-labelled reports: `python benchmarks/accuracy.py CORPUS_DIR [CORPUS_DIR ...]`.

CORPUS_DIR holds `labels/*.json` (format in the spec) and the reports they name, in `raw/`,
in CORPUS_DIR itself, or in the folder given by --raw (a scan may be a folder of page images).
Prints, per template and per format (scans, image-only PDFs included, as their own format): reports, cells compared, cell accuracy,
reports exactly right; then every mismatch with the report's own flag for that cell, if any.

`--converted tests/fixtures/converted` reads the converter outputs listed in that folder's
manifest.csv and prints the same figures per converter and per format, plus how many reports
were flagged (a failed check or a refusal) and how many of the inexact ones were not; outputs
whose converter lost cells (losses.csv) are counted apart: they only have to be flagged.
"""

import argparse
import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from gi_reports import ReportError, read_report
from gi_reports.testing.evaluation import compare, expected_cells, load_labels

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Tally:
    reports: int = 0
    cells: int = 0
    right: int = 0
    exact: int = 0
    flagged: int = 0
    wrong_unflagged: int = 0  # inexact reports with no flag at all: the failures that matter most
    lines: list[str] = field(default_factory=list)

    def add(self, path: Path, label: dict) -> None:
        self.reports += 1
        try:
            report = read_report(path)
        except ReportError as error:
            self.cells += len(expected_cells(label))
            self.flagged += 1
            self.lines.append(f"{path}: FAILED ({error.reason})")
            return
        compared, mismatches = compare(label, report)
        flags = report.problems()
        self.cells += compared
        self.right += compared - len(mismatches)
        self.exact += not mismatches
        self.flagged += not flags.empty
        self.wrong_unflagged += bool(mismatches) and flags.empty
        for m in mismatches:
            flagged = flags[flags["scope"].str.startswith(m.row)]["rule"].unique().tolist()
            self.lines.append(
                f"{path}: {m.table} {m.row} {m.column}: expected {m.expected}, got {m.got}"
                + (f"  [flagged: {', '.join(flagged)}]" if flagged else "  [NOT flagged]")
            )


def report_path(corpus: Path, file: str, raw: Path | None) -> Path:
    for candidate in (corpus / "raw" / file, corpus / file, *([raw / file] if raw else [])):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{file} is named in {corpus}/labels but not found in {corpus}/raw or {corpus}")


def corpus_tallies(corpora: list[Path], raw: Path | None) -> dict[tuple[str, str], Tally]:
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for corpus in corpora:
        for label in load_labels(corpus / "labels"):
            path = report_path(corpus, label["file"], raw)
            tallies[(label["template"], _format(path))].add(path, label)
    return tallies


SCAN_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


def _format(path: Path) -> str:
    """The format a report is scored under: scans (a folder of page images, or one image) are their own."""
    return "scan" if path.is_dir() or path.suffix.lower() in SCAN_SUFFIXES else path.suffix.lstrip(".")


def converted_tallies(folder: Path) -> tuple[dict[tuple[str, str], Tally], dict[tuple[str, str], Tally]]:
    """(outputs whose converter kept the numbers, outputs whose converter lost them), per converter and format.

    `losses.csv` beside the manifest names the outputs a converter lost or scrambled cells of
    (kind `converter`); those are only asked to be flagged.
    """
    kept: dict[tuple[str, str], Tally] = defaultdict(Tally)
    lost: dict[tuple[str, str], Tally] = defaultdict(Tally)
    losses_file = folder / "losses.csv"
    losses = (
        {r["file"] for r in csv.DictReader(losses_file.open(encoding="utf-8")) if r["kind"] == "converter"}
        if losses_file.exists()
        else set()
    )
    with (folder / "manifest.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            path = folder / row["file"]
            tallies = lost if row["file"] in losses else kept
            tallies[(row["converter"], path.suffix.lstrip("."))].add(
                path, json.loads((ROOT / row["label"]).read_text(encoding="utf-8"))
            )
    return kept, lost


def print_table(tallies: dict[tuple[str, str], Tally], first: str) -> None:
    if not tallies:
        return
    print(f"{first:<30}{'format':<7}{'reports':>8}{'cells':>7}{'cell acc.':>10}{'exact':>8}{'flagged':>9}{'wrong+unflagged':>17}")
    for group in sorted({g for g, _ in tallies}):
        rows = {f: t for (g, f), t in tallies.items() if g == group}
        for fmt, t in sorted(rows.items()):
            print_row(group, fmt, t)
        if len(rows) > 1:
            print_row(group, "all", _sum(rows.values()))
    print_row("ALL", "", _sum(tallies.values()))


def print_row(group: str, fmt: str, t: Tally) -> None:
    accuracy = t.right / t.cells if t.cells else 0.0
    print(
        f"{group:<30}{fmt:<7}{t.reports:>8}{t.cells:>7}{accuracy:>10.2%}{t.exact:>5}/{t.reports:<3}"
        f"{t.flagged:>6}/{t.reports:<3}{t.wrong_unflagged:>10}"
    )


def _sum(tallies) -> Tally:
    total = Tally()
    for t in tallies:
        for name in ("reports", "cells", "right", "exact", "flagged", "wrong_unflagged"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path)
    parser.add_argument("--raw", type=Path, help="folder holding the reports, if not the corpus folder or its raw/")
    parser.add_argument("--converted", type=Path, help="a folder of converter outputs with its manifest.csv")
    args = parser.parse_args()
    tables = []
    if args.converted:
        kept, lost = converted_tallies(args.converted)
        tables.append(("converter (numbers kept)", kept))
        tables.append(("converter lost cells", lost))
    if args.corpora:
        tables.append(("template", corpus_tallies(args.corpora, args.raw)))
    for first, tallies in tables:
        print_table(tallies, first)
        print()
    lines = [line for _, tallies in tables for t in tallies.values() for line in t.lines]
    print("mismatches:" if lines else "no mismatches")
    for line in lines:
        print("  " + line)


if __name__ == "__main__":
    main()
