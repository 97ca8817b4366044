import re
from pathlib import Path

from gi_reports.parse.catalogue import catalogue, first_characters
from gi_reports.parse.textnorm import normalize

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


def test_a_label_can_only_start_with_the_first_characters_of_its_patterns():
    assert first_characters(re.compile(r"(?:行政)?规范性文件|\(七\)总计|[一二]、合计")) == set("行规(一二")
    assert first_characters(re.compile(r"(?<!\d)(?=本)本年")) == {"本"}  # lookarounds consume nothing


def test_patterns_whose_first_character_is_open_are_scanned_whole():
    assert first_characters(re.compile(r"(?:合计)?")) is None  # may match the empty string
    assert first_characters(re.compile(r"[^\d]件")) is None
    assert first_characters(re.compile(r"(?i)total")) is None


def test_the_catalogue_finds_in_real_reports_what_a_scan_of_every_position_finds():
    labels = catalogue()
    texts = [normalize(p.read_text(encoding="utf-8")) for p in sorted(RAW.rglob("pingtan_*.txt"))]
    assert texts
    for text in texts:
        found = [(m.span(), m.lastgroup) for m in labels.regex.finditer(text)]
        assert [(m.span(), m.lastgroup) for m in labels._matches(text)] == found
        assert len(found) > 20
