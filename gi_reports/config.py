"""Where things live, in one place: the repository's data and output folders."""

import os
from pathlib import Path


def _project_root() -> Path:
    """GI_REPORTS_ROOT, else the nearest folder up from here holding data/raw (so notebooks find it)."""
    if "GI_REPORTS_ROOT" in os.environ:
        return Path(os.environ["GI_REPORTS_ROOT"])
    here = Path.cwd().resolve()
    return next((p for p in (here, *here.parents) if (p / "data" / "raw").is_dir()), here)


ROOT = _project_root()
RAW_DIR = ROOT / "data" / "raw"
PROCESSED_DIR = ROOT / "data" / "processed"
REPORTS_DIR = ROOT / "reports"
NOTEBOOKS_DIR = ROOT / "notebooks"

# A real annual report is at most a few MB as text and a few tens of MB as a PDF with images.
MAX_FILE_BYTES = 200_000_000
