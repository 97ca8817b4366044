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
# # 数据质量 · Data quality
#
# How far the figures of one year can be trusted: which accounting identities of the template hold, the reports the
# figures leave out and why (a failed identity, the same agency twice in one year, a year folder that disagrees with the
# report's text), cells with no known number, the mix of templates and formats, the files that could not be read, and
# (across years) whether what an agency carried forward is what it carried over the next year.

# %% tags=["parameters"]
year = 2020
data_dir = "data/processed"
lang = "zh"

# %%
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from gi_reports import analysis
from gi_reports.analysis import quality
from gi_reports.publish import charts

charts.setup()
data = analysis.load_year(data_dir, year)
display(Markdown(analysis.headline(data["reports"], year, data_dir)))

# %% [markdown]
# ## 1. Identities · 勾稽关系
#
# Every check the parser and the build ran, how many failed, and in how many reports.

# %%
display(quality.check_summary(data["checks"]).style.hide(axis="index"))
display(Markdown(f"{(data['reports'].status == 'ok').sum()} of {len(data['reports'])} reports pass every check."))

# %% [markdown]
# ## 2. Left out of the figures · 未计入统计的报告
#
# Every report the figures of a table leave out by default, and why. The notebooks can include the reports that fail an
# identity (`include_failing = True`); a second report of the same agency-year is never counted.

# %%
display(quality.excluded(data).style.hide(axis="index"))

# %% [markdown]
# ## 3. Problems to look at · 待核查
#
# Every failed check, with the agency and file; the parser never changes an agency's numbers.

# %%
display(quality.problems(data["checks"], data["reports"]).style.hide(axis="index"))

# %% [markdown]
# ## 4. Unknown cells · 未知单元格
#
# Cells of tables 二, 三 and 四 where the report printed no number or one that cannot be read unambiguously: unknown,
# left out of every sum (never counted as 0).

# %%
unknown = quality.unknown_cells(data)
charts.bar_chart(
    unknown, "agency", "share", f"{year}年 未知单元格比例 · unknown cells", "share of cells", fmt="{:.0%}", color="#937860"
)
plt.show()
display(unknown.style.format({"share": "{:.0%}"}).hide(axis="index"))

# %% [markdown]
# ## 5. Templates and formats · 模板和格式

# %%
display(quality.mix(data["reports"]))

# %% [markdown]
# ## 6. Files that failed · 未能读取的文件
#
# Files under `data/raw/<year>/` that could not be read, with the reason.

# %%
display(quality.year_failures(data["failures"], year).style.hide(axis="index"))

# %% [markdown]
# ## 7. Filed under another year · 文件夹年度与正文不符
#
# Reports filed under `data/raw/<year>/` whose text says another year, or on this year but filed elsewhere; they are
# counted in the year their text says only when the figures include failing reports.

# %%
everything = analysis.load_all(data_dir)
display(quality.misfiled_reports(everything["reports"], year).style.hide(axis="index"))

# %% [markdown]
# ## 8. Carry-over chain · 结转衔接
#
# 结转下年度 of one year against 上年结转 of the next, for each agency with reports on both years (every year in the
# dataset, not only this one).

# %%
chain = quality.carry_over_chain(everything["reports"], everything["applications"])
display(chain.style.hide(axis="index"))
display(Markdown(f"{int(chain['match'].sum())} of {len(chain)} year pairs match."))
