"""Test-session set-up: the sample dataset the notebooks read by default, the slow tier, and the
count of notebook executions (tests/conftest.py executes each notebook once, on one dataset)."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from gi_reports import config

ROOT = Path(__file__).resolve().parent
EXECUTIONS_LOG = "notebook_executions.log"  # one line per execution, written by tests/conftest.py


def pytest_sessionstart(session):
    """Build data/raw once into a temporary folder, never into the working tree, and point
    $GI_REPORTS_DATA at it: a notebook run without a data_dir parameter (nbval) reads it there.
    The folder is the session's: the executed notebooks of tests/conftest.py go there too.

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
        log = session.config.sample_dataset / EXECUTIONS_LOG
        session.config.notebook_executions = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        shutil.rmtree(session.config.sample_dataset, ignore_errors=True)


@pytest.fixture(scope="session")
def session_dir() -> Path:
    """The session's temporary folder, shared by the pytest-xdist workers."""
    return Path(os.environ[config.DATA_ENV]).parent


@pytest.fixture(scope="session")
def log_execution(session_dir):
    """Call with what was executed, once per notebook execution: the session's summary counts them."""

    def log(what: str) -> None:
        with open(session_dir / EXECUTIONS_LOG, "a", encoding="utf-8") as lines:
            lines.write(what + "\n")

    return log


def pytest_terminal_summary(terminalreporter, config):
    executions = getattr(config, "notebook_executions", None)
    if executions is not None:
        terminalreporter.write_line(f"notebook executions: {len(executions)}")


# Integration tests that take seconds each (the executed notebooks, OCR, fuzzing, Dask, processes
# killed and racing): `pytest -m "not slow"` leaves them out.
SLOW_FILES = ("test_scans.py", "test_fuzz.py", ".ipynb")
SLOW_FIXTURES = {"site"}  # tests/conftest.py: every notebook executed, every page rendered
SLOW_TESTS = ("test_random_values_survive_every_format", "test_a_dask_cluster_builds_the_same_dataset")


def pytest_collection_modifyitems(items):
    for item in items:
        if (
            item.path.name.endswith(SLOW_FILES)
            or getattr(item, "originalname", "") in SLOW_TESTS
            or SLOW_FIXTURES & set(getattr(item, "fixturenames", ()))
        ):
            item.add_marker(pytest.mark.slow)
