"""Where things live, in one place: default folders (relative to where a command runs) and limits."""

from pathlib import Path

RAW_DIR = Path("data/raw")
PROCESSED_DIR = Path("data/processed")
REPORTS_DIR = Path("reports")
# The analysis notebooks ship inside the package, so an installed `gi-reports render` finds them anywhere.
NOTEBOOKS_DIR = Path(__file__).resolve().parent / "notebooks"

# A real annual report is at most a few MB as text and a few tens of MB as a PDF with images.
MAX_FILE_BYTES = 200_000_000
# What a reader unpacks or builds from one file: the text, fonts and pages of a real report inflate to a
# few tens of MB (images are never decoded); zip and PDF "bombs" inflate a small file to gigabytes.
MAX_INFLATED_BYTES = 200_000_000
MAX_PDF_PAGES = 500
MAX_CHARACTERS_PER_PAGE = 50_000  # a dense A4 page of small print has a few thousand
MAX_RULINGS_PER_PAGE = 2_000  # horizontal or vertical line pieces; a ruled table page has a few hundred
MAX_TABLE_CELLS = 100_000  # a report's tables have about 400


def find(path: str | Path) -> Path:
    """`path` as given when absolute or present here; else under the nearest parent folder that has it
    (a notebook opened in JupyterLab runs in notebooks/, its data is in ../data/processed)."""
    path = Path(path)
    if path.is_absolute() or path.exists():
        return path
    here = Path.cwd().resolve()
    return next((parent / path for parent in here.parents if (parent / path).exists()), path)
