"""`gi-reports`: parse one report, build a corpus, render the analysis notebooks."""

import argparse
import json
import sys
from importlib import metadata
from pathlib import Path

import pandas as pd

from . import config
from .errors import GiReportsError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="gi-reports",
        description="Government information disclosure annual reports → tidy, checked data.",
        formatter_class=_ShowDefaults,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {metadata.version('gi_reports')}")
    # Every subcommand's --help shows each option's default too.
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_parser_showing_defaults)

    parse = commands.add_parser("parse", help="parse one report and print its tables and checks")
    parse.add_argument("file", type=Path, help="a report: .txt, .md, .html, .docx or .pdf")
    parse.add_argument("--json", action="store_true", help="print machine-readable JSON instead of tables")

    build = commands.add_parser("build", help="parse every file under RAW_DIR into Parquet tables in PROCESSED_DIR")
    build.add_argument("raw_dir", nargs="?", type=Path, default=config.RAW_DIR, help="the report files, in any folders")
    build.add_argument("processed_dir", nargs="?", type=Path, default=config.PROCESSED_DIR, help="where the tables go")
    build.add_argument("--workers", type=int, default=None, help="parallel processes (default: all cores)")
    build.add_argument(
        "--scheduler", metavar="ADDRESS", help="run on a Dask cluster (e.g. tcp://host:8786) whose workers see RAW_DIR"
    )

    render = commands.add_parser(
        "render", help="render the notebooks to offline HTML pages, with the data files and the index (only what changed)"
    )
    render.add_argument("--year", type=int, action="append", help="year to render (repeatable; default: every year built)")
    render.add_argument("--processed-dir", type=Path, default=config.PROCESSED_DIR, help="the built dataset")
    render.add_argument("--out", type=Path, default=config.REPORTS_DIR, help="where the pages and data files go")
    _render_options(render)

    everything = commands.add_parser("all", help="build data/processed from data/raw, then render what changed")
    _render_options(everything)

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
        return _render(args.processed_dir, args.out, args.year, args.workers, args.force, args.headers)
    status = _build(config.RAW_DIR, config.PROCESSED_DIR, args.workers)
    return status or _render(config.PROCESSED_DIR, config.REPORTS_DIR, None, args.workers, args.force, args.headers)


class _ShowDefaults(argparse.ArgumentDefaultsHelpFormatter):
    """Help that ends with an option's default where it has one (not None, nor a flag's False)."""

    def _get_help_string(self, action):
        return action.help if action.default is None or action.default is False else super()._get_help_string(action)


def _parser_showing_defaults(**kwargs) -> argparse.ArgumentParser:
    return argparse.ArgumentParser(formatter_class=_ShowDefaults, **kwargs)


def _render_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--workers", type=int, default=None, help="parallel processes (default: all cores)")
    command.add_argument("--force", action="store_true", help="render every page and data file again, changed or not")
    command.add_argument("--headers", choices=["zh", "en"], default="zh", help="language of the data files' column headers")


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


def _render(processed_dir: Path, out: Path, years: list[int] | None, workers: int | None, force: bool, headers: str) -> int:
    from .publish.render import RenderError, render_all

    try:
        outputs = render_all(processed_dir, out, years, workers=workers, force=force, lang=headers)
    except (RenderError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for output in outputs:
        print(f"{'unchanged' if output.reused else f'{output.seconds:6.1f} s'}  {output.path}")
    made = [o for o in outputs if not o.reused]
    print(f"{len(made)} made in {sum(o.seconds for o in made):.1f} s of work, {len(outputs) - len(made)} unchanged → {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
