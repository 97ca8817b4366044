"""Table 二: what agencies disclosed on their own initiative (主动公开).

An agency's own sub-rows (e.g. 其他对外管理服务事项 split into 行政检查 and 行政确认) count toward
their item only where the item's own row is blank, so nothing is counted twice. Table 二 has no
identity to check: a figure sums every report (each agency-year once) and says how many gave the cell.
"""

import pandas as pd

from ..template import codes
from . import AGENCY_HEADERS, add_totals_row, per_report, with_agency
from .coverage import basis, covered

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


def _cells(data: dict[str, pd.DataFrame], items: tuple[str, ...], metric: str | None = None):
    """The basis of table 二 and its folded cells of `items` (of one `metric` when given)."""
    found = basis(data, "proactive")
    values = item_values(found.values)
    wanted = values["item"].isin(items) & (values["metric"] == metric if metric else True)
    return found, values[wanted]


def _summed(values: pd.DataFrame, by: list[str], name: str) -> pd.DataFrame:
    """Known values summed per `by`, with `reports`: how many reports gave a figure."""
    keyed = values.assign(**{key: values[key].astype(str) for key in by})
    grouped = keyed.groupby(by)["value"]
    return pd.DataFrame({name: grouped.sum(), "reports": grouped.count()}).reset_index()


def document_totals(data: dict[str, pd.DataFrame], lang: str = "zh") -> pd.DataFrame:
    """Rules and normative documents: each metric of the template summed over the reports."""
    found, values = _cells(data, DOCUMENT_ITEMS)
    sums = _summed(values, ["item", "metric"], "value")
    sums["item_label"] = [codes.label("item", i, lang) for i in sums["item"]]
    sums["metric_label"] = [codes.label("metric", m, lang) for m in sums["metric"]]
    return covered(sums.astype({"value": "int64"}), found.coverage(values))


def decision_totals(data: dict[str, pd.DataFrame], lang: str = "zh") -> pd.DataFrame:
    """Licensing, penalty, coercion (and 2019's other services) decisions, with how many reports gave them."""
    found, values = _cells(data, DECISION_ITEMS, "decisions")
    frame = _summed(values, ["item"], "decisions")
    frame["label"] = [codes.label("item", i, lang) for i in frame["item"]]
    frame = frame.astype({"decisions": "int64"}).sort_values("decisions", ascending=False, ignore_index=True)
    return covered(frame, found.coverage(values))


def money(data: dict[str, pd.DataFrame], lang: str = "zh") -> pd.DataFrame:
    """Fees (and 2019's procurement) in yuan and 万元."""
    found, values = _cells(data, MONEY_ITEMS, "amount_yuan")
    frame = _summed(values, ["item"], "amount_yuan")
    frame["amount_wan"] = frame["amount_yuan"] / WAN
    frame["label"] = [codes.label("item", i, lang) for i in frame["item"]]
    return covered(frame, found.coverage(values))


def per_agency(data: dict[str, pd.DataFrame], lang: str = "zh") -> pd.DataFrame:
    """One row per report: normative documents, decisions by item, fees in 万元; a totals row.

    Only the cells the year's template has appear (本年制发 in 2021, 本年新制作 in 2019); an unknown
    cell stays empty.
    """
    found = basis(data, "proactive")
    values = item_values(data["proactive"])
    values = values.assign(cell=values["item"].astype(str) + "/" + values["metric"].astype(str))
    wanted = [("normative_documents", "issued"), ("normative_documents", "made")]
    wanted += [(item, "decisions") for item in DECISION_ITEMS] + [("fees", "amount_yuan")]
    present = [(item, metric) for item, metric in wanted if f"{item}/{metric}" in set(values["cell"])]
    wide = per_report(values, "cell", [f"{item}/{metric}" for item, metric in present])
    wide.columns = [_header(item, metric, lang) for item, metric in present]
    if ("fees", "amount_yuan") in present:
        wide[_header("fees", "amount_yuan", lang)] /= WAN
    counts = [_header(item, metric, lang) for item, metric in present if metric != "amount_yuan"]
    table = with_agency(wide.astype({c: "Int64" for c in counts}), data["reports"], lang)
    table = table.sort_values(list(wide.columns[-1:]), ascending=False)
    counted = pd.Series(table.index.isin(found.reports["report_id"]))
    table = add_totals_row(table.reset_index(drop=True), list(wide.columns), counted, lang)
    shown = values[values["cell"].isin([f"{i}/{m}" for i, m in present]) & values["report_id"].isin(found.reports["report_id"])]
    return covered(table.rename(columns=AGENCY_HEADERS[lang]), found.coverage(shown))


def _header(item: str, metric: str, lang: str) -> str:
    if metric == "amount_yuan":
        return f"{codes.label('item', item, lang)}（万元）" if lang == "zh" else f"{codes.label('item', item, lang)} (10k yuan)"
    return f"{codes.label('item', item, lang)}·{codes.label('metric', metric, lang)}"


def by_level(data: dict[str, pd.DataFrame], lang: str = "zh") -> pd.DataFrame:
    """Decisions (all items) and fees in 万元 summed per administrative level, with report counts."""
    found = basis(data, "proactive")
    reports = found.reports
    values = item_values(found.values).merge(reports[["report_id", "level"]], on="report_id")
    decisions = values[values["item"].isin(DECISION_ITEMS) & (values["metric"] == "decisions")]
    fees = values[(values["item"] == "fees") & (values["metric"] == "amount_yuan")]
    frame = pd.DataFrame(
        {
            "reports": reports.groupby("level", observed=True)["report_id"].nunique(),
            "decisions": decisions.groupby("level", observed=True)["value"].sum(min_count=1),
            "fees_wan": fees.groupby("level", observed=True)["value"].sum(min_count=1) / WAN,
        }
    )
    frame.index.name = "level"
    frame = frame.reset_index()
    frame["label"] = [codes.label("level", level, lang) for level in frame["level"]]
    frame = frame.astype({"reports": "int64", "decisions": "Int64"}).sort_values("decisions", ascending=False, ignore_index=True)
    return covered(frame, found.coverage(pd.concat([decisions, fees])))


def largest(data: dict[str, pd.DataFrame], item: str, metric: str, n: int = 10) -> pd.DataFrame:
    """The `n` agencies with the largest figure for one cell (e.g. penalties/decisions)."""
    found, values = _cells(data, (item,), metric)
    cell = values[values["value"] > 0].merge(found.reports[["report_id", "agency", "level"]], on="report_id")
    return covered(cell.nlargest(n, "value")[["agency", "level", "value"]].reset_index(drop=True), found.coverage(values))
