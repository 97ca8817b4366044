"""Write the analysis notebooks from their cell sources (so they stay reviewable as Python)."""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def notebook(cells: list) -> nbformat.NotebookNode:
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number}"  # stable ids: rewriting the notebook changes nothing in git
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def parameters(source: str):
    cell = new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    return cell


application_outcomes = notebook(
    [
        new_markdown_cell(
            "# 依申请公开：收到和处理政府信息公开申请 · Application outcomes\n\n"
            "How the disclosure applications of one year were received and handled, summed over every "
            "report of that year in `data/processed` (table 三 of the annual reports, 总计 column)."
        ),
        parameters('year = 2020\ndata_dir = "data/processed"\nlang = "zh"'),
        new_code_cell(
            "import matplotlib.pyplot as plt\n"
            "import seaborn as sns\n"
            "from IPython.display import Markdown, display\n\n"
            "from gi_reports import analysis, charts\n\n"
            "charts.use_chinese_font()\n"
            "sns.set_theme(style='whitegrid', font=charts.use_chinese_font())\n"
            "data = analysis.load_year(data_dir, year)\n"
            "apps, reports = data['applications'], data['reports']\n"
            "has_data = len(reports) > 0\n"
            "display(Markdown(f'**{len(reports)} reports on {year}** ({(reports.status == \"ok\").sum()} pass every check).' if has_data\n"
            "                 else f'**No reports on {year} in `{data_dir}`.** Put them under `data/raw/{year}/` and run `gi-reports build`.'))"
        ),
        new_markdown_cell(
            "## 1. Volumes · 申请数量\n\nNew applications, those carried over from last year, those handled, and those carried forward."
        ),
        new_code_cell(
            "if has_data:\n"
            "    volumes = analysis.volumes(apps, lang)\n"
            "    fig, ax = plt.subplots(figsize=(8, 3.2))\n"
            "    sns.barplot(data=volumes, y='label', x='applications', color='#4C72B0', ax=ax)\n"
            "    charts.annotate_bars(ax)\n"
            "    ax.set(title=f'{year}年 政府信息公开申请 · applications', xlabel='件 (applications)', ylabel='')\n"
            "    plt.show()\n"
            "    v = volumes.set_index('code')['applications']\n"
            "    clearance = v['total_handled'] / (v['new_received'] + v['carried_over']) if v['new_received'] + v['carried_over'] else float('nan')\n"
            "    display(Markdown(f'Clearance ratio (办结率) = handled / (new + carried over) = {v.total_handled} / {v.new_received + v.carried_over} = **{clearance:.1%}**.'))"
        ),
        new_markdown_cell("## 2. Outcomes · 办理结果\n\nThe share of handled applications (（七）总计) in each outcome group."),
        new_code_cell(
            "if has_data:\n"
            "    outcomes = analysis.result_composition(apps, lang)\n"
            "    fig, ax = plt.subplots(figsize=(8, 3.2))\n"
            "    sns.barplot(data=outcomes, y='label', x='applications', color='#55A868', ax=ax)\n"
            "    charts.annotate_bars(ax)\n"
            "    ax.set(title=f'{year}年 办理结果 · outcomes of handled applications', xlabel='件 (applications)', ylabel='')\n"
            "    plt.show()\n"
            "    display(outcomes.style.format({'share': '{:.1%}'}).hide(axis='index'))"
        ),
        new_markdown_cell(
            "## 3. Disclosure rates · 公开率\n\nEach variant with its numerator and denominator; they answer different questions."
        ),
        new_code_cell(
            "if has_data:\n"
            "    rates = analysis.disclosure_rates(apps)\n"
            "    display(rates.style.format({'value': '{:.1%}'}, na_rep='— (no denominator)').hide(axis='index'))"
        ),
        new_markdown_cell("## 4. Applicants · 申请人\n\nWho filed the new applications."),
        new_code_cell(
            "if has_data:\n"
            "    applicants = analysis.applicant_composition(apps, lang)\n"
            "    fig, ax = plt.subplots(figsize=(8, 3))\n"
            "    sns.barplot(data=applicants, y='label', x='applications', color='#C44E52', ax=ax)\n"
            "    charts.annotate_bars(ax)\n"
            "    ax.set(title=f'{year}年 新收申请的申请人 · applicants', xlabel='件 (applications)', ylabel='')\n"
            "    plt.show()"
        ),
        new_markdown_cell("## 5. Per agency · 各机关\n\nOne row per report, largest first; the last row sums them."),
        new_code_cell(
            "if has_data:\n"
            "    table = analysis.per_agency(apps, reports, lang)\n"
            "    display(table.style.format({table.columns[-1]: '{:.1%}'}, na_rep='—').hide(axis='index'))"
        ),
    ]
)


if __name__ == "__main__":
    NOTEBOOKS.mkdir(exist_ok=True)
    nbformat.write(application_outcomes, NOTEBOOKS / "application_outcomes.ipynb")
