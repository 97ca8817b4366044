"""An agency's rates against its peers: the reports of the same year, level of government and kind of body.

Quartiles of fewer than `MINIMUM_PEERS` rates would move with every report added, so under that
the comparison gives the number of peers and no quartiles.
"""

import pandas as pd

from .geography import RATES

MINIMUM_PEERS = 30
PEER_GROUP = ["year", "level", "kind"]


def compare(figures: pd.DataFrame, minimum: int = MINIMUM_PEERS) -> pd.DataFrame:
    """One row per report and rate: its value, the number of peers with that rate, their quartiles and where it falls."""
    long = figures.melt(
        id_vars=["report_id", "agency", "agency_id", *PEER_GROUP], value_vars=list(RATES), var_name="rate", value_name="value"
    )
    groups = long.dropna(subset=["value"]).groupby([*PEER_GROUP, "rate"], observed=True)["value"]
    stats = groups.agg(peers="count", q1=lambda v: v.quantile(0.25), median="median", q3=lambda v: v.quantile(0.75))
    stats.loc[stats["peers"] < minimum, ["q1", "median", "q3"]] = float("nan")
    table = long.merge(stats.reset_index(), on=[*PEER_GROUP, "rate"], how="left")
    table["peers"] = table["peers"].fillna(0).astype("int64")
    table["position"] = [position(v, q1, q3) for v, q1, q3 in zip(table["value"], table["q1"], table["q3"])]
    return table


def position(value: float, q1: float, q3: float) -> str:
    """below_q1, q1_q3 or above_q3; empty when the value or the quartiles are missing."""
    if pd.isna(value) or pd.isna(q1):
        return ""
    return "below_q1" if value < q1 else "above_q3" if value > q3 else "q1_q3"
