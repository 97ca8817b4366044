"""Where things live, in one place: default folders (relative to where a command runs) and limits."""

from pathlib import Path

RAW_DIR = Path("data/raw")
PROCESSED_DIR = Path("data/processed")
REPORTS_DIR = Path("reports")
# The analysis notebooks ship inside the package, so an installed `gi-reports render` finds them anywhere.
NOTEBOOKS_DIR = Path(__file__).resolve().parent / "notebooks"

# Limits per file. A real annual report is at most a few MB as text or HTML and a few tens of MB as a
# PDF with images; anything beyond these is refused with `LimitExceeded`, never allowed to take a
# build's memory or time. The build enforces the last two on the process that parses the file.
MAX_FILE_BYTES = 200_000_000  # bytes read from disk, any format
MAX_TEXT_BYTES = 20_000_000  # bytes of a text or HTML file (its parse needs ~20x that in memory)
MAX_DECOMPRESSED_BYTES = 200_000_000  # DOCX/PDF content once unpacked
MAX_CELLS = 1_000_000  # grid positions of one table
MAX_SPAN_AREA = 100_000  # grid positions one merged HTML cell may cover (rowspan × colspan)
MAX_PAGES = 500
MAX_SECONDS = 60  # wall-clock time to parse one file
MAX_MEMORY_BYTES = 4_000_000_000  # address space of the process that parses it


def find(path: str | Path) -> Path:
    """`path` as given when absolute or present here; else under the nearest parent folder that has it
    (a notebook opened in JupyterLab runs in notebooks/, its data is in ../data/processed)."""
    path = Path(path)
    if path.is_absolute() or path.exists():
        return path
    here = Path.cwd().resolve()
    return next((parent / path for parent in here.parents if (parent / path).exists()), path)
