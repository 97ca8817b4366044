"""Document → one stream of tokens: labels, values, blanks, other text, row ends.

Every layout (grids from HTML/DOCX/PDF, tab or pipe text, a whole table glued onto one line)
becomes the same stream, so the template interpreter reads them all the same way: by labels.
"""

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

from .catalogue import catalogue
from .document import Cell, Document, cell_text
from .memo import Memo
from .numerals import CHINESE_NUMBER, VALUE_RUN, is_blank
from .textnorm import DIGIT_MARKS, normalize

# A number followed by one of these is an ordinal ("1.", "3、"), prose ("2020年", "21件") or a
# page number ("- 3 -", which pdfplumber and pdfminer leave between a table's rows).
_NOT_AFTER_A_CELL = frozenset(".、)年月日件条项个人次%-－—–")
# A figure given as an estimate or a bound (`约12`, `超过5`, `<3`): a value no count can be read from.
_QUALIFIED = re.compile(r"(?:约|近|逾|超过|不足|不到|少于|多于|大于|小于|[<>≈~])\d[\d,.]*[千百万亿元]*")
# What agencies print after a figure to mark a footnote (`12*`, `12①`, `12[1]`, `12(注)`), a unit the
# template has not (`3千`, `12亿元`, `1.5千万元`), a bound (`12万余元`), a rate or ratio (`12元/次`, `5件/人`,
# `3/5`), the other end of a range (`3~5`, `3至5`) or stray Latin letters and symbols (`12abc`, `12?`; not
# pandoc's `#` of a heading nor markdown's `_`): the cell stays one value with its marks, which the number
# parse refuses, so it is flagged with its raw text instead of read as the bare figure.
_MARKED = re.compile(
    rf"(?:[*※†‡△▲千百万亿元余多{DIGIT_MARKS}]|\[\d+\]|\(注\d*\)|注\d*|[件个条项人次]?/(?:[^\W\d_]{{1,3}}|\d[\d,.]*)"
    r"|[~〜至到]\d[\d,.]*|[A-Za-z?@!&$^=\\]+)+"
)


_ORDINAL = re.compile(r"^(?:\d+[.、]|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)")


def opens_with_ordinal(text: str) -> bool:
    """`三、`, `(一)`, `1.`: how a heading or a row label opens (normalised text), never a cell of words."""
    return _ORDINAL.match(text) is not None


# Two or more numbers apart at the end of a text, or ten digits and more that a dump glued
# together: cells, where one number alone may be prose.
_TRAILING_CELLS = re.compile(r"(?<![\d.:/-])(?:-?\d+(?: -?\d+)+|\d{10,})$")
_PIPE_RULE = re.compile(r"\|(?:\s*:?[-—–]+:?\s*\|)+")


class Kind:
    """What a token is. Plain class attributes, not an Enum: Python 3.11 looks an Enum member up five times
    slower, and the interpreter asks for one at every token of a report."""

    LABEL = "label"
    VALUE = "value"  # a run of digits, possibly several glued cells
    BLANK = "blank"
    TEXT = "text"
    ROW_END = "row_end"


_NO_TEMPLATES: frozenset[str] = frozenset()


class Token(NamedTuple):  # a tuple, not a dataclass: made by the thousand per report
    kind: str  # one of Kind's
    text: str
    source: str
    dimension: str = ""
    code: str = ""
    templates: frozenset[str] = _NO_TEMPLATES


# Token's own __new__ is a Python function; tuple's makes the same tuple at a third of the cost.
_new = tuple.__new__


def tokenize(document: Document) -> list[Token]:
    tokens: list[Token] = []
    add = tokens.append
    for row in rejoin_wrapped_labels(map(joined_cut_labels, split_pipe_text(document.rows(rejoined_columns)))):
        for raw, source, merged in row:
            if not merged:
                for kind, text, dimension, code, templates in _cell_shapes[raw]:  # most cells: one shape
                    add(_new(Token, (kind, text, source, dimension, code, templates)))
        add(_new(Token, (Kind.ROW_END, "", row[-1].source if row else "", "", "", _NO_TEMPLATES)))
    return tokens


def rejoined_columns(rows: list[list[Cell]]) -> list[list[Cell]]:
    """A table's columns put back together where a converter's table finder cut them in two
    (pymupdf4llm: `本年新制作 | 数量`, the numbers under the first part only). Under a header row
    where a column's text finishes a label begun in the column before, that column is joined to the
    one before, in the header and in the rows of numbers under it, if none of them has a digit there;
    the columns those rows and their header leave without text (the gaps the cuts left) are dropped."""
    joined: list[list[Cell]] = []
    i = 0
    while i < len(rows):
        header = rows[i]
        cut = set()
        if not any(map(_has_digit.__getitem__, map(cell_text, header))):
            cut = {
                c
                for c in range(1, len(header))
                if header[c].text and header[c - 1].text and _label_runs_across(header[c - 1].text, header[c].text)
            }
        end = i + 1
        while cut and end < len(rows) and len(rows[end]) == len(header) and any(_has_digit[c.text] for c in rows[end]):
            end += 1
        cut = {c for c in cut if not any(_has_digit[row[c].text] for row in rows[i + 1 : end])}
        if cut and end > i + 1:
            joined += _joined_columns(rows[i:end], cut)
            i = end
        else:
            joined.append(header)
            i += 1
    return joined


def _joined_columns(block: list[list[Cell]], cut: set[int]) -> list[list[Cell]]:
    width = len(block[0])
    kept = [c for c in range(width) if c not in cut and any(row[c].text for row in block)]
    starts = [*kept, width]
    return [
        [
            Cell("".join(row[k].text for k in range(c, following) if k == c or k in cut), row[c].source, row[c].merged)
            for c, following in itertools.pairwise(starts)
        ]
        for row in block
    ]


def joined_cut_labels(row: list[Cell]) -> list[Cell]:
    """A row of words with its cells put back together where a converter's column finder cut a label
    across them (pymupdf4llm: `四、政府信息公开 | 行政复议、行政诉讼 | 情况`, `未经复 | 议直接起 | 诉`):
    neighbouring cells that a label of the catalogue runs across are one cell, standing in the first;
    the others stay in their places, empty and merged, so the row keeps its width."""
    if len(row) < 2 or not _only_text(row):
        return row
    spans: list[list[int]] = []  # [first, last] cells of each label cut across cells, overlapping ones as one
    for start, end in _filled_runs(row):
        for first, last in _cut_labels[tuple(cell.text for cell in row[start:end])]:
            if spans and start + first <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], start + last)
            else:
                spans.append([start + first, start + last])
    if not spans:
        return row
    joined = list(row)
    for first, last in spans:
        joined[first] = Cell("".join(cell.text for cell in row[first : last + 1]), row[first].source)
        joined[first + 1 : last + 1] = [Cell("", cell.source, merged=True) for cell in row[first + 1 : last + 1]]
    return joined


def _labels_across(texts: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """(first, last) of the neighbouring cells `texts` that a label of the catalogue runs across, leftmost first."""
    normalized = [normalize(text) for text in texts]
    cuts = list(itertools.accumulate(map(len, normalized)))[:-1]  # where each cell ends in the run's text
    found = []
    for match in catalogue().find("".join(normalized)):
        first, last = bisect.bisect_right(cuts, match.start), bisect.bisect_left(cuts, match.end)
        if last > first:
            found.append((first, last))
    return tuple(found)  # shared by every row with these texts


_cut_labels = Memo(_labels_across, 1 << 14)  # a template's header rows repeat across reports


def _filled_runs(row: list[Cell]) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of two or more neighbouring cells with text."""
    c = 0
    while c < len(row):
        end = c
        while end < len(row) and row[end].text:
            end += 1
        if end - c > 1:
            yield c, end
        c = end + 1


def split_pipe_text(rows: Iterable[list[Cell]]) -> Iterator[list[Cell]]:
    """Markdown tables that a converter poured into one paragraph (pandoc without blank lines
    around the table, re-wrapped text) back into rows: the text before the first pipe is a row of
    its own, a rule (`|---|`, `|—|`, pandoc's dashes) ends a row, and `|` parts the cells."""
    for row in rows:
        if len(row) != 1 or row[0].text.count("|") < 2:
            yield row
            continue
        cell = row[0]
        head, _, rest = cell.text.partition("|")
        if head.strip():
            yield [Cell(head.strip(), cell.source)]
        for segment in _PIPE_RULE.split("|" + rest):
            parts = [part.strip() for part in segment.strip().strip("|").split("|")]
            if any(parts):
                yield [Cell(part, cell.source) for part in parts]


def rejoin_wrapped_labels(rows: Iterable[list[Cell]]) -> Iterator[list[Cell]]:
    """Rows with a label that a narrow column broke over lines put back together.

    Rows of one cell of text (`2.其他法律行政法规`, `（二）部分公开（区分处理的，只计这一情`) are
    joined to the first cell of the row after them (`禁止公开 | 13 | 1 | 3`, `形，不计其他情形） | 21`)
    when that row goes on with its cells and a label of the catalogue runs across each break.
    Lines that end with no cells of their own are left apart: the numbers after them may be
    another row's.
    """
    held: list[list[Cell]] = []
    above: list[Cell] | None = None
    for row in _with_stacked_labels(rows):
        if above is not None and (joined := _join_wrapped_row(above, row)):
            above = joined
            continue
        if above is not None:
            yield above
            above = None
        if held:
            at = _text_at(held[0])  # the column the held label stands in (a pipe row may leave the first empty)
            text = "".join(r[at].text for r in held)
            source = held[0][at].source
            if len(row) > at and _goes_on_with_cells(row) and _continues_label(held, text, row[at].text):
                yield [*row[:at], Cell(text + row[at].text, source), *row[at + 1 :]]
                held = []
                continue
            if at == 0 and _beside_a_group_label(row) and _continues_label(held, text, row[1].text):
                # `（四）无法提供  不明确  1 3`: the label of a group of rows stands left of the last line
                yield [row[0], Cell(text + row[1].text, source), *row[2:]]
                held = []
                continue
            if _text_at(row) == at and _continues_label(held, text, row[at].text):
                held.append(row)
                continue
            yield from held
            held = []
        if _text_at(row) is not None:
            held = [row]
        else:
            above = row
    yield from held
    if above is not None:
        yield above


def _with_stacked_labels(rows: Iterable[list[Cell]]) -> Iterator[list[Cell]]:
    """Rows with the lines under them in the same columns joined in, when only all those lines
    together finish the row's labels: a column two characters wide breaks `（三）不予公开` and
    `1.属于国家秘密` into `（三` `1.属` / `）不` `于国` / `予公` `家秘` / `开` `密`, where no one break
    has a label run across it. A line of fewer cells holds the rest of the first ones (a page break
    shifted it out of the columns, or the first label alone runs on)."""
    row: list[Cell] | None = None
    under: list[list[Cell]] = []
    for line in [*rows, None]:
        only_text = line is not None and _only_text(line)
        if row is not None and only_text and len(line) <= len(row):
            under.append(line)
            continue
        if row is not None:
            yield from _stack(row, under)
        row, under = (line, []) if line is not None and len(line) > 1 and not only_text else (None, [])
        if row is None and line is not None:
            yield line


def _only_text(row: list[Cell]) -> bool:
    """Some cell holds text and none a digit (over map, not a generator: no Python frame per cell)."""
    texts = list(map(cell_text, row))
    return any(texts) and not any(map(_has_digit.__getitem__, texts))


def _stack(row: list[Cell], under: list[list[Cell]]) -> list[list[Cell]]:
    """`row` with the text of the rows `under` it joined into its cells column by column, if that makes
    a label run across the first break in every column it adds text to; else all the rows as they were."""
    if len(under) < 2:
        return [row, *under]
    rests = ["".join(line[c].text for line in under if c < len(line)) for c in range(len(row))]
    if all(not rest or _label_runs_across(cell.text, rest) for cell, rest in zip(row, rests)):
        return [[Cell(cell.text + rest, cell.source, cell.merged) for cell, rest in zip(row, rests)]]
    return [row, *under]


def _join_wrapped_row(above: list[Cell], row: list[Cell]) -> list[Cell] | None:
    """`row` joined into `above` when it holds, in the same columns, only the wrapped rest of
    labels in `above` (layout text puts a narrow column's second line on a line of its own), or,
    in fewer cells, the rest of the labels `above` opens with (a page break cut them: `2.重复申`,
    its numbers, then `请` atop the next page)."""
    if not (len(row) == len(above) > 1 or 0 < len(row) < len(above)):
        return None
    if not _only_text(row):
        return None
    for cell, under in zip(above, row):
        if under.text and not _label_runs_across(cell.text, under.text):
            return None
    return [Cell(cell.text + under.text, cell.source, cell.merged) for cell, under in zip(above, row)] + above[len(row) :]


def _continues_label(held: list[list[Cell]], text: str, line: str) -> bool:
    """`line` goes on with the label held over lines: a label runs across the break, or one ran across
    an earlier break and `line` is text that opens no label of its own (a label wrapped over four lines)."""
    if _label_runs_across(text, line):
        return True
    return len(held) > 1 and bool(line) and not _has_digit[line] and not opens_with_ordinal(normalize(line))


def _beside_a_group_label(row: list[Cell]) -> bool:
    return len(row) > 2 and not _has_digit[row[0].text] and not _has_digit[row[1].text] and _goes_on_with_cells(row[2:])


def _text_at(row: list[Cell]) -> int | None:
    """Where the one cell of text of a row that may be a label's first line stands: a row of one cell,
    or a pipe row whose other cells are empty (pymupdf4llm: `| | 1.本机关不掌握相关 | | … |`); else None."""
    filled = [i for i, cell in enumerate(row) if cell.text]
    if len(filled) != 1 or row[filled[0]].merged or not _may_wrap(row[filled[0]].text):
        return None
    return filled[0]


def _goes_on_with_cells(row: list[Cell]) -> bool:
    return len(row) > 1 or _has_digit[row[0].text]


def _digit_in(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


_has_digit = Memo(_digit_in, 1 << 16)  # asked of every cell, and cells repeat across reports


@lru_cache(maxsize=1 << 14)
def _may_wrap(text: str) -> bool:
    """Short text with no figures but its ordinal: the first line of a wrapped label."""
    rest = _ORDINAL.sub("", normalize(text))
    return 0 < len(rest) <= 40 and not any(ch.isdigit() for ch in rest)


@lru_cache(maxsize=1 << 14)
def _label_runs_across(first: str, second: str) -> bool:
    head, tail = normalize(first), normalize(second)
    if not tail or _ORDINAL.match(tail):
        return False  # the next row starts a label of its own
    return any(m.start < len(head) < m.end for m in catalogue().find(head + tail))


def _shapes_of(raw: str) -> tuple[tuple, ...]:
    """The tokens of one cell's text, without their source."""
    return tuple((t.kind, t.text, t.dimension, t.code, t.templates) for t in _cell_tokens(normalize(raw), ""))


_cell_shapes = Memo(_shapes_of, 1 << 16)  # cells repeat across reports


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
    if not run and _QUALIFIED.fullmatch(text):
        return [Token(Kind.VALUE, text, source)]
    if not run:
        if tail := _TRAILING_CELLS.search(text):  # a wrapped label's last line, then its cells
            return [Token(Kind.TEXT, text[: tail.start()], source), Token(Kind.VALUE, tail.group(), source)]
        return [Token(Kind.TEXT, text, source)]
    value = run.group().strip()
    rest = text[run.end() :].strip()
    if _MARKED.fullmatch(rest):
        return [Token(Kind.VALUE, text, source)]
    if rest[:1] in _NOT_AFTER_A_CELL:
        return [Token(Kind.TEXT, text, source)]  # an ordinal or a figure in prose, not a cell
    return [Token(Kind.VALUE, value, source), *([Token(Kind.TEXT, rest, source)] if rest else [])]
