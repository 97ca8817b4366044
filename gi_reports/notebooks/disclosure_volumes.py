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
# # 主动公开 · Proactive disclosure
#
# What the agencies of one year published on their own initiative (table 二 of the annual reports): rules and normative
# documents, licensing, penalty and coercion decisions, and money. Sums over the reports of the year, each agency-year
# once; an agency's own sub-rows count only where its main row is blank, and `reports` says how many reports gave each sum.

# %% tags=["parameters"]
year = 2020
data_dir = "data/processed"
lang = "zh"

# %%
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from gi_reports import analysis
from gi_reports.analysis import proactive
from gi_reports.analysis.coverage import note
from gi_reports.publish import charts

charts.setup()
data = analysis.load_year(data_dir, year)
display(Markdown(analysis.headline(data["reports"], year, data_dir)))

# %% [markdown]
# ## 1. Rules and normative documents · 规章和规范性文件
#
# The 2019 template counts documents made/published and the total published; the 2021 template counts those issued and
# repealed this year and those in force.

# %%
documents = proactive.document_totals(data, lang)
display(documents[["item_label", "metric_label", "value", "reports"]].style.hide(axis="index"))
display(Markdown(note(documents, lang)))

# %% [markdown]
# ## 2. Decisions · 处理决定
#
# Licensing, penalty and coercion decisions, summed over the reports.

# %%
decisions = proactive.decision_totals(data, lang)
charts.bar_chart(decisions, "label", "decisions", f"{year}年 处理决定数量 · decisions", "件 (decisions)")
plt.show()
display(decisions[["label", "decisions", "reports"]].style.hide(axis="index"))
display(Markdown(f"处理决定合计 **{decisions.decisions.sum():,}** 件 (decisions in all)."))
display(Markdown(note(decisions, lang)))

# %% [markdown]
# ## 3. Money · 收费和采购
#
# Fees (and, in the 2019 template, central procurement), converted to yuan by the parser and shown here in 万元 (10,000
# yuan).

# %%
money = proactive.money(data, lang)
display(money[["label", "amount_wan", "reports"]].style.format({"amount_wan": "{:,.2f} 万元"}).hide(axis="index"))
display(Markdown(note(money, lang)))

# %% [markdown]
# ## 4. By administrative level · 按层级
#
# Decisions and fees per level of government, with how many reports each level has.

# %%
levels = proactive.by_level(data, lang)
charts.bar_chart(levels, "label", "decisions", f"{year}年 各层级处理决定 · decisions by level", "件 (decisions)", color="#55A868")
plt.show()
display(levels.style.format({"fees_wan": "{:,.2f}"}, na_rep="—").hide(axis="index"))

# %% [markdown]
# ## 5. Largest agencies · 处理决定最多的机关
#
# The ten agencies with the most penalty decisions.

# %%
display(proactive.largest(data, "penalties", "decisions", 10).style.hide(axis="index"))

# %% [markdown]
# ## 6. Per agency · 各机关
#
# One row per report; "—" is a cell the report left blank or that could not be read. The 合计 row sums the reports, the
# row under it says how many had a figure.

# %%
table = proactive.per_agency(data, lang)
display(table.style.format(precision=2, na_rep="—").hide(axis="index"))
display(Markdown(note(table, lang)))
