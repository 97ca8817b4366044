"""Rows whose cells a converter joined with one space each (BeautifulSoup's get_text(" ")): an empty
cell is a space of its own between two separators, so it widens the run between its neighbours by
two (`2     1` is 2, two empty cells, 1)."""

from collections import Counter

from .aligned_text import Placed, may_end_in_a_value, placed_words, values_start


def joined_rows(lines: list[str]) -> dict[int, Placed]:
    """The lines (by index) with empty cells put back, when most numbers of the text stand one space
    apart and every wider run of spaces between two numbers is odd; else none (spaces there are
    alignment, as in pdftotext's layout text)."""
    rows = {i: words for i, line in enumerate(lines) if may_end_in_a_value(line) and (words := _trailing_values(line))}
    gaps = Counter(b[0] - a[0] - len(a[1]) for words in rows.values() for a, b in zip(words[1:], words[2:]))
    if gaps[1] * 2 <= gaps.total() or len(gaps) == 1 or not all(gap % 2 for gap in gaps):
        return {}
    filled = {}
    for i, (label, *values) in rows.items():
        placed: Placed = [label] if label[1] else []
        for (start, text), (next_start, next_text) in zip([label, *values], values):
            if text or placed:  # the run before a line's first number is indentation, not cells
                placed += [(-1, "")] * ((next_start - start - len(text)) // 2)
            placed.append((next_start, next_text))
        if len(placed) > len(values) + bool(label[1]):
            filled[i] = [(-1, text) for _, text in placed]  # where a cell stands tells nothing of its column
    return filled


def _trailing_values(line: str) -> Placed:
    """The text before the numbers a line ends with (empty text if none), then each number:
    (offset, text); nothing when the line does not end in a number."""
    words = placed_words(line)
    first = values_start(words)
    if first == len(words):
        return []
    if first == 0:
        return [(0, ""), *words]
    label_start, label_end = words[0][0], words[first - 1][0] + len(words[first - 1][1])
    return [(label_start, line[label_start:label_end]), *words[first:]]
