"""What kind of body an agency is, from the words after its place: government, office, department, township, zone.

Department names and their common abbreviations (市发改委, 区社发局) are data in departments.csv;
zones that no gazetteer lists (平潭综合实验区) are in zones.csv with the division each lies in.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent
_CJK = "\u4e00-\u9fff"
_GOVERNMENT = re.compile(r"^(?:人民政府|政府)?$")
_GENERAL_OFFICE = re.compile(r"^(?:人民政府|政府)?(?:办公厅|办公室|办)$|^府办$")
_TOWNSHIP = re.compile(rf"^(?:人民政府)?(?P<name>[{_CJK}]{{1,8}}?)(?P<kind>街道|镇|乡)(?:人民政府|政府|办事处|办)?$")
# A zone named after the division it lies in: 洪泽经济开发区, 沭阳高新区.
_ZONE = re.compile(
    rf"^(?P<name>[{_CJK}]{{0,8}}?(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|综合实验区|新区|工业园区|保税区|试验区|合作区))"
    r"(?:管理委员会|管委会)?$"
)
_UNLISTED_DEPARTMENT = re.compile(rf"^[{_CJK}]{{1,12}}(?:局|厅|委员会|委|办公室|办|署|中心)$")


@dataclass(frozen=True)
class Body:
    kind: str  # government, general_office, department, township, zone, other
    name: str  # normalised: 人民政府, 发展和改革局, 长街镇人民政府, 洪泽经济开发区
    department: str | None = None


@dataclass(frozen=True)
class Zone:
    name: str
    division: str  # the GB/T 2260 code of the division it lies in (its source is in the table)
    level: str


def read_body(words: str) -> Body:
    """The body named by `words`, the part of an agency's name after its place."""
    if _GOVERNMENT.match(words):
        return Body("government", "人民政府")
    if _GENERAL_OFFICE.match(words):
        return Body("general_office", "人民政府办公室")
    if township := _TOWNSHIP.match(words):
        suffix = "街道办事处" if township["kind"] == "街道" else township["kind"] + "人民政府"
        return Body("township", township["name"] + suffix)
    if department := department_of(words.removeprefix("人民政府").removeprefix("政府")):
        return Body("department", department, department)
    if zone := _ZONE.match(words):
        return Body("zone", zone["name"])
    if _UNLISTED_DEPARTMENT.match(words):
        return Body("department", words, words)
    return Body("other", words)


def department_of(words: str) -> str | None:
    """The full name of a department printed in full or abbreviated (发改委 → 发展和改革委员会)."""
    return departments().get(words)


@cache
def departments() -> dict[str, str]:
    """Every printed form → the department's full name."""
    forms = {}
    with open(_HERE / "departments.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for form in (row["department"], *row["variants"].split()):
                forms[form] = row["department"]
    return forms


@cache
def zones() -> dict[str, Zone]:
    """Every printed form of a listed zone → the zone."""
    forms = {}
    with open(_HERE / "zones.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            zone = Zone(row["zone"], row["division"], row["level"])
            for form in (row["zone"], *row["variants"].split()):
                forms[form] = zone
    return forms
