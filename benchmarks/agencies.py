"""Who published each report, measured: `python benchmarks/agencies.py [RAW_DIR ...]`.

On the generated report openings (gi_reports.testing.agency_openings: real division names of every
level, abbreviated, misprinted, shared by several divisions) prints per expected level how many are
placed (a division code) and how many have every field as expected; then, for the real reports under
each RAW_DIR, which are placed and which are not, with their flags; and the time to identify one agency.
"""

import argparse
import time
from collections import Counter
from pathlib import Path

from gi_reports import ReportError, read_report
from gi_reports.parse.agencies import FIELDS
from gi_reports.parse.meta import extract_meta
from gi_reports.testing.agency_openings import openings

CHECKED = ("agency", "year", *FIELDS, "agency_flags")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw_dirs", nargs="*", type=Path)
    args = parser.parse_args()
    cases, placed, exact, wrong = Counter(), Counter(), Counter(), []
    started = time.perf_counter()
    for opening in openings():
        meta = extract_meta(opening.title, opening.text, opening.source)
        level = opening.expected["level"] or "unsettled"
        cases[level] += 1
        placed[level] += meta["division_code"] is not None
        if {k: meta[k] for k in CHECKED} == opening.expected:
            exact[level] += 1
        else:
            wrong.append(opening.title)
    seconds = (time.perf_counter() - started) / sum(cases.values())
    print(f"{'expected level':<16}{'openings':>9}{'placed':>8}{'exact':>8}")
    for level, n, p, e in [
        *((lv, cases[lv], placed[lv], exact[lv]) for lv in sorted(cases)),
        ("all", cases.total(), placed.total(), exact.total()),
    ]:
        print(f"{level:<16}{n:>9}{p:>8}{e / n:>8.1%}")
    print(f"{seconds * 1000:.1f} ms per opening (metadata and agency)")
    for title in wrong:
        print("not as expected:", title)
    for raw_dir in args.raw_dirs:
        for path in sorted(
            p for p in raw_dir.rglob("*") if p.is_file() and p.suffix in {".txt", ".md", ".html", ".pdf", ".docx"}
        ):
            try:
                meta = read_report(path).meta
            except ReportError as error:
                print(f"{path}: not a report ({error.reason})")
                continue
            where = meta["division_code"] or "-"
            print(
                f"{path}: {meta['agency']} → {meta['agency_name']} [{where} {meta['level']} {meta['kind']}] {meta['agency_flags']}"
            )


if __name__ == "__main__":
    main()
