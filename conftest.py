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
