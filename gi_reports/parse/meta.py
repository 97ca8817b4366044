"""Report metadata from the text: agency (as written), year reported on, and who the agency is."""

import re
from functools import cache

from .agencies import identify, qualifiers
from .textnorm import normalize, normalized_lines

_CJK = "\u4e00-\u9fff"
_TITLE = re.compile(
    rf"(?P<before>[{_CJK}()]{{0,40}}?)(?P<year>20\d\d)年度?(?P<after>[{_CJK}()]{{0,30}}?)政府信息公开(?:工作)?年度?报告"
)
_BODY_AGENCY = re.compile(
    rf"(?<![{_CJK}])(?P<agency>[{_CJK}]{{2,14}}?(?:局|委员会|委|办事处|街道|镇|乡|人民政府|办公室|中心))(?P<year>20\d\d)年"
)
_PERIOD = re.compile(r"(20\d\d)年1月1日[至起到-]")
_LEADING_WORDS = re.compile(r"^(?:现公开|特公开|现将|根据|关于|本报告|以下是)")
_PLACE = re.compile(rf"^(?:[{_CJK}]{{1,8}}?(?:省|自治区|市|县|区|旗|盟))+")
# Where a report prints its own address and the places around it: the opening and the closing lines.
_EVIDENCE_HEAD, _EVIDENCE_TAIL = 3000, 2000


def extract_meta(title: str, text: str, source: str = "") -> dict:
    """agency (as printed), year, and the agency's place, level and kind (see `agencies`);
    None where the report does not say. `source` is the file's path, whose folder is evidence too."""
    head, title = normalize(text[:_EVIDENCE_HEAD]), normalize(title)
    # the whole text, normalised once and only if asked for
    whole = (lambda: head) if len(text) <= _EVIDENCE_HEAD else cache(lambda: normalize(text))
    tail = head if len(text) <= _EVIDENCE_TAIL else normalize(text[-_EVIDENCE_TAIL:])
    agency, year = _from_title(title) if title else (None, None)
    if agency is None or year is None:
        lines = [line for line in text[:3000].splitlines() if line.strip()][:20]
        for line, following in zip(lines, [*lines[1:], ""]):
            # a title may wrap: "2024 年上海市科委政府信息公开工作" / "年度报告"
            normal = normalize(line)
            found_agency, found_year = _from_title(normal) if _TITLE.search(normal) else _from_title(normalize(line + following))
            year = year or found_year
            if found_year and not found_agency:
                found_agency = _previous_line_agency(text[:3000], line)
            agency = agency or found_agency
            if year:
                break
    if agency is None or year is None:
        match = _BODY_AGENCY.search(whole())
        if match:
            agency = agency or match.group("agency")
            year = year or int(match.group("year"))
    if year is None and (period := _PERIOD.search(head)):
        year = int(period.group(1))
    if agency and not _PLACE.match(agency):
        agency = _qualified(agency, whole())
    evidence = normalized_lines((title, head, tail)) + "\n" + source
    return {"agency": agency, "year": year, **identify(agency, year, evidence).fields()}


def _from_title(line: str) -> tuple[str | None, int | None]:
    match = _TITLE.search(line)
    if not match:
        return None, None
    agency = _LEADING_WORDS.sub("", match.group("before") or match.group("after") or "").strip("()")
    return agency or None, int(match.group("year"))


def _previous_line_agency(head: str, title_line: str) -> str | None:
    """The agency printed on its own line above a title that starts with the year."""
    lines = [normalize(line) for line in head[: head.index(title_line)].splitlines() if line.strip()]
    return lines[-1] if lines and len(lines[-1]) <= 30 else None


def _qualified(agency: str, text: str) -> str:
    """The agency as the report prints it after the division it belongs to (长街镇 → 宁海县长街镇,
    青阳街道办事处 → 晋江市人民政府青阳街道办事处), where that is one division."""
    names = qualifiers(text, agency)
    if len(names) != 1:
        return agency
    place = names.pop()
    return next(f"{place}{between}{agency}" for between in ("人民政府", "") if f"{place}{between}{agency}" in text)
