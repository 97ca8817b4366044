"""Glued cells: a row's numbers run together; the template's identities choose the reading."""

import itertools
import random

import pytest

from gi_reports.parse.interpret.applications import RANKING_RULES, identities_met_with, result_rows
from gi_reports.parse.interpret.cells import numbers
from gi_reports.parse.interpret.model import APPLICANTS, OUTCOMES, PROCEEDINGS
from gi_reports.parse.interpret.review import review_groups_met
from gi_reports.parse.splitting import ColumnTerms, agreed, best_combinations, readings, readings_adding_up
from gi_reports.parse.statements import about, statements
from gi_reports.template.identities import identity, met


def test_every_cut_respects_spaces_and_leading_zeros():
    assert set(readings(["230", "000023"], ["count"] * 7)) == {
        ("2", "30", "0", "0", "0", "0", "23"),
        ("23", "0", "0", "0", "0", "0", "23"),
        ("230", "0", "0", "0", "0", "2", "3"),
    }


def test_cuts_never_start_a_number_with_zero():
    for reading in readings(["100153"], ["count"] * 3):
        assert all(part == "0" or not part.startswith("0") for part in reading)
    assert ("10", "0", "153") in readings(["100153"], ["count"] * 3)
    assert ("1", "00", "153") not in readings(["100153"], ["count"] * 3)


def test_readings_are_every_cut_in_order_of_the_cuts():
    # corpus 006's glued row of 申请数量: the search prunes, but every cut of the digits into 7 counts is there, in order
    digits = "640020470"
    cuts = [
        tuple(digits[a:b] for a, b in zip((0, *ends), (*ends, len(digits))))
        for ends in itertools.combinations(range(1, len(digits)), 6)
    ]
    valid = [cut for cut in cuts if all(part == "0" or not part.startswith("0") for part in cut)]
    assert readings([digits], ["count"] * 7) == valid
    assert readings(["6400", "20470"], ["count"] * 10) == []  # more cells than digits


def test_readings_adding_up_are_the_readings_whose_last_cell_is_the_sum_in_the_same_order():
    # docx2txt glues a row of 申请数量 into 21 digits: 38,760 readings, of which the row total keeps few
    for pieces in (["252215262963222871434"], ["2522", "15262963222871434"], ["640020470"], ["10", "0153"]):
        added_up = [r for r in readings(pieces, ["count"] * 7) if sum(map(int, r[:-1])) == int(r[-1])]
        assert readings_adding_up(pieces, [7]) == added_up
    assert readings_adding_up(["252215262963222871434"], [7]) == [("252", "215", "262", "96", "322", "287", "1434")]
    assert readings_adding_up(["640020470"], [7]) == [("64", "0", "0", "2", "0", "4", "70")]  # corpus 006
    assert readings_adding_up(["1", "1", "3"], [3]) == []  # 1 + 1 is not 3


def test_each_group_of_a_glued_table_four_adds_up_to_its_own_total():
    # three proceedings of 维持/纠正/其他/未审结/总计 glued into one run: 4+1+0+0=5, 2+0+1+0=3, 0+0+0+7=7
    assert readings_adding_up(["4100520103", "00077"], [5, 5, 5]) == [
        ("4", "1", "0", "0", "5", "2", "0", "1", "0", "3", "0", "0", "0", "7", "7")
    ]
    every = readings(["4100520103", "00077"], ["count"] * 15)
    groups_add_up = [r for r in every if all(sum(map(int, r[i : i + 4])) == int(r[i + 4]) for i in (0, 5, 10))]
    assert readings_adding_up(["4100520103", "00077"], [5, 5, 5]) == groups_add_up


def test_a_long_run_of_digits_is_left_to_the_ranking_of_every_reading():
    assert readings_adding_up(["8" * 60], [7]) == []  # the search stops at its budget


def test_the_row_total_is_the_last_applicant_column_and_the_sum_of_the_others():
    # the interpreters read row_total and review_total as "last cell = sum of the others"
    assert identity("applications", "row_total").sides("2021", set()) == (tuple(APPLICANTS[:-1]), tuple(APPLICANTS[-1:]))
    assert identity("review_litigation", "review_total").sides(None, set()) == (tuple(OUTCOMES[:-1]), tuple(OUTCOMES[-1:]))


def test_an_amount_keeps_its_decimals_and_unit():
    options = readings(["13575394432.52元"], ["count", "amount"])
    assert ("135", "75394432.52元") in options
    assert all(part.endswith("元") for _, part in options)


def test_a_minus_sign_can_only_start_a_signed_cell():
    assert readings(["35", "-15"], ["count", "signed"]) == [("35", "-15")]
    assert readings(["2648", "-18538"], ["count", "signed", "count"]) == [
        ("2648", "-1", "8538"),
        ("2648", "-18", "538"),
        ("2648", "-185", "38"),
        ("2648", "-1853", "8"),
    ]
    assert readings(["-5"], ["count"]) == []


def test_cells_every_reading_agrees_on_are_settled():
    assert agreed([("2648", "-1", "8538"), ("2648", "-18", "538")]) == ("2648", None, None)


def test_a_sentence_is_about_one_cell_only():
    said = statements("集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。规章库共3件")
    metrics = ["issued", "repealed", "in_force"]
    assert [s.value for s in about(said, "normative_documents", "issued", metrics)] == [88]
    assert [s.value for s in about(said, "normative_documents", "in_force", metrics)] == [698]
    assert about(said, "normative_documents", "repealed", metrics) == []
    assert about(said, "rules", "issued", metrics) == []  # 规章 named, but no column
    assert statements("发布政策文件20件、解读15件") == []  # two counts: which is which is unsaid


def test_glued_table_is_split_by_the_identities():
    """A whole table 三 on one line (corpus 008, a crawler dump): each row cut the one way that adds up."""
    from gi_reports import read_report

    from .conftest import CORPUS_RAW

    report = read_report(CORPUS_RAW["008.txt"])
    apps = report.applications
    total = apps[apps["applicant"] == "total"].set_index("row")["value"]
    assert total["new_received"] == 23 and total["total_handled"] == 23
    natural = apps[apps["applicant"] == "natural_person"].set_index("row")["value"]
    assert natural["unavailable_not_held"] == 7 and natural["rejected_duplicate"] == 3
    checks = report.checks
    assert checks[checks["table"] == "applications"]["ok"].all()
    # table 二's procurement cell has several readings and nothing to choose between them: flagged, not guessed
    ambiguous = checks[checks["rule"] == "ambiguous"]
    assert ambiguous["scope"].tolist() == ["procurement"]
    procurement = report.proactive[report.proactive["item"] == "procurement"]
    assert procurement["value"].isna().all()


def test_the_sum_once_score_counts_the_identities_the_whole_table_meets():
    # the ranking of glued rows' readings and of unlabelled rows' orders, against the identities evaluated on the table
    rng = random.Random(0)
    for template in ("2019", "2021"):
        codes = ["new_received", "carried_over", *result_rows(template, set()), "total_handled", "carried_forward"]
        for _ in range(300):
            table = {c: tuple(rng.choice(["0", "1", "2", "3", "", "x"]) for _ in APPLICANTS) for c in rng.sample(codes, 8)}
            others = set(rng.sample(sorted(table), 3))
            known = {c: reading for c, reading in table.items() if c not in others}
            grid = {c: numbers(APPLICANTS, reading) for c, reading in table.items()}
            expected = met(grid, "applications", template, RANKING_RULES)
            assert identities_met_with(known, others, template)({c: table[c] for c in others}) == expected


def test_the_weighed_score_of_table_four_counts_the_proceedings_that_add_up():
    rng = random.Random(0)
    for _ in range(2000):
        reading = tuple(rng.choice(["0", "1", "2", "3", "", "x"]) for _ in range(rng.choice([15, 15, 12])))
        grid = {p: numbers(OUTCOMES, reading[i * 5 : (i + 1) * 5]) for i, p in enumerate(PROCEEDINGS)}
        assert review_groups_met(reading) == met(grid, "review_litigation", None, ("review_total",))


@pytest.mark.parametrize("size", [5, 2**70])
def test_the_best_combinations_of_glued_readings_are_found_exactly_at_any_size(size):
    """Summed all at once in 64 bits where the figures fit, one by one in Python's integers where a glued run
    reads as a number beyond them; both give the combinations under which the identity holds, in product order."""
    values = {("a", "1"): size, ("a", "2"): size + 1, ("b", "x"): -size, ("b", "y"): -size - 1, ("b", "z"): 0}
    score = ColumnTerms([0], lambda row, reading: [values[(row, reading[0])]])
    candidates = {"a": [("1",), ("2",)], "b": [("x",), ("y",), ("z",)]}
    assert best_combinations(candidates, score) == [{"a": ("1",), "b": ("x",)}, {"a": ("2",), "b": ("y",)}]
