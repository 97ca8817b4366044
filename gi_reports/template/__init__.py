"""The template data (codes, labels, phrases), reviewed as CSV files beside the code."""

from importlib import resources

import pandas as pd


def read(name: str) -> pd.DataFrame:
    """One of the CSV files here, every field as text (an empty field stays "")."""
    with resources.files(__name__).joinpath(name).open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)
