"""Chinese chart labels render with no missing glyph (matplotlib's warning is made an error)."""

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from gi_reports.publish.charts import use_chinese_font  # noqa: E402
from gi_reports.template import codes  # noqa: E402


def test_every_chinese_label_renders_with_a_real_glyph():
    assert use_chinese_font() == "Noto Sans CJK SC"
    labels = [label for dimension in codes.DIMENSIONS for label in codes.labels(dimension, "zh").values()]
    fig, ax = plt.subplots(figsize=(6, 20))
    ax.barh(range(len(labels)), range(len(labels)), tick_label=labels)
    ax.set_title("2020年 办理结果 · 予以公开（件）")
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*missing from font.*")
        warnings.filterwarnings("error", message=".*Glyph.*missing.*")
        fig.canvas.draw()
    plt.close(fig)


def test_a_missing_glyph_would_be_caught():
    """The guard above is real: without the CJK font, matplotlib warns and the filter raises."""
    import pytest

    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.sans-serif": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title("公开")
        with warnings.catch_warnings(), pytest.raises(UserWarning, match="missing from font"):
            warnings.filterwarnings("error", message=".*missing from font.*")
            fig.canvas.draw()
        plt.close(fig)
