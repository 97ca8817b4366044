"""Cell text → numbers: counts as integers, money as yuan, blanks as missing."""

import re
from decimal import Decimal

# What agencies print in a cell they leave empty.
BLANK_MARKS = frozenset({"", "-", "—", "--", "——", "/", "无"})

# Digits, possibly several cells glued by a text dump; a minus sign can only start a cell
# (`35-15` is 35 then -15 in a 上一年/本年增减 row).
VALUE_RUN = re.compile(r"-?\d[\d ]*(?:-\d[\d ]*)*(?:\.\d+)?(?:万元|万|元)?")
_COUNT = re.compile(r"-?\d+")
_AMOUNT = re.compile(r"(-?\d+(?:\.\d+)?)(万元|万|元)?")


def is_blank(text: str) -> bool:
    return text in BLANK_MARKS


def parse_count(text: str) -> int | None:
    """An integer cell (normalised text); None for a blank one. Raises ValueError otherwise."""
    if is_blank(text):
        return None
    if not _COUNT.fullmatch(text):
        raise ValueError(f"not a count: {text!r}")
    return int(text)


def parse_amount(text: str, header_unit: str = "元") -> float | None:
    """Money in yuan. A unit in the cell (848450元, 10.22万元, 500万) overrides the header's."""
    if is_blank(text):
        return None
    match = _AMOUNT.fullmatch(text)
    if not match:
        raise ValueError(f"not an amount: {text!r}")
    number, unit = match.groups()
    unit = unit or header_unit
    yuan = Decimal(number) * (10000 if unit.startswith("万") else 1)
    return float(round(yuan, 2))
