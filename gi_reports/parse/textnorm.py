"""One normal form for report text, shared by label matching and number parsing."""

import re
import unicodedata

# Whitespace matters only between two digits, where it is the one cell boundary a text
# dump may keep ("230 000023"); anywhere else it is layout ("结果 维持", "不予\n\n公开").
_LAYOUT_SPACE = re.compile(r"(?<![\d.])\s+|\s+(?![\d.-])")
_DIGIT_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFKC (full-width brackets, digits and ideographic spaces become ASCII), layout spaces dropped."""
    text = unicodedata.normalize("NFKC", text)
    # Runs first become one space: a run between two digits (`10    1`) is one boundary, not glue.
    return _LAYOUT_SPACE.sub("", _DIGIT_SPACE.sub(" ", text))
