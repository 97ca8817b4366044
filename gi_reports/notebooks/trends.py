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
# # 趋势 · Trends over the years
#
# The headline figures year by year, over all reports and over the same agencies (those with a report in every year:
# a balanced panel, so that an agency entering the data is not mistaken for growth), the template change marked (the
# 2021 template replaced the 2019 one for the reports on 2021), the agencies followed across years, and year-on-year
# jumps worth a second look. Each point says how many reports it sums.

# %% tags=["parameters"]
first_year = None
last_year = None
data_dir = "data/processed"
lang = "zh"
include_failing = False

# %%
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from gi_reports import analysis
from gi_reports.analysis import trends
from gi_reports.analysis.coverage import note
from gi_reports.publish import charts

charts.setup()
tables = analysis.load_all(data_dir)
tables["reports"] = tables["reports"][tables["reports"]["year"].between(first_year or 0, last_year or 9999)]
every = trends.yearly(tables, include_failing=include_failing)
same = trends.yearly(tables, panel=True, include_failing=include_failing)
panel = same["reports"].max() if len(same) else 0
display(Markdown(f"**{len(tables['reports'])} reports on {len(every)} years**; {panel} agencies report on every one of them."))

# %% [markdown]
# ## 1. Headline figures per year · 逐年主要指标
#
# All reports, then the same agencies every year.

# %%
rates = {"disclosure_rate": "{:.1%}", "correction_rate": "{:.1%}"}
display(every.style.format(rates, na_rep="—").hide(axis="index"))
display(same.style.format(rates, na_rep="—").hide(axis="index"))
display(Markdown(note(every, lang)))

# %% [markdown]
# ## 2. Applications and disclosure rate · 申请量和公开率
#
# n = the reports behind each point; the dashed line marks the change of template.

# %%
series = {"all reports · 全部报告": every, "same agencies · 同一批机关": same}
charts.trend_chart(series, "new_received", "新收申请 · new applications")
plt.show()
charts.trend_chart(series, "disclosure_rate", "公开率 · (予以公开+部分公开)/总计", fmt="{:.0%}")
plt.show()

# %% [markdown]
# ## 3. The same agency over the years · 同一机关的历年数据

# %%
followed = trends.followed_agencies(tables)
for agency in followed.index[:5]:
    display(Markdown(f"**{agency}**"), trends.agency_series(tables, agency).style.hide(axis="index"))
display(Markdown(f"{len(followed)} agencies have reports on more than one year."))

# %% [markdown]
# ## 4. Unusual jumps · 异常变动
#
# New applications changing at least threefold (and by at least 20) from one report of an agency to its next: worth
# checking against the reports themselves.

# %%
display(trends.jumps(tables).style.hide(axis="index"))
