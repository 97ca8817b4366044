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
# # 依申请公开：收到和处理政府信息公开申请 · Application outcomes
#
# How the disclosure applications of one year were received and handled (table 三 of the annual reports, 总计 column).
# Every figure sums the reports whose table 三 adds up (its identities hold), each agency-year once; the reports left
# out are listed under each figure with why, and an unknown cell (blank or unreadable) is never counted as 0.

# %% tags=["parameters"]
year = 2020
data_dir = "data/processed"
lang = "zh"
include_failing = False

# %%
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from gi_reports import analysis
from gi_reports.analysis import applications
from gi_reports.analysis.coverage import note
from gi_reports.publish import charts

charts.setup()
data = analysis.load_year(data_dir, year)
display(Markdown(analysis.headline(data["reports"], year, data_dir)))

# %% [markdown]
# ## 1. Volumes · 申请数量
#
# New applications, those carried over from last year, those handled, and those carried forward; `reports` says how
# many reports gave each figure.

# %%
volumes = applications.volumes(data, lang, include_failing)
charts.bar_chart(volumes, "label", "applications", f"{year}年 政府信息公开申请 · applications", "件 (applications)")
plt.show()
v = volumes.set_index("code")["applications"]
display(
    Markdown(
        f"新收申请 **{v.new_received:,}** 件, 办结 **{v.total_handled:,}** 件 "
        f"(new applications: {v.new_received:,}; handled: {v.total_handled:,})."
    )
)
display(volumes.style.hide(axis="index"))
ratios = applications.flow_ratios(data, include_failing)
display(ratios.style.format({"value": "{:.1%}"}, na_rep="—").hide(axis="index"))
display(Markdown(note(volumes, lang)))

# %% [markdown]
# ## 2. Outcomes · 办理结果
#
# The share of handled applications (（七）总计) in each outcome group.

# %%
outcomes = applications.result_composition(data, lang, include_failing)
charts.bar_chart(outcomes, "label", "applications", f"{year}年 办理结果 · outcomes", "件 (applications)", color="#55A868")
plt.show()
display(outcomes.style.format({"share": "{:.1%}"}, na_rep="—").hide(axis="index"))
display(Markdown(note(outcomes, lang)))

# %% [markdown]
# ## 3. Disclosure rates · 公开率
#
# Each variant with its numerator and denominator; they answer different questions.

# %%
rates = applications.disclosure_rates(data, include_failing)
display(rates.style.format({"value": "{:.1%}"}, na_rep="— (no rate)").hide(axis="index"))
display(Markdown(note(rates, lang)))

# %% [markdown]
# ## 4. Grounds of refusal · 不予公开、无法提供、不予处理和其他处理的理由
#
# Every ground the template lists, with its count; grounds nobody used are at the bottom of the table.

# %%
grounds = applications.refusal_grounds(data, lang, include_failing)
charts.bar_chart(grounds, "label", "applications", f"{year}年 理由 · grounds", "件 (applications)", color="#C44E52")
plt.show()
display(grounds[["group_label", "label", "applications"]].style.hide(axis="index"))

# %% [markdown]
# ## 5. Applicants · 申请人
#
# Who filed the new applications.

# %%
applicants = applications.applicant_composition(data, lang, include_failing)
charts.bar_chart(
    applicants, "label", "applications", f"{year}年 新收申请的申请人 · applicants", "件 (applications)", color="#8172B2"
)
plt.show()
display(Markdown(note(applicants, lang)))

# %% [markdown]
# ## 6. Ranking · 公开率排名
#
# Disclosure rate ((予以公开+部分公开)/总计) per agency, only for agencies that handled enough applications for a rate to
# mean something.

# %%
ranked = applications.ranking(data, minimum=10, include_failing=include_failing)
hidden = f"{ranked.attrs['hidden']} agencies with fewer than {ranked.attrs['minimum']} handled applications are not ranked."
charts.bar_chart(
    ranked.head(20), "agency", "rate", f"{year}年 公开率 · disclosure rate", "(予以公开+部分公开)/总计", fmt="{:.0%}", note=hidden
)
plt.show()
display(Markdown(hidden))

# %% [markdown]
# ## 7. Per agency · 各机关
#
# One row per report, largest first, with why a report is left out of the totals; "—" is a cell the report left blank
# or that could not be read. The 合计 row sums the reports counted, the row under it says how many had a figure.

# %%
table = applications.per_agency(data, lang, include_failing)
display(table.style.format({table.columns[-2]: "{:.1%}"}, na_rep="—").hide(axis="index"))
display(Markdown(note(table, lang)))
