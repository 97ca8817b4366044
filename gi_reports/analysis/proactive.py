"""Table 二: what agencies disclosed on their own initiative (主动公开).

An agency's own sub-rows (e.g. 其他对外管理服务事项 split into 行政检查 and 行政确认) count toward
their item only where the item's own row is blank, so nothing is counted twice.
"""

import pandas as pd

from ..template import codes
from . import AGENCY_HEADERS, add_totals_row, with_agency

DOCUMENT_ITEMS = ("rules", "normative_documents")
DECISION_ITEMS = ("licensing", "other_services", "penalties", "coercion")
MONEY_ITEMS = ("fees", "procurement")
WAN = 10_000  # yuan in a 万元, the unit the template prints money in


def item_values(proactive: pd.DataFrame) -> pd.DataFrame:
    """report_id, item, metric, value: one figure per report and cell, sub-rows folded in."""
    keys = ["report_id", "item", "metric"]
    main = proactive[proactive["sub_label"].isna()].groupby(keys, observed=True)["value"].sum(min_count=1)
    subs = proactive[proactive["sub_label"].notna()].groupby(keys, observed=True)["value"].sum(min_count=1)
    values = main.combine_first(subs) if len(subs) else main
    return values.rename("value").reset_index()


def document_totals(proactive: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Rules and normative documents: each metric of the template summed over the reports."""
    values = item_values(proactive)
    values = values[values["item"].isin(DOCUMENT_ITEMS)]
    sums = values.groupby(["item", "metric"], observed=True)["value"].sum().reset_index()
    sums["item_label"] = [codes.label("item", i, lang) for i in sums["item"]]
    sums["metric_label"] = [codes.label("metric", m, lang) for m in sums["metric"]]
    return sums.astype({"value": "int64"})


def decision_totals(proactive: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Licensing, penalty, coercion (and 2019's other services) decisions, with how many reports gave them."""
    values = item_values(proactive)
    values = values[values["item"].isin(DECISION_ITEMS) & (values["metric"] == "decisions")]
    frame = values.groupby("item", observed=True)["value"].agg(decisions="sum", reports="count").reset_index()
    frame["label"] = [codes.label("item", i, lang) for i in frame["item"]]
    return frame.astype({"decisions": "int64"}).sort_values("decisions", ascending=False, ignore_index=True)


def money(proactive: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Fees (and 2019's procurement) in yuan and 万元."""
    values = item_values(proactive)
    values = values[values["item"].isin(MONEY_ITEMS) & (values["metric"] == "amount_yuan")]
    frame = values.groupby("item", observed=True)["value"].agg(amount_yuan="sum", reports="count").reset_index()
    frame["amount_wan"] = frame["amount_yuan"] / WAN
    frame["label"] = [codes.label("item", i, lang) for i in frame["item"]]
    return frame


def per_agency(proactive: pd.DataFrame, reports: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One row per report: normative documents, decisions by item, fees in 万元; a totals row.

    Only the cells the year's template has appear (本年制发 in 2021, 本年新制作 in 2019).
    """
    values = item_values(proactive)
    wanted = [("normative_documents", "issued"), ("normative_documents", "made")]
    wanted += [(item, "decisions") for item in DECISION_ITEMS] + [("fees", "amount_yuan")]
    wide = values.pivot_table(index="report_id", columns=["item", "metric"], values="value", aggfunc="sum", observed=True)
    present = [cell for cell in wanted if cell in wide.columns]
    wide = wide.reindex(columns=pd.MultiIndex.from_tuples(present)).fillna(0)
    wide.columns = [_header(item, metric, lang) for item, metric in present]
    if ("fees", "amount_yuan") in present:
        wide[_header("fees", "amount_yuan", lang)] /= WAN
    counts = [_header(item, metric, lang) for item, metric in present if metric != "amount_yuan"]
    table = with_agency(wide.astype({c: "int64" for c in counts}), reports, lang)
    table = table.sort_values(list(wide.columns[-1:]), ascending=False).reset_index(drop=True)
    return add_totals_row(table, list(wide.columns), lang).rename(columns=AGENCY_HEADERS[lang])


def _header(item: str, metric: str, lang: str) -> str:
    if metric == "amount_yuan":
        return f"{codes.label('item', item, lang)}（万元）" if lang == "zh" else f"{codes.label('item', item, lang)} (10k yuan)"
    return f"{codes.label('item', item, lang)}·{codes.label('metric', metric, lang)}"


def by_level(proactive: pd.DataFrame, reports: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Decisions (all items) and fees in 万元 summed per administrative level, with report counts."""
    values = item_values(proactive).merge(reports[["report_id", "level"]], on="report_id")
    decisions = values[values["item"].isin(DECISION_ITEMS) & (values["metric"] == "decisions")]
    fees = values[(values["item"] == "fees") & (values["metric"] == "amount_yuan")]
    frame = pd.DataFrame(
        {
            "reports": reports.groupby("level")["report_id"].nunique(),
            "decisions": decisions.groupby("level")["value"].sum(),
            "fees_wan": fees.groupby("level")["value"].sum() / WAN,
        }
    ).fillna(0)
    frame.index.name = "level"
    frame = frame.reset_index()
    frame["label"] = [codes.label("level", level, lang) for level in frame["level"]]
    return frame.astype({"reports": "int64", "decisions": "int64"}).sort_values("decisions", ascending=False, ignore_index=True)


def largest(proactive: pd.DataFrame, reports: pd.DataFrame, item: str, metric: str, n: int = 10) -> pd.DataFrame:
    """The `n` agencies with the largest figure for one cell (e.g. penalties/decisions)."""
    values = item_values(proactive)
    cell = values[(values["item"] == item) & (values["metric"] == metric) & (values["value"] > 0)]
    cell = cell.merge(reports[["report_id", "agency", "level"]], on="report_id")
    return cell.nlargest(n, "value")[["agency", "level", "value"]].reset_index(drop=True)
