"""Text from positioned characters: lines by height on the page, words by the gaps between them.

Characters whose bottoms (the font's descent line, near the baseline) lie within TOLERANCE of a
neighbour's are one line: tops differ with each font's ascent, so a line mixing Latin and CJK fonts
would come apart on them. A gap wider than TOLERANCE (or a space character) starts a new word, and
words are joined by one space.
"""

from .pdf_page import Char

TOLERANCE = 3.0


def lines(chars: list[Char]) -> list[tuple[float, str]]:
    """(top, text) of each line, top to bottom."""
    found = []
    for line in _line_groups(chars):
        text = " ".join(_words(sorted(line, key=lambda c: c.x0)))
        if text:
            found.append((min(c.top for c in line), text))
    return found


def text(chars: list[Char]) -> str:
    return "\n".join(line for _, line in lines(chars))


def _line_groups(chars: list[Char]) -> list[list[Char]]:
    groups: list[list[Char]] = []
    last = None
    for char in sorted(chars, key=lambda c: c.bottom):
        if last is None or char.bottom - last > TOLERANCE:
            groups.append([])
        groups[-1].append(char)
        last = char.bottom
    return groups


def _words(chars: list[Char]) -> list[str]:
    words: list[list[str]] = []
    previous = None
    for char in chars:
        if char.text.isspace():
            previous = None
            continue
        if (
            previous is None
            or char.x0 < previous.x0
            or char.x0 > previous.x1 + TOLERANCE
            or abs(char.bottom - previous.bottom) > TOLERANCE
        ):
            words.append([])
        words[-1].append(char.text)
        previous = char
    return ["".join(word) for word in words]
