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
# # 行政复议、行政诉讼 · Administrative review and litigation
#
# How the agencies' disclosure decisions fared when challenged (table 四 of the annual reports): outcomes of 行政复议, of
# lawsuits filed directly (未经复议直接起诉) and after review (复议后起诉). Figures sum the reports whose 总计 equals the sum
# of its outcomes, each agency-year once; the others are listed with why, and shown as printed in the per-agency table.

# %% tags=["parameters"]
year = 2020
data_dir = "data/processed"
lang = "zh"
include_failing = False

# %%
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from gi_reports import analysis
from gi_reports.analysis import review
from gi_reports.analysis.coverage import note
from gi_reports.publish import charts

charts.setup()
data = analysis.load_year(data_dir, year)
display(Markdown(analysis.headline(data["reports"], year, data_dir)))

# %% [markdown]
# ## 1. Outcomes · 结果
#
# Cases by proceeding and all five outcomes, summed over the reports, with the sum of the four parts beside the 总计.

# %%
counts = review.outcome_counts(data, lang, include_failing)
charts.outcome_chart(counts, f"{year}年 复议和诉讼结果 · outcomes", "件 (cases)")
plt.show()
display(counts)
display(Markdown(note(counts, lang)))

# %% [markdown]
# ## 2. Correction rate · 纠错率
#
# 结果纠正 / decided cases (维持 + 纠正 + 其他); pending cases are left out.

# %%
rates = review.correction_rates(data, lang, include_failing)
display(rates.style.format({"rate": "{:.1%}"}, na_rep="— (none decided)").hide(axis="index"))

# %% [markdown]
# ## 3. Dispute rate · 争议率
#
# Review and litigation cases per new disclosure application, over the reports whose tables 三 and 四 both add up.

# %%
dispute = review.dispute_rate(data, include_failing)
display(dispute.style.format({"value": "{:.1%}"}, na_rep="— (no rate)").hide(axis="index"))
display(Markdown(f"复议和诉讼 **{dispute.numerator[0]:,}** 件 (review and litigation cases: {dispute.numerator[0]:,})."))
display(Markdown(note(dispute, lang)))

# %% [markdown]
# ## 4. Per agency · 各机关
#
# One row per report, most reviews first: the five outcomes and the sum of parts per proceeding, and why a report is left
# out of the totals. The 合计 row sums the reports counted, the row under it says how many had a figure.

# %%
table = review.per_agency(data, lang, include_failing)
display(table.style.format({c: "{:.1%}" for c in table.columns[-3:-1]}, na_rep="—").hide(axis="index"))
