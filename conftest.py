"""Test-session set-up shared by pytest and nbval: the sample dataset the notebooks read."""

import os
import shutil
import tempfile
from pathlib import Path

from gi_reports import config

ROOT = Path(__file__).resolve().parent


def pytest_sessionstart(session):
    """Build data/raw once into a temporary folder, never into the working tree, and point
    $GI_REPORTS_DATA at it: the notebooks under nbval read it there.

    Under pytest-xdist the controller builds before it starts the workers (DSession sets them up
    last), and they inherit the variable; they only read the dataset."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    from gi_reports.corpus.build import build

    session.config.sample_dataset = Path(tempfile.mkdtemp(prefix="gi_reports-sample-"))
    build(ROOT / "data" / "raw", session.config.sample_dataset / "processed", progress=False)
    os.environ[config.DATA_ENV] = str(session.config.sample_dataset / "processed")


def pytest_sessionfinish(session):
    if hasattr(session.config, "sample_dataset"):
        shutil.rmtree(session.config.sample_dataset, ignore_errors=True)


# Integration tests that take seconds each (rendering, OCR, fuzzing, Dask): `pytest -m "not slow"` leaves them out.
SLOW_FILES = ("test_render.py", "test_scans.py", "test_fuzz.py", ".ipynb")
SLOW_TESTS = ("test_random_values_survive_every_format", "test_a_dask_cluster_builds_the_same_dataset")


def pytest_collection_modifyitems(items):
    import pytest

    for item in items:
        if item.path.name.endswith(SLOW_FILES) or getattr(item, "originalname", "") in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
