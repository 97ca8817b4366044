"""Charts that read well in Chinese or English, on any machine.

The CJK font ships with the `mplfonts` wheel (Noto Sans CJK SC), so a fresh machine with only
pip renders every label with no missing glyph.
"""

from functools import cache
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager


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
