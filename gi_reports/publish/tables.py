"""Per-agency tables on a page: the largest and the smallest few, not all ten thousand agencies."""

import pandas as pd


def top_and_bottom(table: pd.DataFrame, n: int = 10, where: str = "the data files") -> pd.DataFrame:
    """The first and last `n` rows of a sorted table, and between them one row saying how many were left
    out and `where` they are; a table of at most 2n rows comes back whole."""
    if len(table) <= 2 * n:
        return table
    left_out = len(table) - 2 * n
    gap = pd.DataFrame({table.columns[0]: [f"… 另有 {left_out:,} 行 · {left_out:,} more rows in {where} …"]})
    return pd.concat([table.head(n), gap, table.tail(n)], ignore_index=True)
