# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 机关概览 · Agency profile
#
# One agency over every year it reported: its figures side by side, its rates against its peers,
# the checks its reports failed, the carry-over from one year to the next, how much of each year's
# text repeats the previous year's, and for every figure the raw cell text and where it was found.

# %% tags=["parameters"]
agency = "350128/平潭综合实验区"
data_dir = "data/processed"
raw_dir = "data/raw"
lang = "zh"

# %%
from IPython.display import Markdown, display

from gi_reports import analysis
from gi_reports.analysis import geography, peers, profile

data = analysis.load_all(data_dir)
agency_id = profile.find(data["reports"], agency)
mine = profile.reports_of(data["reports"], agency_id)
latest = mine.iloc[-1]
place = "".join(latest[["province", "city", "county"]].dropna())
display(
    Markdown(
        f"**{latest['agency_name'] if latest.notna()['agency_name'] else latest['agency']}** (`{agency_id}`; {place or 'unplaced'}): "
        f"{len(mine)} reports, {', '.join(map(str, mine['year']))}."
    )
)
display(mine[["year", "agency", "path", "format", "template", "status", "problems", "agency_flags"]].style.hide(axis="index"))

# %% [markdown]
# ## 1. Every year side by side · 逐年对照
#
# Table 三 (总计 column) and table 四 as reported, one column per year.

# %%
display(profile.side_by_side(data, mine["report_id"], lang))

# %% [markdown]
# ## 2. Against its peers · 同类比较
#
# Each year's rates against the reports of the same year, level and kind; quartiles only with at least 30 peers.

# %%
compared = peers.compare(geography.report_figures(data))
compared = compared[compared["agency_id"] == agency_id]
display(
    compared[["year", "level", "kind", "rate", "value", "peers", "q1", "median", "q3", "position"]]
    .style.format({"value": "{:.1%}", "q1": "{:.1%}", "median": "{:.1%}", "q3": "{:.1%}"}, na_rep="—")
    .hide(axis="index")
)

# %% [markdown]
# ## 3. Checks and carry-over · 校验与结转
#
# The checks its reports did not pass, then 结转下年度 of each year against 上年结转 of the next (shown, never corrected).

# %%
failed = profile.failed_checks(data["checks"], mine["report_id"])
display(Markdown(f"{len(failed)} failed checks.") if failed.empty else failed.style.hide(axis="index"))
chain = profile.carry_over(data, mine)
display(Markdown("Only one year: no carry-over to compare.") if chain.empty else chain.style.hide(axis="index"))

# %% [markdown]
# ## 4. Repeated text · 文本重复
#
# The dataset keeps figures, not text: each report is read again from `raw_dir` with the package's readers.
# The share is the part of a year's 8-character runs (white space removed) that also occur in the previous report.

# %%
repeated = profile.repeated_text(mine, raw_dir)
display(repeated.style.format({"repeated_share": "{:.0%}"}, na_rep="—").hide(axis="index"))

# %% [markdown]
# ## 5. Where every figure came from · 数据来源
#
# Each figure with the cell text as found and its place in the file.

# %%
display(profile.provenance(data, mine["report_id"]).style.hide(axis="index"))
