"""Cell text → numbers: counts as integers, money as yuan, blanks as missing.

Every form an agency prints a number in is read, or refused with ValueError (and the cell
flagged by the caller): plain digits, thousands separators (`1,234`; full-width `１，２３４` is
the same once normalised), exponents (`1.2e3`, from spreadsheets) and Chinese numerals written with
their places (`一千`, `两百零五`), which the caller flags as such.
"""

import re
from decimal import Decimal, InvalidOperation

# What agencies print in a cell they leave empty.
BLANK_MARKS = frozenset({"", "-", "—", "--", "——", "/", "无"})

# Digits, possibly several cells glued by a text dump; a minus sign can only start a cell
# (`35-15` is 35 then -15 in a 上一年/本年增减 row). A comma between digits stays in the run, so that
# `1,234` is read whole and a misplaced one (`1,2345`) makes the cell fail, not read as `1`.
_DIGITS = r"\d(?:\d|,(?=\d))*"
VALUE_RUN = re.compile(rf"-?{_DIGITS}(?:[ ]+-?{_DIGITS}|-{_DIGITS})*[ ]*(?:\.\d+)?(?:[eE][+-]?\d+)?(?:万元|万|元)?")
_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_AMOUNT = re.compile(r"(.+?)(万元|万|元)?")
# A whole cell in Chinese numerals. One character alone (一, 三) is left out: in a grid it is far
# more often a row's ordinal in a column of its own than a count; 零 and 〇 are never ordinals.
CHINESE_NUMBER = re.compile(r"负?[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟点]{2,}|[零〇]")
# Chinese digits one after another with no place character (二〇二〇, 三五, 〇〇七): a year, a code or
# "three or five", never how a count is spelt, though cn2an reads them digit by digit.
_CHINESE_DIGIT_STRING = re.compile(r"负?[零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖]{2,}(?:点.*)?|.*点")
# An exponent beyond this is a garbled cell: 1e999999999 would be a billion-digit integer to build.
MAX_EXPONENT = 18


def is_blank(text: str) -> bool:
    return text in BLANK_MARKS


def is_chinese_number(text: str) -> bool:
    return CHINESE_NUMBER.fullmatch(text) is not None


def number(text: str) -> Decimal:
    """The value of one printed number (normalised text). Raises ValueError for anything else."""
    if _NUMBER.fullmatch(text):
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"not a number: {text!r}") from None
        if abs(value.as_tuple().exponent) > MAX_EXPONENT:
            raise ValueError(f"not a plausible number: {text!r}")
        return value
    if is_chinese_number(text):
        if _CHINESE_DIGIT_STRING.fullmatch(text):
            raise ValueError(f"Chinese digits with no places, not a count: {text!r}")
        import cn2an  # imported on first use: it takes half a second and most reports never need it

        return Decimal(str(cn2an.cn2an(text, "normal")))
    raise ValueError(f"not a number: {text!r}")


def parse_count(text: str) -> int | None:
    """An integer cell (normalised text); None for a blank one. Raises ValueError otherwise."""
    if is_blank(text):
        return None
    value = number(text)
    if value != value.to_integral_value():
        raise ValueError(f"not a count: {text!r}")
    return int(value)


def parse_amount(text: str, header_unit: str = "元") -> float | None:
    """Money in yuan. A unit in the cell (848450元, 10.22万元, 500万) overrides the header's.

    The amount is kept as printed, never rounded to the fen: a figure finer than that is the agency's.
    """
    if is_blank(text):
        return None
    written, unit = _AMOUNT.fullmatch(text).groups()
    unit = unit or header_unit
    yuan = number(written) * (10000 if unit.startswith("万") else 1)
    return float(yuan)
