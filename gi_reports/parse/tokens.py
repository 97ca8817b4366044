"""Document → one stream of tokens: labels, values, blanks, other text, row ends.

Every layout (grids from HTML/DOCX/PDF, tab or pipe text, a whole table glued onto one line)
becomes the same stream, so the template interpreter reads them all the same way: by labels.
"""

from enum import Enum
from functools import lru_cache
from typing import NamedTuple

from .catalogue import catalogue
from .document import Document
from .numerals import CHINESE_NUMBER, VALUE_RUN, is_blank
from .textnorm import normalize

# A number followed by one of these is an ordinal ("1.", "3、") or prose ("2020年", "21件").
_NOT_AFTER_A_CELL = frozenset(".、)年月日件条项个人次%")


class Kind(Enum):
    LABEL = "label"
    VALUE = "value"  # a run of digits, possibly several glued cells
    BLANK = "blank"
    TEXT = "text"
    ROW_END = "row_end"


class Token(NamedTuple):  # a tuple, not a dataclass: made by the thousand per report
    kind: Kind
    text: str
    source: str
    dimension: str = ""
    code: str = ""
    templates: frozenset[str] = frozenset()


def tokenize(document: Document) -> list[Token]:
    tokens: list[Token] = []
    for row in document.rows():
        for cell in row:
            if cell.merged:
                continue
            tokens.extend(Token(kind, text, cell.source, *label) for kind, text, *label in _cell_shapes(cell.text))
        tokens.append(Token(Kind.ROW_END, "", row[-1].source if row else ""))
    return tokens


@lru_cache(maxsize=1 << 16)
def _cell_shapes(raw: str) -> tuple[tuple, ...]:
    """The tokens of one cell's text, without their source: cells repeat across reports."""
    return tuple((t.kind, t.text, t.dimension, t.code, t.templates) for t in _cell_tokens(normalize(raw), ""))


def _cell_tokens(text: str, source: str) -> list[Token]:
    if is_blank(text):
        return [Token(Kind.BLANK, text, source)]
    matches = catalogue().find(text)
    if not matches:
        return _plain_tokens(text, source)
    tokens = _plain_tokens(text[: matches[0].start], source)
    for match, following in zip(matches, [*matches[1:], None]):
        residual = text[match.end : following.start if following else len(text)]
        # Text between a label and its numbers is the rest of the label (a wrapped or
        # parenthesised tail such as "(区分处理的，只计这一情形…)"), not a cell of its own.
        tail_length = next((i for i, ch in enumerate(residual) if ch.isdigit() or ch == "-"), len(residual))
        label_text = text[match.start : match.end + tail_length]
        tokens.append(Token(Kind.LABEL, label_text, source, match.dimension, match.code, match.templates))
        tokens.extend(_plain_tokens(residual[tail_length:], source))
    return tokens


def _plain_tokens(text: str, source: str) -> list[Token]:
    """Text with no label: a leading run of numbers, then whatever text follows it."""
    text = text.strip()
    if not text:
        return []
    if CHINESE_NUMBER.fullmatch(text):
        return [Token(Kind.VALUE, text, source)]
    run = VALUE_RUN.match(text)
    if not run:
        return [Token(Kind.TEXT, text, source)]
    value = run.group().strip()
    rest = text[run.end() :].strip()
    if rest[:1] in _NOT_AFTER_A_CELL:
        return [Token(Kind.TEXT, text, source)]  # an ordinal or a figure in prose, not a cell
    return [Token(Kind.VALUE, value, source), *([Token(Kind.TEXT, rest, source)] if rest else [])]
