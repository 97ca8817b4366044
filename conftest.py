"""Test-session set-up shared by pytest and nbval: the sample dataset the notebooks read."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def pytest_sessionstart(session):
    """Build data/processed from data/raw once, so notebooks under nbval have real data.

    Under pytest-xdist the controller builds before it starts the workers; they only read it."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    from gi_reports.corpus.build import build

    build(ROOT / "data" / "raw", ROOT / "data" / "processed", progress=False)


# Integration tests that take seconds each (rendering, OCR, fuzzing, Dask): `pytest -m "not slow"` leaves them out.
SLOW_FILES = ("test_render.py", "test_scans.py", "test_fuzz.py", ".ipynb")
SLOW_TESTS = ("test_random_values_survive_every_format", "test_a_dask_cluster_builds_the_same_dataset")


def pytest_collection_modifyitems(items):
    import pytest

    for item in items:
        if item.path.name.endswith(SLOW_FILES) or getattr(item, "originalname", "") in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
