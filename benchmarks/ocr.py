"""Scanned reports: cells right / flagged / silently wrong per scan condition, CPU seconds per page, peak memory.

`python benchmarks/ocr.py [--reports N] [--dpi 150 200 300] [--conditions clean skewed ...]`

Scans (gi_reports.testing.scanner) the real PDF of the corpus (001) and N synthetic reports
(PDFs with an embedded CJK font) under each condition and resolution, reads them with
`read_report` on one thread, and scores every labelled cell. A wrong cell is *flagged* when the
report flags its row (an identity, an unsure OCR reading, an ambiguous row), else *silently wrong*.
Also prints how the recogniser's confidence separates right number cells from wrong ones.
"""

import argparse
import csv
import json
import random
import re
import resource
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from gi_reports import ReportError, read_report
from gi_reports.testing import scanner, synth
from gi_reports.testing.evaluation import compare, expected_cells, report_cells, unflagged

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"  # the labels; the files are in data/raw, named in data/samples.csv
_CONFIDENCE = re.compile(r"confidence (\d\.\d+)")


def test_bed(folder: Path, reports: int) -> list[tuple[str, Path, dict]]:
    """(name, PDF, label): the corpus's real PDF and `reports` synthetic ones, both templates."""
    label = json.loads((CORPUS / "labels" / "001.json").read_text(encoding="utf-8"))
    with open(ROOT / "data" / "samples.csv", encoding="utf-8") as samples:
        pdf = next(ROOT / row["file"] for row in csv.DictReader(samples) if row["corpus_file"] == "001.pdf")
    bed = [("001", pdf, label)]
    rng = random.Random(0)
    for i in range(reports):
        report = synth.random_report(rng, ("2019", "2021")[i % 2])
        bed.append((f"synth{i}", synth.write(report, folder / f"synth{i}.pdf"), synth.as_label(report)))
    return bed


def score(label: dict, report) -> tuple[int, int, list, list[tuple[float, bool]]]:
    """(cells, wrong and flagged, the silently wrong cells, [(confidence, right)] of the OCR number cells)."""
    compared, mismatches = compare(label, report)
    expected = expected_cells(label)
    silent = unflagged(report, mismatches)
    wrong = {(m.table, m.row, m.column) for m in mismatches}
    confidences = []
    for key, source in report_cells(report, "source").items():
        match = _CONFIDENCE.search(str(source))
        if match and key in expected:
            confidences.append((float(match.group(1)), key not in wrong))
    return compared, len(mismatches) - len(silent), silent, confidences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2, help="synthetic reports beside the real one")
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 200, 300])
    parser.add_argument("--conditions", nargs="+", default=list(scanner.CONDITIONS))
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    bed = test_bed(folder, args.reports)
    print(f"{len(bed)} reports (001 real, {len(bed) - 1} synthetic) per condition; one thread; CPU seconds")
    print(f"{'condition':<10}{'dpi':>5}{'cells':>7}{'right':>9}{'flagged':>9}{'silent':>8}{'s/page':>8}")
    totals: dict[tuple[str, int], list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0.0, 0])  # cells right flagged silent cpu pages
    calibration: list[tuple[float, bool]] = []
    failures = []
    silent_cells = []
    for condition in args.conditions:
        for dpi in args.dpi:
            for seed, (name, pdf, label) in enumerate(bed):
                pages = scanner.scan(pdf, folder / f"{name}-{condition}-{dpi}", dpi, condition, seed)
                total = totals[(condition, dpi)]
                start = time.process_time()
                try:
                    report = read_report(pages)
                except ReportError as error:
                    total[0] += len(expected_cells(label))
                    total[3] += len(expected_cells(label))
                    failures.append(f"{name} {condition} {dpi} dpi: {error.reason}")
                    continue
                finally:
                    total[4] += time.process_time() - start
                    total[5] += len(list(pages.iterdir()))
                cells, flagged, silent, confidences = score(label, report)
                total[0] += cells
                total[1] += cells - flagged - len(silent)
                total[2] += flagged
                total[3] += len(silent)
                silent_cells += [f"{name} {condition} {dpi} dpi: {m}" for m in silent]
                calibration += confidences
            cells, right, flagged, silent, cpu, pages = totals[(condition, dpi)]
            print(f"{condition:<10}{dpi:>5}{cells:>7}{right / cells:>9.2%}{flagged:>9}{silent:>8}{cpu / pages:>8.2f}", flush=True)
    cells, right, flagged, silent = (sum(t[i] for t in totals.values()) for i in range(4))
    print(f"{'all':<15}{cells:>7}{right / cells:>9.2%}{flagged:>9}{silent:>8}")
    wrong = sorted(c for c, ok in calibration if not ok)
    print(f"\nOCR number cells: {len(calibration)}, wrong {len(wrong)}; confidence of the wrong: {wrong[:20]}")
    for threshold in (0.5, 0.7, 0.8, 0.9, 0.95):
        caught = sum(c < threshold for c in wrong)
        right_below = sum(c < threshold for c, ok in calibration if ok)
        print(f"  below {threshold}: {caught}/{len(wrong)} wrong, {right_below} right")
    for line in silent_cells:
        print("SILENT " + line)
    for line in failures:
        print("FAILED " + line)
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
