"""One normal form for report text, shared by label matching and number parsing."""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Whitespace matters only between two digits, where it is the one cell boundary a text
# dump may keep ("230 000023"); anywhere else it is layout ("结果 维持", "不予\n\n公开").
# Runs of whitespace are one space by then; the pattern opens with that space so the engine can skip to it.
_LAYOUT_SPACE = re.compile(r" (?:(?<![\d.] )|(?![\d.-]))")
# Characters other than ASCII and CJK ideographs: the only ones NFKC may change.
_MAY_DECOMPOSE = re.compile(r"[^\x00-\x7f\u4e00-\u9fff]")
# The ones Chinese reports print on nearly every line: full-width punctuation and the ideographic space.
_COMMON = tuple((c, unicodedata.normalize("NFKD", c)) for c in "，（）：；\u3000\xa0")
# Circled, superscript and subscript digits are footnote markers (`12①`, `12¹`): NFKC would make them
# digits of the number they follow (121). They are kept as printed, so that the cell reads as a marked number.
DIGIT_MARKS = "".join(
    c
    for c in map(chr, range(0x80, 0x3300))
    if unicodedata.decomposition(c).startswith(("<circle>", "<super>", "<sub>")) and unicodedata.normalize("NFKC", c).isdigit()
)
_DIGIT_MARK = re.compile(f"([{DIGIT_MARKS}])")
# Invisible format characters a web page or word processor leaves inside a cell (`12\u200b`): no text of their own.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")


def normalize(text: str) -> str:
    """NFKC (full-width brackets, digits and ideographic spaces become ASCII) but for digit marks, invisible
    characters and layout spaces dropped."""
    text = _INVISIBLE.sub("", text)
    if _DIGIT_MARK.search(text):
        text = "".join(part if n % 2 else _nfkc(part) for n, part in enumerate(_DIGIT_MARK.split(text)))
    else:
        text = _nfkc(text)
    # Runs first become one space: a run between two digits (`10    1`) is one boundary, not glue.
    return _LAYOUT_SPACE.sub("", " ".join(text.split()))


def normalized_lines(parts: Iterable[str]) -> str:
    """`normalize("\\n".join(texts))` from the texts each normalised already, so that text asked for alone and
    within a longer one is normalised once: no normal form reaches across a line break, which becomes a space
    between the parts, kept, as everywhere, only between two numbers."""
    joined = ""
    for part in parts:
        if joined and part:
            joined += _LAYOUT_SPACE.sub("", f"{joined[-1]} {part[0]}")[1:-1] + part
        else:
            joined = joined or part
    return joined


def _nfkc(text: str) -> str:
    """unicodedata's NFKC, fast: each character it would decompose is replaced by its NFKD first.

    NFKC composes the compatibility decomposition of the text, which is the same for the text and for
    the text with any character replaced by its own decomposition; what is left passes NFKC's quick
    check in C instead of its slow path (full-width punctuation sends a report's every line there)."""
    for character, decomposed in _COMMON:
        text = text.replace(character, decomposed)
    if unicodedata.is_normalized("NFKC", text):
        return text
    for character in set(_MAY_DECOMPOSE.findall(text)):
        if (decomposed := _nfkd(character)) != character:
            text = text.replace(character, decomposed)
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=4096)
def _nfkd(character: str) -> str:
    return unicodedata.normalize("NFKD", character)
