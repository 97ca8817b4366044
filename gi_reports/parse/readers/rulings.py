"""Table grids from ruling lines: the lattice method of Nurminen's thesis (as in Tabula and pdfplumber).

Segments close in position are snapped onto one line and joined end to end; the points where a
horizontal and a vertical line cross are corners; a cell is the smallest rectangle whose four
corners are linked by lines; cells that share corners are one table. A merged cell spans several
grid positions: the grid keeps it at its top-left position and marks the rest.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import groupby

from .pdf_page import Segment

SNAP = 3.0  # lines this close are one line (Word/WPS draw a border as two or three thin strokes)
JOIN = 3.0  # pieces of one line with gaps this small are one line
CROSS = 3.0  # a line ending this short of another still meets it
MIN_LENGTH = 3.0

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class Grid:
    """One ruled table: rows of cell boxes, None where a merged cell above or to the left covers the position."""

    rows: list[list[Box | None]]
    box: Box  # the table's outline


def find_grids(horizontal: list[Segment], vertical: list[Segment]) -> list[Grid]:
    """The ruled tables on a page, top to bottom."""
    horizontal, vertical = merge(horizontal), merge(vertical)
    corners = crossings(horizontal, vertical)
    columns: dict[float, list[float]] = {}
    levels: dict[float, list[float]] = {}
    for x, y in sorted(corners):
        columns.setdefault(x, []).append(y)
        levels.setdefault(y, []).append(x)
    cells = [_smallest_cell((x, y), corners, columns[x], levels[y]) for x, y in sorted(corners)]
    cells = [cell for cell in cells if cell]
    return [_grid(group) for group in _tables(cells)]


def merge(segments: list[Segment]) -> list[Segment]:
    """Snap segments onto shared lines (the mean position of each cluster), join overlapping pieces."""
    segments = [s for s in segments if s.end - s.start >= 1]
    merged = []
    for cluster in _clusters(sorted(segments), SNAP):
        at = sum(s.at for s in cluster) / len(cluster)
        pieces = sorted(cluster, key=lambda s: s.start)
        start, end = pieces[0].start, pieces[0].end
        for piece in pieces[1:]:
            if piece.start <= end + JOIN:
                end = max(end, piece.end)
            else:
                merged.append(Segment(at, start, end))
                start, end = piece.start, piece.end
        merged.append(Segment(at, start, end))
    return [s for s in merged if s.end - s.start >= MIN_LENGTH]


def _clusters(segments: list[Segment], tolerance: float) -> list[list[Segment]]:
    """Segments (sorted by position) in runs whose neighbours are at most `tolerance` apart."""
    clusters: list[list[Segment]] = []
    for segment in segments:
        if clusters and segment.at - clusters[-1][-1].at <= tolerance:
            clusters[-1].append(segment)
        else:
            clusters.append([segment])
    return clusters


Corners = dict[tuple[float, float], tuple[set[int], set[int]]]  # (x, y) → (its vertical lines, its horizontal lines)


def crossings(horizontal: list[Segment], vertical: list[Segment]) -> Corners:
    """Every (x, y) where a vertical line meets a horizontal one, with the lines that meet there."""
    horizontal = sorted(horizontal)
    levels = [h.at for h in horizontal]
    corners: Corners = {}
    for v_index, v in enumerate(vertical):
        low, high = bisect_left(levels, v.start - CROSS), bisect_right(levels, v.end + CROSS)
        for h_index in range(low, high):
            h = horizontal[h_index]
            if h.start - CROSS <= v.at <= h.end + CROSS:
                lines = corners.setdefault((v.at, h.at), (set(), set()))
                lines[0].add(v_index)
                lines[1].add(h_index)
    return corners


def _smallest_cell(point: tuple[float, float], corners: Corners, column: list[float], level: list[float]) -> Box | None:
    """The smallest rectangle with `point` as top-left corner whose sides all lie on lines
    (`column`: the corners' ys at this x, `level`: their xs at this y, both sorted)."""
    x, y = point
    verticals, horizontals = corners[point]
    rights = level[bisect_right(level, x) :]
    for bottom in column[bisect_right(column, y) :]:
        if verticals.isdisjoint(corners[(x, bottom)][0]):
            continue
        for right_x in rights:  # the corners along the top side, nearest first: the first that closes a box is the cell
            top_right = corners[(right_x, y)]
            if horizontals.isdisjoint(top_right[1]):
                continue
            corner = corners.get((right_x, bottom))
            if corner and not corner[0].isdisjoint(top_right[0]) and not corner[1].isdisjoint(corners[(x, bottom)][1]):
                return (x, y, right_x, bottom)
    return None


def _tables(cells: list[Box]) -> list[list[Box]]:
    """Cells grouped into tables (sharing a corner links two cells), top to bottom; single cells are frames, not tables."""
    owner: dict[tuple[float, float], int] = {}
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[root(i)] = root(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list[Box]] = {}
    for i, cell in enumerate(cells):
        groups.setdefault(root(i), []).append(cell)
    tables = [group for group in groups.values() if len(group) > 1]
    return sorted(tables, key=lambda group: min((c[1], c[0]) for c in group))


def _grid(cells: list[Box]) -> Grid:
    lefts = sorted({cell[0] for cell in cells})
    rows = []
    for _, row in groupby(sorted(cells, key=lambda c: (c[1], c[0])), key=lambda c: c[1]):
        starts = {cell[0]: cell for cell in row}
        rows.append([starts.get(x) for x in lefts])
    x0s, tops, x1s, bottoms = zip(*cells)
    return Grid(rows, (min(x0s), min(tops), max(x1s), max(bottoms)))
