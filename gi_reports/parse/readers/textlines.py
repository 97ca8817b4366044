"""Ink within a region → its lines of text (boxes to recognise) and its glyphs, from projection profiles."""

import cv2
import numpy as np

from .grid import Box


def without_specks(ink: np.ndarray, text_height: int) -> np.ndarray:
    """Ink less the dust and noise a scan adds: components far smaller than a decimal point."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    smallest = max(3, (text_height // 12) ** 2)
    keep = np.zeros(count, dtype=bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= smallest
    return keep[labels]


def text_lines(ink: np.ndarray, text_height: int) -> list[Box]:
    """Boxes of the lines of text in `ink` (bool, one region), top to bottom, each cut tight to its ink."""
    runs = _runs(ink.any(axis=1), gap=1)
    merged: list[list[int]] = []
    for start, stop in runs:
        # a run much shorter than a glyph (a stroke of 三, a 、) belongs to the line next to it
        if merged and (stop - start < text_height // 2 or merged[-1][1] - merged[-1][0] < text_height // 2):
            if start - merged[-1][1] <= text_height // 2:
                merged[-1][1] = stop
                continue
        merged.append([start, stop])
    boxes = []
    for top, bottom in merged:
        columns = np.flatnonzero(ink[top:bottom].any(axis=0))
        boxes.append(Box(int(columns[0]), top, int(columns[-1]) + 1, bottom))
    return boxes


def glyph_count(ink: np.ndarray) -> int:
    """How many glyphs stand side by side: runs of inked columns (digits in a cell rarely touch)."""
    return len(_runs(ink.any(axis=0), gap=1))


def _runs(profile: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """(start, stop) of the runs of True in `profile`, runs closer than `gap` joined."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], profile.astype(np.int8), [0]])))
    runs: list[tuple[int, int]] = []
    for start, stop in zip(edges[::2], edges[1::2]):
        if runs and start - runs[-1][1] < gap:
            runs[-1] = (runs[-1][0], int(stop))
        else:
            runs.append((int(start), int(stop)))
    return runs
