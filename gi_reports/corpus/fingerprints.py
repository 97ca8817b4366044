"""The sha256 of files, remembered between runs by (path, size, mtime_ns).

A run that finds nothing changed still has to know it: hashing 10,000 reports and the dataset
each time is most of its cost. A file whose size and modification time are what they were when
it was hashed is taken to hold the same bytes; any other is hashed again, so the content still
decides (a file touched but identical is the same file). A file modified within the last
`RACY_NS` of being remembered is not remembered: a rewrite in the same clock tick would keep its
time (as git does with its index).
"""

import hashlib
import json
import os
import time
from pathlib import Path

RACY_NS = 2_000_000_000


def digest(*parts: str | bytes) -> str:
    """One short hash of several parts, kept apart so that ("ab", "c") and ("a", "bc") differ."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode() if isinstance(part, str) else part)
        hashed.update(b"\0")
    return hashed.hexdigest()[:16]


def sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


class Fingerprints:
    """A JSON file of path → [size, mtime_ns, sha256], plus named values that depend on those files."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            self.files, self.values = dict(saved["files"]), dict(saved["values"])
        except (OSError, ValueError, KeyError, TypeError):
            self.files, self.values = {}, {}
        self.changed = False
        self.seen: set[str] = set()  # only the files asked about are kept: one removed is forgotten

    def sha256(self, path: Path | str) -> str:
        """The hash of `path`'s bytes, read only when its stat is not the one it was hashed with."""
        name = os.fspath(path)
        info = os.stat(name)
        known = self.files.get(name)
        if not (known and known[0] == info.st_size and known[1] == info.st_mtime_ns):
            known = self.files[name] = [info.st_size, info.st_mtime_ns, sha256(name)]  # raises if it cannot be read
            self.changed = True
        self.seen.add(name)
        return known[2]

    def remember(self, name: str, value: str) -> None:
        self.changed |= self.values.get(name) != value
        self.values[name] = value

    def save(self) -> None:
        """Write what changed (atomically); files modified too recently to trust their time are left out."""
        if not self.changed and self.seen == set(self.files):
            return
        recent = time.time_ns() - RACY_NS
        files = {name: self.files[name] for name in self.seen if self.files[name][1] < recent}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        staging = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        staging.write_text(json.dumps({"files": files, "values": self.values}), encoding="utf-8")
        staging.replace(self.path)
        self.changed = False
