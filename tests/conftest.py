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


# The one dataset every notebook is executed on, once per session: real reports that break the rules
# beside good ones. 2020: the five seeds and pingtan_2020 (its table 三's results do not add up to its
# total; its table 二 cells are glued); 2023: hongze (table 四's 总计 is 0, its parts 16) with two good
# reports, one of them also filed, a line longer, under 2026/ (a wrong folder, and the same agency twice).
# A second year, because no 2020 report breaks table 四 or is filed twice; it also gives the trends two points.
SITE_YEARS = (2020, 2023)


def write_mixed_corpus(raw: Path, years: tuple[int, ...] = SITE_YEARS) -> Path:
    """data/raw's folders of `years` (2023 among them) and the copy of pingtan_012 filed under 2026/."""
    for year in years:
        shutil.copytree(ROOT / "data" / "raw" / str(year), raw / str(year))
    (raw / "2026").mkdir()
    copy = (raw / "2023" / "pingtan_012.txt").read_text(encoding="utf-8") + "\n（重复上传）\n"
    (raw / "2026" / "pingtan_012.txt").write_text(copy, encoding="utf-8")
    return raw


def make_site(root: Path, log_execution) -> None:
    """Build the dataset, render every page as `gi-reports render` does, and run the one notebook
    the render does not make a page of (agency_profile) with papermill."""
    import papermill

    from gi_reports import config
    from gi_reports.cli import main
    from gi_reports.corpus.build import build

    build(write_mixed_corpus(root / "raw"), root / "processed", workers=1, progress=False)
    assert main(["render", "--processed-dir", str(root / "processed"), "--out", str(root / "reports")]) == 0
    for page in sorted((root / "reports").rglob("*.html")):
        if page.name != "index.html":
            log_execution(f"render {page.relative_to(root / 'reports').as_posix()}")
    papermill.execute_notebook(
        str(config.NOTEBOOKS_DIR / "agency_profile.ipynb"),
        str(root / "agency_profile.ipynb"),
        parameters={"data_dir": str(root / "processed"), "raw_dir": str(root / "raw")},
        progress_bar=False,
        extra_arguments=["--log-level=CRITICAL"],
    )
    log_execution("papermill agency_profile.ipynb")


@pytest.fixture(scope="session")
def site(make_once, log_execution) -> Path:
    """The one dataset with its rendered pages and data files (reports/) and the executed agency
    profile, made once per session (under pytest-xdist by the first worker that asks)."""
    return make_once("site", lambda root: make_site(root, log_execution))
