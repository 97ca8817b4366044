"""Who published each report: agencies placed in China's divisions, one id across years and spellings."""

import pytest

from gi_reports import read_report
from gi_reports.parse.agencies import FIELDS, identify
from gi_reports.parse.meta import extract_meta
from gi_reports.testing.agency_openings import openings

from .conftest import CORPUS_RAW, ROOT

OPENINGS = openings()
CHECKED = ("agency", "year", *FIELDS, "agency_flags")


def test_the_openings_cover_every_level_and_kind():
    assert len(OPENINGS) >= 200
    assert {o.expected["level"] for o in OPENINGS} == {"province", "city", "county", "township", None}
    assert {o.expected["kind"] for o in OPENINGS} == {"government", "general_office", "department", "township"}
    assert len({o.expected["province"] for o in OPENINGS}) >= 30


@pytest.mark.parametrize("opening", OPENINGS, ids=lambda o: o.case)
def test_every_field_of_an_opening(opening):
    meta = extract_meta(opening.title, opening.text, opening.source)
    assert {k: meta[k] for k in CHECKED} == opening.expected


def test_hongze_is_one_agency_whether_or_not_its_city_is_printed():
    """洪泽区人民政府 (2023, corpus 001) and 淮安市洪泽区人民政府 (2024); 洪泽县 until 2016."""
    hongze_2023 = read_report(CORPUS_RAW["001.pdf"]).meta
    hongze_2024 = identify("淮安市洪泽区人民政府", 2024)
    hongze_2015 = identify("洪泽县人民政府", 2015)
    assert hongze_2023["agency_id"] == hongze_2024.agency_id == hongze_2015.agency_id == "320813/人民政府"
    assert (hongze_2023["province"], hongze_2023["city"], hongze_2023["county"]) == ("江苏省", "淮安市", "洪泽区")
    assert (hongze_2015.division_code, hongze_2015.county, hongze_2023["division_code"]) == ("320829", "洪泽县", "320813")


def test_a_misprinted_county_is_matched_by_the_pinyin_of_the_file_name_and_flagged():
    meta = read_report(ROOT / "data" / "raw" / "2025" / "shuyang_gov_2025.txt").meta
    assert meta["agency"] == "沐阳县人民政府"
    assert (meta["agency_name"], meta["division_code"], meta["city"]) == ("宿迁市沭阳县人民政府", "321322", "宿迁市")
    assert meta["agency_flags"] == "agency_name_corrected"


def test_a_misprint_nothing_settles_is_left_unplaced_and_flagged():
    """沐阳县 is one character from 沭阳县 and 泗阳县 (both 宿迁市) and many X阳县 elsewhere."""
    agency = identify("沐阳县人民政府", 2025, "江苏省宿迁市")
    assert (agency.division_code, agency.flags) == (None, ("ambiguous", "agency_name_corrected"))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("data/raw/2020/000_c5c8807853175509.txt", ("温州市鹿城区滨江街道办事处", "330302", "township", "township")),
        ("data/raw/2020/002_2008f0193b0e469e.txt", ("泉州市晋江市青阳街道办事处", "350582", "township", "township")),
        ("data/raw/2020/003_3d7f49656f87c6b8.txt", ("杭州市滨江区社会事业发展局", "330108", "county", "department")),
        ("data/raw/2020/004_03eadd0b793397b5.txt", ("宁波市宁海县长街镇人民政府", "330226", "township", "township")),
        ("data/raw/2023/shuyang_fgj_004.html", ("宿迁市沭阳县发展和改革局", "321322", "county", "department")),
        ("data/raw/2024/shanghai_kw_006.md", ("上海市科学技术委员会", "310000", "province", "department")),
        ("data/raw/2025/shanghai_office_2025.md", ("上海市人民政府办公厅", "310000", "province", "general_office")),
        ("data/raw/2019/pingtan_008.txt", ("平潭综合实验区", "350128", "county", "zone")),
        ("data/raw/2025/pingtan_2025.txt", ("平潭综合实验区", "350128", "county", "zone")),
    ],
)
def test_the_real_reports_are_placed(path, expected):
    meta = read_report(ROOT / path).meta
    assert (meta["agency_name"], meta["division_code"], meta["level"], meta["kind"]) == expected
    assert meta["agency_flags"] == ""


def test_a_street_office_that_names_no_place_stays_unplaced():
    """Seed 001, 果园街道办事处: neither its text nor its folder says which 果园街道 (there are several)."""
    meta = read_report(ROOT / "data/raw/2020/001_293c52a418def646.txt").meta
    assert (meta["agency_name"], meta["province"], meta["level"], meta["agency_flags"]) == (
        "果园街道办事处",
        None,
        "township",
        "unplaced",
    )


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("荣成市人民政府", ("山东省", "威海市", "荣成市", "county")),
        ("湛江市地方志办公室", ("广东省", "湛江市", None, "city")),
        ("上海市财政局", ("上海市", None, None, "province")),
        ("徐闻县司法局", ("广东省", "湛江市", "徐闻县", "county")),
    ],
)
def test_a_department_has_the_level_of_its_government(printed, expected):
    agency = identify(printed, 2023)
    assert (agency.province, agency.city, agency.county, agency.level) == expected


def test_a_zone_named_after_its_county_lies_in_it():
    agency = identify("洪泽经济开发区管委会", 2022)
    assert (agency.agency_name, agency.division_code, agency.kind) == ("洪泽经济开发区", "320813", "zone")


def test_a_division_renamed_since_keeps_its_old_code_for_its_year_and_its_id():
    """海门市 (320684) became 海门区 (320614) of 南通市 in 2020."""
    before, after = identify("海门市人民政府", 2019), identify("海门区人民政府", 2021)
    assert (before.division_code, after.division_code) == ("320684", "320614")
    assert before.agency_id == after.agency_id == "320614/人民政府"


def test_a_shared_name_is_settled_by_the_site_address():
    agency = identify("鼓楼区人民政府", 2022, "http://www.fuzhou.gov.cn/gulou/zfxxgk")
    assert (agency.city, agency.division_code) == ("福州市", "350102")
    assert identify("鼓楼区人民政府", 2022, "http://www.gulou.gov.cn").flags == ("ambiguous",)


def test_a_national_service_is_placed_in_the_division_of_its_bureau():
    agency = identify("国家税务总局沭阳县税务局", 2023)
    assert (agency.agency_name, agency.agency_id, agency.level) == ("国家税务总局宿迁市沭阳县税务局", "321322/税务局", "county")


def test_the_place_of_a_phone_number_settles_a_shared_name():
    """鼓楼区 is in four prefectures; a 0591 number is 福州市's."""
    assert identify("鼓楼区人民政府", 2022, "联系电话：0591-87654321").division_code == "350102"


def test_a_misprint_is_settled_by_the_right_spelling_in_the_file_name():
    agency = identify("沐阳县人民政府", 2025, "tests/沭阳县人民政府2025年政府信息公开工作年度报告.txt")
    assert (agency.division_code, agency.flags) == ("321322", ("agency_name_corrected",))
