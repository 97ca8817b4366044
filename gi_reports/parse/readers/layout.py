"""Text from positioned characters: lines by height on the page, words by the gaps between them.

Characters whose bottoms (the font's descent line, near the baseline) lie within TOLERANCE of a
neighbour's are one line: tops differ with each font's ascent, so a line mixing Latin and CJK fonts
would come apart on them. A gap wider than TOLERANCE (or a space character) starts a new word, and
words are joined by one space.
"""

import re
from operator import attrgetter

from .pdf_page import Char

TOLERANCE = 3.0
_LEFT, _TOP, _RIGHT, _BOTTOM = attrgetter("x0"), attrgetter("top"), attrgetter("x1"), attrgetter("bottom")
_NUMBER_PIECE = re.compile(r"-?[\d.]+")


def lines(chars: list[Char]) -> list[tuple[float, str]]:
    """(top, text) of each line, top to bottom."""
    found = []
    for line in _line_groups(chars):
        text = " ".join(_words(sorted(line, key=_LEFT)))
        if text:
            found.append((min(map(_TOP, line)), text))
    return found


def cell_text(chars: list[Char]) -> str:
    """A ruled cell's text. One cell holds one figure, so lines that are all digits are one number
    that a cell too narrow for it wrapped (LibreOffice squeezing a wide table: 26 printed as 2 / 6);
    the identities then check the figure like any other."""
    found = [line for _, line in lines(chars)]
    if len(found) > 1 and all(_NUMBER_PIECE.fullmatch(line) for line in found):
        return "".join(found)
    return "\n".join(found)


def _line_groups(chars: list[Char]) -> list[list[Char]]:
    groups: list[list[Char]] = []
    last = None
    for char in sorted(chars, key=_BOTTOM):
        if last is None or char.bottom - last > TOLERANCE:
            groups.append([])
        groups[-1].append(char)
        last = char.bottom
    return groups


def _words(chars: list[Char]) -> list[str]:
    words: list[list[str]] = []
    left = right = bottom = None  # of the character before, None after a space
    for text, x0, _, x1, y1 in chars:  # unpacked: attribute access costs more in this loop over every character
        if text.isspace():
            left = None
            continue
        if left is None or x0 < left or x0 > right + TOLERANCE or abs(y1 - bottom) > TOLERANCE:
            words.append([])
        words[-1].append(text)
        left, right, bottom = x0, x1, y1
    return ["".join(word) for word in words]


def runs(chars: list[Char], gap: float) -> list[tuple[Char, str]]:
    """Each line cut where the ink pauses for more than `gap`: (bounding box, text) of each run.

    A table drawn without ruling lines still leaves white space between its columns, wider than any
    space between words; a space character only widens the pause, so words stay in one run.
    """
    found = []
    for line in _line_groups(chars):
        ink = sorted((c for c in line if not c.text.isspace()), key=_LEFT)
        run: list[Char] = []
        reach = 0.0  # where the run's ink ends so far
        for char in ink:
            if run and char.x0 - reach > gap:
                found.append(_run(run))
                run = []
            reach = max(reach, char.x1) if run else char.x1
            run.append(char)
        if run:
            found.append(_run(run))
    return found


def stacked(runs: list[tuple[Char, str]], leading: float) -> list[tuple[Char, str]]:
    """Runs one under another, less than `leading` apart and overlapping across, joined as one cell.

    A label wrapped inside a narrow cell is several lines; the space between lines of one cell is
    narrower than the padding between two rows of a table.
    """
    joined: list[tuple[Char, str]] = []
    near: list[int] = []  # the joined runs whose bottoms a later run can still be close under, in order
    for box, text in sorted(runs, key=lambda r: (r[0].top, r[0].x0)):
        near = [index for index in near if box.top - joined[index][0].bottom < leading]  # runs come top down: the rest are past
        for index in reversed(near):
            above, above_text = joined[index]
            if 0 <= box.top - above.bottom and box.x0 < above.x1 and above.x0 < box.x1:
                merged = Char("", min(above.x0, box.x0), above.top, max(above.x1, box.x1), box.bottom)
                joined[index] = (merged, above_text + text)
                break
        else:
            near.append(len(joined))
            joined.append((box, text))
    return joined


def _run(chars: list[Char]) -> tuple[Char, str]:
    box = Char("", min(map(_LEFT, chars)), min(map(_TOP, chars)), max(map(_RIGHT, chars)), max(map(_BOTTOM, chars)))
    return box, " ".join(_words(chars))
