import itertools
import random
import re
import unicodedata

from gi_reports.parse.textnorm import normalize, normalized_lines


def is_digit_mark(character: str) -> bool:
    """A circled, superscript or subscript digit: a footnote marker, which NFKC would make a digit."""
    tag = unicodedata.decomposition(character).split(" ")[0]
    return tag in ("<circle>", "<super>", "<sub>") and unicodedata.normalize("NFKC", character).isdigit()


def plain_normalize(text: str) -> str:
    """The definition, without the fast paths: invisible format characters dropped, NFKC but for digit marks,
    runs of whitespace to one, spaces kept only between numbers."""
    text = re.sub("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]", "", text)
    text = "".join(
        "".join(run) if mark else unicodedata.normalize("NFKC", "".join(run))
        for mark, run in itertools.groupby(text, key=is_digit_mark)
    )
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(?<![\d.])\s+|\s+(?![\d.-])", "", text)


def test_fast_normalize_gives_the_definition_for_every_character():
    # every BMP character after a letter (it may compose) and before a digit and a combining mark
    for code in range(0x80, 0x10000):
        if 0xD800 <= code < 0xE000 or 0x4E00 <= code <= 0x9FFF:  # surrogates; ideographs, which pass through
            continue
        text = f"e{chr(code)}1\u0301，（ ）2 {chr(code)} 3"
        assert normalize(text) == plain_normalize(text), hex(code)


def test_spaces_are_kept_only_between_two_numbers():
    assert normalize("结果 维持\u3000 10    1，不予\n\n公开 2.5 -3") == "结果维持10 1,不予公开2.5 -3"


def test_footnote_digits_and_invisible_characters():
    assert normalize("12①") == "12①" and normalize("3¹") == "3¹" and normalize("１２\u200b") == "12"
    assert normalize("（1）⑴") == "(1)(1)"  # parenthesised digits are ordinals: NFKC's own form


def test_lines_normalised_one_by_one_join_as_normalised_together():
    # every kind of character at the line breaks: digits, dots, minus signs, spaces, combining marks, digit marks
    alphabet = ["1", "٣", ".", "-", " ", "\u3000", "\t", "a", "中", "\u0301", "①", "\u200b", "，", "e", "ﾞ", "\n"]
    rng = random.Random(0)
    for _ in range(20000):
        parts = ["".join(rng.choices(alphabet, k=rng.randint(0, 6))) for _ in range(rng.randint(1, 4))]
        parts = [p for part in parts for p in part.split("\n")]  # lines hold no line break of their own
        assert normalized_lines(normalize(p) for p in parts) == normalize("\n".join(parts)), parts


def test_lines_joined_keep_the_space_only_between_two_numbers():
    assert normalized_lines(["规章5", "17", "行政许可", "", "-3"]) == "规章5 17行政许可-3"
