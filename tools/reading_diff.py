"""Does a change keep every reading the same? `python tools/reading_diff.py OLD_TREE [--formats txt,md,html] [--also DIR ...]`.

Parses every input file under tests/fixtures, data/raw and the shared corpus (and any folder given
with --also, such as synthetic reports written for the purpose) with the package in OLD_TREE
(a `git worktree add --detach OLD_TREE main`) and with this tree's, and lists the files whose
reader blocks or parse rows (values, flags, raw texts, checks) or errors differ. A speed change must
list none.
"""

import argparse
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (ROOT / "tests" / "fixtures", ROOT / "data" / "raw", ROOT.parent / "shared" / "corpus" / "raw")


def readings(suffixes: set[str], folders: tuple[Path, ...]) -> dict[str, tuple]:
    """Each file's reader blocks and parse rows, as text (an error as its message)."""
    from gi_reports.parse.readers import read_document
    from gi_reports.parse.report import parse_rows

    found = {}
    paths = sorted(
        p for folder in folders if folder.exists() for p in folder.rglob("*") if p.suffix.lower().lstrip(".") in suffixes
    )
    for path in paths:
        found[str(path)] = tuple(_outcome(step, path) for step in (lambda p: read_document(p).blocks, parse_rows))
    return found


def _outcome(step, path: Path) -> str:
    try:
        return repr(step(path))
    except Exception as error:  # noqa: BLE001 — an error is an outcome to compare too
        return f"{type(error).__name__}: {error}"


def _dump(tree: Path, formats: str, also: list[Path], out: Path) -> dict[str, tuple]:
    extra = [arg for folder in also for arg in ("--also", str(folder.resolve()))]
    subprocess.run([sys.executable, __file__, "--dump", str(out), "--formats", formats, *extra], check=True, cwd=tree)
    return pickle.loads(out.read_bytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old_tree", type=Path, nargs="?")
    parser.add_argument("--formats", default="txt,md,html,htm,docx,pdf")
    parser.add_argument("--also", type=Path, action="append", default=[], help="another folder of files to compare")
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)  # the child process: dump this tree's readings
    args = parser.parse_args()
    if args.dump:
        sys.path.insert(0, str(Path.cwd()))
        args.dump.write_bytes(pickle.dumps(readings(set(args.formats.split(",")), (*FOLDERS, *args.also))))
        return
    with tempfile.TemporaryDirectory() as folder:
        old = _dump(args.old_tree.resolve(), args.formats, args.also, Path(folder) / "old")
        new = _dump(ROOT, args.formats, args.also, Path(folder) / "new")
    differ = sorted(path for path in old.keys() | new.keys() if old.get(path) != new.get(path))
    print(f"{len(new)} files, {len(differ)} read or parsed differently")
    for path in differ:
        print(f"  {path}")
    sys.exit(bool(differ))


if __name__ == "__main__":
    main()
