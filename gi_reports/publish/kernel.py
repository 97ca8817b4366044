"""What a rendered page needs from the kernel that runs its notebook, set before the notebook's cells.

A page is for reading, not a data file: tables stop at `max_rows` rows (the data files hold every
agency), and each chart carries its titles as alt text for readers who cannot see it.
"""

import pandas as pd
from pandas.io.formats.style import Styler


def chart_description(figure) -> str:
    """The figure's titles and axis labels, in words: what a screen reader says for the chart."""
    parts = [figure.get_suptitle()] if hasattr(figure, "get_suptitle") else []
    for ax in figure.axes:
        parts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    words = " · ".join(part for part in parts if part)
    return f"Chart: {words}" if words else "Chart"


def prepare_for_page(max_rows: int) -> None:
    """Cap the rows of every displayed table and give every matplotlib figure its alt text."""
    pd.set_option("styler.render.max_rows", max_rows)
    pd.set_option("display.max_rows", max_rows)
    pd.set_option("display.min_rows", max_rows)

    from IPython import get_ipython
    from matplotlib.figure import Figure

    shell = get_ipython()
    if shell is None:
        return
    # Importing the inline backend installs its PNG formatter now (else at the first chart, over ours).
    import matplotlib_inline.backend_inline  # noqa: F401

    png = shell.display_formatter.formatters["image/png"]
    plain = png.lookup_by_type(Figure)
    png.for_type(Figure, lambda figure: (plain(figure), {"alt": chart_description(figure)}))
    shell.display_formatter.formatters["text/html"].for_type(Styler, lambda styler: styled_table(styler, max_rows))


def styled_table(styler: Styler, max_rows: int) -> str:
    """The table as HTML, and under it, when it was cut to `max_rows`, a line that says so and where the rest is."""
    rows = len(styler.data)
    cut = f"<p><em>The first {max_rows} of {rows:,} rows; every row is in this year's data files (CSV, Excel).</em></p>"
    return styler.to_html() + (cut if rows > max_rows else "")
