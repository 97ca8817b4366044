"""Rendering a national year: `python benchmarks/render.py [--reports 10000] [--workers 2] [--screenshots DIR]`.

Writes that many synthetic reports on one year (as benchmarks/scale.py does), then, in that folder,
runs `gi-reports all` twice and prints:
- the time of the first run (build and render), and of each page and data file it made;
- the size of every page, the largest, and whether every page is under 2 MB;
- the time of the second run, with nothing changed (it must make nothing), and of its two halves
  alone: `gi-reports build` and `gi-reports render`;
- with --screenshots, a headless Chromium screenshot of the index and of every page kind, with sizes.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import write_corpus

PAGE_LIMIT = 2 * 2**20
# Not needed when nothing changed: the second run must not import them.
HEAVY = ("matplotlib", "nbconvert", "papermill", "nbclient", "pypdfium2", "pdfplumber", "rapidocr", "dask", "distributed")


def gi_reports(folder: Path, *args: str) -> tuple[float, str]:
    """Run `gi-reports ARGS` in `folder`; its wall time and what it printed."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "gi_reports", *args], cwd=folder, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"gi-reports {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start, done.stdout


def heavy_imports(folder: Path) -> list[str]:
    """The heavy top-level modules a `gi-reports all` in `folder` imports (from `python -X importtime`)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "gi_reports", "all"], cwd=folder, capture_output=True, text=True
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return [name for name in HEAVY if name in imported]


def screenshot(page: Path, png: Path, chromium: str) -> None:
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--screenshot={png}",
            "--window-size=1280,1600",
            page.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000, help="synthetic reports on the one year")
    parser.add_argument("--year", type=int, default=2023, help="the year they are on")
    parser.add_argument("--workers", type=int, default=2, help="parallel processes for build and render")
    parser.add_argument("--screenshots", type=Path, help="folder for PNG screenshots (needs chromium)")
    parser.add_argument("--keep", type=Path, help="work in this (new) folder and keep it, instead of a temporary one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        write_corpus(root / "data" / "raw", args.reports, args.year)
        print(f"== {args.reports:,} synthetic reports on {args.year}, {args.workers} workers")
        seconds, printed = gi_reports(root, "all", "--workers", str(args.workers))
        print(f"first `gi-reports all` (build + render): {seconds:.1f} s")
        print(
            "\n".join(f"  {line}" for line in printed.splitlines() if " s  " in line or " files: " in line or "made in" in line)
        )
        pages = sorted((root / "reports").rglob("*.html"))
        for page in pages:
            print(f"  {page.stat().st_size / 2**20:6.2f} MB  {page.relative_to(root)}")
        largest = max(pages, key=lambda p: p.stat().st_size)
        print(
            f"largest page {largest.stat().st_size / 2**20:.2f} MB ({largest.name}); "
            f"every page under 2 MB: {'yes' if largest.stat().st_size < PAGE_LIMIT else 'NO'}"
        )
        for data in (
            sorted((root / "reports").rglob("*.xlsx"))
            + sorted((root / "reports").rglob("*.csv"))
            + sorted((root / "reports").glob("*.zip"))
        ):
            print(f"  {data.stat().st_size / 2**20:6.2f} MB  {data.relative_to(root)}")
        seconds, printed = gi_reports(root, "all", "--workers", str(args.workers))
        print(f"second `gi-reports all`, nothing changed: {seconds:.1f} s  ({printed.strip().splitlines()[-1]})")
        build_seconds, _ = gi_reports(root, "build")
        render_seconds, _ = gi_reports(root, "render")
        print(f"  of which, alone: `gi-reports build` {build_seconds:.1f} s, `gi-reports render` {render_seconds:.1f} s")
        print(f"  heavy modules it imports: {', '.join(heavy_imports(root)) or 'none'}")
        chromium = shutil.which("chromium")
        if args.screenshots and chromium:
            args.screenshots.mkdir(parents=True, exist_ok=True)
            for page in [root / "reports" / "index.html", *(p for p in pages if p.name != "index.html")]:
                png = args.screenshots / f"{page.parent.name}_{page.stem}.png"
                screenshot(page, png, chromium)
                print(f"  screenshot {png} ({png.stat().st_size / 1024:.0f} KB)")
        elif args.screenshots:
            print("no chromium on PATH: no screenshots (apt-get install chromium)")


if __name__ == "__main__":
    main()
