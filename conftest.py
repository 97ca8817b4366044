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
    """A temporary folder for the session, never the working tree, shared by the pytest-xdist workers
    (the controller makes it before it starts them; they inherit the variable). $GI_REPORTS_DATA points
    at the sample dataset in it: data/raw built, for a notebook run without a data_dir parameter.
    nbval's kernels read it by themselves, so it is built now when nbval runs, else when a test asks."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    session.config.session_dir = Path(tempfile.mkdtemp(prefix="gi_reports-test-"))
    os.environ[config.DATA_ENV] = str(session.config.session_dir / "sample" / "processed")
    if session.config.getoption("nbval", False) or session.config.getoption("nbval_lax", False):
        made_once(session.config.session_dir / "sample", build_sample)


def build_sample(folder: Path) -> None:
    from gi_reports.corpus.build import build

    build(ROOT / "data" / "raw", folder / "processed", progress=False)


def made_once(folder: Path, make) -> Path:
    """`folder`, made by `make(folder)` in whichever process of the session asks first; the others wait."""
    from filelock import FileLock

    with FileLock(folder.with_name(folder.name + ".lock")):
        if not (folder / ".made").exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            (folder / ".made").touch()
    return folder


def pytest_sessionfinish(session):
    if hasattr(session.config, "session_dir"):
        log = session.config.session_dir / EXECUTIONS_LOG
        session.config.notebook_executions = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        shutil.rmtree(session.config.session_dir, ignore_errors=True)


def session_folder() -> Path:
    """The session's temporary folder (its sample dataset's grandparent), in any of its processes."""
    return Path(os.environ[config.DATA_ENV]).parent.parent


def record_execution(what: str) -> None:
    """One line per notebook execution; the session's summary counts them."""
    with open(session_folder() / EXECUTIONS_LOG, "a", encoding="utf-8") as lines:
        lines.write(what + "\n")


@pytest.fixture(scope="session")
def make_once():
    """Call with a folder name and a function that fills the folder: it runs once per session."""
    return lambda name, make: made_once(session_folder() / name, make)


@pytest.fixture(scope="session")
def sample_dataset(make_once) -> Path:
    """data/raw built into the session's folder: what $GI_REPORTS_DATA names."""
    return make_once("sample", build_sample) / "processed"


@pytest.fixture(scope="session")
def log_execution():
    """Call with what was executed, once per notebook execution."""
    return record_execution


def pytest_runtest_setup(item):
    """nbval starts a notebook's kernel at its first cell: one execution, counted as the others."""
    if item.path.suffix == ".ipynb" and item.name == "Cell 0":
        record_execution(f"nbval {item.path.name}")


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
