"""Ink within a region → its lines of text (boxes to recognise) and its glyphs, from projection profiles."""

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Box:
    x0: int
    y0: int
    x1: int
    y1: int


def without_specks(ink: np.ndarray, text_height: int) -> np.ndarray:
    """Ink less the dust and noise a scan adds: specks smaller than a decimal point, and small marks
    not beside the lower two thirds of a glyph (a decimal point sits on the digits' baseline, a minus sign
    at their middle; dust by a glyph's top reads as a 1)."""
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    area = stats[:, cv2.CC_STAT_AREA]
    size = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    glyph = size >= 0.4 * text_height  # a thin 1 or a minus sign is long in one direction; dust in neither
    glyph[0] = False
    reach = max(3, text_height // 2)
    lower = np.zeros(ink.shape, np.uint8)
    for left, top, width, height, _ in stats[np.flatnonzero(glyph)]:
        lower[top + height // 3 : top + height + height // 5, left : left + width] = 1
    near_glyph = cv2.dilate(lower, np.ones((1, 2 * reach), np.uint8)) > 0
    x, y = np.nan_to_num(centroids).astype(int).T  # the paper's centroid is NaN where ink covers the region
    keep = glyph | ((area >= max(2, (text_height / 10) ** 2)) & near_glyph[y, x])
    keep[0] = False
    return keep[labels]


def text_lines(ink: np.ndarray, text_height: int) -> list[Box]:
    """Boxes of the lines of text in `ink` (bool, one region), top to bottom, each cut tight to its print:
    runs of ink a glyph or more in size, and what lies between them (a line of specks alone is none)."""
    bands = runs(ink.any(axis=1), gap=1)
    merged: list[list[int]] = []
    for start, stop in bands:
        # a run much shorter than a glyph (a stroke of 三, a 、) belongs to the line next to it
        if merged and (stop - start < text_height // 2 or merged[-1][1] - merged[-1][0] < text_height // 2):
            if start - merged[-1][1] <= text_height // 2:
                merged[-1][1] = stop
                continue
        merged.append([start, stop])
    boxes = []
    for top, bottom in merged:
        # dust a line's width away from its print would widen the crop the recogniser reads many times over
        printed = [
            (start, stop)
            for start, stop in runs(ink[top:bottom].any(axis=0), gap=2 * text_height)
            if max(stop - start, np.ptp(np.flatnonzero(ink[top:bottom, start:stop].any(axis=1))) + 1) >= text_height / 2
        ]
        if printed:
            boxes.append(Box(printed[0][0], top, printed[-1][1], bottom))
    return boxes


def glyphs(ink: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) columns of the glyphs standing side by side: runs of inked columns (digits rarely touch)."""
    return runs(ink.any(axis=0), gap=1)


def runs(profile: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """(start, stop) of the runs of True in `profile`, runs closer than `gap` joined."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], profile.astype(np.int8), [0]])))
    runs: list[tuple[int, int]] = []
    for start, stop in zip(edges[::2], edges[1::2]):
        if runs and start - runs[-1][1] < gap:
            runs[-1] = (runs[-1][0], int(stop))
        else:
            runs.append((int(start), int(stop)))
    return runs
