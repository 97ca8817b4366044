"""Accuracy on hand-labelled reports: `python benchmarks/accuracy.py CORPUS_DIR [CORPUS_DIR ...]`.

CORPUS_DIR holds `labels/*.json` (format in the spec) and the reports they name, in `raw/`,
in CORPUS_DIR itself, or in the folder given by --raw (a scan may be a folder of page images).
Prints, per template and per format (scans, image-only PDFs included, as their own format): reports, cells compared, cell accuracy,
reports exactly right; then every mismatch with the report's own flag for that cell, if any.
"""

import argparse
from collections import defaultdict
from pathlib import Path

from gi_reports import ReportError, read_report
from gi_reports.testing.evaluation import compare, expected_cells, load_labels


def report_path(corpus: Path, file: str, raw: Path | None) -> Path:
    for candidate in (corpus / "raw" / file, corpus / file, *([raw / file] if raw else [])):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{file} is named in {corpus}/labels but not found in {corpus}/raw or {corpus}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--raw", type=Path, help="folder holding the reports, if not the corpus folder or its raw/")
    args = parser.parse_args()
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # reports, cells, right, exact
    lines = []
    for corpus in args.corpora:
        for label in load_labels(corpus / "labels"):
            path = report_path(corpus, label["file"], args.raw)
            try:
                report = read_report(path)
            except ReportError as error:
                key = (label["template"], "scan" if path.is_dir() else path.suffix.lstrip("."))
                groups[key][0] += 1
                groups[key][1] += len(expected_cells(label))
                lines.append(f"{path.name}: FAILED ({error.reason})")
                continue
            compared, mismatches = compare(label, report)
            flags = report.problems()
            group = groups[(label["template"], report.meta["format"])]  # an image-only PDF counts as a scan
            group[0] += 1
            group[1] += compared
            group[2] += compared - len(mismatches)
            group[3] += not mismatches
            for m in mismatches:
                flagged = flags[flags["scope"].str.startswith(m.row)]["rule"].unique().tolist()
                lines.append(
                    f"{path.name}: {m.table} {m.row} {m.column}: expected {m.expected}, got {m.got}"
                    + (f"  [flagged: {', '.join(flagged)}]" if flagged else "  [NOT flagged]")
                )
    print(f"{'template':<9}{'format':<8}{'reports':>8}{'cells':>8}{'cell acc.':>11}{'exact':>9}")
    for template in sorted({t for t, _ in groups}):
        rows = {f: v for (t, f), v in groups.items() if t == template}
        for fmt, (reports, cells, right, exact) in sorted(rows.items()):
            print(f"{template:<9}{fmt:<8}{reports:>8}{cells:>8}{right / cells:>11.2%}{exact:>5}/{reports:<3}")
        reports, cells, right, exact = (sum(v[i] for v in rows.values()) for i in range(4))
        print(f"{template:<9}{'all':<8}{reports:>8}{cells:>8}{right / cells:>11.2%}{exact:>5}/{reports:<3}")
    print("\nmismatches:" if lines else "\nno mismatches")
    for line in lines:
        print("  " + line)


if __name__ == "__main__":
    main()
