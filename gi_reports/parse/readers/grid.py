"""A page image → its tables as grids of cell boxes, found from the ruling lines.

The page is read as the brightest of its three channels, so a red seal or a coloured cell fill
turns paper-white while black ink under it stays dark; it is straightened by the angle at which
its rows of ink line up best. Ruling lines are the long thin runs that survive a morphological
opening; the cells are the regions the lines enclose, so a merged cell is simply a larger region
and its row and column spans come from which grid lines its edges sit on.
"""

from dataclasses import dataclass, replace

import cv2
import numpy as np

from .textlines import Box, runs, without_specks

MAX_SKEW = 4.0  # degrees; scans come in within ±3°
_EVEN_PAPER = 230  # paper this bright everywhere is evenly lit


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    rows: int
    cols: int
    box: Box
    region: np.ndarray  # the cell's own pixels within `box` (True inside the cell)
    cut: bool = False  # a ruling line found through its glyphs: their ink touches one wall from both sides


@dataclass(frozen=True)
class TableGrid:
    box: Box
    n_rows: int
    n_cols: int
    cells: list[GridCell]


@dataclass
class Page:
    gray: np.ndarray  # straightened, seals and fills removed, ruling lines whitened
    ink: np.ndarray  # bool: dark pixels that are not ruling lines
    text_height: int  # typical glyph height in pixels
    tables: list[TableGrid]


def read_page(rgb: np.ndarray) -> Page:
    gray = paper_gray(rgb)
    gray = straighten(gray, skew_angle(ink_mask(gray)))
    dark = ink_mask(gray)
    height = text_height(dark)
    horizontal, vertical = ruling_lines(dark, height)
    lines = horizontal | vertical
    boxes = [part for box in _table_boxes(lines, height) for part in _apart(box, horizontal, vertical, height)]
    tables = [grid for box in boxes if (grid := _grid(box, lines, dark, height))]
    in_tables = np.zeros_like(lines)
    for table in tables:
        in_tables[table.box.y0 : table.box.y1, table.box.x0 : table.box.x1] = 255
    # outside the tables a long stroke is a large heading's; inside, only inked pixels of a line are
    # removed (the line mask is drawn fat so that it closes every cell)
    lines &= in_tables & dark
    clean = gray.copy()
    clean[lines > 0] = 255
    return Page(clean, (dark > 0) & (lines == 0), height, tables)


def runs_down(rgb: np.ndarray) -> bool:
    """Whether the page's lines of text run down it (a landscape table scanned sideways): the glyphs of a line lie
    closer together than the lines do, so the ink, ruling lines aside, joins into far fewer pieces when smeared a
    little along its lines than across them (measured: a third to a half as many, either way round)."""
    dark = ink_mask(paper_gray(rgb))
    height = text_height(dark)
    horizontal, vertical = ruling_lines(dark, height)
    ink = ((dark > 0) & ((horizontal | vertical) == 0)).astype(np.uint8)
    reach = max(2, int(0.4 * height))
    across, down = (cv2.connectedComponents(cv2.dilate(ink, np.ones(shape, np.uint8)))[0] for shape in ((1, reach), (reach, 1)))
    return down < 0.7 * across


def paper_gray(rgb: np.ndarray) -> np.ndarray:
    """The page in gray with coloured ink (a red seal, a blue cell fill) turned to paper.

    The brightest channel of a fill or of red ink is bright. Print under a seal darkens the red
    channel below the seal's own level, so there the red channel, scaled so the seal alone is
    paper, keeps faint lines and figures under the seal."""
    if rgb.ndim == 2:
        return rgb
    if _black_and_white(rgb):  # its glyphs are staircases: blurred a little, they have the gray edges the recogniser knows
        return cv2.GaussianBlur(np.ascontiguousarray(rgb[..., 0]), (3, 3), 0)
    # OpenCV's per-channel operations, not numpy's reductions over the colour axis: a tenth of the time
    # on a 300 dpi page; a saturating r - g > 50 is r > g + 50
    r, g, b = cv2.split(np.ascontiguousarray(rgb))
    gray = cv2.max(cv2.max(r, g), b)
    red = (cv2.subtract(r, g) > 50) & (cv2.subtract(r, b) > 50)
    if np.count_nonzero(red) > 100:
        seal = max(float(np.median(r[red])), 1.0)
        under = r[red] * (255 / seal)
        gray[red] = np.where(under > 215, 255, under).astype(np.uint8)  # the seal's own mottling is paper
    return _light_masses_to_paper(_evenly_lit(gray))


def _evenly_lit(gray: np.ndarray) -> np.ndarray:
    """A page lit unevenly (photographed, or curled off the scanner's glass) made paper-white all over: each pixel
    is divided by the paper's brightness around it, the brightest of a neighbourhood far wider than any stroke
    (a twelfth of the page). A page whose paper is near white everywhere is left as it is."""
    eighth = cv2.resize(gray, None, fx=1 / 8, fy=1 / 8, interpolation=cv2.INTER_AREA)
    reach = max(3, eighth.shape[1] // 12) | 1
    paper = cv2.blur(cv2.dilate(eighth, np.ones((reach, reach), np.uint8)), (reach, reach))
    if paper.min() >= _EVEN_PAPER:
        return gray
    paper = cv2.resize(paper, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, paper, scale=255)


def _black_and_white(rgb: np.ndarray) -> bool:
    """A bilevel scan (a 1-bit TIFF or PNG), seen in a sample of its pixels: nothing between black and white."""
    sample = rgb[::7, ::7, 0]
    return not np.count_nonzero((sample > 0) & (sample < 255))


def _light_masses_to_paper(gray: np.ndarray) -> np.ndarray:
    """A seal scanned in gray, or a gray cell fill, turned to paper as a red seal is in colour.

    Print is black and thin: at its strokes' middle it is darker than 64, and only a seal's ring, star and
    characters or a fill are both lighter and thick (at 150 dpi: more than 6 pixels across over an area of
    30 by 30 pixels; a red seal scans to gray 90-100, a fill to 200 or more). Each pixel of such a mass is
    scaled so that the gray of the mass's nearest middle is paper (a seal over a fill is two levels); print
    over it stays dark, as under a red seal."""
    scale = min(gray.shape) / 1240  # 1 at 150 dpi on A4
    not_paper = (gray < np.median(gray) - 40).astype(np.uint8)
    thick = ((cv2.distanceTransform(not_paper, cv2.DIST_L2, 3) >= 3 * scale) & (gray >= 64)).astype(np.uint8)
    if np.count_nonzero(thick) < (30 * scale) ** 2:
        return gray
    reach = max(3, int(6 * scale)) | 1  # the thick middles grown back to the strokes' edges
    count, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(thick, np.ones((reach, reach), np.uint8)))
    levels = cv2.max(cv2.medianBlur(gray, 5), gray)  # a middle's gray without mottling, nor print beside it
    for mass in range(1, count):
        x, y, w, h, _ = stats[mass]
        inside = labels[y : y + h, x : x + w] == mass
        middles = inside & (thick[y : y + h, x : x + w] > 0)
        if max(w, h) < 60 * scale or np.count_nonzero(middles) < (30 * scale) ** 2:
            continue
        _, nearest = cv2.distanceTransformWithLabels(
            (~middles).astype(np.uint8), cv2.DIST_L2, 3, labelType=cv2.DIST_LABEL_PIXEL
        )  # each pixel → the index of its nearest middle, in raster order from 1
        level = levels[y : y + h, x : x + w][middles][nearest[inside] - 1]  # a middle is at least 64
        window = gray[y : y + h, x : x + w]
        under = window[inside] * (255 / level)
        window[inside] = np.where(under > 215, 255, under).astype(np.uint8)
    return gray


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Print against its local background (faded toner, uneven light), after smoothing away sensor noise."""
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)
    return cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 41, 12)


def straighten(gray: np.ndarray, angle: float) -> np.ndarray:
    if abs(angle) < 0.05:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)


def skew_angle(dark: np.ndarray) -> float:
    """The rotation (degrees) that makes rows of ink sharpest: a coarse then a fine search of the row profile."""
    ink = cv2.resize(dark, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA).astype(np.float32)
    h, w = ink.shape

    def sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        return float(np.var(cv2.warpAffine(ink, matrix, (w, h)).sum(axis=1)))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=sharpness)
    return float(max(np.arange(best - 0.5, best + 0.51, 0.05), key=sharpness))


def text_height(dark: np.ndarray) -> int:
    """The height of a typical glyph: the upper quartile of component heights (CJK glyphs break into parts)."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    glyphs = heights[(heights >= 6) & (heights <= 120) & (widths <= 3 * heights)]
    return int(np.percentile(glyphs, 75)) if len(glyphs) else 20


def ruling_lines(dark: np.ndarray, height: int) -> tuple[np.ndarray, np.ndarray]:
    """Runs of ink longer than any glyph stroke: the horizontal lines, and the vertical ones.

    The ink is thickened across each direction first, so that a thin line left a pixel out of true
    by skew or broken by noise still makes one run; gaps up to a glyph wide are bridged after."""
    long = max(3 * height, 24)  # longer than two neighbouring glyphs' strokes in line
    found = []
    for run, across, bridge in (((long, 1), (1, 3), (height, 1)), ((1, round(1.4 * height)), (3, 1), (1, height))):
        thick = cv2.dilate(dark, cv2.getStructuringElement(cv2.MORPH_RECT, across))
        line = cv2.morphologyEx(thick, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, run))
        found.append(cv2.morphologyEx(line, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge)))
    horizontal, vertical = found
    grow = max(3, height // 3)  # lines reach their crossings, so that every cell is closed
    horizontal = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (grow, 1)))
    vertical = cv2.dilate(vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (1, grow)))
    return horizontal, vertical


def _table_boxes(lines: np.ndarray, height: int) -> list[Box]:
    count, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    boxes = []
    for x, y, w, h, _ in stats[1:count]:
        if w > 8 * height and h > 1.5 * height:
            boxes.append(Box(int(x), int(y), int(x + w), int(y + h)))
    return sorted(boxes, key=lambda b: b.y0)


def _apart(box: Box, horizontal: np.ndarray, vertical: np.ndarray, height: int) -> list[Box]:
    """A table box less the bands, at most two glyphs tall, that are no row of it: between two of its
    full-width rulings, a band no column line runs through from the rows around; beyond the first or
    last, a band the table's side borders do not run along. A heading printed so tight above,
    between or below tables that its strokes join their lines makes such a band."""
    h, v = (lines[box.y0 : box.y1, box.x0 : box.x1] > 0 for lines in (horizontal, vertical))
    rulings = runs(h.mean(axis=1) > 0.9, gap=1)
    edges = [0, *(y for ruling in rulings for y in ruling), h.shape[0]]
    for top, bottom in zip(edges[::2], edges[1::2]):
        walls = np.flatnonzero(v[top:bottom].sum(axis=0) > height // 2) if 1 < bottom - top <= 2 * height else []
        # a glyph's stroke, lengthened to close the cells, reaches past the rulings; a column line runs on
        around = [v[top - 3 * height // 2 : top - height]] if top >= 3 * height // 2 else []
        around += [v[bottom + height : bottom + 3 * height // 2]] if bottom + 3 * height // 2 <= h.shape[0] else []
        between = len(walls) and len(around) == 2
        if (between and np.logical_or.reduce([rows.any(axis=0) for rows in around])[walls].mean() < 0.5) or (
            len(walls) and len(around) < 2 and not _bordered(h, v, rulings, top, bottom, height)
        ):
            parts = [_extent(box, h | v, y0, y1) for y0, y1 in ((0, top), (bottom, h.shape[0])) if y1 - y0 > height]
            return [piece for part in parts if part for piece in _apart(part, horizontal, vertical, height)]
    return [box]


def _bordered(h: np.ndarray, v: np.ndarray, rulings: list[tuple[int, int]], top: int, bottom: int, height: int) -> bool:
    """Whether the side borders of the table (near the ends of its full-width rulings, which reach past
    them) run down rows top to bottom."""
    ends = np.flatnonzero(np.logical_or.reduce([h[a:b].any(axis=0) for a, b in rulings]))
    left, right = int(ends[0]), int(ends[-1]) + 1
    sides = ((left, left + height), (right - height, right))
    return all(v[top:bottom, x0:x1].any(axis=1).mean() > 0.8 for x0, x1 in sides)


def _extent(box: Box, lines: np.ndarray, y0: int, y1: int) -> Box | None:
    """The box, in page coordinates, of the lines between rows y0 and y1 of `box`."""
    xs = np.flatnonzero(lines[y0:y1].any(axis=0))
    if not len(xs):
        return None
    return Box(box.x0 + int(xs[0]), box.y0 + y0, box.x0 + int(xs[-1]) + 1, box.y0 + y1)


def _grid(box: Box, lines: np.ndarray, dark: np.ndarray, height: int) -> TableGrid | None:
    """The cells of one table: the regions between its lines, placed on the grid their edges define."""
    walls = lines[box.y0 : box.y1, box.x0 : box.x1].copy()
    ink = without_specks((dark[box.y0 : box.y1, box.x0 : box.x1] > 0) & (walls == 0), height)
    _grow_to_edges(walls, height)
    cv2.rectangle(walls, (0, 0), (walls.shape[1] - 1, walls.shape[0] - 1), 255, 3)  # close a border the page cut off
    count, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_not(walls), connectivity=4)
    found = [
        (label, Box(int(x), int(y), int(x + w), int(y + h)))
        for label, (x, y, w, h, area) in enumerate(stats[1:count], start=1)
        if w >= 6 and h >= 6 and area >= 0.5 * w * h
    ]
    if len(found) < 2:
        return None
    # the two sides of one line are nearer than a third of the lowest cell; a sliver between the last line
    # and the table's edge (lines grown past their crossings, or a table seen at a slant) is no cell and must not
    # set that: a cell holds a line of text
    tolerance = max(4, min((b.y1 - b.y0 for _, b in found if b.y1 - b.y0 >= height), default=0) // 3)
    rows = _edges([b.y0 for _, b in found] + [b.y1 for _, b in found], tolerance)
    cols = _edges([b.x0 for _, b in found] + [b.x1 for _, b in found], tolerance)
    cells = []
    for label, b in found:
        region = labels[b.y0 : b.y1, b.x0 : b.x1] == label
        lines_across = ([x - b.x0 for x in cols], [y - b.y0 for y in rows])
        for part in _parts(region, ink[b.y0 : b.y1, b.x0 : b.x1], lines_across, height // 2):
            ys, xs = np.flatnonzero(part.any(axis=1)), np.flatnonzero(part.any(axis=0))
            y0, y1, x0, x1 = b.y0 + int(ys[0]), b.y0 + int(ys[-1]) + 1, b.x0 + int(xs[0]), b.x0 + int(xs[-1]) + 1
            r0, r1 = _nearest(rows, y0), _nearest(rows, y1)
            c0, c1 = _nearest(cols, x0), _nearest(cols, x1)
            if r1 <= r0 or c1 <= c0:
                continue
            region_part = part[y0 - b.y0 : y1 - b.y0, x0 - b.x0 : x1 - b.x0]
            shifted = Box(x0 + box.x0, y0 + box.y0, x1 + box.x0, y1 + box.y0)
            cells.append(GridCell(r0, c0, r1 - r0, c1 - c0, shifted, region_part))
    return TableGrid(box, len(rows) - 1, len(cols) - 1, _through_glyphs(cells, ink, box, height))


def _grow_to_edges(walls: np.ndarray, height: int) -> None:
    """Lines that stop within a glyph's height of the table's edge grown to it. Where the page cut a table there is
    no line along the edge, and seen at a slant (a photo) its lines end at different depths: left short, the cells
    along that edge run into one another under their ends. A line ending at a merged cell stops a row away."""
    for side in (walls, walls[::-1], walls.T, walls.T[::-1]):  # views of the bottom, top, right and left edges
        if len(side) < 2 * height:  # no line can be seen to run towards this edge
            continue
        ends = side[-2 * height : -height].all(axis=0)
        side[-height:, ends] = 255


def _through_glyphs(cells: list[GridCell], ink: np.ndarray, table: Box, height: int) -> list[GridCell]:
    """The cells marked `cut` where a found line runs through print: glyph-tall ink (not a speck,
    not a line's own remains) touches the wall between two neighbouring cells from both sides, level
    with each other, as the two halves of a number do when a line is found in the wrong place."""
    shape = ink.shape
    touches = {}
    for i, cell in enumerate(cells):
        y0, x0 = cell.box.y0 - table.y0, cell.box.x0 - table.x0
        own = ink[y0 : cell.box.y1 - table.y0, x0 : cell.box.x1 - table.x0] & cell.region
        for axis, offset, length in ((1, y0, shape[0]), (0, x0, shape[1])):  # walls left and right, then above and below
            region, inked = (cell.region, own) if axis == 1 else (cell.region.T, own.T)
            for side, flip in (("before", False), ("after", True)):
                r, k = (region[:, ::-1], inked[:, ::-1]) if flip else (region, inked)
                first = r.argmax(axis=1)
                lines = np.arange(len(first))
                near = np.zeros(len(first), bool)
                for step in range(3):
                    near |= k[lines, np.minimum(first + step, r.shape[1] - 1)]
                along = np.zeros(length, bool)
                for start, stop in runs(near & r.any(axis=1), gap=1):
                    along[offset + start : offset + stop] = stop - start >= height // 3
                touches[i, axis, side] = along
    marked = set()
    for a, first in enumerate(cells):
        for b, second in enumerate(cells):
            beside = (
                first.col + first.cols == second.col
                and first.row < second.row + second.rows
                and second.row < first.row + first.rows
            )
            below = (
                first.row + first.rows == second.row
                and first.col < second.col + second.cols
                and second.col < first.col + first.cols
            )
            for axis, adjacent in ((1, beside), (0, below)):
                if adjacent and (touches[a, axis, "after"] & touches[b, axis, "before"]).sum() >= height // 3:
                    marked |= {a, b}
    return [replace(cell, cut=True) if i in marked else cell for i, cell in enumerate(cells)]


def _parts(region: np.ndarray, ink: np.ndarray, lines: tuple[list[float], list[float]], gap: int) -> list[np.ndarray]:
    """A region cut along the table's column and row lines that cross it through clear paper.

    A ruling line lost under a seal or to faded toner merges two cells into one region; the
    table's other rows and columns still place the line. The region is cut there when its ink
    leaves a gap at least `gap` wide around the line and lies on both sides of it (a merged
    cell's text is on one side, or runs across), or when the region is no rectangle (no cell is
    L-shaped). Thin marks on the line are what is left of the line itself."""
    count, marks, stats, _ = cv2.connectedComponentsWithStats((ink & region).astype(np.uint8), connectivity=8)
    core = region[gap:-gap, gap:-gap]  # a skewed line's jagged edge aside
    rectangle = core.size == 0 or core.mean() > 0.95
    for axis, positions in enumerate(lines):  # axis 0: columns, cut by column lines; 1: rows
        inside = np.flatnonzero(region.any(axis=axis))
        start, size = (
            (stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_WIDTH])
            if axis == 0
            else (stats[:, cv2.CC_STAT_TOP], stats[:, cv2.CC_STAT_HEIGHT])
        )
        for position in positions:
            at = round(position)
            if not inside[0] + gap <= at < inside[-1] + 1 - gap:
                continue
            on_line = (size <= gap // 2) & (np.abs(start + size / 2 - at) <= gap // 2)
            on_line[0] = True  # the background
            if _clear((~on_line[marks]).any(axis=axis), at, gap, both_sides=rectangle):
                kept = region & ~(on_line[marks] & (marks > 0))  # the line's remains are no cell's text
                first = kept.copy()
                first[(slice(None), slice(at, None)) if axis == 0 else slice(at, None)] = False
                return [p for half in (first, kept & ~first) if half.any() for p in _parts(half, ink, lines, gap)]
    return [region]


def _clear(profile: np.ndarray, at: int, gap: int, both_sides: bool) -> bool:
    """No ink within a run of at least `gap` around `at`, with ink beyond it on both sides (or on one, when not `both_sides`)."""
    inked = np.flatnonzero(profile)
    if not len(inked):
        return not both_sides
    if profile[at]:
        return False
    before, after = inked[inked < at], inked[inked > at]
    if both_sides and not (len(before) and len(after)):
        return False
    start = int(before[-1]) + 1 if len(before) else at - gap
    stop = int(after[0]) if len(after) else at + gap
    margin = max(2, gap // 4)
    return stop - start >= gap and at - start >= margin and stop - at >= margin


def _edges(positions: list[int], tolerance: int) -> list[float]:
    """Cell edges → grid lines: edges closer than `tolerance` (the two sides of one ruling line) are one line."""
    lines: list[list[int]] = []
    for p in sorted(positions):
        if lines and p - lines[-1][-1] <= tolerance:
            lines[-1].append(p)
        else:
            lines.append([p])
    return [float(np.mean(group)) for group in lines]


def _nearest(lines: list[float], position: int) -> int:
    return int(np.argmin([abs(line - position) for line in lines]))
