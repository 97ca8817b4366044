"""Charts that read well in Chinese or English, on any machine.

The CJK font ships with the `mplfonts` wheel (Noto Sans CJK SC), so a fresh machine with only
pip renders every label with no missing glyph.
"""

from functools import cache
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib import font_manager
from matplotlib.ticker import PercentFormatter

from ..analysis.trends import template_change


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


NONE = "本年无 · none this year"
UNKNOWN = "— 未知 unknown"


def annotate_bars(ax, values, fmt: str = "{:,.0f}") -> None:
    """Write each bar's value at its end, so a reader needs no gridlines; an unknown value as "—"
    (its bar has length 0, the label says it is not a 0)."""
    labels = [UNKNOWN if pd.isna(v) else fmt.format(v) for v in values]
    ax.bar_label(ax.containers[0], labels=labels, padding=3, fontsize=9)


def setup() -> None:
    """The look of every notebook chart: seaborn's white grid, the CJK font, readable sizes."""
    import seaborn as sns

    sns.set_theme(style="whitegrid", font=use_chinese_font(), rc={"figure.dpi": 100})


def _empty(title: str, message: str = NONE):
    """A chart that says there is nothing to draw, rather than an empty frame a reader has to puzzle over."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 1.6))
    ax.set(title=title, xticks=[], yticks=[])
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=11, color="#555555")
    return fig


def _note(ax, note: str) -> None:
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
    """Horizontal bars, largest on top, each annotated with its value (unknown as "—"); `note` is printed
    under the chart. With no figure to draw, the chart says so. At most `most` bars (the largest):
    a chart of ten thousand agencies is neither readable nor small."""
    import matplotlib.pyplot as plt

    values = pd.to_numeric(frame[value], errors="coerce").astype(float) if len(frame) else pd.Series(dtype=float)
    if values.isna().all() or not values.fillna(0).any():
        return _empty(title)
    data = frame.assign(**{value: values}).sort_values(value, na_position="first").tail(most)
    if len(frame) > most:
        note = " ".join(part for part in (f"The {most} largest of {len(frame):,} shown.", note) if part)
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(data) + 1.4))
    ax.barh(data[label].astype(str), data[value].fillna(0), color=color)
    annotate_bars(ax, data[value], fmt)
    ax.set(title=title, xlabel=unit, ylabel="")
    ax.margins(x=0.18)
    if "%" in fmt:
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    elif fmt.endswith(".0f}"):
        ax.xaxis.get_major_locator().set_params(integer=True)  # counts: no 0.5 of a report
    if note:
        _note(ax, note)
    return fig


def outcome_chart(counts, title: str, unit: str):
    """Stacked bars of the four outcomes per proceeding, each written with the 总计 the reports printed
    and, where it differs, the sum of its parts (so a bar never silently disagrees with its number)."""
    import matplotlib.pyplot as plt

    parts, printed, summed = counts.iloc[:, :4], counts.iloc[:, 4], counts.iloc[:, 5]
    if not summed.any() and not printed.any():
        return _empty(title)
    fig, ax = plt.subplots(figsize=(8, 3))
    parts.plot.barh(stacked=True, ax=ax)
    for position, (total, added) in enumerate(zip(printed, summed)):
        text = f"{total:,.0f}" if total == added else f"总计 {total:,.0f} ≠ 各项之和 {added:,.0f}"
        ax.annotate(text, (max(total, added), position), xytext=(4, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set(title=title, xlabel=unit, ylabel="")
    ax.margins(x=0.25)
    return fig


def trend_chart(series: dict, column: str, title: str, fmt: str = "{:,.0f}"):
    """One line per series (e.g. all reports, the same agencies), each point marked with how many
    reports it sums (n=…), the template change as a dashed line."""
    import matplotlib.pyplot as plt

    drawn = {name: frame for name, frame in series.items() if len(frame) and frame[column].notna().any()}
    if not drawn:
        return _empty(title, "无数据 · no data")
    fig, ax = plt.subplots(figsize=(8, 3.5))
    for line, (name, frame) in enumerate(drawn.items()):
        ax.plot(frame["year"], frame[column].astype(float), marker="o", label=name)
        offset = (0, 6) if line % 2 == 0 else (0, -12)  # one line's counts above its points, the next one's below
        for year, value, reports in zip(frame["year"], frame[column], frame["reports"]):
            if pd.notna(value):
                ax.annotate(
                    f"n={reports}", (year, float(value)), xytext=offset, textcoords="offset points", ha="center", fontsize=7
                )
    changes = sorted({year for frame in drawn.values() for year in template_change(frame)})
    for change in changes:
        ax.axvline(change - 0.5, linestyle="--", color="grey")
        ax.annotate("2021 template", (change - 0.5, ax.get_ylim()[1]), fontsize=8, color="grey", ha="right", va="top")
    ax.xaxis.get_major_locator().set_params(integer=True)
    if "%" in fmt:
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set(title=title, xlabel="年度 (year)")
    ax.legend(fontsize=8)
    return fig
