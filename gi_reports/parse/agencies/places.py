"""Place names in an agency's name and in the report around it, matched to the gazetteer.

A name printed at the start of the agency is read as a chain (淮安市洪泽区); one the gazetteer
does not know is a possible misprint of every division one character away with the same ending
(沐阳县 → 沭阳县, 寿阳县, …). The report's title, text and folder supply the names, and the pinyin of
site addresses and file names (shuyang_gov_2025.txt), that settle which one is meant.
"""

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .gazetteer import Division, gazetteer, short_name

_CJK = "\u4e00-\u9fff"
_PLACE_LIKE = re.compile(rf"[{_CJK}]{{2,7}}?(?:县|区|市|旗|州|盟)")
# A landline with its area code (0574—65306724, (0527)88888888) or a mobile number.
_PHONE = re.compile(r"(?<!\d)(?:\(?0\d{2,3}\)?[-—–－\s]?\d{7,8}|1[3-9]\d{9})(?!\d)")


@dataclass(frozen=True)
class Mention:
    printed: str
    divisions: tuple[Division, ...]  # every division the printed name can be
    misprint: bool = False  # `printed` is no division's name; `divisions` are those one character away


def leading_places(name: str, year: int | None, accept) -> tuple[list[Mention], str]:
    """The places printed at the start of `name` and the words after them; `accept(rest)` says
    whether the words after a would-be misprint still read as a body, so that 沐阳县人民政府 is
    corrected but not a zone or a street that merely ends in 区."""
    mentions, rest = [], name
    while rest:
        printed = _longest_name_at(rest)
        if printed:
            mentions.append(Mention(printed, tuple(gazetteer().named(printed, year=year))))
        elif shortened := _shortened_at(rest, year):
            mentions.append(shortened)
        elif (misprint := _misprint_at(rest, year, mentions)) and accept(rest[len(misprint.printed) :]):
            mentions.append(misprint)
        else:
            break
        rest = rest[len(mentions[-1].printed) :]
    return mentions, rest


def _longest_name_at(text: str) -> str | None:
    names = _names()
    return next((text[:size] for size in range(min(len(text), _longest()), 1, -1) if text[:size] in names), None)


def _shortened_at(text: str, year: int | None) -> Mention | None:
    """A province or prefecture printed without its ending before a division of its own (淮安洪泽区)."""
    for size in range(min(len(text) - 2, 6), 1, -1):
        if not (names := _short_parents().get(text[:size])):
            continue
        after = _longest_name_at(text[size:])
        children = (
            gazetteer().named(after, year=year) if after else (_shortened_at(text[size:], year) or Mention("", ())).divisions
        )
        parents = tuple(gazetteer().named(*sorted(names), year=year))
        if any(within(d, [Mention("", parents)]) for d in children):
            return Mention(text[:size], parents)
    return None


def _misprint_at(text: str, year: int | None, chain: list[Mention]) -> Mention | None:
    match = _PLACE_LIKE.match(text)
    if not match or len(match.group()) < 3:
        return None
    printed = match.group()
    near = process.extract(
        printed, _names_ending(printed[-1], len(printed)), scorer=Levenshtein.distance, score_cutoff=1, limit=None
    )
    divisions = [d for d in gazetteer().named(*(name for name, _, _ in near), year=year) if within(d, chain)]
    return Mention(printed, tuple(divisions), misprint=True) if divisions else None


def within(division: Division, chain: list[Mention]) -> bool:
    """Whether `division` lies inside some division of the last place printed before it."""
    if not chain or not chain[-1].divisions:
        return True
    return any(division.code.startswith(_prefix(parent)) and division.code != parent.code for parent in chain[-1].divisions)


def _prefix(division: Division) -> str:
    return {"province": division.code[:2], "city": division.code[:4]}.get(division.level, division.code)


def mentioned(text: str) -> set[str]:
    """The names of divisions the text prints: full names of three characters or more, and the
    short names of provinces and prefectures (宿迁, 温州) that reports use for their own place."""
    names, sizes, found, i = _evidence_names(), _evidence_sizes(), set(), 0
    while i < len(text):
        # only the lengths of names that start with these two characters, longest first
        size = next((s for s in sizes.get(text[i : i + 2], ()) if i + s <= len(text) and text[i : i + s] in names), 0)
        if size:
            found.add(text[i : i + size])
        i += size or 1
    return found


def dialled(text: str) -> list[str]:
    """Where the phone numbers in the text are, as libphonenumber's geocoder names it (浙江省宁波市)."""
    import phonenumbers  # imported on first use, like pypinyin below: 2 s of data that most reports never need
    from phonenumbers import geocoder

    places = []
    for number in _PHONE.findall(text):
        try:
            parsed = phonenumbers.parse(re.sub(r"\D", "", number), "CN")
        except phonenumbers.NumberParseException:
            continue
        places.append(geocoder.description_for_number(parsed, "zh"))
    return [place for place in places if place and place != "中国"]


def qualifiers(text: str, words: str) -> set[str]:
    """The division names printed just before `words` in the text (宁海县 in 宁海县长街镇, also with
    人民政府 between: 鹿城区人民政府滨江街道办事处)."""
    found = set()
    for match in re.finditer(re.escape(words), text):
        before = text[max(0, match.start() - _longest() - 4) : match.start()].removesuffix("人民政府")
        name = next((before[-s:] for s in range(min(len(before), _longest()), 1, -1) if before[-s:] in _names()), None)
        if name:
            found.add(name)
    return found


def stem_places(name: str, year: int | None) -> list[Division]:
    """The divisions whose short name starts `name`, for zones named after theirs (洪泽经济开发区)."""
    for size in range(min(len(name) - 1, 6), 1, -1):
        if found := _stems().get(name[:size]):
            return gazetteer().named(*sorted(found), year=year)
    return []


def spelled(text: str) -> set[str]:
    """The words in Latin letters (site addresses, file names), to compare with the pinyin of places."""
    return set(re.findall(r"[a-z]{4,}", text.lower()))


@cache
def pinyin(name: str) -> str:
    """A place's pinyin as site addresses write it: 沭阳 → shuyang."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name))


@cache
def _names() -> frozenset[str]:
    return frozenset(gazetteer().by_name)


@cache
def _stems() -> dict[str, set[str]]:
    stems: dict[str, set[str]] = {}
    for name in _names():
        stems.setdefault(short_name(name), set()).add(name)
    return stems


@cache
def _short_parents() -> dict[str, set[str]]:
    shorts: dict[str, set[str]] = {}
    for division in gazetteer().divisions:
        if division.level != "county" and short_name(division.name) != division.name:
            shorts.setdefault(short_name(division.name), set()).add(division.name)
    return shorts


@cache
def _longest() -> int:
    return max(map(len, _names()))


@cache
def _names_ending(last: str, size: int) -> list[str]:
    return [name for name in _names() if name.endswith(last) and len(name) == size]


@cache
def _evidence_sizes() -> dict[str, tuple[int, ...]]:
    """The lengths of the evidence names by their first two characters, longest first."""
    sizes: dict[str, set[int]] = {}
    for name in _evidence_names():
        sizes.setdefault(name[:2], set()).add(len(name))
    return {start: tuple(sorted(found, reverse=True)) for start, found in sizes.items()}


@cache
def _evidence_names() -> frozenset[str]:
    full = {name for name in _names() if len(name) >= 3}
    short = {short_name(d.name) for d in gazetteer().divisions if d.level != "county"}
    return frozenset(full | {name for name in short if len(name) >= 2})
