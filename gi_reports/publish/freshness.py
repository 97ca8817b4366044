"""When a rendered file is out of date: a key per output from everything that made it.

Like the build's cache, by content, not by time: the build rewrites data/processed with the same
bytes when nothing changed, so a timestamp would redo every page. A page's key hashes its
notebook, the package (version and the source of the analyses and of this publishing code), and
the data files it reads: one year's, or every year's for a page that reads them all.
"""

import json
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path

from ..corpus.fingerprints import digest

PACKAGE = Path(__file__).resolve().parent.parent
MANIFEST = ".render-manifest.json"
FINGERPRINTS = ".render-fingerprints.json"  # the data files' hashes by their stat: see corpus/fingerprints.py


@cache
def code_version() -> str:
    """The package version and a hash of the code that computes and lays out every page."""
    sources = sorted(
        p
        for folder in ("analysis", "publish")
        for p in (PACKAGE / folder).rglob("*")
        if p.is_file() and p.suffix in {".py", ".j2", ".json"}
    )
    return digest(metadata.version("gi_reports"), *(p.read_bytes() for p in sources))


def data_files(processed_dir: Path, year: int | None) -> list[Path]:
    """The Parquet files a page on `year` reads (the tables without a year folder, and that year's
    folder of each other table), or every file when `year` is None."""
    files = sorted(processed_dir.rglob("*.parquet"))
    if year is None:
        return files
    return [f for f in files if f.parent == processed_dir or f.relative_to(processed_dir).parts[1] == str(year)]


def data_version(processed_dir: Path, year: int | None, content_hash: Callable[[Path], str]) -> str:
    """A hash of the data files a page on `year` reads; `content_hash` remembers each file's (Fingerprints)."""
    return digest(*(f"{f.relative_to(processed_dir).as_posix()}:{content_hash(f)}" for f in data_files(processed_dir, year)))


class Manifest:
    """reports/.render-manifest.json: output path (relative to the reports folder) → the key it was made with."""

    def __init__(self, out: Path):
        self.path = out / MANIFEST
        self.out = out
        self.keys = json.loads(self.path.read_text(encoding="utf-8")) if self.path.exists() else {}

    def fresh(self, output: Path, key: str) -> bool:
        return (self.out / output).exists() and self.keys.get(output.as_posix()) == key

    def record(self, output: Path, key: str) -> None:
        self.keys[output.as_posix()] = key

    def save(self) -> None:
        self.path.write_text(json.dumps(self.keys, indent=1, sort_keys=True), encoding="utf-8")
