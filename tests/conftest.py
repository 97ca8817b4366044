import csv
import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_DIR = ROOT / "data" / "raw" / "2020"
SEED_LABELS = sorted((FIXTURES / "seeds" / "labels").glob("*.json"))
CORPUS_DIR = FIXTURES / "corpus"
CORPUS_LABELS = sorted((CORPUS_DIR / "labels").glob("*.json"))
# The one list of sample reports (data/samples.csv): each real report once, in data/raw, with its labels if any.
SAMPLES = list(csv.DictReader((ROOT / "data" / "samples.csv").open(encoding="utf-8")))
CORPUS_RAW = {row["corpus_file"]: ROOT / row["file"] for row in SAMPLES if row["corpus_file"]}  # "001.pdf" → data/raw/…


def label(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


CONVERTED_DIR = FIXTURES / "converted"


def converted_label(file: str) -> dict:
    """The label of a file under CONVERTED_DIR (a converter's output or one of its sources), from the manifest."""
    with open(CONVERTED_DIR / "manifest.csv", encoding="utf-8") as manifest:
        row = next(r for r in csv.DictReader(manifest) if CONVERTED_DIR / file in (CONVERTED_DIR / r["file"], ROOT / r["source"]))
    return label(ROOT / row["label"])


# The five hand-labelled seeds; data/raw/2020 also holds an unlabelled real report.
SEED_FILES = [SEED_DIR / label(p)["file"] for p in SEED_LABELS]


def copy_seeds(destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for path in SEED_FILES:
        shutil.copy(path, destination / path.name)
    return destination


@pytest.fixture(scope="session")
def seed_reports():
    from gi_reports import read_report

    return {p.name: read_report(p) for p in SEED_FILES}
