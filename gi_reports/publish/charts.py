"""Charts that read well in Chinese or English, on any machine.

The CJK font ships with the `mplfonts` wheel (Noto Sans CJK SC), so a fresh machine with only
pip renders every label with no missing glyph.
"""

from functools import cache
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.ticker import PercentFormatter


@cache
def use_chinese_font() -> str:
    """Register Noto Sans CJK SC with matplotlib and make it the default; returns its name."""
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    mpl.rcParams["axes.unicode_minus"] = False
    return name


def annotate_bars(ax, fmt: str = "{:,.0f}") -> None:
    """Write each bar's value at its end, so a reader needs no gridlines."""
    for container in ax.containers:
        ax.bar_label(container, labels=[fmt.format(v) for v in container.datavalues], padding=3, fontsize=9)


def setup() -> None:
    """The look of every notebook chart: seaborn's white grid, the CJK font, readable sizes."""
    import seaborn as sns

    sns.set_theme(style="whitegrid", font=use_chinese_font(), rc={"figure.dpi": 100})


def bar_chart(
    frame,
    label: str,
    value: str,
    title: str,
    unit: str,
    fmt: str = "{:,.0f}",
    note: str = "",
    color: str = "#4C72B0",
    most: int = 30,
):
    """Horizontal bars, largest on top, each annotated with its value; `note` is printed under the chart.

    At most `most` bars (the largest): a chart of ten thousand agencies is neither readable nor small.
    """
    import matplotlib.pyplot as plt

    data = frame.sort_values(value).tail(most)
    if len(frame) > most:
        note = " ".join(part for part in (f"The {most} largest of {len(frame):,} shown.", note) if part)
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(data) + 1.4))
    ax.barh(data[label].astype(str), data[value].astype(float), color=color)
    annotate_bars(ax, fmt)
    ax.set(title=title, xlabel=unit, ylabel="")
    ax.margins(x=0.18)
    if "%" in fmt:
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    if note:
        ax.annotate(
            note,
            (0, 0),
            xycoords="figure fraction",
            xytext=(4, -4),
            textcoords="offset points",
            fontsize=8,
            color="#555555",
            va="top",
        )
    return fig


def annotate_totals(ax, totals) -> None:
    """Write each stacked bar's total at its end."""
    for position, total in enumerate(totals):
        ax.annotate(f"{total:,.0f}", (total, position), xytext=(4, 0), textcoords="offset points", va="center", fontsize=9)
