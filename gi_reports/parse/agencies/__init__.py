"""Who published a report: its agency placed in China's divisions, with one id across years and spellings.

`identify` reads the agency as printed, then the report's title, text and folder for the place
where the name leaves it open. What the evidence does not settle stays empty and is flagged:
`ambiguous` (a name several divisions share), `unplaced` (no place at all); a misprinted place
that is matched to the gazetteer is flagged `agency_name_corrected`.
"""

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache

from .bodies import Body, read_body, zones
from .gazetteer import Division, gazetteer, short_name
from .places import Mention, dialled, leading_places, mentioned, pinyin, qualifiers, spelled, stem_places, within

FIELDS = ("agency_name", "agency_id", "province", "city", "county", "division_code", "level", "kind", "department")
_SPECIAL_REGIONS = ("81", "82")
# National services with a bureau in every division, named before the division's (国家税务总局沭阳县税务局).
_NATIONAL = ("国家税务总局",)
_ASIDE = re.compile(r"[(（][^()（）]*[)）]|\s+")
# 市发改委, 州财政局, 区司法局: the place is the report's own, named elsewhere in it.
_RELATIVE_LEVEL = {"省": "province", "市": "city", "州": "city", "盟": "city", "县": "county", "区": "county", "旗": "county"}


@dataclass(frozen=True)
class Agency:
    agency_name: str | None = None
    agency_id: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    division_code: str | None = None
    level: str | None = None
    kind: str | None = None
    department: str | None = None
    flags: tuple[str, ...] = ()

    def fields(self) -> dict:
        """The reports-table fields, flags as one space-separated string."""
        return {**{name: getattr(self, name) for name in FIELDS}, "agency_flags": " ".join(self.flags)}


def identify(printed: str | None, year: int | None, evidence: str = "") -> Agency:
    """The agency printed as `printed` in a report on `year`; `evidence` is the report's title, text and folder."""
    if not printed:
        return Agency(flags=("unplaced",))
    name = _ASIDE.sub("", unicodedata.normalize("NFKC", printed))
    national = next((prefix for prefix in _NATIONAL if name.startswith(prefix)), "")
    agency = _identify(name.removeprefix(national), year, evidence)
    return replace(agency, agency_name=national + agency.agency_name) if national else agency


def _identify(name: str, year: int | None, evidence: str) -> Agency:
    for form in _zone_forms():
        if name.startswith(form):
            zone = zones()[form]
            return _placed(gazetteer().at(zone.division, year), Body("zone", zone.name), [], level=zone.level)
    mentions, rest = leading_places(name, year, accept=lambda words: read_body(words).kind != "other")
    if mentions:
        candidates = [d for d in mentions[-1].divisions if within(d, mentions[:-1])]
        return _settled(candidates, read_body(rest), mentions, evidence)
    relative = rest[:1] if rest[:1] in _RELATIVE_LEVEL and read_body(rest[1:]).kind != "other" else ""
    body = read_body(rest[len(relative) :])
    names = qualifiers(evidence, _core(body, rest[len(relative) :])) | qualifiers(evidence, body.name)
    if relative:
        names = {n for n in names if n.endswith(relative)} or {n for n in mentioned(evidence) if n.endswith(relative)}
    candidates = gazetteer().named(*sorted(names), year=year)
    if body.kind == "zone" and not candidates:
        candidates = stem_places(body.name, year)
    if candidates:
        return _settled(candidates, body, [], evidence)
    level = "township" if body.kind == "township" else _RELATIVE_LEVEL.get(relative)
    return Agency(name, f"?/{name}", level=level, kind=body.kind, department=body.department, flags=("unplaced",))


@cache
def _zone_forms() -> tuple[str, ...]:
    """The printed forms of the listed zones, longest first: the first that starts a name is the zone."""
    return tuple(sorted(zones(), key=len, reverse=True))


def _core(body: Body, words: str) -> str:
    """What the text prints right after the place: the township's own name (长街镇), else the words as printed."""
    if body.kind == "township":
        return re.sub(r"(?:人民政府|政府|办事处|办)$", "", body.name)
    return words


def _settled(candidates: list[Division], body: Body, mentions: list[Mention], evidence: str) -> Agency:
    """The one candidate the evidence leaves, placed; else the name without a place, flagged ambiguous."""
    corrected = ("agency_name_corrected",) if any(m.misprint for m in mentions) else ()
    unique = list({d.code: d for d in candidates}.values())
    # a misprint not inside a place printed before it is taken only on the report's word (a lone look-alike is no proof)
    unsure = bool(mentions) and mentions[-1].misprint and len(mentions) == 1
    if len(unique) > 1 or unsure:
        # the province and prefecture of the report's phone numbers count as printed (0574 → 浙江省宁波市)
        names, words = mentioned(evidence) | mentioned("\n".join(dialled(evidence))), spelled(evidence)
        support = {d.code: _support(d, names, words) for d in unique}
        best = max(support.values())
        unique = [d for d in unique if best and support[d.code] == best]
    if len(unique) == 1:
        return _placed(unique[0], body, corrected)
    printed = "".join(m.printed for m in mentions) + body.name
    return Agency(printed, f"?/{printed}", kind=body.kind, department=body.department, flags=("ambiguous", *corrected))


def _support(division: Division, names: set[str], words: set[str]) -> int:
    """How many of the division's own name (a misprint's right spelling, 沭阳县 in the file name),
    prefecture and province (full or short name) the report prints, and of its own and its
    prefecture's pinyin its site addresses and file names spell."""
    parents = [p for p in (gazetteer().city(division), gazetteer().province(division)) if p and p != division]
    printed = (division.name in names) + sum(p.name in names or short_name(p.name) in names for p in parents)
    spellings = {pinyin(short_name(d.name)) for d in (division, *parents[:1])}
    return printed + sum(len(spelling) >= 5 and spelling in words for spelling in spellings)


def _placed(division: Division, body: Body, flags, level: str | None = None) -> Agency:
    g = gazetteer()
    province, city = g.province(division), g.city(division)
    level = level or ("township" if body.kind == "township" else division.level)
    body_name = "人民政府办公厅" if body.kind == "general_office" and division.level == "province" else body.name
    if body.kind == "government" and division.code[:2] in _SPECIAL_REGIONS:
        body_name = "政府"  # 香港特别行政区政府: no 人民政府 there
    chain = [] if body.kind == "zone" else [d.name for d in (city or province, division) if d]
    agency_name = "".join(dict.fromkeys(chain)) + body_name
    return Agency(
        agency_name=agency_name,
        agency_id=f"{g.successor(division).code}/{body_name}",
        province=province.name,
        city=city.name if city else None,
        county=division.name if division.level == "county" else None,
        division_code=division.code,
        level=level,
        kind=body.kind,
        department=body.department,
        flags=tuple(flags),
    )
