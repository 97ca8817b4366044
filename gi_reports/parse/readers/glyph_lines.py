"""Text written one glyph per line: a PDF that draws each CJK glyph as a text object of its own
(ReportLab does) comes out of mutool's text export as `规` / `章` / `17` / `17` / `230`, every
label and heading broken into characters. The lines of one piece of text are joined again; a
line that is a number stays a line (a cell) of its own, and an empty line still parts blocks.
"""

from ..numerals import VALUE_RUN

GLYPH = 2  # characters: a line this short is one glyph (with the punctuation a glyph may carry: `、总`)
GLYPH_SHARE = 0.75  # of the lines of text: this many are glyphs in a text written one glyph per line


def joined_glyph_lines(lines: list[str]) -> tuple[list[str], list[int]] | None:
    """The lines with each run of text lines joined into one, and the number of each one's first
    line in `lines`; None when the text is not written one glyph per line."""
    texts = [s for line in lines if (s := line.strip()) and not VALUE_RUN.fullmatch(s)]
    if not texts or sum(len(s) <= GLYPH for s in texts) < GLYPH_SHARE * len(texts):
        return None
    joined: list[str] = []
    numbers: list[int] = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if text and not VALUE_RUN.fullmatch(text) and joined and joined[-1] and not VALUE_RUN.fullmatch(joined[-1]):
            joined[-1] += text
            continue
        joined.append(text)
        numbers.append(number)
    return joined, numbers
