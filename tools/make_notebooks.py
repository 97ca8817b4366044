"""Write the analysis notebooks from their cell sources (so they stay reviewable as Python).

Each notebook is short: a title, what it shows, then for each part a chart or a table and one
sentence. Every computation is in `gi_reports.analysis`, where it is tested.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parent.parent / "gi_reports" / "notebooks"
YEAR_PARAMETERS = 'year = 2020\ndata_dir = "data/processed"\nlang = "zh"'


def notebook(title: str, parameters: str, setup: str, parts: list[tuple[str, str]]) -> nbformat.NotebookNode:
    """Title, the tagged parameters cell, a set-up cell, then (markdown, code) per part."""
    parameter_cell = new_code_cell(parameters)
    parameter_cell.metadata["tags"] = ["parameters"]
    cells = [new_markdown_cell(title), parameter_cell, new_code_cell(setup)]
    for text, code in parts:
        cells += [new_markdown_cell(text), new_code_cell(code)]
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number}"  # stable ids: rewriting the notebook changes nothing in git
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def per_year_setup(*modules: str) -> str:
    return (
        "import matplotlib.pyplot as plt\n"
        "from IPython.display import Markdown, display\n\n"
        f"from gi_reports import analysis\nfrom gi_reports.publish import charts\nfrom gi_reports.analysis import {', '.join(modules)}\n\n"
        "charts.setup()\n"
        "data = analysis.load_year(data_dir, year)\n"
        "reports = data['reports']\n"
        "has_data = len(reports) > 0\n"
        "display(Markdown(analysis.headline(reports, year, data_dir)))"
    )


def guarded(code: str) -> str:
    """A cell that runs only when the year has reports (the headline already said why not)."""
    return "if has_data:\n" + "\n".join(f"    {line}" if line else "" for line in code.splitlines())


RATES = "display(rates.style.format({'value': '{:.1%}'}, na_rep='— (no denominator)').hide(axis='index'))"

disclosure_volumes = notebook(
    "# 主动公开 · Proactive disclosure\n\n"
    "What the agencies of one year published on their own initiative (table 二 of the annual reports): "
    "rules and normative documents, licensing, penalty and coercion decisions, and money. Sums over every "
    "report of the year in `data/processed`; an agency's own sub-rows count only where its main row is blank.",
    YEAR_PARAMETERS,
    per_year_setup("proactive"),
    [
        (
            "## 1. Rules and normative documents · 规章和规范性文件\n\n"
            "The 2019 template counts documents made/published and the total published; the 2021 template counts "
            "those issued and repealed this year and those in force.",
            guarded(
                "documents = proactive.document_totals(data['proactive'], lang)\n"
                "display(documents.pivot_table(index='item_label', columns='metric_label', values='value', aggfunc='sum', sort=False))"
            ),
        ),
        (
            "## 2. Decisions · 处理决定\n\nLicensing, penalty and coercion decisions, summed over the reports.",
            guarded(
                "decisions = proactive.decision_totals(data['proactive'], lang)\n"
                "charts.bar_chart(decisions, 'label', 'decisions', f'{year}年 处理决定数量 · decisions', '件 (decisions)')\n"
                "plt.show()\n"
                "display(Markdown(f'处理决定合计 **{decisions.decisions.sum():,}** 件 (decisions in all).'))"
            ),
        ),
        (
            "## 3. Money · 收费和采购\n\nFees (and, in the 2019 template, central procurement), converted to yuan by the parser "
            "and shown here in 万元 (10,000 yuan).",
            guarded(
                "money = proactive.money(data['proactive'], lang)\n"
                "display(money[['label', 'amount_wan', 'reports']].style.format({'amount_wan': '{:,.2f} 万元'}).hide(axis='index'))"
            ),
        ),
        (
            "## 4. By administrative level · 按层级\n\nDecisions and fees per level of government, with how many reports each level has.",
            guarded(
                "levels = proactive.by_level(data['proactive'], reports, lang)\n"
                "charts.bar_chart(levels, 'label', 'decisions', f'{year}年 各层级处理决定 · decisions by level', '件 (decisions)', color='#55A868')\n"
                "plt.show()\n"
                "display(levels.style.format({'fees_wan': '{:,.2f}'}).hide(axis='index'))"
            ),
        ),
        (
            "## 5. Largest agencies · 处理决定最多的机关\n\nThe ten agencies with the most penalty decisions.",
            guarded("display(proactive.largest(data['proactive'], reports, 'penalties', 'decisions', 10))"),
        ),
        (
            "## 6. Per agency · 各机关\n\nOne row per report; the last row sums them.",
            guarded(
                "display(proactive.per_agency(data['proactive'], reports, lang).style.format(precision=2).hide(axis='index'))"
            ),
        ),
    ],
)

application_outcomes = notebook(
    "# 依申请公开：收到和处理政府信息公开申请 · Application outcomes\n\n"
    "How the disclosure applications of one year were received and handled, summed over every "
    "report of that year in `data/processed` (table 三 of the annual reports, 总计 column).",
    YEAR_PARAMETERS,
    per_year_setup("applications"),
    [
        (
            "## 1. Volumes · 申请数量\n\nNew applications, those carried over from last year, those handled, and those carried forward.",
            guarded(
                "volumes = applications.volumes(data['applications'], lang)\n"
                "charts.bar_chart(volumes, 'label', 'applications', f'{year}年 政府信息公开申请 · applications', '件 (applications)')\n"
                "plt.show()\n"
                "v = volumes.set_index('code')['applications']\n"
                "display(Markdown(f'新收申请 **{v.new_received:,}** 件, 办结 **{v.total_handled:,}** 件 '\n"
                "                 f'(new applications: {v.new_received:,}; handled: {v.total_handled:,}).'))\n"
                "ratios = applications.flow_ratios(data['applications'])\n"
                "display(ratios.style.format({'value': '{:.1%}'}, na_rep='—').hide(axis='index'))"
            ),
        ),
        (
            "## 2. Outcomes · 办理结果\n\nThe share of handled applications (（七）总计) in each outcome group.",
            guarded(
                "outcomes = applications.result_composition(data['applications'], lang)\n"
                "charts.bar_chart(outcomes, 'label', 'applications', f'{year}年 办理结果 · outcomes', '件 (applications)', color='#55A868')\n"
                "plt.show()\n"
                "display(outcomes.style.format({'share': '{:.1%}'}, na_rep='—').hide(axis='index'))"
            ),
        ),
        (
            "## 3. Disclosure rates · 公开率\n\nEach variant with its numerator and denominator; they answer different questions.",
            guarded(f"rates = applications.disclosure_rates(data['applications'])\n{RATES}"),
        ),
        (
            "## 4. Grounds of refusal · 不予公开、无法提供、不予处理和其他处理的理由\n\n"
            "Every ground the template lists, with its count; grounds nobody used are at the bottom of the table.",
            guarded(
                "grounds = applications.refusal_grounds(data['applications'], lang)\n"
                "used = grounds[grounds.applications > 0]\n"
                "if len(used):\n"
                "    charts.bar_chart(used, 'label', 'applications', f'{year}年 理由 · grounds', '件 (applications)', color='#C44E52')\n"
                "    plt.show()\n"
                "display(grounds[['group_label', 'label', 'applications']].style.hide(axis='index'))"
            ),
        ),
        (
            "## 5. Applicants · 申请人\n\nWho filed the new applications.",
            guarded(
                "applicants = applications.applicant_composition(data['applications'], lang)\n"
                "charts.bar_chart(applicants, 'label', 'applications', f'{year}年 新收申请的申请人 · applicants', '件 (applications)', color='#8172B2')\n"
                "plt.show()"
            ),
        ),
        (
            "## 6. Ranking · 公开率排名\n\nDisclosure rate ((予以公开+部分公开)/总计) per agency, only for agencies that handled "
            "enough applications for a rate to mean something.",
            guarded(
                "ranked = applications.ranking(data['applications'], reports, minimum=10)\n"
                'note = f\'{ranked.attrs["hidden"]} agencies with fewer than {ranked.attrs["minimum"]} handled applications are not ranked.\'\n'
                "if len(ranked):\n"
                "    charts.bar_chart(ranked.head(20), 'agency', 'rate', f'{year}年 公开率 · disclosure rate', '(予以公开+部分公开)/总计', fmt='{:.0%}', note=note)\n"
                "    plt.show()\n"
                "display(Markdown(note))"
            ),
        ),
        (
            "## 7. Per agency · 各机关\n\nOne row per report, largest first; the last row sums them.",
            guarded(
                "table = applications.per_agency(data['applications'], reports, lang)\n"
                "display(table.style.format({table.columns[-1]: '{:.1%}'}, na_rep='—').hide(axis='index'))"
            ),
        ),
    ],
)

review_litigation = notebook(
    "# 行政复议、行政诉讼 · Administrative review and litigation\n\n"
    "How the agencies' disclosure decisions fared when challenged (table 四 of the annual reports): "
    "outcomes of 行政复议, of lawsuits filed directly (未经复议直接起诉) and after review (复议后起诉).",
    YEAR_PARAMETERS,
    per_year_setup("review"),
    [
        (
            "## 1. Outcomes · 结果\n\nCases by proceeding and outcome, summed over the reports.",
            guarded(
                "counts = review.outcome_counts(data['review_litigation'], lang)\n"
                "ax = counts.drop(columns=counts.columns[-1]).plot.barh(stacked=True, figsize=(8, 3))\n"
                "ax.set(title=f'{year}年 复议和诉讼结果 · outcomes', xlabel='件 (cases)', ylabel='')\n"
                "charts.annotate_totals(ax, counts.iloc[:, -1])\n"
                "plt.show()\n"
                "display(counts)"
            ),
        ),
        (
            "## 2. Correction rate · 纠错率\n\n结果纠正 / decided cases (总计 − 尚未审结); pending cases are left out.",
            guarded(
                "rates = review.correction_rates(data['review_litigation'], lang)\n"
                "display(rates.style.format({'rate': '{:.1%}'}, na_rep='— (none decided)').hide(axis='index'))"
            ),
        ),
        (
            "## 3. Dispute rate · 争议率\n\nReview and litigation cases per new disclosure application.",
            guarded(
                "rates = review.dispute_rate(data['review_litigation'], data['applications'])\n"
                f"{RATES}\n"
                "display(Markdown(f'复议和诉讼 **{rates.numerator[0]:,}** 件 (review and litigation cases: {rates.numerator[0]:,}).'))"
            ),
        ),
        (
            "## 4. Per agency · 各机关\n\nOne row per report, most reviews first; the last row sums them.",
            guarded(
                "table = review.per_agency(data['review_litigation'], data['applications'], reports, lang)\n"
                "display(table.style.format({c: '{:.1%}' for c in table.columns[-2:]}, na_rep='—').hide(axis='index'))"
            ),
        ),
    ],
)

data_quality = notebook(
    "# 数据质量 · Data quality\n\n"
    "How far the figures of one year can be trusted: which accounting identities of the template hold, "
    "which cells were left blank, the mix of templates and formats, the files that could not be read, and "
    "(across years) whether what an agency carried forward is what it carried over the next year.",
    YEAR_PARAMETERS,
    per_year_setup("quality"),
    [
        (
            "## 1. Identities · 勾稽关系\n\nEvery check the parser ran, how many failed, and in how many reports.",
            guarded(
                "summary = quality.check_summary(data['checks'])\n"
                "display(summary.style.hide(axis='index'))\n"
                "display(Markdown(f'{(reports.status == \"ok\").sum()} of {len(reports)} reports pass every check.'))"
            ),
        ),
        (
            "## 2. Problems to look at · 待核查\n\nEvery failed check, with the agency and file; the parser never changes an agency's numbers.",
            guarded("display(quality.problems(data['checks'], reports).style.hide(axis='index'))"),
        ),
        (
            "## 3. Blank cells · 空白单元格\n\nCells of table 三 where the report printed no number (counted as 0 in sums).",
            guarded(
                "blanks = quality.blank_cells(data['applications'], reports)\n"
                "charts.bar_chart(blanks, 'agency', 'share', f'{year}年 空白单元格比例 · blank cells', 'share of table 三 cells', fmt='{:.0%}', color='#937860')\n"
                "plt.show()"
            ),
        ),
        (
            "## 4. Templates and formats · 模板和格式",
            guarded("display(quality.mix(reports))"),
        ),
        (
            "## 5. Files that failed · 未能读取的文件\n\nFiles under `data/raw/<year>/` that could not be read, with the reason.",
            "failed = quality.year_failures(data['failures'], year)\n"
            "display(failed.style.hide(axis='index') if len(failed) else Markdown('No file of this year failed.'))",
        ),
        (
            "## 6. Carry-over chain · 结转衔接\n\n结转下年度 of one year against 上年结转 of the next, for each agency with reports "
            "on both years (every year in the dataset, not only this one).",
            "everything = analysis.load_all(data_dir)\n"
            "chain = quality.carry_over_chain(everything['reports'], everything['applications'])\n"
            "display(chain.style.hide(axis='index') if len(chain) else Markdown('No agency has reports on two consecutive years yet.'))\n"
            "if len(chain):\n"
            "    display(Markdown(f'{int(chain.match.sum())} of {len(chain)} year pairs match.'))",
        ),
    ],
)

trends = notebook(
    "# 趋势 · Trends over the years\n\n"
    "The headline figures year by year, the template change marked (the 2021 template replaced the 2019 one "
    "for the reports on 2021), the agencies followed across years, and year-on-year jumps worth a second look.",
    'first_year = None\nlast_year = None\ndata_dir = "data/processed"\nlang = "zh"',
    "import matplotlib.pyplot as plt\n"
    "from IPython.display import Markdown, display\n\n"
    "from gi_reports import analysis\nfrom gi_reports.publish import charts\nfrom gi_reports.analysis import trends\n\n"
    "charts.setup()\n"
    "tables = analysis.load_all(data_dir)\n"
    "in_range = tables['reports'].year.between(first_year or 0, last_year or 9999)\n"
    "tables['reports'] = tables['reports'][in_range]\n"
    "yearly = trends.yearly(tables)\n"
    "has_data = len(yearly) > 0\n"
    "display(Markdown(f'**{len(tables[\"reports\"])} reports on {yearly.year.min()}–{yearly.year.max()}.**' if has_data\n"
    "                 else f'**No reports in `{data_dir}` for these years.** Put them under `data/raw/<year>/` and run `gi-reports build`.'))",
    [
        (
            "## 1. Headline figures per year · 逐年主要指标",
            guarded(
                "display(yearly.style.format({'disclosure_rate': '{:.1%}', 'correction_rate': '{:.1%}'}, na_rep='—').hide(axis='index'))"
            ),
        ),
        (
            "## 2. Applications and disclosure rate · 申请量和公开率\n\nThe dashed line marks the change of template.",
            guarded(
                "fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.5))\n"
                "left.plot(yearly.year, yearly.new_received, marker='o')\n"
                "left.set(title='新收申请 · new applications', xlabel='年度 (year)', ylabel='件')\n"
                "right.plot(yearly.year, yearly.disclosure_rate, marker='o', color='#55A868')\n"
                "right.set(title='公开率 · (予以公开+部分公开)/总计', xlabel='年度 (year)')\n"
                "right.yaxis.set_major_formatter('{x:.0%}')\n"
                "for ax in (left, right):\n"
                "    ax.xaxis.get_major_locator().set_params(integer=True)\n"
                "    for change in trends.template_change(yearly):\n"
                "        ax.axvline(change - 0.5, linestyle='--', color='grey')\n"
                "        ax.annotate('2021 template', (change - 0.5, ax.get_ylim()[1]), fontsize=8, color='grey', ha='right', va='top')\n"
                "plt.show()"
            ),
        ),
        (
            "## 3. The same agency over the years · 同一机关的历年数据",
            guarded(
                "followed = trends.followed_agencies(tables)\n"
                "for agency in followed.index[:5]:\n"
                "    display(Markdown(f'**{agency}**'), trends.agency_series(tables, agency).style.hide(axis='index'))\n"
                "if followed.empty:\n"
                "    display(Markdown('No agency has reports on more than one year yet.'))"
            ),
        ),
        (
            "## 4. Unusual jumps · 异常变动\n\nNew applications changing at least threefold (and by at least 20) from one report of an "
            "agency to its next: worth checking against the reports themselves.",
            guarded(
                "jumps = trends.jumps(tables)\n"
                "display(jumps.style.hide(axis='index') if len(jumps) else Markdown('No jump of that size.'))"
            ),
        ),
    ],
)

ALL = {
    "disclosure_volumes": disclosure_volumes,
    "application_outcomes": application_outcomes,
    "review_litigation": review_litigation,
    "data_quality": data_quality,
    "trends": trends,
}

if __name__ == "__main__":
    NOTEBOOKS.mkdir(exist_ok=True)
    for name, nb in ALL.items():
        nbformat.write(nb, NOTEBOOKS / f"{name}.ipynb")
