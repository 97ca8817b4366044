"""Computations the notebooks share, on the tables of data/processed.

Every rate states its numerator and denominator, so a reader can recompute it. Figures are
sums of the 总计 column across the reports of a year.
"""

from pathlib import Path

import pandas as pd

from . import codes, config
from .store import load

VOLUME_ROWS = ("new_received", "carried_over", "total_handled", "carried_forward")
RESULT_GROUPS = {
    "granted": ("granted",),
    "partially_granted": ("partially_granted",),
    "denied": tuple(c for c in codes.codes("row") if c.startswith("denied_")),
    "unavailable": tuple(c for c in codes.codes("row") if c.startswith("unavailable_")),
    "rejected": tuple(c for c in codes.codes("row") if c.startswith("rejected_")),
    # （六）其他处理: a leaf in 2019, the derived sum of its sub-rows in 2021.
    "other_handling": ("other_handling",),
}


def resolve(data_dir: str | Path) -> Path:
    """A data folder given relative to the project root (as notebook parameters are)."""
    path = Path(data_dir)
    return path if path.is_absolute() else config.ROOT / path


def load_year(data_dir: str | Path, year: int) -> dict[str, pd.DataFrame]:
    """Every table restricted to the reports on `year` (only that year's files are read)."""
    return load(resolve(data_dir), year=year)


def totals(applications: pd.DataFrame) -> pd.Series:
    """Row code → sum of the 总计 column over all reports (blank cells count as 0)."""
    total = applications[applications["applicant"] == "total"]
    return total.groupby("row", observed=False)["value"].sum().astype("int64")


def volumes(applications: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Received, carried over, handled, carried forward, with the clearance ratio."""
    sums = totals(applications).reindex(list(VOLUME_ROWS), fill_value=0)
    frame = pd.DataFrame(
        {"code": sums.index, "label": [codes.label("row", c, lang) for c in sums.index], "applications": sums.values}
    )
    return frame


def result_composition(applications: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """How the handled applications ended, by outcome group, with shares of （七）总计."""
    sums = totals(applications)
    counts = {group: int(sums.reindex(list(rows), fill_value=0).sum()) for group, rows in RESULT_GROUPS.items()}
    handled = int(sums.get("total_handled", 0))
    frame = pd.DataFrame({"group": list(counts), "applications": list(counts.values())})
    frame["label"] = [codes.label("result_group", g, lang) for g in frame["group"]]
    frame["share"] = frame["applications"] / handled if handled else float("nan")
    return frame.sort_values("applications", ascending=False, ignore_index=True)


def disclosure_rates(applications: pd.DataFrame) -> pd.DataFrame:
    """Disclosure rates in the variants researchers use, each with its numerator and denominator."""
    sums = totals(applications)

    def total(*rows: str) -> int:
        return int(sums.reindex(list(rows), fill_value=0).sum())

    granted, partial = total("granted"), total("partially_granted")
    denied = total(*RESULT_GROUPS["denied"])
    handled = total("total_handled")
    resolvable = handled - total(*RESULT_GROUPS["unavailable"], *RESULT_GROUPS["rejected"], "other_handling")
    variants = [
        ("granted_share", "予以公开 / 总计", granted, handled),
        ("granted_or_partial_share", "(予以公开+部分公开) / 总计", granted + partial, handled),
        (
            "granted_among_decided",
            "(予以公开+部分公开) / (予以公开+部分公开+不予公开)",
            granted + partial,
            granted + partial + denied,
        ),
        (
            "granted_among_resolvable",
            "(予以公开+部分公开) / (总计 − 无法提供 − 不予处理 − 其他处理)",
            granted + partial,
            resolvable,
        ),
    ]
    frame = pd.DataFrame(variants, columns=["rate", "definition", "numerator", "denominator"])
    frame["value"] = frame["numerator"] / frame["denominator"].where(frame["denominator"] > 0)
    return frame


def applicant_composition(applications: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """New applications by kind of applicant."""
    new = applications[(applications["row"] == "new_received") & (applications["applicant"] != "total")]
    sums = new.groupby("applicant", observed=False)["value"].sum().astype("int64").drop("total", errors="ignore")
    frame = pd.DataFrame({"applicant": sums.index.astype(str), "applications": sums.values})
    frame["label"] = [codes.label("applicant", a, lang) for a in frame["applicant"]]
    whole = frame["applications"].sum()
    frame["share"] = frame["applications"] / whole if whole else float("nan")
    return frame.sort_values("applications", ascending=False, ignore_index=True)


def per_agency(applications: pd.DataFrame, reports: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One row per report (agency): volumes, granted, disclosure rate; a totals row at the end."""
    total = applications[applications["applicant"] == "total"]
    grid = total.pivot_table(index="report_id", columns="row", values="value", aggfunc="sum", observed=True).fillna(0)
    wanted = [*VOLUME_ROWS, "granted", "partially_granted"]
    grid = grid.reindex(columns=wanted, fill_value=0).astype("int64")
    grid = reports.set_index("report_id")[["agency", "level"]].join(grid, how="inner")
    grid = grid.sort_values("new_received", ascending=False)
    grid.loc["total"] = ["合计" if lang == "zh" else "Total", "", *grid[wanted].sum().tolist()]
    grid["disclosure_rate"] = (grid["granted"] + grid["partially_granted"]) / grid["total_handled"].where(
        grid["total_handled"] > 0
    )
    headers = {c: codes.label("row", c, lang) for c in wanted}
    headers.update(
        agency="发布机关" if lang == "zh" else "Agency",
        level="层级" if lang == "zh" else "Level",
        disclosure_rate="公开率（予以公开+部分公开）/总计" if lang == "zh" else "Disclosure rate (granted+partial)/handled",
    )
    return grid.reset_index(drop=True).rename(columns=headers)
