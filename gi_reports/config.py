"""Where things live, in one place: default folders (relative to where a command runs) and limits."""

import os
from pathlib import Path

RAW_DIR = Path("data/raw")
PROCESSED_DIR = Path("data/processed")
REPORTS_DIR = Path("reports")
# The analysis notebooks ship inside the package, so an installed `gi-reports render` finds them anywhere.
NOTEBOOKS_DIR = Path(__file__).resolve().parent / "notebooks"

# Limits per file. A real annual report is at most a few MB as text or HTML and a few tens of MB as a
# PDF with images; anything beyond these is refused, never allowed to take a build's memory or time.
MAX_FILE_BYTES = 200_000_000  # bytes read from disk, any format
MAX_TEXT_BYTES = 20_000_000  # bytes of a text or HTML file (its parse needs ~20x that in memory)
# What a reader unpacks or builds from one file: the text, fonts and pages of a real report inflate to a
# few tens of MB (images are never decoded); zip and PDF "bombs" inflate a small file to gigabytes.
MAX_INFLATED_BYTES = 200_000_000
MAX_PDF_PAGES = 500
MAX_CHARACTERS_PER_PAGE = 50_000  # a dense A4 page of small print has a few thousand
MAX_RULINGS_PER_PAGE = 2_000  # horizontal or vertical line pieces; a ruled table page has a few hundred
MAX_TABLE_CELLS = 100_000  # a report's tables have about 400
MAX_SPAN_AREA = 10_000  # grid positions one merged HTML cell may cover (rowspan × colspan)
# The build enforces these two on the process that parses each file.
MAX_SECONDS = 60  # wall-clock time to parse one file
MAX_MEMORY_BYTES = 4_000_000_000  # address space of the process that parses it


# A notebook run without a data_dir parameter (nbval, JupyterLab) reads the dataset named by this variable
# instead of data/processed: the test session points it at the sample dataset it builds in a temporary folder.
DATA_ENV = "GI_REPORTS_DATA"


def find(path: str | Path) -> Path:
    """`path` as given when absolute or present here; else under the nearest parent folder that has it
    (a notebook opened in JupyterLab runs in notebooks/, its data is in ../data/processed).
    The default data/processed is $GI_REPORTS_DATA when that is set."""
    path = Path(path)
    if path == PROCESSED_DIR and os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    if path.is_absolute() or path.exists():
        return path
    here = Path.cwd().resolve()
    return next((parent / path for parent in here.parents if (parent / path).exists()), path)
