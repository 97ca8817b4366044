"""The label catalogue: how each template version writes each row, column and section.

The patterns live in `gi_reports/template/labels.csv` (reviewed as data, with the variants seen in real
reports); this module compiles them into one matcher over normalised text.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property

from ..template import read

# An ordinal printed before a label ("6.", "(三)", "四、") belongs to the label, not to the
# numbers of the row before it, when a text dump has glued the two together.
_ORDINAL_BEFORE = re.compile(r"(?:\d[.、]|\([一二三四五六七八九十]\)|[一二三四五六七八九十]、)$")
_ORDINAL_LENGTH = 3  # the longest ordinal: only that much text before a label is searched, so a long line stays linear
_HAN = re.compile(r"[\u4e00-\u9fff]")
# One misread character in fewer than this many leaves too little of the label to tell it from another
_SHORTEST_NEAR_LABEL = 4


@dataclass(frozen=True)
class LabelMatch:
    dimension: str
    code: str
    templates: frozenset[str]
    start: int
    end: int


@dataclass(frozen=True)
class Entry:
    dimension: str
    code: str
    templates: frozenset[str]


@dataclass(frozen=True)
class Catalogue:
    entries: tuple[Entry, ...]
    regex: re.Pattern
    starts: re.Pattern | None  # the characters a label can start with; None where that can't be worked out

    def find(self, text: str) -> list[LabelMatch]:
        """Every label in `text` (normalised), leftmost first, ordinals attached."""
        found = []
        for m in self._matches(text):
            entry = self.entries[int(m.lastgroup[1:])]
            start = m.start()
            ordinal = _ORDINAL_BEFORE.search(text, max(0, start - _ORDINAL_LENGTH), start)
            if ordinal and (not found or ordinal.start() >= found[-1].end):
                start = ordinal.start()
            found.append(LabelMatch(entry.dimension, entry.code, entry.templates, start, m.end()))
        return found

    def one_character_off(self, text: str) -> tuple[str, LabelMatch] | None:
        """`text` (normalised, holding no label) with one character changed so that it holds a label, when
        exactly one label can be reached that way: how an OCR reading with one misread glyph is still placed.
        Every other label is a competitor, so a reading as near to two labels is left unplaced; but a label
        reached where the words begin is the row's, and one reached inside its tail (不再处理 → 不予处理) is not."""
        reached: dict[tuple[str, str], tuple[str, LabelMatch]] = {}
        for position, original in enumerate(text):
            if not _HAN.match(original):
                continue
            for character in self.characters - {original}:
                candidate = f"{text[:position]}{character}{text[position + 1 :]}"
                for match in self.find(candidate):
                    if match.start <= position < match.end and match.end - match.start >= _SHORTEST_NEAR_LABEL:
                        reached.setdefault((match.dimension, match.code), (candidate, match))
        leading = {key: near for key, near in reached.items() if not _HAN.search(text[: near[1].start])}
        reached = leading or reached
        return next(iter(reached.values())) if len(reached) == 1 else None

    @cached_property
    def characters(self) -> frozenset[str]:
        """The Chinese characters any label is written with."""
        return frozenset(_HAN.findall(self.regex.pattern))

    def _matches(self, text: str) -> Iterator[re.Match]:
        """What `regex.finditer` finds, faster: the alternation of every label is tried only where a
        character that can start a label stands (a plain character class skips to those in C, where
        the alternation would be tried at every position of a report's prose)."""
        if self.starts is None:
            yield from self.regex.finditer(text)
            return
        position = 0
        while candidate := self.starts.search(text, position):
            if match := self.regex.match(text, candidate.start()):
                yield match
                position = match.end()
            else:
                position = candidate.start() + 1


@cache
def catalogue() -> Catalogue:
    entries = read("labels.csv")
    entries["templates"] = entries["templates"].map(lambda s: frozenset(s.split()))
    alternatives = "|".join(f"(?P<g{i}>{p})" for i, p in enumerate(entries["pattern"]))
    rows = (Entry(*row) for row in entries[["dimension", "code", "templates"]].itertuples(index=False))
    regex = re.compile(alternatives)
    starts = first_characters(regex)
    return Catalogue(tuple(rows), regex, re.compile(f"[{''.join(map(re.escape, sorted(starts)))}]") if starts else None)


def first_characters(regex: re.Pattern) -> set[str] | None:
    """Every character a match of `regex` can start with, from the standard library's own parse of
    it; None when a match can be empty, case is ignored, or a leading class is not a plain list of
    characters (such as a negated class or digits)."""
    try:
        from re import _constants as sre
        from re import _parser
    except ImportError:
        return None
    if regex.flags & re.IGNORECASE:
        return None
    repeats = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))

    def first(items) -> tuple[set[str] | None, bool]:
        """(the characters `items` can start with, whether `items` can match the empty string)."""
        found: set[str] = set()
        for op, argument in items:
            if op is sre.LITERAL:
                return found | {chr(argument)}, False
            if op is sre.IN:
                members = charset(argument)
                return (None if members is None else found | members), False
            if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
                continue  # zero-width: what follows consumes the first character
            if op is sre.SUBPATTERN and not argument[1] & re.IGNORECASE:
                alternatives, optional = [argument[3]], False
            elif op is sre.BRANCH:
                alternatives, optional = argument[1], False
            elif op in repeats:
                alternatives, optional = [argument[2]], argument[0] == 0
            else:
                return None, False
            for alternative in alternatives:
                characters, nullable = first(alternative)
                if characters is None:
                    return None, False
                found |= characters
                optional = optional or nullable
            if not optional:
                return found, False
        return found, True

    def charset(members) -> set[str] | None:
        found = set()
        for op, argument in members:
            if op is sre.LITERAL:
                found.add(chr(argument))
            elif op is sre.RANGE:
                found.update(map(chr, range(argument[0], argument[1] + 1)))
            else:
                return None
        return found

    characters, nullable = first(_parser.parse(regex.pattern, regex.flags))
    return None if nullable else characters
