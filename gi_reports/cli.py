"""`gi-reports`: parse one report, build a corpus, render the analysis notebooks."""

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from . import config
from .errors import GiReportsError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="gi-reports", description="Government information disclosure annual reports → tidy, checked data."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    parse = commands.add_parser("parse", help="parse one report and print its tables and checks")
    parse.add_argument("file", type=Path)
    parse.add_argument("--json", action="store_true", help="print machine-readable JSON instead of tables")

    build = commands.add_parser("build", help="parse every file under RAW_DIR into Parquet tables in PROCESSED_DIR")
    build.add_argument("raw_dir", nargs="?", type=Path, default=config.RAW_DIR)
    build.add_argument("processed_dir", nargs="?", type=Path, default=config.PROCESSED_DIR)
    build.add_argument("--workers", type=int, default=None, help="parallel processes (default: all cores)")
    build.add_argument(
        "--scheduler", metavar="ADDRESS", help="run on a Dask cluster (e.g. tcp://host:8786) whose workers see RAW_DIR"
    )

    render = commands.add_parser("render", help="execute the notebooks with papermill and render them to HTML")
    render.add_argument("--year", type=int, action="append", help="year to render (repeatable; default: every year built)")
    render.add_argument("--processed-dir", type=Path, default=config.PROCESSED_DIR)
    render.add_argument("--out", type=Path, default=config.REPORTS_DIR)

    everything = commands.add_parser("all", help="build data/processed from data/raw, then render every year")
    everything.add_argument("--workers", type=int, default=None)

    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except GiReportsError as error:
        print(f"error: {error}", file=sys.stderr)
    except OSError as error:  # e.g. an output folder that cannot be written
        print(f"error: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted; a build resumes from its last finished batch", file=sys.stderr)
    except Exception as error:  # a bug of ours: still one line, and the way to report it
        print(f"error: internal error {type(error).__name__}: {error} (please report it)", file=sys.stderr)
    return 2


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "parse":
        return _parse(args.file, args.json)
    if args.command == "build":
        return _build(args.raw_dir, args.processed_dir, args.workers, args.scheduler)
    if args.command == "render":
        return _render(args.processed_dir, args.out, args.year)
    status = _build(config.RAW_DIR, config.PROCESSED_DIR, args.workers)
    return status or _render(config.PROCESSED_DIR, config.REPORTS_DIR, None)


def _parse(path: Path, as_json: bool) -> int:
    from .parse.report import read_report

    report = read_report(path)
    tables = {
        "proactive": report.proactive,
        "applications": report.applications,
        "review_litigation": report.review_litigation,
        "checks": report.checks,
    }
    if as_json:
        payload = {
            "meta": report.meta,
            **{name: json.loads(t.to_json(orient="records", force_ascii=False)) for name, t in tables.items()},
        }
        print(json.dumps(payload, ensure_ascii=False, indent=1))
        return 0
    print(" · ".join(f"{k}: {v}" for k, v in report.meta.items()))
    with pd.option_context("display.max_rows", None, "display.width", 160):
        print("\n二、主动公开 (proactive)\n", report.proactive.drop(columns="source").to_string(index=False))
        grid = report.applications.pivot_table(index="row", columns="applicant", values="value", aggfunc="first", observed=True)
        print("\n三、依申请公开 (applications)\n", grid.to_string())
        review = report.review_litigation.pivot_table(
            index="proceeding", columns="outcome", values="value", aggfunc="first", observed=True
        )
        print("\n四、复议诉讼 (review_litigation)\n", review.to_string())
        problems = report.problems()
        print(f"\nchecks: {len(report.checks)} run, {len(problems)} need a look")
        if len(problems):
            print(problems.to_string(index=False))
    return 0


def _build(raw_dir: Path, processed_dir: Path, workers: int | None, scheduler: str | None = None) -> int:
    from .corpus.build import build

    result = build(raw_dir, processed_dir, workers=workers, scheduler=scheduler)
    reports, failures = result.reports, result.failures
    print(
        f"{len(reports) + len(failures)} files: {int((reports['status'] == 'ok').sum())} parsed, "
        f"{int((reports['status'] == 'warnings').sum())} parsed with warnings, {len(failures)} failed → {processed_dir} "
        f"({result.parsed} parsed now, {result.reused} unchanged since the last build)"
    )
    for failure in failures.itertuples():
        print(f"  failed: {failure.path}: {failure.reason}")
    return 0


def _render(processed_dir: Path, out: Path, years: list[int] | None) -> int:
    from .publish.render import render_all

    for path in render_all(processed_dir, out, years):
        print(f"rendered {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
